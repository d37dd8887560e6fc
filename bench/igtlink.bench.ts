/**
 * OpenIGTLink codec and socket throughput, against libOpenIGTLink measured in the same run
 * (bench/cpp/igtlink_bench.cxx, built by test/interop/peers.ts):
 *  - encode / decode of a 640x480 uint8 IMAGE + TRANSFORM stream (frames/s, MB/s), CRC-64 computed on encode
 *    and checked on decode on both sides; our decode is measured on 64 KiB chunks (what a socket delivers:
 *    one copy into the body buffer, as the library's Receive into its message) and on whole messages;
 *  - CRC-64 GB/s on 64 MiB;
 *  - a loopback stream of 640x480 frames (+ TRANSFORM) at 30 fps for 5 s through IgtlServer -> IgtlClient:
 *    frames received, frames dropped (goal: zero).
 * Ratio = our time / the library's time for the same work (goal: <= 1.5); each side's best of 4 interleaved rounds.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { buildPeers, peerPath } from '../test/interop/peers.js';
import {
  crc64,
  encodeMessage,
  IgtlClient,
  IgtlFramer,
  IgtlServer,
  timestampFromSeconds,
  type IgtlImage,
  type IgtlMessage,
  type IgtlTransform,
} from '../src/igtlink/index.js';
import { identity } from '../src/math/index.js';
import type { BenchRow } from './run.js';

const W = 640;
const H = 480;
const FRAMES = 300;
const ROUNDS = 4;

interface CppResult {
  frames: number;
  bytesPerFrame: number;
  encodeSec: number;
  decodeSec: number;
  crcBytes: number;
  crcSec: number;
}

function frame(i: number, pixels: Uint8Array): [IgtlImage, IgtlTransform] {
  const ts = timestampFromSeconds(1700000000 + i / 30);
  const m = identity();
  m[3] = i;
  return [
    {
      type: 'IMAGE', deviceName: 'Image_Reference', timestamp: ts, scalarType: 'uint8', components: 1,
      endianness: 'big', coordinate: 'RAS', size: [W, H, 1],
      matrix: [0.2, 0, 0, 0, 0.2, 0, 0, 0, 1, 0, 0, 0], data: pixels,
    },
    { type: 'TRANSFORM', deviceName: 'ProbeToReference', timestamp: ts, matrix: m },
  ]; // prettier-ignore
}

function ours(frames: number): {
  encodeSec: number;
  decodeChunkedSec: number;
  decodeWholeSec: number;
  bytesPerFrame: number;
} {
  const pixels = Uint8Array.from({ length: W * H }, (_, i) => (i * 31) >> 3);
  let bytes = 0;
  let last: Uint8Array[] = [];
  let t0 = performance.now();
  for (let f = 0; f < frames; f++) {
    pixels[f % pixels.length]! ^= 1;
    last = frame(f, pixels).map(encodeMessage);
    bytes += last[0]!.byteLength + last[1]!.byteLength;
  }
  const encodeSec = (performance.now() - t0) / 1000;

  const wire = new Uint8Array(last[0]!.byteLength + last[1]!.byteLength);
  wire.set(last[0]!);
  wire.set(last[1]!, last[0]!.byteLength);
  const chunks: Uint8Array[] = [];
  for (let o = 0; o < wire.length; o += 65536) chunks.push(wire.subarray(o, o + 65536));
  const framer = new IgtlFramer();
  let n = 0;
  t0 = performance.now();
  for (let f = 0; f < frames; f++) for (const c of chunks) n += framer.push(c).length;
  const decodeChunkedSec = (performance.now() - t0) / 1000;
  t0 = performance.now();
  for (let f = 0; f < frames; f++) n += framer.push(wire).length;
  const decodeWholeSec = (performance.now() - t0) / 1000;
  if (n !== 4 * frames) throw new Error(`decoded ${n} messages, expected ${4 * frames}`);
  return { encodeSec, decodeChunkedSec, decodeWholeSec, bytesPerFrame: bytes / frames };
}

async function loopback(seconds: number, fps: number): Promise<BenchRow> {
  const server = await IgtlServer.listen({ port: 0, log: () => {} });
  const client = await IgtlClient.connect(`127.0.0.1:${server.port}`, { reconnect: false });
  let images = 0;
  let transforms = 0;
  let latencySum = 0;
  let latencyMax = 0;
  const sentAt = new Map<bigint, number>();
  client.on('message', (m: IgtlMessage) => {
    if (m.type === 'TRANSFORM') transforms++;
    if (m.type !== 'IMAGE') return;
    images++;
    const l = performance.now() - (sentAt.get(m.timestamp) ?? NaN);
    latencySum += l;
    latencyMax = Math.max(latencyMax, l);
  });
  const total = Math.round(seconds * fps);
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    // Paced against the start time so timer jitter does not accumulate.
    const due = start + (i * 1000) / fps;
    await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
    const pixels = new Uint8Array(W * H).fill(i & 0xff);
    const [img, tr] = frame(i, pixels);
    sentAt.set(img.timestamp, performance.now());
    server.broadcast(img);
    server.broadcast(tr);
  }
  const deadline = performance.now() + 2000;
  while (
    images + (server.clients[0]?.connection.stats.dropped ?? 0) < total &&
    performance.now() < deadline
  ) {
    await new Promise((r) => setTimeout(r, 10));
  }
  const dropped = server.clients[0]?.connection.stats.dropped ?? -1;
  const elapsed = (performance.now() - start) / 1000;
  client.close();
  await server.close();
  return {
    case: `loopback 640x480 @${fps} fps, ${seconds} s`,
    sent: total,
    received: images,
    transforms,
    dropped,
    'achieved fps': Number((images / elapsed).toFixed(1)),
    'mean latency ms': Number((latencySum / Math.max(1, images)).toFixed(2)),
    'max latency ms': Number(latencyMax.toFixed(2)),
  };
}

export default async function igtlinkBench(): Promise<BenchRow[]> {
  await buildPeers();
  const exe = await peerPath('igtlink_bench');
  const run = promisify(execFile);
  ours(50); // warm-up (JIT)
  // The machine is shared: interleave the two sides over several rounds and keep each one's best time.
  const best = <T extends object>(a: T | undefined, b: T): T =>
    a === undefined
      ? b
      : (Object.fromEntries(
          Object.entries(b).map(([k, v]) => [k, Math.min(v as number, (a as Record<string, number>)[k]!)]),
        ) as T);
  let cpp: CppResult | undefined;
  let o: ReturnType<typeof ours> | undefined;
  let crcSec = Infinity;
  const big = Uint8Array.from({ length: 64 << 20 }, (_, i) => (i * 131) & 0xff);
  for (let round = 0; round < ROUNDS; round++) {
    cpp = best(cpp, JSON.parse((await run(exe, [String(FRAMES)])).stdout) as CppResult);
    o = best(o, ours(FRAMES));
    const t0 = performance.now();
    crc64(big);
    crcSec = Math.min(crcSec, (performance.now() - t0) / 1000);
  }
  if (!cpp || !o) throw new Error('no rounds');
  const mb = (o.bytesPerFrame * FRAMES) / 1e6;
  const row = (what: string, ourSec: number, cppSec: number): BenchRow => ({
    case: what,
    'ours frames/s': Math.round(FRAMES / ourSec),
    'ours MB/s': Math.round(mb / ourSec),
    'C++ frames/s': Math.round(FRAMES / cppSec),
    'C++ MB/s': Math.round(mb / cppSec),
    'ratio (ours/C++ time)': Number((ourSec / cppSec).toFixed(2)),
  });

  const crcRow: BenchRow = {
    case: 'CRC-64 (ECMA-182), 64 MiB',
    'ours GB/s': Number((big.length / crcSec / 1e9).toFixed(3)),
    'C++ GB/s': Number((cpp.crcBytes / cpp.crcSec / 1e9).toFixed(3)),
    'ratio (ours/C++ time)': Number((crcSec / cpp.crcSec).toFixed(2)),
  };
  return [
    row('encode IMAGE+TRANSFORM (CRC)', o.encodeSec, cpp.encodeSec),
    row('decode, 64 KiB chunks (CRC checked)', o.decodeChunkedSec, cpp.decodeSec),
    row('decode, whole messages (CRC checked)', o.decodeWholeSec, cpp.decodeSec),
    crcRow,
    await loopback(5, 30),
  ];
}
