import { sampleDistance, type DistanceMap } from './distance-map.js';

/**
 * A vertebra is mirror-symmetric about its own sagittal plane, in 3D, whatever its axial rotation (the
 * coronal projection is not: a rotated level shows one side foreshortened). So a level's left-right axis
 * is the normal of the plane about which its bone best maps onto the bone: reflect the level's bone
 * points and ask the distance map how far each lands from bone. This reads the level's tilt from all of
 * its visible bone (laminae, articular and transverse processes, spinous process, rib heads), not from
 * two blob centroids, which is what kept the landmark method at ~2 degrees per level.
 */

/** Bone points in the measurement frame (spine s, lateral u, depth w) and that frame's world axes. */
export interface FramePoints {
  readonly S: Float64Array;
  readonly U: Float64Array;
  readonly W: Float64Array;
  readonly axes: readonly [readonly number[], readonly number[], readonly number[]];
}

/** One local optimum of a level's mirror plane. */
export interface MirrorCandidate {
  /** Coronal tilt of the plane's normal (the level's left-right axis), degrees, as LevelLandmarks.tiltDeg. */
  readonly tiltDeg: number;
  /** Turn of the normal out of the coronal plane (towards +w), degrees: the level's axial rotation. */
  readonly rotationDeg: number;
  /** Mean squared distance (mm^2, each capped at CAP^2) from the reflected points to bone. */
  readonly cost: number;
}

/** Reflected points further than this from bone count as this far (mm): other levels' bone, gaps. */
const CAP = 4;
/** Lateral reach of a level's bone around its centre, mm (out past the transverse-process tips). */
const LATERAL = 50;
/** Tilts searched around the starting tilt, degrees, and the step of the coarse profile. */
const TILT_RANGE = 20;
const TILT_STEP = 2;
/** Rotations searched (degrees; up to the 60 degree curves' ~25 degrees of apical rotation). */
const ROTATION_RANGE = 30;
const ROTATION_STEP = 6;
/** Points per level used for the fit (subsampled): enough for a 0.2 degree optimum, fast. */
const MAX_POINTS = 3000;
/** Local optima kept per level for the sequence choice (chooseTilts). */
const CANDIDATES = 4;
const DEG = Math.PI / 180;

/** Where mirrorCandidates searches: ±tiltRangeDeg around the start, rotations ±rotationRangeDeg around rotationDeg. */
export interface MirrorSearch {
  readonly tiltRangeDeg?: number;
  readonly rotationDeg?: number;
  readonly rotationRangeDeg?: number;
  /** Local optima refined and returned (default CANDIDATES). */
  readonly candidates?: number;
  /** Bone points used (subsampled; default MAX_POINTS). */
  readonly maxPoints?: number;
}

type Params = [tilt: number, rotation: number, offset: number];
type Probe = { c: number; p: Params };

/**
 * The best mirror planes of the level centred at (s, u) whose landmark line tilts `startDeg`: the
 * plane's tilt is profiled over ±TILT_RANGE (rotation and offset optimised coarsely at each), and the
 * profile's lowest local optima are refined by pattern search, best first. The level's bone is the
 * points within `band` mm of the candidate plane's own level line (the slab turns with the candidate,
 * so a steep level is not cut by its neighbour's slab).
 */
export function mirrorCandidates(
  pts: FramePoints,
  dm: DistanceMap,
  level: { s: number; u: number; startDeg: number },
  band: number,
  search: MirrorSearch = {},
): MirrorCandidate[] {
  const tiltRange = search.tiltRangeDeg ?? TILT_RANGE;
  const rot0 = search.rotationDeg ?? 0;
  const rotRange = search.rotationRangeDeg ?? ROTATION_RANGE;
  const { S, U, W, axes } = pts;
  const [as, au, aw] = axes;
  const a0 = level.startDeg * DEG;
  // Superset: every point that could fall in the slab of any searched tilt.
  const reach = band + LATERAL * Math.sin(tiltRange * DEG);
  const sel: number[] = [];
  for (let i = 0; i < S.length; i++) {
    const du = U[i]! - level.u,
      ds = S[i]! - level.s;
    if (Math.abs(du) > LATERAL) continue;
    if (Math.abs(du * Math.sin(a0) + ds * Math.cos(a0)) <= reach) sel.push(i);
  }
  const step = Math.max(1, Math.floor(sel.length / (search.maxPoints ?? MAX_POINTS)));
  const idx = sel.filter((_, j) => j % step === 0);
  if (idx.length < 50) return [];
  let wMean = 0;
  for (const i of idx) wMean += W[i]! / idx.length;

  const cost = (alpha: number, beta: number, offset: number): number => {
    const ca = Math.cos(alpha),
      sa = Math.sin(alpha),
      cb = Math.cos(beta),
      sb = Math.sin(beta);
    const ns = -sa * cb,
      nu = ca * cb,
      nw = sb;
    const d = ns * level.s + nu * level.u + nw * wMean + offset;
    let sum = 0,
      count = 0;
    for (const i of idx) {
      const s = S[i]!,
        u = U[i]!,
        w = W[i]!;
      if (Math.abs((u - level.u) * sa + (s - level.s) * ca) > band) continue;
      count++;
      const t = 2 * (ns * s + nu * u + nw * w - d);
      const s2 = s - t * ns,
        u2 = u - t * nu,
        w2 = w - t * nw;
      const x = s2 * as[0]! + u2 * au[0]! + w2 * aw[0]!;
      const y = s2 * as[1]! + u2 * au[1]! + w2 * aw[1]!;
      const z = s2 * as[2]! + u2 * au[2]! + w2 * aw[2]!;
      const dist = Math.min(sampleDistance(dm, x, y, z, CAP), CAP);
      sum += dist * dist;
    }
    return count < 50 ? Infinity : sum / count;
  };

  // Rotation and offset once, coarsely, at the starting tilt; then the tilt profile outwards from there,
  // each tilt starting from its neighbour's rotation and offset (they change slowly with the tilt).
  let start: Probe = { c: Infinity, p: [a0, 0, 0] };
  for (let db = -rotRange; db <= rotRange; db += ROTATION_STEP)
    for (const off of [-4, 0, 4]) {
      const p: Params = [a0, (rot0 + db) * DEG, off];
      const c = cost(...p);
      if (c < start.c) start = { c, p };
    }
  const steps = Math.round(tiltRange / TILT_STEP);
  const profile = new Array<Probe>(2 * steps + 1);
  profile[steps] = start;
  for (const dir of [-1, 1]) {
    let prev = start;
    for (let k = 1; k <= steps; k++) {
      const alpha = a0 + dir * k * TILT_STEP * DEG;
      let best: Probe = { c: Infinity, p: [alpha, prev.p[1], prev.p[2]] };
      for (const db of [-ROTATION_STEP, 0, ROTATION_STEP])
        for (const off of [-2, 0, 2]) {
          const p: Params = [alpha, prev.p[1] + db * DEG, prev.p[2] + off];
          const c = cost(...p);
          if (c < best.c) best = { c, p };
        }
      profile[steps + dir * k] = best;
      prev = best;
    }
  }
  const optima = profile
    .filter((x, k) => {
      const before = profile[k - 1],
        after = profile[k + 1];
      return (
        x.c < Infinity && (before === undefined || before.c >= x.c) && (after === undefined || after.c > x.c)
      );
    })
    .sort((a, b) => a.c - b.c)
    .slice(0, search.candidates ?? CANDIDATES);
  return optima.map((o) => refine(cost, o.p, o.c)).sort((a, b) => a.cost - b.cost);
}

/** Pattern search from p (tilt, rotation in radians; offset in mm), halving the steps when stuck. */
function refine(
  cost: (a: number, b: number, o: number) => number,
  start: Params,
  startCost: number,
): MirrorCandidate {
  let p = start;
  let best = startCost;
  let steps = [1 * DEG, 3 * DEG, 1.5];
  for (let it = 0; it < 60 && steps[0]! > 0.1 * DEG; it++) {
    let moved = false;
    for (let k = 0; k < 3; k++)
      for (const sign of [-1, 1]) {
        const q = p.slice() as Params;
        q[k]! += sign * steps[k]!;
        const c = cost(...q);
        if (c < best) {
          best = c;
          p = q;
          moved = true;
        }
      }
    if (!moved) steps = steps.map((x) => x / 2);
  }
  return { tiltDeg: p[0] / DEG, rotationDeg: p[1] / DEG, cost: best };
}

/**
 * One candidate per level (cranial to caudal) minimising the summed mirror costs plus a bending penalty
 * ((second difference of the tilts) / bendDeg)^2: a wrong optimum (a plane that maps one level's
 * process onto the neighbour's) is a spike in the tilt sequence, while a true end vertebra bends the
 * sequence only as much as the curve does. Dynamic programming over (level, candidate, previous
 * candidate). Levels without candidates keep `fallbackDeg`.
 */
export function chooseTilts(
  cands: readonly (readonly MirrorCandidate[])[],
  fallbackDeg: readonly number[],
  bendDeg: number,
): MirrorCandidate[] {
  const C: MirrorCandidate[][] = cands.map((c, k) =>
    c.length ? [...c] : [{ tiltDeg: fallbackDeg[k]!, rotationDeg: 0, cost: 0 }],
  );
  const L = C.length;
  if (L === 0) return [];
  // best[k][i][j]: lowest total with candidate i at level k and j at k-1; back = candidate at k-2.
  const best: { v: number; back: number }[][][] = [C[0]!.map((c) => [{ v: c.cost, back: -1 }])];
  for (let k = 1; k < L; k++) {
    best.push(
      C[k]!.map((ci) =>
        C[k - 1]!.map((cj, j) => {
          let b = { v: Infinity, back: -1 };
          best[k - 1]![j]!.forEach((st, h) => {
            const bend = k >= 2 ? (C[k - 2]![h]!.tiltDeg - 2 * cj.tiltDeg + ci.tiltDeg) / bendDeg : 0;
            const v = st.v + bend * bend + ci.cost;
            if (v < b.v) b = { v, back: h };
          });
          return b;
        }),
      ),
    );
  }
  let end = { i: 0, j: 0, v: Infinity };
  best[L - 1]!.forEach((row, i) => row.forEach((st, j) => st.v < end.v && (end = { i, j, v: st.v })));
  const pick = new Array<number>(L);
  pick[L - 1] = end.i;
  if (L >= 2) pick[L - 2] = end.j;
  for (let k = L - 1; k >= 2; k--) pick[k - 2] = best[k]![pick[k]!]![pick[k - 1]!]!.back;
  return pick.map((i, k) => C[k]![i]!);
}
