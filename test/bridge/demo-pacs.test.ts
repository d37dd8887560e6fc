import { spawn } from 'node:child_process';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SOFTWARE_VERSION } from '../../src/version.js';
import { dciodvfy } from '../dicom/tools.js';
import { freePort, TestOrthanc } from '../dicom/orthanc.js';
import pkg from '../../package.json' with { type: 'json' };

const CLI = ['--import', 'tsx', 'src/cli/main.ts'];

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn('node', [...CLI, ...args], { stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((r) => child.once('exit', (code) => r({ code, stdout, stderr })));
}

describe('demo --pacs: the sweep as DICOM, into a real Orthanc', () => {
  const orthanc: TestOrthanc[] = [];
  afterAll(async () => {
    for (const o of orthanc) await o.stop();
  });

  it('writes SC + SEG per sweep; a PACS that is down leaves them queued, dicom send delivers them later', async () => {
    const out = await mkdtemp(join(tmpdir(), 'sb-demo-pacs-'));
    const pacs = TestOrthanc.create();
    const o = await pacs;
    orthanc.push(o);
    // Orthanc is not started yet: its port refuses connections.
    const demo = await cli([
      'demo',
      '--frames',
      '12',
      '--exit',
      '--workers',
      '1',
      '--spacing',
      '2',
      '--out',
      out,
      '--pacs',
      o.dicomWeb,
      '--json',
    ]);
    expect(demo.code).toBe(0);
    const summary = JSON.parse(demo.stdout.trim().split('\n').pop()!) as {
      outputs: string[];
      pacs: { sent: number; queued: number; error?: string };
    };
    const dicomDir = join(out, 'dicom');
    expect(summary.outputs).toEqual(
      expect.arrayContaining([join(dicomDir, 'source.dcm'), join(dicomDir, 'seg.dcm')]),
    );
    expect(summary.pacs).toMatchObject({ sent: 0, queued: 2 });
    expect(demo.stderr).toMatch(/stay queued in .*outbox \(retry: spinebridge dicom send/);
    expect((await readdir(join(dicomDir, 'outbox'))).filter((f) => f.endsWith('.dcm'))).toHaveLength(2);
    for (const f of ['source.dcm', 'seg.dcm']) expect((await dciodvfy(join(dicomDir, f))).errors).toEqual([]);

    await o.start();
    const send = await cli(['dicom', 'send', dicomDir, '--pacs', o.dicomWeb, '--json']);
    expect(send.code).toBe(0);
    expect(JSON.parse(send.stdout.trim())).toMatchObject({ queued: [] });
    const series = await o.get<{ MainDicomTags: { Modality: string } }[]>('/series?expand');
    expect(series.map((s) => s.MainDicomTags.Modality).sort()).toEqual(['SEG', 'US']);
    expect((await readdir(join(dicomDir, 'outbox'))).filter((f) => f.endsWith('.dcm'))).toHaveLength(0);
  }, 120_000);

  it('writes the package version into the files it makes', () => {
    expect(SOFTWARE_VERSION).toBe(`spinebridge ${pkg.version}`);
  });

  it('rejects a malformed PACS address with one line, before starting', async () => {
    const port = await freePort();
    const bad = await cli(['demo', '--frames', '1', '--exit', '--pacs', `127.0.0.1:${port}`]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/spinebridge: .*HOST:PORT:AET.*\[DICOM_BAD_VALUE\]/);
    expect(bad.stderr).not.toMatch(/simulator on/);
  }, 60_000);
});
