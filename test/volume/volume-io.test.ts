import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeVolume } from '../../src/sequence/index.js';
import { VolumeReconstructor } from '../../src/volume/index.js';
import { spineFrames } from './plus-data.js';

describe('reconstructed volumes read back in VTK', () => {
  it('MHA and NRRD (plain and compressed) have our dims, spacing, origin and voxel values', async () => {
    const r = VolumeReconstructor.fromFrames(spineFrames(), {
      spacing: [0.5, 0.5, 0.5],
      interpolation: 'nearest',
      compounding: 'mean',
    });
    const vol = r.snapshot().intensity;
    const dir = mkdtempSync(join(tmpdir(), 'sb-vol-'));
    const files = ['v.mha', 'v.nrrd', 'vz.mha', 'vz.nrrd'];
    for (const f of files) await writeVolume(join(dir, f), vol, { compress: f.startsWith('vz') });
    const py = `
# Not "import vtk": that loads the MPI reader overrides (vtkPNrrdReader fails without MPI).
import json, sys
from vtkmodules.vtkIOImage import vtkMetaImageReader, vtkNrrdReader
from vtkmodules.util.numpy_support import vtk_to_numpy
out = {}
for f in sys.argv[2:]:
    r = vtkNrrdReader() if f.endswith(".nrrd") else vtkMetaImageReader()
    r.SetFileName(sys.argv[1] + "/" + f); r.Update(); o = r.GetOutput()
    a = vtk_to_numpy(o.GetPointData().GetScalars()).astype("int64")
    out[f] = {"dims": list(o.GetDimensions()), "spacing": list(o.GetSpacing()), "origin": list(o.GetOrigin()),
              "sum": int(a.sum()), "weighted": int((a * (1 + (a.size - 1 - __import__("numpy").arange(a.size)) % 7)).sum())}
print(json.dumps(out))`;
    const res = spawnSync('/usr/bin/python3', ['-c', py, dir, ...files], { encoding: 'utf8' });
    expect(res.status, res.stderr).toBe(0);
    const got = JSON.parse(res.stdout) as Record<
      string,
      { dims: number[]; spacing: number[]; origin: number[]; sum: number; weighted: number }
    >;
    let sum = 0;
    let weighted = 0;
    const n = vol.data.length;
    vol.data.forEach((v, i) => {
      sum += v;
      weighted += v * (1 + ((n - 1 - i) % 7));
    });
    for (const f of files) {
      expect(got[f]!.dims).toEqual([...vol.dims]);
      got[f]!.spacing.forEach((s, a) => expect(s).toBeCloseTo(vol.spacing[a]!, 6));
      got[f]!.origin.forEach((o, a) => expect(o).toBeCloseTo(vol.origin[a]!, 4));
      expect(got[f]!.sum).toBe(sum);
      expect(got[f]!.weighted).toBe(weighted); // position-sensitive: catches axis order mistakes
    }
  });
});
