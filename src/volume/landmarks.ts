import { gaussSmooth, type Coronal } from './coronal.js';

/** A level's bone on one side of the midline, on the coronal image (pixel = mm, image coordinates). */
export interface SideLandmark {
  u: number;
  s: number;
  mass: number;
  /** Half-thickness of the band used for the centroid, mm (about 0.4 of the local level spacing). */
  band: number;
}

/**
 * Lateral band (mm from the midline) whose bone marks a level: laminae, articular and transverse
 * processes out to their tips (30-40 mm; a narrower band cut them, and the side centroids then moved
 * with whatever part of a rotated level stayed inside).
 */
const ZONE: readonly [number, number] = [8, 36];
/** Half-thickness of the band around a level's line used for its centroids, mm. */
const BAND = 6;
const BAND_MAX = 18;
const BAND_FRACTION = 0.45;
const MAX_DEV = 22;
/** Half-window (rows = mm) of the least-squares midline slope. */
const LEAN_HALF = 12;
const LOCAL = 60;
const PEAK_FRACTION = 0.08;
const MIN_SCORE = 0.3;
/** Largest offset along s of a level's right landmark from where the lean expects it, mm. */
const MAX_RISE = 30;

/**
 * Per side, the rows where the bone in the lateral band peaks (one per level: processes are separated
 * by the gaps between vertebrae), and the centroid of the band's bone around each peak. The band is
 * sampled along the local normal of `lean` (du/ds per row; by default the midline's: the spine
 * straightened), so a level of a tilted segment stays in one row band instead of smearing across its
 * neighbours.
 */
export function sidePeaks(
  c: Coronal,
  mid: readonly number[],
  side: -1 | 1,
  lean: readonly number[] = midlineSlope(mid),
): SideLandmark[] {
  const { nu, ns, data } = c;
  const prof = new Array<number>(ns).fill(0);
  for (let r = 0; r < ns; r++) {
    // Along the local normal of the midline: a level's bone lies across the spine, not across the image.
    for (let d = ZONE[0]; d <= ZONE[1]; d++) {
      const x = Math.round(mid[r]! + side * d);
      const row = Math.round(r - side * d * lean[r]!);
      if (x >= 0 && x < nu && row >= 0 && row < ns) prof[r]! += data[x + nu * row]!;
    }
  }
  // Sigma 3 mm: at 2 mm one level's laminae and transverse process could still give two peaks.
  const sm = gaussSmooth(prof, 3);
  const out: SideLandmark[] = [];
  const radius = 7;
  for (let r = 0; r < ns; r++) {
    // Relative to the neighbourhood: lumbar levels show far less bone than thoracic ones.
    let localMax = 0;
    for (let k = Math.max(0, r - LOCAL); k <= Math.min(ns - 1, r + LOCAL); k++)
      localMax = Math.max(localMax, sm[k]!);
    let isMax = sm[r]! > PEAK_FRACTION * localMax;
    for (let k = Math.max(0, r - radius); k <= Math.min(ns - 1, r + radius) && isMax; k++) {
      if (sm[k]! > sm[r]! || (sm[k] === sm[r] && k < r)) isMax = false;
    }
    if (isMax) out.push(bandCentroid(c, mid, side, r, -lean[r]!, undefined, BAND));
  }
  // Band from the local level spacing: tall lumbar processes need a wide band, or their centroid
  // would follow the band instead of the bone; thoracic levels are close and need a narrow one.
  return out.map((l, k) => {
    const gaps = [out[k + 1], out[k - 1]].filter((o) => o !== undefined).map((o) => Math.abs(o.s - l.s));
    const gap = gaps.length ? Math.min(...gaps) : 20;
    return { ...l, band: Math.min(BAND_MAX, Math.max(BAND, BAND_FRACTION * gap)) };
  });
}

/**
 * du/ds of the midline per row: least-squares slope over ±LEAN_HALF rows (one-sided at the ends, where
 * a short central difference of the smoothed midline is unreliable).
 */
export function midlineSlope(mid: readonly number[]): number[] {
  return mid.map((_, r) => {
    const a = Math.max(0, r - LEAN_HALF),
      b = Math.min(mid.length - 1, r + LEAN_HALF);
    let sx = 0,
      sy = 0,
      sxx = 0,
      sxy = 0;
    const n = b - a + 1;
    for (let k = a; k <= b; k++) {
      sx += k;
      sy += mid[k]!;
      sxx += k * k;
      sxy += k * mid[k]!;
    }
    const den = n * sxx - sx * sx;
    return den > 0 ? (n * sxy - sx * sy) / den : 0;
  });
}

/**
 * Centroid of the lateral band's bone within BAND mm of the line through row `s` with slope `slope`
 * (ds/du, so that a tilted level is followed across its width).
 */
export function bandCentroid(
  c: Coronal,
  mid: readonly number[],
  side: -1 | 1,
  s: number,
  slope: number,
  anchorU: number | undefined,
  band: number,
): SideLandmark {
  const { nu, ns, data } = c;
  const r0 = Math.round(s);
  const ua = anchorU ?? mid[Math.min(ns - 1, Math.max(0, r0))]!;
  let su = 0,
    ss = 0,
    m = 0;
  const reach = Math.ceil(band) + Math.ceil(Math.abs(slope) * ZONE[1]) + 2;
  for (let r = Math.max(0, r0 - reach); r <= Math.min(ns - 1, r0 + reach); r++) {
    for (let d = ZONE[0]; d <= ZONE[1]; d++) {
      const x = Math.round(mid[r]! + side * d);
      if (x < 0 || x >= nu) continue;
      const w = data[x + nu * r]!;
      if (w === 0) continue;
      // Distance from the line s = s0 + slope (u - ua), measured along s (slopes are small).
      if (Math.abs(r - (s + slope * (x - ua))) > band) continue;
      su += w * x;
      ss += w * r;
      m += w;
    }
  }
  return m > 0 ? { u: su / m, s: ss / m, mass: m, band } : { u: ua + side * 15, s, mass: 0, band };
}

/** Mean bone along the segment a -> b on the coronal image, one sample per mm. */
export function lineScore(c: Coronal, a: SideLandmark, b: SideLandmark): number {
  const len = Math.hypot(b.u - a.u, b.s - a.s);
  const n = Math.max(2, Math.ceil(len));
  let sum = 0;
  for (let k = 0; k <= n; k++) {
    const u = a.u + ((b.u - a.u) * k) / n;
    const s = a.s + ((b.s - a.s) * k) / n;
    let best = 0;
    // Thick bars: the best of a 3x3 neighbourhood, so a line inside a bar scores fully.
    for (let dr = -1; dr <= 1; dr++)
      for (let dx = -1; dx <= 1; dx++) {
        const x = Math.round(u) + dx,
          r = Math.round(s) + dr;
        if (x >= 0 && x < c.nu && r >= 0 && r < c.ns)
          best = Math.max(best, c.data[x + c.nu * r]! > 0 ? 1 : 0);
      }
    sum += best;
  }
  return sum / (n + 1);
}

/**
 * Pairs left and right landmarks into levels: pairs whose joining line runs through bone (the level's
 * laminae and processes are one bar across the midline), chosen together as the order-preserving set
 * with the best total score (a greedy best-first choice could cross two levels' pairs); then each
 * pair's centroids are recomputed in a band along their own line. `lean` (du/ds per row) widens the
 * tilt gate to lines near it as well as near the midline's lean.
 */
export function pairLevels(
  c: Coronal,
  mid: readonly number[],
  left: readonly SideLandmark[],
  right: readonly SideLandmark[],
  lean?: readonly number[],
): { l: SideLandmark; r: SideLandmark }[] {
  const midLean = midlineSlope(mid);
  const deg = (slope: number) => (Math.atan(slope) * 180) / Math.PI;
  const cand: { i: number; j: number; score: number }[] = [];
  left.forEach((l, i) =>
    right.forEach((r, j) => {
      // The pair's tilt must be near the midline's lean there (they differ by the axial rotation's
      // effect on the posterior elements, ~10 degrees at most), which rules out pairing across levels;
      // or near `lean` (a first pass's level tilts), which follows sharp curves the midline smooths.
      const row = Math.min(c.ns - 1, Math.max(0, Math.round((l.s + r.s) / 2)));
      // The two sides of a level 40 degrees tilted are 40-50 mm apart along s: the gap is measured
      // from where `lean` expects the right side, not from the left side's row.
      const expected = lean ? -(r.u - l.u) * lean[row]! : 0;
      if (Math.abs(r.s - l.s - expected) > MAX_RISE) return;
      const tilt = (Math.atan2(-(r.s - l.s), r.u - l.u) * 180) / Math.PI;
      const dev = Math.min(
        Math.abs(tilt - deg(midLean[row]!)),
        lean ? Math.abs(tilt - deg(lean[row]!)) : Infinity,
      );
      if (dev > MAX_DEV) return;
      cand.push({ i, j, score: lineScore(c, l, r) - dev / 100 });
    }),
  );
  const chosen = monotoneMatch(left.length, right.length, cand);
  const pairs: { l: SideLandmark; r: SideLandmark }[] = [];
  for (const k of chosen) {
    let l = left[k.i]!,
      r = right[k.j]!;
    for (let it = 0; it < 3; it++) {
      const slope = (r.s - l.s) / (r.u - l.u);
      const sm = (l.s + r.s) / 2,
        um = (l.u + r.u) / 2;
      const band = Math.min(l.band, r.band);
      l = bandCentroid(c, mid, -1, sm + slope * (l.u - um), slope, l.u, band);
      r = bandCentroid(c, mid, 1, sm + slope * (r.u - um), slope, r.u, band);
    }
    if (l.mass > 0 && r.mass > 0) pairs.push({ l, r });
  }
  return pairs;
}

type Candidate = { i: number; j: number; score: number };

/**
 * The set of left-right pairs with the largest total score among those that keep the levels' order
 * (left i < i' paired with right j < j'): levels follow each other along the spine, so two pairs may
 * not cross. Landmarks may stay unpaired. Both lists must be sorted along the spine.
 */
function monotoneMatch(nl: number, nr: number, cand: Candidate[]): Candidate[] {
  const score = new Map<number, Candidate>();
  for (const c of cand) if (c.score >= MIN_SCORE) score.set(c.i * nr + c.j, c);
  // best[i][j]: best total using left < i and right < j.
  const best = Array.from({ length: nl + 1 }, () => new Float64Array(nr + 1));
  for (let i = 1; i <= nl; i++)
    for (let j = 1; j <= nr; j++) {
      const c = score.get((i - 1) * nr + (j - 1));
      best[i]![j] = Math.max(
        best[i - 1]![j]!,
        best[i]![j - 1]!,
        c ? best[i - 1]![j - 1]! + c.score : -Infinity,
      );
    }
  const out: Candidate[] = [];
  for (let i = nl, j = nr; i > 0 && j > 0;) {
    const c = score.get((i - 1) * nr + (j - 1));
    if (c && best[i]![j] === best[i - 1]![j - 1]! + c.score) {
      out.push(c);
      i--;
      j--;
    } else if (best[i]![j] === best[i - 1]![j]) i--;
    else j--;
  }
  return out.reverse();
}
