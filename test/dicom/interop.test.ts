import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportSweep, writeExportFiles, type ExportResult } from '../../src/dicom/index.js';
import { syntheticSweep } from './sweep-fixture.js';
import { dciodvfy, tool } from './tools.js';

const W = 40;
const H = 30;
const N = 6;

/** Our files checked by three independent implementations: dicom3tools, pydicom, dcmtk. */
describe('exported SC + SEG against dciodvfy, pydicom and dcmdump', () => {
  const req = syntheticSweep(W, H, N);
  let result: ExportResult;
  let dir: string;
  let source: string;
  let seg: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sb-dicom-interop-'));
    result = exportSweep({ ...req, patient: { name: 'Müller^Jörg', id: 'X1' } });
    [source, seg] = (await writeExportFiles(dir, result)) as [string, string];
  });

  it('dciodvfy reports no errors and no warnings on either file (PS3.3 A.8.3, A.51)', async () => {
    for (const f of [source, seg]) {
      const { errors, warnings } = await dciodvfy(f);
      expect(errors).toEqual([]);
      expect(warnings).toEqual([]);
    }
  });

  it('dciodvfy: the golden fixtures are clean too', async () => {
    for (const f of ['tiny-source.dcm', 'tiny-seg.dcm']) {
      expect(await dciodvfy(`test/fixtures/dicom/${f}`)).toEqual({ errors: [], warnings: [] });
    }
  });

  it('pydicom reads both back: equal pixels, RAS->LPS geometry equal to the input transforms', async () => {
    const pixels = join(dir, 'pixels.bin');
    const labels = join(dir, 'labels.bin');
    await writeFile(pixels, Buffer.concat(req.frames.map((f) => f.pixels)));
    await writeFile(labels, Buffer.concat(req.labels!));
    const caseFile = join(dir, 'case.json');
    await writeFile(
      caseFile,
      JSON.stringify({
        width: W,
        height: H,
        source,
        seg,
        pixels,
        labels,
        transforms: req.frames.map((f) => Array.from(f.imageToReference!)),
      }),
    );
    const { code, text } = await tool('/usr/bin/python3', ['test/dicom/check_with_pydicom.py', caseFile]);
    expect(code, text).toBe(0);
    const r = JSON.parse(text.trim().split('\n').pop()!) as Record<string, unknown>;
    expect(r).toMatchObject({
      sourcePixelsEqual: true,
      segPixelsEqual: true,
      sourceSopClass: '1.2.840.10008.5.1.4.1.1.7.2',
      segSopClass: '1.2.840.10008.5.1.4.1.1.66.4',
      segFrameOfReference: r['sourceFrameOfReference'],
      segReferencedSource: r['sourceInstance'],
      segSourceFrames: [1, 2, 3, 4, 5, 6],
      segSegmentType: '3138006',
    });
    const worst = r['worst'] as { position: number; orientation: number; spacing: number };
    // DS keeps 16 characters: ~1e-13 mm here; orthogonalisation moves directions by < 1e-12.
    expect(worst.position).toBeLessThan(1e-9);
    expect(worst.orientation).toBeLessThan(1e-9);
    expect(worst.spacing).toBeLessThan(1e-9);
  });

  it('dcmdump parses every element of both files', async () => {
    for (const f of [source, seg]) {
      const { code, text } = await tool('/usr/bin/dcmdump', ['+E', f]);
      expect(code, text).toBe(0);
      expect(text).not.toMatch(/^E:|error/im);
      expect(text).toMatch(/\(5200,9230\) SQ/);
    }
    const { text } = await tool('/usr/bin/dcmdump', [seg]);
    expect(text).toMatch(/\(0062,0001\) CS \[BINARY\]/);
    expect(text).toMatch(/\(0008,0100\) SH \[3138006\]/);
  });
});
