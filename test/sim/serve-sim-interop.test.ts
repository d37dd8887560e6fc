/**
 * `spinebridge serve-sim` received by libOpenIGTLink (issue 4: "proven in CI with a C++ libOpenIGTLink client").
 * The CLI runs as a real child process, as a user starts it; test/interop's igtl_peer (built against Debian's
 * libOpenIGTLink 1.11) connects and prints, per message, what the library's own Unpack(1) (CRC check on) made
 * of it: type, device, timestamp, IMAGE geometry and a CRC-64 of the pixels.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crc64, IgtlClient, type IgtlMessage } from '../../src/igtlink/index.js';
import { fromRowMajor, invert, multiply, type Mat4 } from '../../src/math/index.js';
import { imageGeometry } from '../../src/sim/index.js';
import { buildPeers, freePort, startPeer, waitFor, type Peer } from '../interop/peers.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One line of igtl_peer's output (see test/interop/cpp/peer_describe.cxx); only the fields used here. */
interface PeerLine {
  dir: 'sent' | 'recv';
  type: string;
  device: string;
  sec: number;
  frac: number;
  headerVersion: number;
  crcOk: boolean;
  messageId?: number;
  code?: number;
  matrix?: number[][];
  scalarType?: number;
  components?: number;
  size?: number[];
  spacing?: number[];
  origin?: number[];
  dataSize?: number;
  dataCrc?: string;
}

/** Received messages, complete lines only: a peer stopped mid-write leaves a partial last line. */
function peerLines(stdout: string): PeerLine[] {
  const lines = stdout.split('\n');
  lines.pop();
  return lines
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as PeerLine)
    .filter((l) => l.dir === 'recv');
}

const stampOf = (l: PeerLine) => `${l.sec}.${l.frac}`;
const mat = (rows: number[][]): Mat4 => fromRowMajor(rows.flat());

/** IMAGE/TRANSFORM lines grouped by timestamp, in arrival order. */
function pairsByTimestamp(lines: PeerLine[]): { stamp: string; image?: PeerLine; transform?: PeerLine }[] {
  const groups = new Map<string, { stamp: string; image?: PeerLine; transform?: PeerLine }>();
  for (const l of lines) {
    if (l.type !== 'IMAGE' && l.type !== 'TRANSFORM') continue;
    const g = groups.get(stampOf(l)) ?? { stamp: stampOf(l) };
    groups.set(g.stamp, g);
    const slot = l.type === 'IMAGE' ? 'image' : 'transform';
    expect(g[slot], `a second ${l.type} at ${g.stamp}`).toBeUndefined();
    g[slot] = l;
  }
  return [...groups.values()];
}

/**
 * Every pair complete and named right. Only the first and last may be cut: the peer stopped between the two
 * messages, or (v2) the server switched header version between them.
 */
function expectPairs(lines: PeerLine[]) {
  const groups = pairsByTimestamp(lines);
  const whole = (g: (typeof groups)[number] | undefined) => g !== undefined && !!g.image && !!g.transform;
  if (groups.length > 0 && !whole(groups.at(-1))) groups.pop();
  if (groups.length > 0 && !whole(groups[0])) groups.shift();
  for (const g of groups) {
    expect(g.image?.device, g.stamp).toBe('Image_Reference');
    expect(g.transform?.device, g.stamp).toBe('ProbeToReference');
  }
  return groups as { stamp: string; image: PeerLine; transform: PeerLine }[];
}

interface Sim {
  child: ChildProcess;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: string | null }>;
}

/** `spinebridge serve-sim ...` as a child process, the way a user starts it. */
function spawnServeSim(port: number): Sim {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(root, 'src/cli/main.ts'),
      'serve-sim',
      '--port',
      String(port),
      '--fps',
      '30',
      '--seed',
      '3',
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let err = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  child.stdout!.resume();
  const exited = new Promise<{ code: number | null; signal: string | null }>((res) =>
    child.once('exit', (code, signal) => res({ code, signal })),
  );
  return { child, stderr: () => err, exited };
}

async function untilListening(sim: Sim, port: number): Promise<void> {
  const gone = () => sim.child.exitCode !== null || sim.child.signalCode !== null;
  await waitFor(
    () => sim.stderr().includes(`OpenIGTLink on 127.0.0.1:${port}`) || gone(),
    30_000,
    'serve-sim to listen',
  );
  if (gone())
    throw new Error(`serve-sim exited ${sim.child.exitCode ?? sim.child.signalCode}: ${sim.stderr()}`);
}

describe('spinebridge serve-sim -> libOpenIGTLink client', () => {
  let sim: Sim | undefined;
  let port = 0;
  const peers: Peer[] = [];
  const clients: IgtlClient[] = [];

  beforeAll(async () => {
    await buildPeers();
    port = await freePort();
    // Assigned before waiting, so afterAll kills it even when it never comes up.
    sim = spawnServeSim(port);
    await untilListening(sim, port);
  }, 300_000);

  afterAll(async () => {
    for (const c of clients) c.close();
    for (const p of peers) await p.stop();
    if (sim && sim.child.exitCode === null && sim.child.signalCode === null) {
      sim.child.kill('SIGKILL');
      await sim.exited;
    }
  });

  async function receive(args: string[], until: (p: Peer) => boolean, what: string): Promise<PeerLine[]> {
    const p = await startPeer('igtl_peer', ['connect', '127.0.0.1', String(port), ...args]);
    peers.push(p);
    await waitFor(() => until(p) || p.child.exitCode !== null, 20_000, what);
    await p.stop();
    expect(p.stderr()).toBe('');
    return peerLines(p.stdout());
  }

  it('streams IMAGE + TRANSFORM pairs with identical timestamps, STATUS keep-alive, CRCs good (v1)', async () => {
    // Our own client listens beside it: a second client, and a reference for the pixel checksums.
    const ours = new Map<string, bigint>();
    const c = await IgtlClient.connect(`127.0.0.1:${port}`, { reconnect: false });
    clients.push(c);
    c.on('message', (m: IgtlMessage) => {
      if (m.type === 'IMAGE')
        ours.set(`${m.timestamp >> 32n}.${m.timestamp & 0xffffffffn}`, crc64(m.data as Uint8Array));
    });
    // Frames render only while someone listens: let the renderer warm up (JIT) before the 2 s window.
    await waitFor(() => ours.size >= 5, 10_000, 'the first frames');
    // At least 2 s of stream and 20 frames. Counting frames rather than timing a window keeps this a proof of
    // streaming, not a timing test: on a loaded 2-core machine the renderer may run below the configured fps.
    let started = 0;
    const images = (p: Peer) => p.stdout().split('"type":"IMAGE"').length - 1;
    const lines = await receive(
      ['--recv', '1000000'],
      (p) => {
        if (!started && p.stdout().includes('\n')) started = Date.now();
        return started > 0 && Date.now() - started >= 2000 && images(p) >= 21;
      },
      '2 s and 20 frames of stream',
    );
    c.close();

    expect(lines.every((l) => l.crcOk)).toBe(true);
    expect(lines.every((l) => l.headerVersion === 1)).toBe(true);
    expect(new Set(lines.map((l) => l.type))).toEqual(new Set(['IMAGE', 'TRANSFORM', 'STATUS']));
    const statuses = lines.filter((l) => l.type === 'STATUS');
    expect(statuses.length).toBeGreaterThanOrEqual(1);
    for (const s of statuses) expect(s.code).toBe(1); // STATUS_OK

    const pairs = expectPairs(lines);
    expect(pairs.length).toBeGreaterThanOrEqual(20);
    const secs = pairs.map((g) => g.image.sec + g.image.frac / 2 ** 32);
    for (let i = 1; i < secs.length; i++) expect(secs[i]!).toBeGreaterThan(secs[i - 1]!);
    // The rate by the frames' own timestamps: never above the configured 30 fps (a timer fires late, not early);
    // how far below it runs is the machine's load, which the 20 s limit on those 20 frames bounds loosely.
    expect((secs.length - 1) / (secs.at(-1)! - secs[0]!)).toBeLessThan(31);

    const spacing = imageGeometry().spacingMm;
    const calibration: Mat4[] = [];
    for (const { image, transform } of pairs) {
      expect(image.size).toEqual([640, 480, 1]);
      expect(image.scalarType).toBe(3); // TYPE_UINT8
      expect(image.components).toBe(1);
      expect(image.dataSize).toBe(640 * 480);
      expect(image.spacing![0]).toBeCloseTo(spacing, 5);
      expect(image.spacing![1]).toBeCloseTo(spacing, 5);
      // Same timestamp = same tracked pose: ImageToProbe = inv(ProbeToReference) * image matrix stays the
      // fixed calibration from frame to frame (the library's matrix: unit axes, origin at the image centre).
      calibration.push(multiply(invert(mat(transform.matrix!)), mat(image.matrix!)));
    }
    for (const m of calibration.slice(1))
      for (let k = 0; k < 12; k++) expect(Math.abs(m[k]! - calibration[0]![k]!)).toBeLessThan(1e-4);
    expect(new Set(pairs.map((g) => g.image.dataCrc)).size).toBeGreaterThan(pairs.length / 2);

    // The pixels libOpenIGTLink unpacked are the bytes our decoder got for the same frame.
    let matched = 0;
    for (const { image } of pairs) {
      const crc = ours.get(stampOf(image));
      if (crc === undefined) continue;
      expect(image.dataCrc).toBe(crc.toString(16).padStart(16, '0'));
      matched++;
    }
    expect(matched).toBeGreaterThanOrEqual(10);
  }, 40_000);

  it('answers a client that speaks header v2 in v2', async () => {
    // igtl_peer sends its v2 script first (every message type, with metadata); the server follows the version.
    const lines = await receive(
      ['--send', 'v2', '--recv', '1000000'],
      (p) => peerLines(p.stdout()).filter((l) => l.headerVersion === 2).length >= 30,
      '30 messages in v2',
    );
    // Frames broadcast before the server read the client's first message may still be v1; none after.
    const first = lines.findIndex((l) => l.headerVersion === 2);
    expect(first).toBeGreaterThanOrEqual(0);
    const v2 = lines.slice(first);
    expect(v2.every((l) => l.headerVersion === 2 && l.crcOk)).toBe(true);
    const pairs = expectPairs(v2);
    expect(pairs.length).toBeGreaterThanOrEqual(10);
    for (const { image } of pairs) {
      expect(image.size).toEqual([640, 480, 1]);
      expect(image.dataSize).toBe(640 * 480);
    }
  }, 40_000);

  it('stops cleanly on SIGINT', async () => {
    const s = sim!;
    s.child.kill('SIGINT');
    const exit = await Promise.race([s.exited, sleep(5000).then(() => 'timeout' as const)]);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(s.stderr()).toMatch(/serve-sim: stopped after [1-9]\d* frames/);
  }, 10_000);
});
