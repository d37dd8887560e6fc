import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeSequence, writeVolume } from '../../src/sequence/index.js';
import { ROOT } from './paths.js';

// Cross-check with an independent reader: VTK's vtkMetaImageReader / vtkNrrdReader (Debian python3-vtk9).
const dir = mkdtempSync(join(tmpdir(), 'seq-vtk-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface VtkView {
  dims: number[];
  spacing: number[];
  origin: number[];
  type: string;
  components: number;
  sum: number;
  first: number[];
  last: number;
}

function vtkRead(files: string[]): VtkView[] {
  const out = execFileSync('/usr/bin/python3', [join(ROOT, 'test/fixtures/sequence/vtk-read.py'), ...files], {
    encoding: 'utf8',
  });
  return JSON.parse(out) as VtkView[];
}

describe('VTK reads what we write', () => {
  it('volumes: .mha raw/zlib, .mhd, .nrrd raw/gzip, .nhdr, uint8 / int16 / float32', async () => {
    const dims = [19, 13, 7] as const;
    const n = dims[0] * dims[1] * dims[2];
    const cases = [
      ['u8.mha', false, new Uint8Array(n).map((_, i) => (i * 31) % 256), 'unsigned char'],
      ['u8z.mha', true, new Uint8Array(n).map((_, i) => (i * 17) % 256), 'unsigned char'],
      ['s16.mhd', false, new Int16Array(n).map((_, i) => i - 900), 'short'],
      ['f32.nrrd', false, new Float32Array(n).map((_, i) => Math.sin(i) * 10), 'float'],
      ['f32z.nrrd', true, new Float32Array(n).map((_, i) => Math.cos(i) * 10), 'float'],
      ['u8.nhdr', false, new Uint8Array(n).map((_, i) => i % 7), 'unsigned char'],
    ] as const;
    const spacing = [0.5, 0.25, 2] as const;
    const origin = [-74.5217, 165.573, 29.072] as const;
    for (const [name, compress, data] of cases)
      await writeVolume(join(dir, name), { dims, spacing, origin, data }, { compress });
    const seen = vtkRead(cases.map(([name]) => join(dir, name)));
    seen.forEach((v, k) => {
      const [, , data, type] = cases[k]!;
      expect(v.dims).toEqual([...dims]);
      v.spacing.forEach((s, i) => expect(s).toBeCloseTo(spacing[i]!, 12));
      v.origin.forEach((o, i) => expect(o).toBeCloseTo(origin[i]!, 12));
      expect(v.type).toBe(type);
      expect(v.components).toBe(1);
      expect(v.sum).toBeCloseTo(
        Array.from(data as ArrayLike<number>).reduce((a, b) => a + b, 0),
        1,
      );
      v.first.forEach((x, i) => expect(x).toBeCloseTo(data[i]!, 5));
      expect(v.last).toBeCloseTo(data[n - 1]!, 5);
    });
  });

  it('a sequence .igs.mha reads in VTK as a W x H x frames image with the same pixels', async () => {
    const file = join(dir, 'seq.igs.mha');
    const frames = [0, 1, 2].map((i) => ({ pixels: new Uint8Array(8 * 5).map((_, k) => k + i * 40) }));
    await writeSequence(file, { frameSize: [8, 5, 1] }, frames, { compress: true });
    const [v] = vtkRead([file]);
    expect(v!.dims).toEqual([8, 5, 3]);
    expect(v!.sum).toBe(frames.flatMap((f) => Array.from(f.pixels)).reduce((a, b) => a + b, 0));
    expect(v!.last).toBe(119);
  });
});
