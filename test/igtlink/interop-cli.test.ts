/** `spinebridge igtl dump` against libOpenIGTLink's example servers and igtl_peer (the CLI spawned as a user would). */
import { execFile } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dumpLine, dumpRecord } from '../../src/cli/commands/igtl-dump.js';
import { encodeMessage } from '../../src/igtlink/index.js';
import { buildPeers, freePort, IMAGER_IMAGE_DIR, startPeer, waitFor, type Peer } from '../interop/peers.js';
import { imageMsg, transformMsg } from './net-helpers.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});
beforeAll(async () => {
  await buildPeers();
}, 300_000);

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((res) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', join(root, 'src/cli/main.ts'), 'igtl', 'dump', ...args],
      { cwd: root, timeout: 30_000 },
      (err, stdout, stderr) =>
        res({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

async function peer(program: Parameters<typeof startPeer>[0], args: string[]): Promise<Peer> {
  const p = await startPeer(program, args);
  cleanup.push(() => p.stop());
  return p;
}

const jsonLines = (s: string) =>
  s
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('dump records (pure)', () => {
  it('states geometry for IMAGE and the matrix for TRANSFORM, with the wire size', () => {
    const img = imageMsg(1, 4, 2);
    const rec = dumpRecord(img, encodeMessage(img).byteLength);
    expect(rec).toMatchObject({
      type: 'IMAGE',
      device: 'Image_Reference',
      timestamp: 1700000001,
      bytes: 58 + 72 + 8,
    });
    expect(rec).toMatchObject({ size: [4, 2, 1], spacing: [0.2, 0.2, 1], coordinate: 'RAS' });
    expect(rec['origin']).toEqual([-0.3, -0.1, 0]); // centre 0 minus (size-1)/2 voxels of 0.2 mm
    expect(dumpLine(rec)).toMatch(
      /^IMAGE +Image_Reference +t=1700000001\.000000 138 B size=4,2,1 .*spacing=0\.2,0\.2,1/,
    );
    const tr = dumpRecord(transformMsg(7), 106);
    expect(tr['matrix']).toEqual([
      [1, 0, 0, 7],
      [0, 1, 0, 0],
      [0, 0, 1, 0],
      [0, 0, 0, 1],
    ]);
    expect(dumpLine(tr)).toContain('matrix=[1,0,0,7; 0,1,0,0; 0,0,1,0; 0,0,0,1]');
  });
});

describe('spinebridge igtl dump', () => {
  it('prints TrackerServer transforms (JSON) equal to what it printed, and stops after --count', async () => {
    const port = await freePort();
    const server = await peer('TrackerServer', [String(port), '100']);
    await new Promise((r) => setTimeout(r, 200));
    const r = await cli([`127.0.0.1:${port}`, '--count', '5', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const recs = jsonLines(r.stdout);
    expect(recs.length).toBe(5);
    const printed = server
      .stdout()
      .split('=============')
      .map((b) =>
        b
          .trim()
          .split('\n')
          .filter((l) => l.includes(','))
          .map((l) => l.split(',').map(Number)),
      )
      .filter((m) => m.length === 4);
    recs.forEach((rec, i) => {
      expect(rec).toMatchObject({ type: 'TRANSFORM', device: 'Tracker', bytes: 58 + 48 });
      const m = rec['matrix'] as number[][];
      for (let r = 0; r < 4; r++)
        for (let c = 0; c < 4; c++) expect(m[r]![c]!).toBeCloseTo(printed[i]![r]![c]!, 4);
    });
  });

  it('prints ImagerServer image geometry (text)', async () => {
    const port = await freePort();
    await peer('ImagerServer', [String(port), '100', IMAGER_IMAGE_DIR]);
    await new Promise((r) => setTimeout(r, 200));
    const r = await cli([`127.0.0.1:${port}`, '--count', '2']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines.length).toBe(2);
    for (const l of lines) {
      expect(l).toMatch(/^IMAGE +ImagerClient +t=0\.000000 65666 B /); // 58 + 72 + 256*256
      expect(l).toContain(
        'size=256,256,1 scalarType=uint8 components=1 coordinate=RAS spacing=1,1,5 origin=-127.5,127.5,0',
      );
    }
  });

  it('speaks v2 with --v2 and shows metadata of every message igtl_peer sends', async () => {
    const p = await peer('igtl_peer', ['listen', '0', '--send', 'v2']);
    await waitFor(() => p.stdout().startsWith('listening '), 5000, 'igtl_peer to listen');
    const port = /^listening (\d+)/.exec(p.stdout())![1]!;
    const r = await cli([`127.0.0.1:${port}`, '--v2', '--count', '17', '--json']);
    expect(r.code).toBe(0);
    const recs = jsonLines(r.stdout);
    const sent = jsonLines(p.stdout());
    expect(recs.map((x) => [x['type'], x['device'], x['headerVersion']])).toEqual(
      sent.map((x) => [x['type'], x['device'], 2]),
    );
    expect(recs[0]!['metadata']).toEqual({ SpineBridgeIndex: 'value-0', Unicode: 'Grüße' });
    expect(recs.find((x) => x['type'] === 'STATUS')).toMatchObject({
      code: 1,
      errorName: 'NoError',
      message: 'all good',
    });
  });

  it('fails with one line and the error code when it cannot connect or the address is bad', async () => {
    const port = await freePort();
    const refused = await cli([`127.0.0.1:${port}`]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /^spinebridge: cannot connect to 127\.0\.0\.1:\d+: .*\[CONNECT_FAILED\]\n$/,
    );
    const bad = await cli(['nohost:x']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe("spinebridge: not a HOST:PORT address: 'nohost:x' [BAD_ADDRESS]\n");
  });
});
