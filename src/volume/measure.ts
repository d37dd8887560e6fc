import { VolumeError } from './errors.js';
import type { VolumeGrid } from './types.js';
import {
  bonePoints,
  centroid,
  fillGaps,
  median,
  minMax,
  peaks,
  principalAxes,
  smooth,
} from './measure-util.js';

/** One vertebral level found in the label volume: transverse-process landmarks and its coronal tilt. */
export interface LevelLandmarks {
  /** World (mm) positions of the left (-u side) and right (+u side) transverse-process landmarks. */
  readonly left: readonly [number, number, number];
  readonly right: readonly [number, number, number];
  /** Position along the spine axis, mm (cranial larger). */
  readonly s: number;
  /** Coronal tilt of the level, degrees: lean of its up axis towards +u, from the line joining its landmarks. */
  readonly tiltDeg: number;
  /** Lean of the coronal curve (through landmark midpoints) at the level, degrees (same sign convention). */
  readonly curveTangentDeg: number;
}

export interface CobbMeasure {
  readonly cobbDeg: number;
  /** Indices into `levels` (cranial end first). */
  readonly upperLevel: number;
  readonly lowerLevel: number;
  readonly convexity: 'positive-u' | 'negative-u';
}

export interface SpineMeasurement {
  /** Unit axes found by PCA of the bone voxels: spine (cranial), lateral (+u), depth. */
  readonly axes: readonly [readonly number[], readonly number[], readonly number[]];
  /** Cranial to caudal. */
  readonly levels: readonly LevelLandmarks[];
  /** Main curve (largest angle) and the secondary one (largest beyond its ends), if any. */
  readonly main: CobbMeasure | undefined;
  readonly secondary: CobbMeasure | undefined;
  /** Coronal curve through the level midpoints: [u, s] pairs, mm, cranial to caudal. */
  readonly curve: readonly (readonly [number, number])[];
}

import type { Pts } from './measure-util.js';

/**
 * Scoliosis measurement from a bone label volume (nonzero = bone), after the Ungi 2020 workflow:
 * transverse processes as the lateral extremes of the bone on each side, paired per level, and the
 * angles between levels. The spine axis and the lateral axis come from a PCA of the bone voxels (so any
 * scan orientation works; lateral = second axis, since the posterior bone surface is wider than deep).
 *
 * Tilt per level is the tilt of the line joining its two landmarks (Ungi's transverse-process angle);
 * the tangent of the smoothed curve through the midpoints is reported too but under-reads the angle
 * (the smoothing flattens the end vertebrae; see docs/measure-accuracy.md). Cobb: the largest tilt
 * difference between two levels (main curve), then the largest beyond its end levels (secondary).
 */
export function measureSpine(labels: VolumeGrid, options: { minCobbDeg?: number } = {}): SpineMeasurement {
  const pts = bonePoints(labels);
  const n = pts.length / 3;
  if (n < 200) throw new VolumeError('VOLUME_NO_BONE', `only ${n} bone voxels: too few to measure`);
  const axes = principalAxes(pts);
  const P: Pts = { s: new Float64Array(n), u: new Float64Array(n), w: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    const x = pts[i * 3]!,
      y = pts[i * 3 + 1]!,
      z = pts[i * 3 + 2]!;
    P.s[i] = x * axes[0][0]! + y * axes[0][1]! + z * axes[0][2]!;
    P.u[i] = x * axes[1][0]! + y * axes[1][1]! + z * axes[1][2]!;
    P.w[i] = x * axes[2][0]! + y * axes[2][1]! + z * axes[2][2]!;
  }
  const [s0, s1] = minMax(P.s);
  const bin = 1;
  const nb = Math.ceil((s1 - s0) / bin) + 1;
  const binOf = (s: number) => Math.min(nb - 1, Math.floor((s - s0) / bin));
  // Midline: median lateral position per 1 mm slab, smoothed over 15 mm.
  const slabs: number[][] = Array.from({ length: nb }, () => []);
  for (let i = 0; i < n; i++) slabs[binOf(P.s[i]!)]!.push(P.u[i]!);
  const mid = smooth(fillGaps(slabs.map((a) => (a.length ? median(a) : NaN))), 15);
  // Lateral extents per side relative to the midline; peaks are the transverse processes.
  const left = new Array<number>(nb).fill(-Infinity);
  const right = new Array<number>(nb).fill(-Infinity);
  for (let i = 0; i < n; i++) {
    const b = binOf(P.s[i]!);
    const d = P.u[i]! - mid[b]!;
    if (-d > left[b]!) left[b] = -d;
    if (d > right[b]!) right[b] = d;
  }
  const finite = (a: number[]) => a.map((v) => (Number.isFinite(v) ? v : NaN));
  const lp = peaks(smooth(fillGaps(finite(left)), 3), 8);
  const rp = peaks(smooth(fillGaps(finite(right)), 3), 8);
  // The slab median jumps where only one side's process is in the slab: the pairing tangent uses a
  // midline smoothed over about two levels.
  const coarse = smooth(mid, 49);
  const tan = (b: number) => {
    const lo = Math.max(0, b - 10),
      hi = Math.min(nb - 1, b + 10);
    return (coarse[hi]! - coarse[lo]!) / Math.max(1, hi - lo);
  };
  const landmark = (peak: number, side: -1 | 1) => centroid(P, axes, s0, bin, peak, side, mid);
  const pairs: { l: ReturnType<typeof landmark>; r: ReturnType<typeof landmark> }[] = [];
  const usedR = new Set<number>();
  for (const pl of lp) {
    const l = landmark(pl, -1);
    let best = -1;
    let bestErr = 10;
    for (const pr of rp) {
      if (usedR.has(pr)) continue;
      const r = landmark(pr, 1);
      // A level's TPs lie on a line perpendicular to the local spine tangent.
      const expected = -(r.u - l.u) * tan(pl);
      const err = Math.abs(r.s - l.s - expected);
      if (err < bestErr) {
        bestErr = err;
        best = pr;
      }
    }
    if (best >= 0) {
      usedR.add(best);
      pairs.push({ l, r: landmark(best, 1) });
    }
  }
  if (pairs.length < 3)
    throw new VolumeError('VOLUME_NO_BONE', `found ${pairs.length} vertebral levels: too few to measure`);
  pairs.sort((a, b) => b.l.s + b.r.s - a.l.s - a.r.s);
  // Coronal curve: midpoints, smoothed by a moving quadratic fit; tilt = its tangent lean.
  const ms = pairs.map((p) => (p.l.s + p.r.s) / 2);
  const mu = pairs.map((p) => (p.l.u + p.r.u) / 2);
  const levels: LevelLandmarks[] = pairs.map((p, k) => {
    const slope = localSlope(ms, mu, k);
    return {
      left: p.l.world,
      right: p.r.world,
      s: ms[k]!,
      curveTangentDeg: (Math.atan(slope) * 180) / Math.PI,
      tiltDeg: (Math.atan2(-(p.r.s - p.l.s), p.r.u - p.l.u) * 180) / Math.PI,
    };
  });
  const tilts = levels.map((l) => l.tiltDeg);
  const minDeg = options.minCobbDeg ?? 5;
  const main = largestCurve(tilts, 0, tilts.length - 1);
  let secondary: CobbMeasure | undefined;
  if (main) {
    const above = largestCurve(tilts, 0, main.upperLevel);
    const below = largestCurve(tilts, main.lowerLevel, tilts.length - 1);
    secondary = [above, below]
      .filter((c): c is CobbMeasure => c !== undefined && c.cobbDeg >= minDeg)
      .sort((a, b) => b.cobbDeg - a.cobbDeg)[0];
  }
  return {
    axes,
    levels,
    main,
    secondary,
    curve: levels.map((_, k) => [mu[k]!, ms[k]!] as const),
  };
}

/** Largest |tilt_i - tilt_j| for i < j in [from, to]. */
function largestCurve(t: readonly number[], from: number, to: number): CobbMeasure | undefined {
  let best: CobbMeasure | undefined;
  for (let i = from; i <= to; i++) {
    for (let j = i + 1; j <= to; j++) {
      const d = t[j]! - t[i]!;
      if (!best || Math.abs(d) > best.cobbDeg) {
        // Going caudally (i -> j) the tilt decreases for a curve convex to +u.
        best = {
          cobbDeg: Math.abs(d),
          upperLevel: i,
          lowerLevel: j,
          convexity: d < 0 ? 'positive-u' : 'negative-u',
        };
      }
    }
  }
  return best;
}

/** Slope du/ds at k from a least-squares quadratic through the neighbours k-2..k+2. */
function localSlope(s: readonly number[], u: readonly number[], k: number): number {
  const lo = Math.max(0, k - 2),
    hi = Math.min(s.length - 1, k + 2);
  const xs: number[] = [],
    ys: number[] = [];
  for (let i = lo; i <= hi; i++) {
    xs.push(s[i]! - s[k]!);
    ys.push(u[i]!);
  }
  const deg = xs.length >= 4 ? 2 : 1;
  const m = deg + 1;
  const A = Array.from({ length: m }, () => new Float64Array(m + 1));
  for (let i = 0; i < xs.length; i++) {
    for (let r = 0; r < m; r++) {
      for (let c = 0; c < m; c++) A[r]![c]! += xs[i]! ** (r + c);
      A[r]![m]! += ys[i]! * xs[i]! ** r;
    }
  }
  const coef = solve(A);
  return coef[1] ?? 0;
}

function solve(A: Float64Array[]): number[] {
  const m = A.length;
  for (let c = 0; c < m; c++) {
    let p = c;
    for (let r = c + 1; r < m; r++) if (Math.abs(A[r]![c]!) > Math.abs(A[p]![c]!)) p = r;
    [A[c], A[p]] = [A[p]!, A[c]!];
    for (let r = 0; r < m; r++) {
      if (r === c || A[c]![c] === 0) continue;
      const f = A[r]![c]! / A[c]![c]!;
      for (let k = c; k <= m; k++) A[r]![k]! -= f * A[c]![k]!;
    }
  }
  return A.map((row, i) => (row[i] === 0 ? 0 : row[m]! / row[i]!));
}
