import { fillGaps } from './measure-util.js';

/**
 * Coronal projection of bone points on the (lateral u, spine s) plane, 1 mm pixels: the count of
 * points per pixel. The measurement works on this X-ray-like image: landmarks of a level are the
 * centroids of its bone on either side of the midline, and their joining line gives the level's tilt.
 */
export interface Coronal {
  readonly u0: number;
  readonly s0: number;
  readonly nu: number;
  readonly ns: number;
  /** Row-major, s rows, u fastest. */
  readonly data: Float32Array;
}

export function coronalImage(u: Float64Array, s: Float64Array): Coronal {
  let ulo = Infinity,
    uhi = -Infinity,
    slo = Infinity,
    shi = -Infinity;
  for (let i = 0; i < u.length; i++) {
    ulo = Math.min(ulo, u[i]!);
    uhi = Math.max(uhi, u[i]!);
    slo = Math.min(slo, s[i]!);
    shi = Math.max(shi, s[i]!);
  }
  const u0 = Math.floor(ulo) - 2,
    s0 = Math.floor(slo) - 2;
  const nu = Math.ceil(uhi) - u0 + 3,
    ns = Math.ceil(shi) - s0 + 3;
  const data = new Float32Array(nu * ns);
  for (let i = 0; i < u.length; i++) {
    data[Math.round(u[i]! - u0) + nu * Math.round(s[i]! - s0)]! += 1;
  }
  return { u0, s0, nu, ns, data };
}

/** Gaussian smoothing of a sequence (NaN entries ignored). */
export function gaussSmooth(a: readonly number[], sigma: number): number[] {
  const h = Math.ceil(3 * sigma);
  return a.map((_, i) => {
    let sum = 0,
      wsum = 0;
    for (let k = -h; k <= h; k++) {
      const v = a[i + k];
      if (v === undefined || Number.isNaN(v)) continue;
      const g = Math.exp((-k * k) / (2 * sigma * sigma));
      sum += g * v;
      wsum += g;
    }
    return wsum > 0 ? sum / wsum : NaN;
  });
}

/**
 * Midline (u per s row, pixel units of the image) as the centre of mass of the bone within ±halfWidth
 * of the previous estimate, smoothed over ~2 levels: the bone of a level is near-symmetric about it.
 */
export function midline(c: Coronal, halfWidth = 30): number[] {
  const { nu, ns, data } = c;
  let total = 0,
    mass = 0;
  for (let k = 0; k < data.length; k++) {
    total += data[k]! * (k % nu);
    mass += data[k]!;
  }
  let mid = new Array<number>(ns).fill(total / Math.max(1, mass));
  for (let it = 0; it < 4; it++) {
    const raw = mid.map((m, r) => {
      let sx = 0,
        sw = 0;
      for (
        let x = Math.max(0, Math.round(m - halfWidth));
        x <= Math.min(nu - 1, Math.round(m + halfWidth));
        x++
      ) {
        const w = data[x + nu * r]!;
        sx += w * x;
        sw += w;
      }
      return sw >= 3 ? sx / sw : NaN;
    });
    mid = gaussSmooth(fillGaps(gaussSmooth(raw, 3)), it < 2 ? 20 : 10);
  }
  return mid;
}
