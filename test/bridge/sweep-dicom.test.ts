import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeSweepDicom } from '../../src/bridge/index.js';
import { readDicom } from '../../src/dicom/index.js';
import { syntheticSweep, writeSweepFiles } from '../dicom/sweep-fixture.js';

describe('a recorded sweep as DICOM', () => {
  it('writes SC + SEG with every frame under DIR/dicom', async () => {
    const { dir } = await writeSweepFiles(syntheticSweep(12, 8, 5));
    const r = await writeSweepDicom(dir);
    expect(r).toMatchObject({ framesWritten: 5, framesSkipped: 0 });
    expect((await readdir(join(dir, 'dicom'))).sort()).toEqual(['seg.dcm', 'source.dcm']);
    const source = readDicom(new Uint8Array(await readFile(join(dir, 'dicom', 'source.dcm'))));
    expect(source.planes).toHaveLength(5);
    expect(source.modality).toBe('US');
  });

  it('skips a sweep too long for one instance with one log line, writing nothing', async () => {
    const { dir } = await writeSweepFiles(syntheticSweep(12, 8, 5));
    const log: string[] = [];
    const r = await writeSweepDicom(dir, { maxPixelBytes: 4 * 12 * 8, log: (l) => log.push(l) });
    expect(r).toBeUndefined();
    expect(log).toEqual([expect.stringMatching(/DICOM not written: the sweep has 5 frames/)]);
    expect(await readdir(dir)).not.toContain('dicom');
  });
});
