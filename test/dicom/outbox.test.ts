import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DicomError, enqueue, exportSweep, flushOutbox, writeExportFiles } from '../../src/dicom/index.js';
import { syntheticSweep } from './sweep-fixture.js';

describe('outbox', () => {
  it('removes only acknowledged files and never sends half-written ones', async () => {
    const src = await mkdtemp(join(tmpdir(), 'sb-export-'));
    const r = exportSweep(syntheticSweep(8, 6, 2));
    const files = await writeExportFiles(src, r);
    const outbox = join(src, 'outbox');
    await enqueue(outbox, files);
    await writeFile(join(outbox, 'next.dcm.partial'), 'half');
    const seen: string[][] = [];
    const first = await flushOutbox(outbox, async (batch) => {
      seen.push(batch.map((f) => f.sopInstanceUid));
      return new Set([r.uids.segInstance]); // the PACS stored only the SEG
    });
    expect(seen).toEqual([[r.uids.segInstance, r.uids.sourceInstance]]);
    expect(first.sent).toEqual([join(outbox, 'seg.dcm')]);
    expect(first.queued).toEqual([join(outbox, 'source.dcm')]);
    expect(first.error).toBeInstanceOf(DicomError);
    expect((await readdir(outbox)).sort()).toEqual(['next.dcm.partial', 'source.dcm']);
    const second = await flushOutbox(outbox, async (batch) => new Set(batch.map((f) => f.sopInstanceUid)));
    expect(second).toMatchObject({ queued: [], error: undefined });
    expect(await readdir(outbox)).toEqual(['next.dcm.partial']);
    expect(await flushOutbox(outbox, () => Promise.reject(new Error('not called')))).toMatchObject({
      sent: [],
      queued: [],
    });
  });

  it('a missing outbox folder is DICOM_IO', async () => {
    await expect(flushOutbox('/nonexistent/outbox', async () => new Set())).rejects.toMatchObject({
      code: 'DICOM_IO',
    });
  });
});
