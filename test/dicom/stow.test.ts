import { execFile } from 'node:child_process';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DicomError,
  exportSweep,
  flushOutbox,
  parseStowResponse,
  stowBody,
  stowInstances,
  writeExportFiles,
} from '../../src/dicom/index.js';
import { freePort, TestOrthanc } from './orthanc.js';
import { syntheticSweep, writeSweepFiles } from './sweep-fixture.js';

const exec = promisify(execFile);

describe('STOW-RS request and response (PS3.18 10.5)', () => {
  it('frames each file as an application/dicom part', () => {
    const { body, contentType } = stowBody([Uint8Array.of(1, 2), Uint8Array.of(3)], 'B');
    expect(contentType).toBe('multipart/related; type="application/dicom"; boundary=B');
    expect(Buffer.from(body).toString('latin1')).toBe(
      '--B\r\nContent-Type: application/dicom\r\n\r\n\x01\x02\r\n' +
        '--B\r\nContent-Type: application/dicom\r\n\r\n\x03\r\n--B--\r\n',
    );
  });

  it('reads stored and failed instances from the response', () => {
    const item = (uid: string, extra = {}) => ({ '00081155': { vr: 'UI', Value: [uid] }, ...extra });
    const r = parseStowResponse({
      '00081199': { vr: 'SQ', Value: [item('1.2')] },
      '00081198': { vr: 'SQ', Value: [item('1.3', { '00081197': { vr: 'US', Value: [272] } })] },
    });
    expect([...r.stored]).toEqual(['1.2']);
    expect([...r.failed]).toEqual([['1.3', 272]]);
  });
});

/** Against a real Orthanc with its DICOMweb plugin, started here on free loopback ports. */
describe('STOW-RS to Orthanc and the durable outbox', () => {
  const orthancs: TestOrthanc[] = [];
  afterAll(async () => {
    for (const o of orthancs) await o.stop();
  });

  let orthanc: TestOrthanc;
  beforeAll(async () => {
    orthanc = await TestOrthanc.create();
    orthancs.push(orthanc);
    await orthanc.start();
  });

  it('stores both files; QIDO-RS finds the study with its two series', async () => {
    const r = exportSweep({ ...syntheticSweep(20, 10, 3), patient: { name: 'Stow^Test', id: 'ST1' } });
    const acked = await stowInstances(orthanc.dicomWeb, [
      { sopInstanceUid: r.uids.sourceInstance, bytes: r.source },
      { sopInstanceUid: r.uids.segInstance, bytes: r.seg! },
    ]);
    expect([...acked].sort()).toEqual([r.uids.sourceInstance, r.uids.segInstance].sort());
    type Json = Record<string, { Value?: unknown[] }>[];
    const studies = await orthanc.get<Json>(`/dicom-web/studies?StudyInstanceUID=${r.uids.study}`);
    expect(studies).toHaveLength(1);
    const series = await orthanc.get<Json>(`/dicom-web/studies/${r.uids.study}/series`);
    const modalities = series.map((s) => s['00080060']?.Value?.[0]).sort();
    expect(modalities).toEqual(['SEG', 'US']);
    const instances = await orthanc.get<Json>(`/dicom-web/studies/${r.uids.study}/instances`);
    expect(instances.map((i) => i['00080018']?.Value?.[0]).sort()).toEqual(
      [r.uids.sourceInstance, r.uids.segInstance].sort(),
    );
  });

  it('an unreachable PACS is DICOM_PACS and the outbox keeps every file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sb-outbox-'));
    await writeExportFiles(dir, exportSweep(syntheticSweep(8, 6, 2)));
    const down = `http://127.0.0.1:${await freePort()}/dicom-web`;
    const r = await flushOutbox(dir, (files) => stowInstances(down, files, { timeoutMs: 5000 }));
    expect(r.sent).toEqual([]);
    expect(r.queued).toHaveLength(2);
    expect(r.error).toBeInstanceOf(DicomError);
    expect(r.error?.code).toBe('DICOM_PACS');
    expect((await readdir(dir)).sort()).toEqual(['seg.dcm', 'source.dcm']);
  });

  it('CLI: export --pacs while the PACS is down queues; dicom send delivers once it is up', async () => {
    const later = await TestOrthanc.create();
    orthancs.push(later);
    const req = syntheticSweep(24, 16, 4);
    const files = await writeSweepFiles(req);
    const out = join(files.dir, 'out');
    const cli = (...args: string[]) =>
      exec('node', ['--import', 'tsx', 'src/cli/main.ts', ...args]).catch(
        (e: { code: number; stdout: string; stderr: string }) => e,
      );
    const first = await cli(
      'dicom',
      'export',
      files.sweep,
      '--seg',
      files.labels,
      '--out',
      out,
      '--pacs',
      later.dicomWeb,
      '--json',
    );
    // The export itself succeeded; delivery is deferred with one log line.
    expect('code' in first ? first.code : 0).toBe(0);
    const logLines = first.stderr.split('\n').filter((l) => l.startsWith('spinebridge:'));
    expect(logLines).toHaveLength(1);
    expect(logLines[0]).toMatch(
      /unreachable.*2 file\(s\) stay queued in .*outbox \(retry: spinebridge dicom send/,
    );
    const summary = JSON.parse(first.stdout) as { pacs: { queued: string[] }; studyInstanceUid: string };
    expect(summary.pacs.queued).toHaveLength(2);
    expect((await readdir(join(out, 'outbox'))).sort()).toEqual(['seg.dcm', 'source.dcm']);

    const failed = await cli('dicom', 'send', out, '--pacs', later.dicomWeb);
    expect('code' in failed ? failed.code : 0).not.toBe(0);
    expect(failed.stderr).toMatch(/\[DICOM_PACS\]/);
    expect(await readdir(join(out, 'outbox'))).toHaveLength(2);

    await later.start();
    const retry = await cli('dicom', 'send', out, '--pacs', later.dicomWeb, '--json');
    expect('code' in retry ? retry.code : 0, retry.stderr).toBe(0);
    expect((JSON.parse(retry.stdout) as { sent: string[] }).sent).toHaveLength(2);
    expect(await readdir(join(out, 'outbox'))).toEqual([]);
    expect((await readdir(out)).sort()).toEqual(['outbox', 'seg.dcm', 'source.dcm']);
    const instances = await later.get<string[]>('/instances');
    expect(instances).toHaveLength(2);
    const study = await later.get<unknown[]>(
      `/dicom-web/studies?StudyInstanceUID=${summary.studyInstanceUid}`,
    );
    expect(study).toHaveLength(1);
  });
});
