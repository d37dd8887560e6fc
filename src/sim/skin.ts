import type { LevelTruth } from './phantom.js';

/**
 * The back's skin as a height field over (x, z): y = skinY(x, z), the posterior surface of the body.
 * Over the midline it lies `softTissue` behind the spinous tips, with paraspinal muscle mounds either
 * side and the trunk curving forwards laterally. Sampled per millimetre of z for speed.
 */
export interface Skin {
  readonly zMin: number;
  readonly zMax: number;
  /** Skin y at (x, z), mm (Reference frame, RAS). */
  readonly y: (x: number, z: number) => number;
  /** Lateral position of the midline groove at height z. */
  readonly midX: (z: number) => number;
  /** Soft tissue thickness (skin to spinous tips) at z: drives fat/muscle layer depths. */
  readonly tissue: (z: number) => number;
}

export function buildSkin(
  levels: readonly LevelTruth[],
  softTissueMm: readonly [number, number],
  scale: number,
): Skin {
  // Tips cranial->caudal; sample by z ascending.
  const tips = levels
    .map((l, i) => ({ z: l.spinousTip[2], x: l.spinousTip[0], y: l.spinousTip[1], lumbar: i >= 12 }))
    .sort((a, b) => a.z - b.z);
  const zMin = tips[0]!.z - 40 * scale;
  const zMax = tips[tips.length - 1]!.z + 40 * scale;
  const n = Math.ceil(zMax - zMin) + 1;
  const midX = new Float64Array(n);
  const midY = new Float64Array(n);
  const tissue = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const z = zMin + k;
    let j = 0;
    while (j < tips.length - 2 && tips[j + 1]!.z < z) j++;
    const a = tips[j]!;
    const b = tips[j + 1]!;
    const t = Math.min(Math.max((z - a.z) / (b.z - a.z), -1), 2);
    const ta = a.lumbar ? softTissueMm[1] : softTissueMm[0];
    const tb = b.lumbar ? softTissueMm[1] : softTissueMm[0];
    midX[k] = a.x + (b.x - a.x) * t;
    tissue[k] = (ta + (tb - ta) * Math.min(Math.max(t, 0), 1)) * scale;
    midY[k] = a.y + (b.y - a.y) * t - tissue[k]!;
  }
  // Smooth the midline so the skin does not follow each spinous tip (a 25 mm box filter, twice).
  for (const arr of [midX, midY, tissue]) for (let pass = 0; pass < 2; pass++) boxSmooth(arr, 12);
  const sample = (arr: Float64Array, z: number) => {
    const f = Math.min(Math.max(z - zMin, 0), n - 1.001);
    const k = Math.floor(f);
    return arr[k]! + (arr[k + 1]! - arr[k]!) * (f - k);
  };
  const mound = 4 * scale;
  return {
    zMin,
    zMax,
    midX: (z) => sample(midX, z),
    tissue: (z) => sample(tissue, z),
    y: (x, z) => {
      const d = x - sample(midX, z);
      const g = Math.exp(-(((Math.abs(d) - 28 * scale) / (20 * scale)) ** 2));
      return sample(midY, z) - mound * g + (d * d) / (2 * 260 * scale);
    },
  };
}

function boxSmooth(a: Float64Array, r: number): void {
  const src = Float64Array.from(a);
  for (let i = 0; i < a.length; i++) {
    let s = 0;
    let c = 0;
    for (let k = Math.max(0, i - r); k <= Math.min(a.length - 1, i + r); k++) {
      s += src[k]!;
      c++;
    }
    a[i] = s / c;
  }
}
