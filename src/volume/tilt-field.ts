import type { DistanceMap } from './distance-map.js';
import { mirrorCandidates, type FramePoints, type MirrorCandidate } from './mirror-fit.js';

/**
 * The mirror plane's tilt as a field along the spine: from one well-fitted level, a thin slab is moved
 * STEP mm at a time towards each end and its mirror plane refitted within ±RANGE of the previous one.
 * Where a curve is steep and short (a 50 degree curve over four levels ending at T2), the levels' own
 * landmark lines can be 25 degrees off, outside their mirror search; the field follows the tilt there
 * because it changes by a few degrees per step. A level's plane can briefly jump to a neighbour's
 * optimum, so the field is median-filtered over MEDIAN_HALF samples either side.
 */
/** Step along the spine, mm: about a quarter of a thoracic level. */
const STEP = 6;
/** Tilts searched around the previous sample's, degrees (pattern search may go further). */
const RANGE = 8;
/** Half-thickness of the slab, mm: thin enough that it is mostly one vertebra at a level's centre. */
const SLAB = 10;
const MEDIAN_HALF = 2;
/** Rotations searched around the previous sample's, degrees. */
const ROTATION_RANGE = 6;
/** Bone points per fit: half a level's, as a sample only seeds the levels' own fits. */
const MAX_POINTS = 1500;
/**
 * A sample whose plane leaves the midline's lean by more than this (degrees) is fitted again around the
 * midline's lean, and the cheaper plane kept. A track can lock onto a wrong plane and follow it (at a
 * steep T2-T5 it ran 60 degrees the wrong way, to a plane mirroring the vertebra's top onto its bottom),
 * but it cannot be bounded outright: at a true steep end vertebra the midline, smoothed over two levels,
 * is itself 35-45 degrees off.
 */
const MAX_OFF_MID = 30;

export interface TiltSample {
  readonly s: number;
  readonly tiltDeg: number;
  readonly rotationDeg: number;
}

/**
 * Samples of the tilt field from `seed` (a level's s, u and fitted plane) up to `sMax` and down to
 * `sMin`, sorted by s; `uAt(s)` is the spine's lateral centre at s, `midDeg(s)` the lean of its midline
 * (same convention as the tilts), if known.
 */
export function tiltField(
  pts: FramePoints,
  dm: DistanceMap,
  seed: { s: number; tiltDeg: number; rotationDeg: number },
  sMin: number,
  sMax: number,
  uAt: (s: number) => number,
  midDeg?: (s: number) => number,
): TiltSample[] {
  const raw: TiltSample[] = [];
  for (const dir of [1, -1]) {
    let prev: MirrorCandidate = { tiltDeg: seed.tiltDeg, rotationDeg: seed.rotationDeg, cost: 0 };
    for (let s = dir > 0 ? seed.s : seed.s - STEP; dir > 0 ? s <= sMax : s >= sMin; s += dir * STEP) {
      const fit = (startDeg: number) =>
        mirrorCandidates(pts, dm, { s, u: uAt(s), startDeg }, SLAB, {
          tiltRangeDeg: RANGE,
          rotationDeg: prev.rotationDeg,
          rotationRangeDeg: ROTATION_RANGE,
          candidates: 1,
          maxPoints: MAX_POINTS,
        })[0];
      let best = fit(prev.tiltDeg);
      const m = midDeg?.(s);
      if (best && m !== undefined && Math.abs(best.tiltDeg - m) > MAX_OFF_MID) {
        const again = fit(m);
        if (again && again.cost < best.cost) best = again;
      }
      if (!best) continue;
      prev = best;
      raw.push({ s, tiltDeg: best.tiltDeg, rotationDeg: best.rotationDeg });
    }
  }
  raw.sort((a, b) => a.s - b.s);
  return raw.map((x, i) => ({
    ...x,
    tiltDeg: median(raw.slice(Math.max(0, i - MEDIAN_HALF), i + MEDIAN_HALF + 1)),
  }));
}

function median(xs: readonly TiltSample[]): number {
  const t = xs.map((x) => x.tiltDeg).sort((a, b) => a - b);
  return t[t.length >> 1]!;
}

/** The field's sample nearest to s (the field is sampled every STEP mm). */
export function fieldAt(field: readonly TiltSample[], s: number): TiltSample | undefined {
  let best: TiltSample | undefined;
  for (const x of field) if (!best || Math.abs(x.s - s) < Math.abs(best.s - s)) best = x;
  return best;
}
