/**
 * B-mode simulator speed on one core (the goal: >= 60 frames/s at 640x480), transverse and sagittal,
 * against a floor measured in the same run: one pass over the frame doing a single noise-tile lookup
 * per pixel (the least any textured renderer must do). Also the PNG encode cost per frame (dataset
 * writing) and the one-off set-up (phantom + noise tiles). Best of 3 rounds on a shared machine.
 */
import { encodePng } from '../src/image/index.js';
import { buildPhantom, createBmodeRenderer, imageGeometry, makeSweep } from '../src/sim/index.js';
import type { BenchRow } from './run.js';

const FRAMES = 120;

function floorPass(W: number, H: number, frames: number): number {
  const tile = new Float32Array(512 * 512).map((_, i) => (i * 2654435761) % 255);
  const img = new Uint8ClampedArray(W * H);
  const t0 = performance.now();
  for (let f = 0; f < frames; f++) {
    for (let r = 0; r < H; r++) {
      const row = ((r + f) & 511) * 512;
      for (let c = 0; c < W; c++) img[r * W + c] = tile[row + ((c + f) & 511)]! * 0.5 + 10;
    }
  }
  return (performance.now() - t0) / 1000;
}

export default async function bench(): Promise<BenchRow[]> {
  const t0 = performance.now();
  const phantom = buildPhantom();
  const geometry = imageGeometry();
  const renderer = createBmodeRenderer(phantom, geometry, 1);
  const setupMs = performance.now() - t0;
  const rows: BenchRow[] = [];
  for (const orientation of ['transverse', 'sagittal'] as const) {
    const sweep = makeSweep(phantom, geometry, 1, { frames: FRAMES, orientation });
    const out = { image: new Uint8Array(640 * 480), label: new Uint8Array(640 * 480) };
    for (let k = 0; k < 20; k++) renderer.render(sweep.frames[k]!, out); // JIT warm-up
    let best = Infinity;
    let floor = Infinity;
    for (let round = 0; round < 3; round++) {
      const t = performance.now();
      for (const f of sweep.frames) renderer.render(f, out);
      best = Math.min(best, (performance.now() - t) / 1000);
      floor = Math.min(floor, floorPass(640, 480, FRAMES));
    }
    rows.push({
      case: `render 640x480 ${orientation}`,
      'frames/s': Math.round(FRAMES / best),
      'goal frames/s': 60,
      'vs goal': +(FRAMES / best / 60).toFixed(2),
      'floor frames/s': Math.round(FRAMES / floor),
      'ours / floor time': +(best / floor).toFixed(2),
    });
  }
  const frame = renderer.render(makeSweep(phantom, geometry, 1, { frames: 1 }).frames[0]!);
  let png = Infinity;
  for (let round = 0; round < 3; round++) {
    const t = performance.now();
    for (let k = 0; k < 20; k++)
      encodePng({ width: 640, height: 480, channels: 1, data: frame.image }, { level: 4 });
    png = Math.min(png, (performance.now() - t) / 20);
  }
  rows.push({ case: 'set-up (phantom + noise tiles)', ms: Math.round(setupMs) });
  rows.push({ case: 'PNG encode 640x480 frame (level 4)', ms: +png.toFixed(2) });
  return rows;
}
