/**
 * Measures how simulated B-mode frames look next to the real PLUS recordings in ../shared/data
 * (src/sim/realism.ts: tissue grey and speckle contrast, grain size, shadow, bone echo), one row per
 * source, medians over frames. Used to tune src/sim/bmode.ts against real data rather than by eye.
 *
 *   npx tsx scripts/sim-look.ts [--seed S] [--frames N]
 */
import { existsSync } from 'node:fs';
import { openSequence } from '../src/sequence/index.js';
import { buildPhantom, createBmodeRenderer, imageGeometry, makeSweep } from '../src/sim/index.js';
import { measureLook, type FrameLook, type GreyFrame } from '../src/sim/realism.js';

const args = process.argv.slice(2);
const opt = (name: string, dflt: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const seed = opt('--seed', 4);
const count = opt('--frames', 12);

async function realLooks(file: string, spacingMm: number, step: number): Promise<FrameLook[]> {
  const out: FrameLook[] = [];
  const src = await openSequence(file);
  const [w, h] = src.info.frameSize;
  for await (const f of src.frames()) {
    if (f.index % step !== 0) continue;
    out.push(measureLook({ width: w, height: h, data: f.pixels as Uint8Array, spacingMm }));
  }
  return out;
}

function simLooks(): FrameLook[] {
  const phantom = buildPhantom({ curves: [{ upperEnd: 'T5', lowerEnd: 'T12', cobbDeg: 30 }] });
  const g = imageGeometry();
  const sweep = makeSweep(phantom, g, seed, { frames: 400, poorContactPer100: 0 });
  const r = createBmodeRenderer(phantom, g, seed);
  const out: FrameLook[] = [];
  for (let k = 0; k < count; k++) {
    const f = r.render(sweep.frames[Math.round(((k + 0.5) * 400) / count)]!);
    const frame: GreyFrame = { width: g.width, height: g.height, data: f.image, spacingMm: g.spacingMm };
    out.push(measureLook(frame));
  }
  return out;
}

function summary(name: string, looks: FrameLook[]): Record<string, string | number> {
  const keys = Object.keys(looks[0]!) as (keyof FrameLook)[];
  const row: Record<string, string | number> = { source: name };
  for (const k of keys) {
    const v = looks
      .map((l) => l[k])
      .filter(Number.isFinite)
      .sort((a, b) => a - b);
    row[k] = v.length ? Number(v[Math.floor(v.length / 2)]!.toFixed(2)) : NaN;
  }
  return row;
}

const rows = [summary(`sim seed ${seed}`, simLooks())];
const data = '../shared/data';
if (existsSync(`${data}/plus/BoneUltrasound_L14.igs.mha`)) {
  rows.push(
    summary('real BoneUltrasound_L14', await realLooks(`${data}/plus/BoneUltrasound_L14.igs.mha`, 0.085, 1)),
  );
}
if (existsSync(`${data}/plus-spine/SpinePhantomFreehand.igs.mha`)) {
  rows.push(
    summary(
      'real SpinePhantomFreehand',
      await realLooks(`${data}/plus-spine/SpinePhantomFreehand.igs.mha`, 0.079, 4),
    ),
  );
}
console.table(rows);
