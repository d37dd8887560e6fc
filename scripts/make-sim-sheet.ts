/**
 * docs/sim-vs-real.png: simulated B-mode frames (top), the same frames with their bone labels
 * (middle, red) and frames of the two real PLUS recordings in ../shared/data (bottom), all at the
 * same tile size, to judge whether the simulator passes for real.
 *
 *   npx tsx scripts/make-sim-sheet.ts [OUT.png] [--seed S]
 *
 * The real files are read directly here (text header up to `ElementDataFile = LOCAL\n`, then zlib);
 * the project's sequence reader lives in src/sequence.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import {
  createRaster,
  drawText,
  encodePng,
  fillRect,
  overlayMask,
  paste,
  resize,
  toRgb,
  type Raster,
} from '../src/image/index.js';
import { buildPhantom, createBmodeRenderer, imageGeometry, makeSweep } from '../src/sim/index.js';

const TW = 320;
const TH = 240;
const args = process.argv.slice(2);
const out = args.find((a) => a.endsWith('.png')) ?? 'docs/sim-vs-real.png';
const seedAt = args.indexOf('--seed');
const seed = seedAt >= 0 ? Number(args[seedAt + 1]) : 4;

function realFrames(file: string, picks: number[]): Raster[] {
  const buf = readFileSync(file);
  const marker = Buffer.from('ElementDataFile = LOCAL\n');
  const header = buf.subarray(0, buf.indexOf(marker)).toString('latin1');
  const [w, h] = /DimSize = (\d+) (\d+)/.exec(header)!.slice(1).map(Number) as [number, number];
  const px = inflateSync(buf.subarray(buf.indexOf(marker) + marker.length));
  return picks.map((k) => ({
    width: w,
    height: h,
    channels: 1,
    data: px.subarray(k * w * h, (k + 1) * w * h),
  }));
}

const phantom = buildPhantom({ curves: [{ upperEnd: 'T5', lowerEnd: 'T12', cobbDeg: 30 }] });
const geometry = imageGeometry();
const sweep = makeSweep(phantom, geometry, seed, { frames: 400, poorContactPer100: 0 });
const renderer = createBmodeRenderer(phantom, geometry, seed);
const picks = [40, 150, 260, 360];
const sims = picks.map((k) => {
  const f = sweep.frames[k]!;
  const r = renderer.render(f);
  const image: Raster = { width: geometry.width, height: geometry.height, channels: 1, data: r.image };
  const label: Raster = { width: geometry.width, height: geometry.height, channels: 1, data: r.label };
  return { image, label };
});
const realDir = '../shared/data';
const reals: Raster[] = [];
if (existsSync(`${realDir}/plus/BoneUltrasound_L14.igs.mha`)) {
  reals.push(...realFrames(`${realDir}/plus/BoneUltrasound_L14.igs.mha`, [2, 14]));
}
if (existsSync(`${realDir}/plus-spine/SpinePhantomFreehand.igs.mha`)) {
  reals.push(...realFrames(`${realDir}/plus-spine/SpinePhantomFreehand.igs.mha`, [4, 16]));
}

const CAP = 22;
const sheet = createRaster(TW * 4, (TH + CAP) * 3, 3);
fillRect(sheet, 0, 0, sheet.width, sheet.height, [24, 24, 24]);
const rows: { caption: string; tiles: Raster[] }[] = [
  {
    caption: 'SIMULATED (SPINEBRIDGE SIM, TRANSVERSE SWEEP, 640X480)',
    tiles: sims.map((s) => toRgb(s.image)),
  },
  {
    caption: 'SIMULATED + BONE SURFACE LABEL (RED)',
    tiles: sims.map((s) => overlayMask(s.image, s.label, [255, 40, 40], 0.55)),
  },
  {
    caption: 'REAL PLUS RECORDINGS: BONEULTRASOUND_L14 (2), SPINEPHANTOMFREEHAND (2)',
    tiles: reals.map(toRgb),
  },
];
rows.forEach((row, j) => {
  const y = j * (TH + CAP);
  drawText(sheet, row.caption, 6, y + 4, [230, 230, 230], 2);
  row.tiles.forEach((t, i) => paste(sheet, resize(t, TW, TH), i * TW, y + CAP));
});
writeFileSync(out, encodePng(sheet));
console.log(`wrote ${out} (${sheet.width}x${sheet.height})`);
