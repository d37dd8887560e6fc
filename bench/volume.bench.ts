/**
 * Freehand paste speed: 640x480 frames into a 0.5 mm grid, nearest and linear (MAXIMUM compounding,
 * float arithmetic), ours (VolumeReconstructor) next to bench/cpp/volume_paste.cxx built with g++ -O3 in
 * this run, over the same synthetic sweep (the checksums of the two volumes must agree); plus the
 * memory a full-spine simulated sweep needs at 0.5 mm.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPhantom, imageGeometry, makeSweep } from '../src/sim/index.js';
import {
  bytesNeeded,
  geometryFromFrames,
  VolumeReconstructor,
  type FrameInput,
} from '../src/volume/index.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const W = 640,
  H = 480,
  NX = 190,
  NY = 160,
  NZ = 400;
const PIX = 70 / 480,
  SP = 0.5;

/** Frame k of the sweep, exactly as frameMap() in the C++ file. */
function frame(k: number, pixels: Uint8Array): FrameInput {
  const th = ((5 * Math.PI) / 180) * Math.sin(k / 20);
  const c = Math.cos(th),
    s = Math.sin(th);
  // prettier-ignore
  const m = Float64Array.from([PIX, 0, 0, 2, 0, PIX * c, 0, 0, 0, PIX * s, 0, 20 + 0.5 * k, 0, 0, 0, 1]);
  return { width: W, height: H, pixels, imageToReference: m };
}

function ours(mode: 'nearest' | 'linear', frames: number): { fps: number; checksum: number } {
  const pixels = new Uint8Array(W * H);
  for (let j = 0; j < H; j++) for (let i = 0; i < W; i++) pixels[j * W + i] = (i * 7 + j * 13) & 255;
  const rec = new VolumeReconstructor({
    spacing: [SP, SP, SP],
    origin: [0, -10, 0],
    dims: [NX, NY, NZ],
    interpolation: mode,
    compounding: 'maximum',
    arithmetic: 'float',
  });
  const list = Array.from({ length: frames }, (_, k) => frame(k, pixels));
  rec.paste(list[0]!); // warm-up of the JIT on a frame that is pasted again below (max compounding: idempotent)
  const t0 = performance.now();
  for (const f of list) rec.paste(f);
  const sec = (performance.now() - t0) / 1000;
  const snap = rec.snapshot();
  let sum = 0;
  for (let v = 0; v < snap.intensity.data.length; v++)
    sum += snap.intensity.data[v]! + snap.accumulation.data[v]!;
  return { fps: frames / sec, checksum: sum };
}

export default async function volumeBench() {
  const cacheDir = join(ROOT, '.cache');
  mkdirSync(cacheDir, { recursive: true });
  const exe = join(cacheDir, 'volume_paste');
  execFileSync('g++', ['-O3', '-o', exe, join(ROOT, 'bench/cpp/volume_paste.cxx')]);
  const rows = [];
  for (const [mode, arg, frames] of [
    ['nearest', 'nn', 200],
    ['linear', 'linear', 80],
  ] as const) {
    const [cppFps, cppSum] = execFileSync(exe, [arg, String(frames)], { encoding: 'utf8' })
      .trim()
      .split(' ');
    const o = ours(mode, frames);
    rows.push({
      case: `paste 640x480 @0.5 mm, ${mode}`,
      'ours fps': Math.round(o.fps * 10) / 10,
      'c++ -O3 fps': Math.round(Number(cppFps) * 10) / 10,
      'ours/c++': Math.round((o.fps / Number(cppFps)) * 100) / 100,
      'live 30 fps headroom': Math.round((o.fps / 30) * 10) / 10,
      'same volume': String(o.checksum) === cppSum,
    });
  }
  // Live mode as the bridge runs it: no configured extent (grid grows in 64 mm slabs), labels kept.
  {
    const pixels = new Uint8Array(W * H);
    for (let j = 0; j < H; j++) for (let i = 0; i < W; i++) pixels[j * W + i] = (i * 7 + j * 13) & 255;
    const labels = pixels.map((p) => (p > 200 ? 1 : 0));
    const g = VolumeReconstructor.growing({
      spacing: [SP, SP, SP],
      interpolation: 'nearest',
      compounding: 'maximum',
      withLabels: true,
    });
    const frames = 300;
    const t0 = performance.now();
    for (let k = 0; k < frames; k++) g.paste({ ...frame(k, pixels), labels });
    const fps = frames / ((performance.now() - t0) / 1000);
    rows.push({
      case: 'live: growing grid + labels, nearest (incl. re-allocations)',
      'ours fps': Math.round(fps * 10) / 10,
      'live 30 fps headroom': Math.round((fps / 30) * 10) / 10,
      'final grid': g.geometry.dims.join('x'),
    });
  }
  // Memory for a full-spine sweep (165 cm phantom, 600 frames) at 0.5 mm: extent from the frames, as PLUS.
  const phantom = buildPhantom();
  const g = imageGeometry();
  const sweep = makeSweep(phantom, g, 1, { frames: 600 });
  const geo = geometryFromFrames(
    sweep.frames.map((f) => f.imageToReference),
    g.width,
    g.height,
    [SP, SP, SP],
  );
  rows.push({
    case: 'full-spine sweep volume @0.5 mm',
    dims: geo.dims.join('x'),
    'MiB intensity+acc': Math.round(bytesNeeded(geo.dims, false) / 2 ** 20),
    'MiB with labels': Math.round(bytesNeeded(geo.dims, true) / 2 ** 20),
  });
  return rows;
}
