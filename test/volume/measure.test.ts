import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { devHeldOutStyleCases, devSteepTopCases, heldOutCases } from '../../bench/volume-accuracy.js';
import { simulateVolume, type SimCase } from '../../bench/volume-sim.js';
import { decodePng } from '../../src/image/index.js';
import { writeSequence, writeVolume } from '../../src/sequence/index.js';
import {
  buildPhantom,
  createBmodeRenderer,
  imageGeometry,
  makeSweep,
  randomPatient,
} from '../../src/sim/index.js';
import { cobbCurves, measureSpine, measureSpineOffThread, VolumeError } from '../../src/volume/index.js';
import { spacingIrregularity, untrustedBottom } from '../../src/volume/measure.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const run = promisify(execFile);

describe('cobbCurves', () => {
  it('splits at turning points with hysteresis and ranks by angle', () => {
    const t = [0, -5, -12, -20, -18, -8, 4, 15, 22, 21, 10, 0, 1];
    const c = cobbCurves(t, 5);
    expect(c[0]).toMatchObject({ cobbDeg: 42, upperLevel: 3, lowerLevel: 8, convexity: 'negative-u' });
    expect(c[1]).toMatchObject({ cobbDeg: 22, upperLevel: 8, lowerLevel: 11 });
    // A 2-degree wiggle is not a turning point.
    expect(cobbCurves([0, 2, 0, 2, 0], 5)).toEqual([]);
  });

  it('starts a curve found late at the opposite extreme (held-out-style case 5607 read 0 instead of 11.8)', () => {
    // No 5-degree move from the first level until index 13: the rising curve starts at the minimum
    // before it (index 8), not at the maximum (index 11, which left a 2.3-degree "curve").
    const t = [-0.1, 1.8, 1.1, -0.6, -2.9, -1.8, -2.4, -3.5, -4.6, -0.6, 2.6, 4.8, 0.4, 7.2, 5.7, 2.3];
    expect(cobbCurves(t, 5)[0]).toMatchObject({ upperLevel: 8, lowerLevel: 13, convexity: 'negative-u' });
    expect(cobbCurves(t, 5)[0]!.cobbDeg).toBeCloseTo(11.8, 5);
  });
});

describe('spacingIrregularity', () => {
  it('is zero for even spacing and grows with a missed or a doubled level', () => {
    const even = [400, 375, 350, 325, 300, 275, 250];
    const missed = [400, 375, 325, 300, 275, 250];
    const doubled = [400, 375, 362, 350, 325, 300, 275, 250];
    expect(spacingIrregularity(even)).toBe(0);
    // A slow trend (thoracic to lumbar spacing) costs little next to one gap doubled or halved.
    const trend = even.map((s, k) => s - k * k);
    expect(spacingIrregularity(trend)).toBeLessThan(0.01);
    expect(spacingIrregularity(missed)).toBeGreaterThan(0.15);
    expect(spacingIrregularity(doubled)).toBeGreaterThan(0.15);
  });
});

describe('untrustedBottom', () => {
  const fits = (costs: readonly number[]) => costs.map((cost) => ({ tiltDeg: 0, rotationDeg: 0, cost }));
  const tilts = [0, -8, -15, -20, -12, 2, 15, 22];
  it('distrusts a caudal end level that jumps from its neighbour and mirrors badly', () => {
    expect(untrustedBottom([...tilts, 46], fits([1, 1, 2, 1, 2, 1, 2, 2, 5.6]))).toBe(true);
  });
  it('trusts it when it fits like the others, or follows its neighbour, and never judges the cranial end', () => {
    expect(untrustedBottom([...tilts, 46], fits([1, 1, 2, 1, 2, 1, 2, 2, 2.5]))).toBe(false);
    expect(untrustedBottom([...tilts, 30], fits([1, 1, 2, 1, 2, 1, 2, 2, 5.6]))).toBe(false);
    expect(untrustedBottom([40, ...tilts], fits([5.6, 1, 1, 2, 1, 2, 1, 2, 2]))).toBe(false);
  });
});

/** |measured - true| main Cobb angle of a simulated case's 600-frame sweep. */
function cobbError(c: SimCase): number {
  const v = simulateVolume(c, 600);
  return Math.abs((measureSpine(v.labels).main?.cobbDeg ?? 0) - v.trueCobbDeg);
}

describe('measureSpine on simulated sweeps (truth label frames -> VolumeReconstructor)', () => {
  it('measures held-out curves within the MAE reached, and the mirror fit beats the landmark lines', () => {
    // Set F's first cases (docs/measure-accuracy.md: errors -1.3, +0.2, +3.0 there with the Round 7
    // method), the same 600-frame sweeps. A subset, not the whole story: the set's MAE is 1.41.
    const cases = heldOutCases(3, 500);
    let mirrorSum = 0,
      landmarkSum = 0,
      worst = 0;
    for (const c of cases) {
      const v = simulateVolume(c, 600);
      const m = measureSpine(v.labels);
      const fast = measureSpine(v.labels, { mirror: false });
      expect(m.levels.length).toBeGreaterThanOrEqual(14);
      const e = Math.abs((m.main?.cobbDeg ?? 0) - v.trueCobbDeg);
      mirrorSum += e;
      worst = Math.max(worst, e);
      landmarkSum += Math.abs((fast.main?.cobbDeg ?? 0) - v.trueCobbDeg);
      // The same vertebrae either way: the second pass, straightened along the tilt field, re-centres
      // the levels it finds again but does not trade them for others on these moderate curves.
      expect(m.levels.length).toBe(fast.levels.length);
      for (const l of m.levels)
        expect(Math.min(...fast.levels.map((f) => Math.abs(f.s - l.s)))).toBeLessThan(6);
    }
    expect(mirrorSum / 3).toBeLessThan(2);
    expect(worst).toBeLessThan(3.5);
    expect(mirrorSum).toBeLessThan(landmarkSum);
  }, 120_000);

  it('reads a short steep curve ending at T2 whose top landmark lines are 25 degrees off (dev-t 6012)', () => {
    // T2-T7 44.4 degrees: the landmark lines put T2 at +4 where it tilts -22, outside its own mirror
    // search; without the tilt field this case read 30.8 (-13.6).
    expect(cobbError(devSteepTopCases().find((x) => x.seed === 6012)!)).toBeLessThan(3);
  }, 60_000);

  it('finds the lumbar levels of a steep curve again along the tilt field (dev-h 5613)', () => {
    // T11-L4 56.3 degrees: with the side bands straightened along the midline or the first levels' own
    // tilts, L4 (28 degrees) was lost between two levels placed at L5, and the case read 45.4 (-10.9).
    expect(cobbError(devHeldOutStyleCases().find((x) => x.seed === 5613)!)).toBeLessThan(3);
  }, 60_000);

  it('searches a badly fitting level again away from its wrong start (held-out D 5312)', () => {
    // T3-T8 47.4 degrees: T3 tilts +24 where its landmark line and the tilt field both said -8, so every
    // plane searched around them mirrored badly (6.5 mm^2) and the case read 25.1 (-22.3).
    expect(cobbError(heldOutCases(16, 300).find((x) => x.seed === 5312)!)).toBeLessThan(3);
  }, 60_000);

  it('does not take a badly fitting L5 spike for an end vertebra (dev-h 5631)', () => {
    // T11-L4 54.4 degrees: the last level's best plane reads 46 degrees where L5 is level, 25 from L4,
    // and mirrors 2.2x worse than the median level; used as the end vertebra it read 74.4 (+20.0).
    const v = simulateVolume(
      devHeldOutStyleCases().find((x) => x.seed === 5631)!,
      600,
    );
    const m = measureSpine(v.labels);
    expect(m.levels.at(-1)!.inCobb).toBe(false);
    expect(m.levels.slice(0, -1).every((l) => l.inCobb)).toBe(true);
    expect(Math.abs((m.main?.cobbDeg ?? 0) - v.trueCobbDeg)).toBeLessThan(5);
  }, 60_000);

  it('refuses a volume with no bone', () => {
    const grid = {
      dims: [10, 10, 10] as const,
      spacing: [1, 1, 1] as const,
      origin: [0, 0, 0] as const,
      data: new Uint8Array(1000),
    };
    expect(() => measureSpine(grid)).toThrow(VolumeError);
  });
});

describe('measureSpineOffThread', () => {
  it("gives measureSpine's answer while the calling thread keeps serving its event loop", async () => {
    const v = simulateVolume({ seed: 7, phantom: randomPatient(7) }, 300);
    const inline = measureSpine(v.labels);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 20);
    try {
      const off = await measureSpineOffThread(v.labels);
      expect(off).toEqual(inline);
    } finally {
      clearInterval(timer);
    }
    // Seconds of mirror fits ran meanwhile; a blocked loop would have ticked at most once.
    expect(ticks).toBeGreaterThan(10);
    expect(v.labels.data.byteLength).toBeGreaterThan(0); // copied, not transferred
  }, 60_000);

  it('rejects with the VolumeError the measurement raised', async () => {
    const grid = { dims: [10, 10, 10] as const, spacing: [1, 1, 1] as const, origin: [0, 0, 0] as const };
    await expect(measureSpineOffThread({ ...grid, data: new Uint8Array(1000) })).rejects.toMatchObject({
      name: 'VolumeError',
      code: 'VOLUME_NO_BONE',
    });
  });
});

describe('spinebridge measure', () => {
  const cli = (args: string[]) =>
    run(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), 'measure', ...args], {
      cwd: ROOT,
    });

  it('measures a label volume and draws the coronal projection', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'measure-'));
    const v = simulateVolume({ seed: 7, phantom: randomPatient(7) }, 300);
    await writeVolume(join(dir, 'labels.mha'), v.labels);
    await writeVolume(join(dir, 'us.mha'), v.intensity);
    const { stdout } = await cli([
      join(dir, 'labels.mha'),
      '--json',
      '--png',
      join(dir, 'p.png'),
      '--intensity',
      join(dir, 'us.mha'),
    ]);
    type Level = { tiltDeg: number; landmarkTiltDeg: number; rotationDeg: number | null };
    const out = JSON.parse(stdout) as { main: { cobbDeg: number }; levels: Level[] };
    expect(Math.abs(out.main.cobbDeg - v.trueCobbDeg)).toBeLessThan(15);
    expect(out.levels.length).toBeGreaterThanOrEqual(10);
    for (const l of out.levels) expect(typeof l.rotationDeg).toBe('number');
    // Without the mirror fit the tilts are the landmark lines'.
    const fast = JSON.parse((await cli([join(dir, 'labels.mha'), '--json', '--landmarks-only'])).stdout) as {
      levels: Level[];
    };
    expect(fast.levels.length).toBe(out.levels.length);
    for (const l of fast.levels) {
      expect(l.rotationDeg).toBeNull();
      expect(l.tiltDeg).toBe(l.landmarkTiltDeg);
    }
    const png = decodePng(readFileSync(join(dir, 'p.png')));
    expect(png.channels).toBe(3);
    // Red end-vertebra lines are drawn.
    let red = 0;
    for (let k = 0; k < png.data.length; k += 3) if (png.data[k] === 255 && png.data[k + 1] === 60) red++;
    expect(red).toBeGreaterThan(50);
  }, 60_000);

  it('reconstructs a label sequence first, and fails with one message on a bad file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'measure-seq-'));
    const phantom = buildPhantom(randomPatient(3));
    const g = imageGeometry({ width: 320, height: 240 });
    const sweep = makeSweep(phantom, g, 3, { frames: 300 });
    const r = createBmodeRenderer(phantom, g, 3);
    await writeSequence(
      join(dir, 'labels.igs.mha'),
      { frameSize: [g.width, g.height, 1] },
      sweep.frames.map((f) => ({
        pixels: r.render({ imageToReference: f.imageToReference, index: f.index }).label,
        transforms: new Map([['ImageToReference', f.imageToReference]]),
        timestamp: f.timestamp,
      })),
    );
    const { stdout } = await cli([join(dir, 'labels.igs.mha')]);
    expect(stdout).toMatch(/main curve: \d+\.\d deg between levels \d+ and \d+/);
    expect(stdout).toMatch(/levels found/);
    await expect(cli([join(dir, 'missing.mha')])).rejects.toMatchObject({ code: 1 });
  }, 60_000);
});
