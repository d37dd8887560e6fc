import { readFile, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { exportSweep, readDicom, type ExportRequest } from '../../src/dicom/index.js';
import { syntheticSweep } from './sweep-fixture.js';

const FIXTURES = 'test/fixtures/dicom';

/**
 * A tiny deterministic export (2 frames of 4x3, fixed UIDs, local date/time) pinned byte for byte.
 * After a deliberate change to what we write, regenerate with UPDATE_GOLDEN=1 and check the new files
 * with dciodvfy and dcmdump before committing them.
 */
export function tinyRequest(): ExportRequest {
  return {
    ...syntheticSweep(4, 3, 2),
    patient: { name: 'Golden^Test', id: 'G1' },
    study: { id: 'S1', accessionNumber: 'A1' },
    date: new Date(2026, 0, 2, 3, 4, 5),
    softwareVersion: 'golden',
    uids: {
      study: '2.25.1',
      frameOfReference: '2.25.2',
      sourceSeries: '2.25.3',
      sourceInstance: '2.25.4',
      segSeries: '2.25.5',
      segInstance: '2.25.6',
      dimensionOrganization: '2.25.7',
    },
  };
}

describe('golden bytes of a tiny export', () => {
  const r = exportSweep(tinyRequest());

  it.each([
    ['tiny-source.dcm', () => r.source],
    ['tiny-seg.dcm', () => r.seg!],
  ])('%s is reproduced byte for byte', async (name, bytes) => {
    const path = `${FIXTURES}/${name}`;
    if (process.env['UPDATE_GOLDEN'] === '1') await writeFile(path, bytes());
    const want = new Uint8Array(await readFile(path));
    expect(Buffer.from(bytes()).equals(want)).toBe(true);
  });

  it('the fixture reads back with the input pixels; the SEG packs 2x12 bits into 4 bytes', async () => {
    const seg = readDicom(new Uint8Array(await readFile(`${FIXTURES}/tiny-seg.dcm`)));
    const req = tinyRequest();
    expect(seg.frames).toEqual(req.labels);
    const src = readDicom(new Uint8Array(await readFile(`${FIXTURES}/tiny-source.dcm`)));
    expect(src.frames).toEqual(req.frames.map((f) => f.pixels));
    // The BINARY pixel data ends the file: 24 bits, rounded to an even length (PS3.5 8.1.1).
    const bytes = r.seg!;
    const view = new DataView(bytes.buffer, bytes.byteOffset + bytes.length - 16, 12);
    expect([view.getUint16(0, true), view.getUint16(2, true)]).toEqual([0x7fe0, 0x0010]);
    expect(view.getUint32(8, true)).toBe(4);
  });
});
