import { VolumeError } from './errors.js';
import type { VolumeGrid } from './types.js';
import { coronalImage, midline } from './coronal.js';
import type { Coronal } from './coronal.js';
import { lineScore, midlineSlope, pairLevels, sidePeaks, type SideLandmark } from './landmarks.js';
import { bonePoints, spineAxes } from './measure-util.js';
import { distanceMap, type DistanceMap } from './distance-map.js';
import { chooseTilts, mirrorCandidates, type FramePoints, type MirrorCandidate } from './mirror-fit.js';
import { fieldAt, tiltField, type TiltSample } from './tilt-field.js';

/** One vertebral level found in the label volume: transverse-process landmarks and its coronal tilt. */
export interface LevelLandmarks {
  /**
   * World (mm) ends of the level's left-right line (-u side, +u side): centred on the midpoint of its two
   * transverse-process landmarks, as long as they are apart, at the level's tilt (the landmarks themselves
   * when the mirror fit is off).
   */
  readonly left: readonly [number, number, number];
  readonly right: readonly [number, number, number];
  /** Position along the spine axis, mm (cranial larger). */
  readonly s: number;
  /**
   * Coronal tilt of the level, degrees: lean of its up axis towards +u. From the level's 3D mirror
   * plane (less its neighbours' pull, see unblend), or from the line joining its landmarks when the
   * mirror fit is off or found nothing.
   */
  readonly tiltDeg: number;
  /** Tilt of the line joining the two landmarks, degrees (the mirror fit's starting point). */
  readonly landmarkTiltDeg: number;
  /** Mean squared distance (mm^2) of the level's reflected bone from bone; undefined without a mirror fit. */
  readonly mirrorCost: number | undefined;
  /** Turn of the level's mirror-plane normal towards the depth axis (its axial rotation), degrees. */
  readonly mirrorRotationDeg: number | undefined;
  /** Lean of the coronal curve (through landmark midpoints) at the level, degrees (same sign convention). */
  readonly curveTangentDeg: number;
  /** False for a caudal end level whose tilt is not trusted as an end vertebra (see untrustedBottom). */
  readonly inCobb: boolean;
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

export interface MeasureOptions {
  /** Smallest tilt swing that makes a turning point (hysteresis), degrees. */
  readonly minCobbDeg?: number;
  /**
   * Refine each level's tilt by its 3D mirror plane and the tilt field (default true; ~3 s for a full
   * spine from the built package, ~11 s under tsx). Off, the tilts are the landmark lines' (~0.15 s):
   * what the live, every-few-seconds measurement uses.
   */
  readonly mirror?: boolean;
}

/**
 * Scoliosis measurement from a bone label volume (nonzero = bone), after the Ungi 2020 workflow.
 * The spine and lateral axes come from a PCA of the bone voxels (any scan orientation works; lateral =
 * second axis, since the posterior bone surface is wider than deep). The bone is projected onto the
 * coronal plane (an X-ray-like image); per side of the midline, each level's laminae, articular and
 * transverse processes form one blob in a lateral band; left and right blobs whose joining line runs
 * through bone are paired into a level (in two passes, the second straightening the bands along the
 * first's level tilts), and the line joining them is the level's first estimate of its left-right axis.
 * That axis is then refined in 3D (mirror-fit.ts): it is the normal of the plane about which the level's
 * bone best mirrors onto bone, which holds whatever the level's axial rotation and reads the tilt from
 * all of the level's visible bone rather than two blob centroids; the levels are found once more along
 * the tilt those planes trace (refineLevels), where the landmark passes put them wrong. Cobb angles are taken
 * as a reader does on a radiograph: curves run between turning points of the tilt sequence, the end
 * vertebrae are the most tilted ones. The curve's tangent is reported but not used: the posterior
 * elements rotate towards the concavity, so their curve under-reads the bodies' (docs/measure-accuracy.md).
 */
export function measureSpine(labels: VolumeGrid, options: MeasureOptions = {}): SpineMeasurement {
  const pts = bonePoints(labels);
  const n = pts.length / 3;
  if (n < 200) throw new VolumeError('VOLUME_NO_BONE', `only ${n} bone voxels: too few to measure`);
  const axes = spineAxes(pts);
  const S = new Float64Array(n),
    U = new Float64Array(n),
    W = new Float64Array(n);
  let wMean = 0;
  for (let i = 0; i < n; i++) {
    const x = pts[i * 3]!,
      y = pts[i * 3 + 1]!,
      z = pts[i * 3 + 2]!;
    S[i] = x * axes[0][0]! + y * axes[0][1]! + z * axes[0][2]!;
    U[i] = x * axes[1][0]! + y * axes[1][1]! + z * axes[1][2]!;
    W[i] = x * axes[2][0]! + y * axes[2][1]! + z * axes[2][2]!;
    wMean += W[i]! / n;
  }
  const img = coronalImage(U, S);
  const mid = midline(img);
  let pairs = cranialFirst(findLevels(img, mid));
  if (pairs.length < 3)
    throw new VolumeError('VOLUME_NO_BONE', `found ${pairs.length} vertebral levels: too few to measure`);
  let mirror: MirrorCandidate[] | undefined;
  if (options.mirror !== false) {
    const refined = refineLevels({ S, U, W, axes }, distanceMap(labels), img, mid, pairs);
    pairs = refined.pairs;
    mirror = refined.chosen;
  }
  const world = (u: number, s: number) =>
    [0, 1, 2].map((k) => s * axes[0][k]! + u * axes[1][k]! + wMean * axes[2][k]!) as [number, number, number];
  const { ms, mu, landmarkTilts } = levelGeometry(pairs, img);
  const fitted = mirror ? unblend(mirror.map((c) => c.tiltDeg)) : undefined;
  const dropBottom = mirror !== undefined && fitted !== undefined && untrustedBottom(fitted, mirror);
  const levels: LevelLandmarks[] = pairs.map((p, k) => {
    const tiltDeg = fitted?.[k] ?? landmarkTilts[k]!;
    // The drawn left-right line: through the landmarks' midpoint, as wide as they are, at the level's tilt.
    const half = Math.hypot(p.r.u - p.l.u, p.r.s - p.l.s) / 2;
    const du = half * Math.cos((tiltDeg * Math.PI) / 180),
      ds = -half * Math.sin((tiltDeg * Math.PI) / 180);
    return {
      left: world(mu[k]! - du, ms[k]! - ds),
      right: world(mu[k]! + du, ms[k]! + ds),
      s: ms[k]!,
      curveTangentDeg: (Math.atan(localSlope(ms, mu, k)) * 180) / Math.PI,
      tiltDeg,
      landmarkTiltDeg: landmarkTilts[k]!,
      mirrorCost: mirror?.[k]?.cost,
      mirrorRotationDeg: mirror?.[k]?.rotationDeg,
      inCobb: !(dropBottom && k === pairs.length - 1),
    };
  });
  // Only the last level can be left out, so the curves' level indices still index `levels`.
  const tilts = levels.filter((l) => l.inCobb).map((l) => l.tiltDeg);
  const curves = cobbCurves(tilts, options.minCobbDeg ?? 5);
  return {
    axes,
    levels,
    main: curves[0],
    secondary: curves[1],
    curve: levels.map((_, k) => [mu[k]!, ms[k]!] as const),
  };
}

/**
 * The mirror fit in two passes. The first fits the levels the landmarks found and traces the tilt field
 * from them; the second finds the levels again with the side bands straightened along the field and
 * fits those. Where a curve is steep and short, the landmark passes straighten along the midline or their
 * own level tilts, both wrong there, so levels smear into their neighbours or sit between vertebrae,
 * and no plane fits them; the field follows the tilt there (tilt-field.ts). But the field can also be
 * wrong (sparse lumbar labels), so the field pass is kept only where its levels mirror better and are
 * spaced more evenly.
 */
function refineLevels(
  frame: FramePoints,
  dm: DistanceMap,
  img: Coronal,
  mid: readonly number[],
  pairs: Pair[],
): { pairs: Pair[]; chosen: MirrorCandidate[] } {
  const midLean = midlineSlope(mid);
  const midDeg = (s: number) =>
    (Math.atan(midLean[Math.min(img.ns - 1, Math.max(0, Math.round(s - img.s0)))]!) * 180) / Math.PI;
  const first = mirrorTilts(frame, dm, levelGeometry(pairs, img), midDeg);
  if (!first.field.length) return { pairs, chosen: first.chosen };
  const field = first.field;
  const lean = fieldLean(field, img);
  const again = cranialFirst(
    pairLevels(img, mid, sidePeaks(img, mid, -1, lean), sidePeaks(img, mid, 1, lean), lean),
  );
  if (again.length < 3) return { pairs, chosen: first.chosen };
  const second = mirrorTilts(frame, dm, levelGeometry(again, img), midDeg, field);
  // A level between two vertebrae, or smeared into its neighbour, mirrors badly whatever its plane, and
  // a missed or doubled level breaks the spacing, which changes slowly along the spine.
  const score = (ps: Pair[], c: readonly MirrorCandidate[]) =>
    c.reduce((sum, x) => sum + x.cost, 0) / c.length +
    SPACING_WEIGHT * spacingIrregularity(levelGeometry(ps, img).ms);
  return score(again, second.chosen) < score(pairs, first.chosen)
    ? { pairs: again, chosen: second.chosen }
    : { pairs, chosen: first.chosen };
}

/**
 * Each level's tilt from its 3D mirror plane (mirror-fit.ts), searched around its landmark line's tilt
 * and around the tilt field's value at the level (`field`, or traced here from the best-fitting level of
 * a first choice); the level's bone is the slab half-way to its neighbours; the candidates of all
 * levels are chosen together so that the tilt sequence bends no more than the spine does.
 */
function mirrorTilts(
  pts: FramePoints,
  dm: DistanceMap,
  geo: LevelGeometry,
  midDeg: (s: number) => number,
  given?: readonly TiltSample[],
): { chosen: MirrorCandidate[]; field: readonly TiltSample[] } {
  const { ms: s, mu: u, landmarkTilts: startDeg } = geo;
  const bands = s.map((sk, k) => {
    const gaps = [s[k - 1], s[k + 1]].filter((x) => x !== undefined).map((x) => Math.abs(x - sk));
    return SLAB_FRACTION * (gaps.length ? Math.min(...gaps) : 20);
  });
  const cands = s.map((sk, k) =>
    mirrorCandidates(pts, dm, { s: sk, u: u[k]!, startDeg: startDeg[k]! }, bands[k]!),
  );
  let field = given;
  if (!field) {
    const first = chooseTilts(cands, startDeg, BEND_DEG);
    // The field starts from the best fit among the middle half (the ends are where landmarks go wrong).
    let seed = -1;
    for (let k = Math.floor(s.length / 4); k < Math.ceil((3 * s.length) / 4); k++)
      if (cands[k]!.length && (seed < 0 || first[k]!.cost < first[seed]!.cost)) seed = k;
    if (seed < 0) return { chosen: first, field: [] };
    field = tiltField(
      pts,
      dm,
      { s: s[seed]!, tiltDeg: first[seed]!.tiltDeg, rotationDeg: first[seed]!.rotationDeg },
      Math.min(...s) - FIELD_MARGIN,
      Math.max(...s) + FIELD_MARGIN,
      (x) => interpolate(s, u, x),
      midDeg,
    );
  }
  const samples = field;
  const more = s.map((sk, k) => {
    const f = fieldAt(samples, sk);
    const own = cands[k]!;
    // Where the field agrees with a candidate the level already has, its fit would find that candidate.
    if (!f || own.some((c) => Math.abs(c.tiltDeg - f.tiltDeg) < FIELD_SEARCH_DEG / 2)) return own;
    const [extra] = mirrorCandidates(pts, dm, { s: sk, u: u[k]!, startDeg: f.tiltDeg }, bands[k]!, {
      tiltRangeDeg: FIELD_SEARCH_DEG,
      rotationDeg: f.rotationDeg,
      rotationRangeDeg: 12,
      candidates: 1,
    });
    return withClearlyBetter(own, extra);
  });
  const rescued = more.map((own, k) =>
    k === 0 || k === s.length - 1
      ? own
      : rescueBadFit(pts, dm, { s: s[k]!, u: u[k]!, band: bands[k]! }, own, midDeg),
  );
  return { chosen: chooseTilts(rescued, startDeg, BEND_DEG), field };
}

/**
 * A level whose best plane mirrors badly (> BAD_FIT mm^2, where a level on a vertebra scores 0.3-3) was
 * searched in the wrong place: its landmark line, the start of its search, can be 30 degrees off at a
 * steep top (held-out D 5312: T3 tilts +24, its line and the field both said -8). It is searched again over
 * ±RESCUE_RANGE_DEG around the midline's lean, independent of both; a plane found there replaces its
 * candidates only when it mirrors clearly better and well, as the field's does. Not at the end levels,
 * whose slab has a neighbour on one side only: a sparse L5 found a plane at -56 degrees (a 77 degree jump)
 * that mirrored "well" (docs/measure-accuracy.md, Round 8).
 */
function rescueBadFit(
  pts: FramePoints,
  dm: DistanceMap,
  level: { s: number; u: number; band: number },
  own: MirrorCandidate[],
  midDeg: (s: number) => number,
): MirrorCandidate[] {
  if (!own.length) return own;
  const bestOwn = Math.min(...own.map((c) => c.cost));
  if (bestOwn <= BAD_FIT) return own;
  const start = { s: level.s, u: level.u, startDeg: midDeg(level.s) };
  const [wide] = mirrorCandidates(pts, dm, start, level.band, {
    tiltRangeDeg: RESCUE_RANGE_DEG,
    candidates: 1,
  });
  return withClearlyBetter(own, wide);
}

/**
 * A level's candidates with `extra` (a plane found by a second search) in front, when it mirrors clearly
 * better than all of them and well: a merely different plane gives the sequence choice a smooth-looking
 * wrong path, and at a level whose slab holds parts of two vertebrae every plane fits badly. Candidates
 * far worse than it are dropped, so that the bend penalty cannot pick them.
 */
function withClearlyBetter(own: MirrorCandidate[], extra: MirrorCandidate | undefined): MirrorCandidate[] {
  const bestOwn = Math.min(...own.map((c) => c.cost));
  if (!extra || extra.cost >= FIELD_GAIN * bestOwn || extra.cost >= FIELD_MAX_COST) return own;
  return [extra, ...own.filter((c) => c.cost < extra.cost / FIELD_GAIN)];
}

/** A level's best mirror cost above which its plane is searched again, independent of its start (mm^2). */
const BAD_FIT = 4.5;
/** Tilts searched around the midline's lean for such a level, degrees. */
const RESCUE_RANGE_DEG = 45;

/** Where the levels are on the coronal image: centre (s, u, mm) and landmark-line tilt (degrees). */
interface LevelGeometry {
  readonly ms: number[];
  readonly mu: number[];
  readonly landmarkTilts: number[];
}

function levelGeometry(pairs: readonly Pair[], img: Coronal): LevelGeometry {
  return {
    ms: pairs.map((p) => img.s0 + (p.l.s + p.r.s) / 2),
    mu: pairs.map((p) => img.u0 + (p.l.u + p.r.u) / 2),
    landmarkTilts: pairs.map((p) => (Math.atan2(-(p.r.s - p.l.s), p.r.u - p.l.u) * 180) / Math.PI),
  };
}

function cranialFirst(pairs: Pair[]): Pair[] {
  return pairs.sort((a, b) => b.l.s + b.r.s - a.l.s - a.r.s);
}

/** Per image row, the lean (du/ds) of the field's tilt, linear between samples. */
function fieldLean(field: readonly TiltSample[], img: Coronal): number[] {
  const s = field.map((f) => f.s),
    tilt = field.map((f) => f.tiltDeg);
  return Array.from({ length: img.ns }, (_, r) =>
    Math.tan((interpolate(s, tilt, img.s0 + r) * Math.PI) / 180),
  );
}

/**
 * Mean squared log ratio of consecutive gaps between levels (s in order): 0 for even spacing, ~0.5 per
 * level missed or doubled, spread over the levels.
 */
export function spacingIrregularity(s: readonly number[]): number {
  const gaps = s.slice(1).map((x, k) => Math.max(1, Math.abs(x - s[k]!)));
  if (gaps.length < 2) return 0;
  let sum = 0;
  for (let k = 1; k < gaps.length; k++) sum += Math.log(gaps[k]! / gaps[k - 1]!) ** 2;
  return sum / (gaps.length - 1);
}

/**
 * Weight of the spacing irregularity against the mean mirror cost (mm^2) when choosing between the two
 * level sets: chosen on all 252 development cases (docs/measure-accuracy.md, Round 7).
 */
const SPACING_WEIGHT = 3;

/** The tilt field reaches this far beyond the end levels, mm. */
const FIELD_MARGIN = 10;
/** A field candidate joins a level's own only when its mirror cost is below this fraction of theirs. */
const FIELD_GAIN = 0.8;
/** ... and only when that cost is below this (mm^2; a level that mirrors well scores 0.3-3, the cap 16). */
const FIELD_MAX_COST = 4;
/** Tilts searched around the field's value at a level, degrees. */
const FIELD_SEARCH_DEG = 6;

/** Piecewise-linear y(x) through the points (x in any order), held beyond the ends. */
function interpolate(xs: readonly number[], ys: readonly number[], x: number): number {
  const order = xs.map((_, k) => k).sort((a, b) => xs[a]! - xs[b]!);
  if (x <= xs[order[0]!]!) return ys[order[0]!]!;
  for (let k = 1; k < order.length; k++) {
    const a = order[k - 1]!,
      b = order[k]!;
    if (x <= xs[b]!) return ys[a]! + ((x - xs[a]!) / (xs[b]! - xs[a]! || 1)) * (ys[b]! - ys[a]!);
  }
  return ys[order[order.length - 1]!]!;
}

/**
 * A level's slab also holds some of its neighbours' bone (the articular processes interlock), so its
 * mirror tilt is pulled towards theirs: t_fit ~ (1 - 2w) t + w (t_above + t_below). To first order the
 * level's own tilt is t_fit + UNBLEND (t_fit - mean of the neighbours), UNBLEND = 2w / (1 - 2w); 0.1
 * (w ~ 0.045) removed most of the under-reading on the development sets (mean Cobb error -0.7 -> +0.1
 * degrees on dev-h) while larger values amplify the per-level noise more than they remove bias. The end
 * levels have one neighbour and are left as fitted.
 */
function unblend(t: readonly number[]): number[] {
  return t.map((x, k) =>
    k === 0 || k === t.length - 1 ? x : x + UNBLEND * (x - (t[k - 1]! + t[k + 1]!) / 2),
  );
}

const UNBLEND = 0.1;

/** A level's slab reaches this fraction of the way to its nearest neighbour (either side). */
const SLAB_FRACTION = 0.5;
/** Scale of the tilt sequence's second difference in chooseTilts, degrees. */
const BEND_DEG = 10;

/**
 * The caudal end level is not used as an end vertebra when it jumps more than BOTTOM_JUMP_DEG from its
 * neighbour while mirroring worse than BOTTOM_COST_RATIO x the median level. With one neighbour, the
 * bend penalty hardly sees a spike there, and the last lumbar level's labels are the sparsest of the
 * sweep (deep, under lordosis): its best plane can be 40 degrees off (dev-h 5631 L5 +46 where the truth
 * is 0, a +20 degree Cobb error). The cranial end is left alone: curves ending steeply at T2/T3 jump as
 * much there and mirror as badly, and are true end vertebrae (docs/measure-accuracy.md, Round 8).
 */
export function untrustedBottom(tilts: readonly number[], fits: readonly MirrorCandidate[]): boolean {
  const n = tilts.length;
  if (n < 4 || fits.length !== n) return false;
  const costs = fits.map((f) => f.cost).sort((a, b) => a - b);
  const median = costs[n >> 1]!;
  return (
    Math.abs(tilts[n - 1]! - tilts[n - 2]!) > BOTTOM_JUMP_DEG &&
    fits[n - 1]!.cost > BOTTOM_COST_RATIO * median
  );
}

const BOTTOM_JUMP_DEG = 15;
const BOTTOM_COST_RATIO = 1.5;

/**
 * Curves between turning points of the tilt sequence (cranial to caudal), largest first. A turning
 * point is a tilt extreme that the sequence then leaves by more than `minDeg` (hysteresis: smaller
 * wiggles are measurement noise); a curve's end vertebrae are the extremes, its angle their difference.
 */
export function cobbCurves(t: readonly number[], minDeg: number): CobbMeasure[] {
  if (t.length < 2) return [];
  const turning: number[] = [0];
  let ext = 0;
  let dir = 0;
  for (let i = 1; i < t.length; i++) {
    if (dir === 0) {
      if (Math.abs(t[i]! - t[0]!) >= minDeg) {
        dir = Math.sign(t[i]! - t[0]!);
        ext = i;
      } else if (Math.abs(t[i]! - t[0]!) > Math.abs(t[ext]! - t[0]!)) ext = i;
      // Once a direction is known, the curve starts at the opposite extreme seen so far (the minimum
      // before a rise), not at the first level.
      if (dir !== 0) {
        let best = 0;
        for (let k = 0; k < i; k++) if (dir * (t[k]! - t[best]!) < 0) best = k;
        turning[0] = best;
      }
      continue;
    }
    if (dir * (t[i]! - t[ext]!) > 0) ext = i;
    else if (dir * (t[ext]! - t[i]!) >= minDeg) {
      turning.push(ext);
      dir = -dir;
      ext = i;
    }
  }
  if (dir !== 0) turning.push(ext);
  const curves: CobbMeasure[] = [];
  for (let k = 0; k + 1 < turning.length; k++) {
    const i = turning[k]!,
      j = turning[k + 1]!;
    const d = t[j]! - t[i]!;
    if (Math.abs(d) < minDeg) continue;
    // Going caudally (i -> j) the tilt decreases for a curve convex to +u.
    curves.push({
      cobbDeg: Math.abs(d),
      upperLevel: i,
      lowerLevel: j,
      convexity: d < 0 ? 'positive-u' : 'negative-u',
    });
  }
  return curves.sort((a, b) => b.cobbDeg - a.cobbDeg);
}

type Pair = { l: SideLandmark; r: SideLandmark };

/**
 * Levels in two passes. The first straightens the side bands along the midline, whose lean lags the
 * levels' tilt where a curve is sharp (the midline is smoothed over ~2 levels, and the rotated
 * posterior elements under-read the bodies' tilt), so steep levels smear and pair wrongly; the second
 * straightens along the first pass's own level tilts. The pass whose pairs run through more bone wins.
 */
function findLevels(img: Coronal, mid: readonly number[]): Pair[] {
  const first = pairLevels(img, mid, sidePeaks(img, mid, -1), sidePeaks(img, mid, 1));
  const lean = levelLean(first, img.ns);
  const second = pairLevels(img, mid, sidePeaks(img, mid, -1, lean), sidePeaks(img, mid, 1, lean), lean);
  const bone = (ps: readonly Pair[]) => ps.reduce((sum, p) => sum + lineScore(img, p.l, p.r), 0);
  return bone(second) > bone(first) ? second : first;
}

/**
 * Per image row, the lean (du/ds) perpendicular to the levels' lines: each level's line slope, median
 * with its two neighbours (one mispaired level does not bend the field), interpolated between levels
 * and held beyond the ends. The two levels at each end keep their own slope: with neighbours on one
 * side only, the median would flatten a true steep end vertebra (a curve ending at T2).
 */
function levelLean(pairs: readonly Pair[], rows: number): number[] {
  const pts = pairs
    .map((p) => ({ s: (p.l.s + p.r.s) / 2, slope: (p.r.s - p.l.s) / (p.r.u - p.l.u) }))
    .sort((a, b) => a.s - b.s);
  if (pts.length === 0) return new Array<number>(rows).fill(0);
  const med = pts.map((p, k) =>
    k < 2 || k >= pts.length - 2
      ? p.slope
      : [pts[k - 1]!.slope, p.slope, pts[k + 1]!.slope].sort((a, b) => a - b)[1]!,
  );
  return Array.from({ length: rows }, (_, r) => {
    let k = 0;
    while (k < pts.length && pts[k]!.s < r) k++;
    if (k === 0) return -med[0]!;
    if (k === pts.length) return -med[pts.length - 1]!;
    const f = (r - pts[k - 1]!.s) / (pts[k]!.s - pts[k - 1]!.s);
    return -(med[k - 1]! + f * (med[k]! - med[k - 1]!));
  });
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
