import { SegmentError } from './errors.js';

/** Overlap and surface-distance figures of a predicted mask against the truth. */
export interface MaskMetrics {
  readonly dice: number;
  readonly jaccard: number;
  readonly precision: number;
  readonly recall: number;
  /** Symmetric Hausdorff distance between the two boundaries (Infinity when only one mask is empty). */
  readonly hausdorffPx: number;
  /** 95th percentile of the pooled boundary-to-boundary distances (both directions). */
  readonly hausdorff95Px: number;
  /** Average symmetric surface distance: mean of all boundary-to-other-boundary distances. */
  readonly assdPx: number;
  /** The same distances in mm, present when a pixel spacing was given. */
  readonly hausdorffMm?: number;
  readonly hausdorff95Mm?: number;
  readonly assdMm?: number;
}

/** Pixel spacing in mm (x = column step, y = row step). */
export interface Spacing {
  readonly x: number;
  readonly y: number;
}

/** Ratio with an empty denominator: 1 when the numerator side is also empty (both masks agree). */
const ratio = (num: number, den: number): number => (den === 0 ? 1 : num / den);

/** Dice, Jaccard, precision and recall of 0/non-0 masks of equal length. */
export function overlap(
  pred: Uint8Array,
  truth: Uint8Array,
): { dice: number; jaccard: number; precision: number; recall: number } {
  if (pred.length !== truth.length) {
    throw new SegmentError('SEG_SHAPE', `masks differ in size: ${pred.length} vs ${truth.length}`);
  }
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < pred.length; i++) {
    const p = pred[i] !== 0;
    const t = truth[i] !== 0;
    if (p && t) tp++;
    else if (p) fp++;
    else if (t) fn++;
  }
  return {
    dice: ratio(2 * tp, 2 * tp + fp + fn),
    jaccard: ratio(tp, tp + fp + fn),
    // An empty prediction has no false positives; it is only "precise" if nothing was there to find.
    precision: tp + fp === 0 ? (fn === 0 ? 1 : 0) : tp / (tp + fp),
    recall: tp + fn === 0 ? (fp === 0 ? 1 : 0) : tp / (tp + fn),
  };
}

/** Boundary pixels: foreground with a 4-neighbour that is background or outside the frame. */
export function boundary(mask: Uint8Array, width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (mask[i] === 0) continue;
      const edge =
        x === 0 ||
        y === 0 ||
        x === width - 1 ||
        y === height - 1 ||
        mask[i - 1] === 0 ||
        mask[i + 1] === 0 ||
        mask[i - width] === 0 ||
        mask[i + width] === 0;
      if (edge) out[i] = 1;
    }
  }
  return out;
}

/** Exact 1-D squared distance transform (Felzenszwalb & Huttenlocher) on positions i*step. */
function edt1d(
  f: Float64Array,
  n: number,
  step: number,
  d: Float64Array,
  v: Int32Array,
  z: Float64Array,
): void {
  let k = 0;
  v[0] = 0;
  z[0] = -Infinity;
  z[1] = Infinity;
  for (let q = 1; q < n; q++) {
    if (f[q] === Infinity) continue;
    if (f[v[0]!] === Infinity) {
      v[0] = q;
      continue;
    }
    const xq = q * step;
    for (;;) {
      const p = v[k]!;
      const xp = p * step;
      const s = (f[q]! + xq * xq - (f[p]! + xp * xp)) / (2 * (xq - xp));
      if (s <= z[k]! && k > 0) {
        k--;
        continue;
      }
      k++;
      v[k] = q;
      z[k] = s;
      z[k + 1] = Infinity;
      break;
    }
  }
  k = 0;
  for (let q = 0; q < n; q++) {
    while (z[k + 1]! < q * step) k++;
    const p = v[k]!;
    const dx = (q - p) * step;
    d[q] = f[p] === Infinity ? Infinity : dx * dx + f[p]!;
  }
}

/** Euclidean distance (with spacing) from every pixel to the nearest non-zero pixel of `seeds`. */
export function distanceTransform(
  seeds: Uint8Array,
  width: number,
  height: number,
  spacing: Spacing,
): Float64Array {
  const n = Math.max(width, height);
  const f = new Float64Array(n);
  const d = new Float64Array(n);
  const v = new Int32Array(n);
  const z = new Float64Array(n + 1);
  const g = new Float64Array(width * height);
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) f[y] = seeds[y * width + x] !== 0 ? 0 : Infinity;
    edt1d(f, height, spacing.y, d, v, z);
    for (let y = 0; y < height; y++) g[y * width + x] = d[y]!;
  }
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) f[x] = g[row + x]!;
    edt1d(f, width, spacing.x, d, v, z);
    for (let x = 0; x < width; x++) g[row + x] = Math.sqrt(d[x]!);
  }
  return g;
}

function surfaceDistances(
  a: Uint8Array,
  b: Uint8Array,
  width: number,
  height: number,
  spacing: Spacing,
): { hd: number; hd95: number; assd: number } {
  const ea = boundary(a, width, height);
  const eb = boundary(b, width, height);
  const na = ea.reduce((s, v) => s + v, 0);
  const nb = eb.reduce((s, v) => s + v, 0);
  if (na === 0 && nb === 0) return { hd: 0, hd95: 0, assd: 0 };
  if (na === 0 || nb === 0) return { hd: Infinity, hd95: Infinity, assd: Infinity };
  const da = distanceTransform(ea, width, height, spacing);
  const db = distanceTransform(eb, width, height, spacing);
  const all = new Float64Array(na + nb);
  let k = 0;
  for (let i = 0; i < ea.length; i++) {
    if (ea[i] !== 0) all[k++] = db[i]!;
    if (eb[i] !== 0) all[k++] = da[i]!;
  }
  all.sort();
  let sum = 0;
  for (const x of all) sum += x;
  const i95 = Math.min(all.length - 1, Math.ceil(0.95 * all.length) - 1);
  return { hd: all[all.length - 1]!, hd95: all[i95]!, assd: sum / all.length };
}

/**
 * All figures of `pred` against `truth` (0/non-0 masks, width x height). Surface distances are in pixels,
 * and also in mm when `spacingMm` is given.
 */
export function compareMasks(
  pred: Uint8Array,
  truth: Uint8Array,
  width: number,
  height: number,
  spacingMm?: Spacing,
): MaskMetrics {
  const o = overlap(pred, truth);
  if (pred.length !== width * height) {
    throw new SegmentError('SEG_SHAPE', `mask has ${pred.length} pixels, want ${width}x${height}`);
  }
  const px = surfaceDistances(pred, truth, width, height, { x: 1, y: 1 });
  const base = { ...o, hausdorffPx: px.hd, hausdorff95Px: px.hd95, assdPx: px.assd };
  if (!spacingMm) return base;
  const mm = surfaceDistances(pred, truth, width, height, spacingMm);
  return { ...base, hausdorffMm: mm.hd, hausdorff95Mm: mm.hd95, assdMm: mm.assd };
}

/** Mean of each figure over frames (Infinity distances are skipped and counted). */
export function meanMetrics(all: readonly MaskMetrics[]): Record<string, number> {
  const out: Record<string, number> = { frames: all.length };
  const keys = new Set(all.flatMap((m) => Object.keys(m)));
  for (const key of keys) {
    const vals = all.map((m) => (m as unknown as Record<string, number | undefined>)[key]);
    const finite = vals.filter((v): v is number => v !== undefined && Number.isFinite(v));
    out[key] = finite.length ? finite.reduce((s, v) => s + v, 0) / finite.length : NaN;
    if (finite.length < vals.length) out[`${key}Undefined`] = vals.length - finite.length;
  }
  return out;
}
