import { SegmentError } from './errors.js';

/**
 * Parameters of the fully connected CRF (Krähenbühl & Koltun 2011, as used by DeepLab / Chen et al.
 * 2014 and the UGBNet paper): an appearance kernel exp(-|pi-pj|²/2θα² - |Ii-Ij|²/2θβ²) of weight
 * `bilateralWeight` and a smoothness kernel exp(-|pi-pj|²/2θγ²) of weight `smoothWeight`, Potts
 * compatibility, `iterations` mean-field steps. Distances are in pixels of the image handed in, grey in
 * 0..255 levels. Kernel sums are normalised (each message is a weighted mean of the neighbours'
 * foreground probability), so the weights are in logit units.
 */
export interface CrfParams {
  readonly iterations: number;
  readonly bilateralWeight: number;
  readonly thetaAlpha: number;
  readonly thetaBeta: number;
  readonly smoothWeight: number;
  readonly thetaGamma: number;
}

export const DEFAULT_CRF: CrfParams = {
  iterations: 5,
  bilateralWeight: 3,
  thetaAlpha: 12,
  thetaBeta: 12,
  smoothWeight: 1,
  thetaGamma: 1.5,
};

/**
 * A bilateral grid (Paris & Durand 2006) over (x/θα, y/θα, I/θβ): values are splatted trilinearly,
 * blurred with the [1 4 6 4 1]/16 binomial (σ = 1 cell) along each axis and sliced back. It stands in
 * for the permutohedral lattice of the original DenseCRF; both approximate the same Gaussian.
 */
class BilateralGrid {
  private readonly gx: number;
  private readonly gy: number;
  private readonly gz: number;
  private readonly idx: Int32Array;
  private readonly wts: Float32Array;
  private readonly cells: Float32Array;
  private readonly tmp: Float32Array;

  constructor(grey: Float32Array, width: number, height: number, thetaAlpha: number, thetaBeta: number) {
    // Two cells of padding each side keep the 5-tap blur inside the grid.
    this.gx = Math.ceil((width - 1) / thetaAlpha) + 5;
    this.gy = Math.ceil((height - 1) / thetaAlpha) + 5;
    this.gz = Math.ceil(255 / thetaBeta) + 5;
    const n = width * height;
    this.idx = new Int32Array(n);
    this.wts = new Float32Array(n * 8);
    this.cells = new Float32Array(this.gx * this.gy * this.gz);
    this.tmp = new Float32Array(this.cells.length);
    const sxy = this.gx;
    const sz = this.gx * this.gy;
    for (let y = 0, i = 0; y < height; y++) {
      const fy = y / thetaAlpha + 2;
      const iy = Math.floor(fy);
      const ty = fy - iy;
      for (let x = 0; x < width; x++, i++) {
        const fx = x / thetaAlpha + 2;
        const ix = Math.floor(fx);
        const tx = fx - ix;
        const fz = Math.min(255, Math.max(0, grey[i]!)) / thetaBeta + 2;
        const iz = Math.floor(fz);
        const tz = fz - iz;
        this.idx[i] = iz * sz + iy * sxy + ix;
        const w = i * 8;
        for (let c = 0; c < 8; c++) {
          this.wts[w + c] = (c & 1 ? tx : 1 - tx) * (c & 2 ? ty : 1 - ty) * (c & 4 ? tz : 1 - tz);
        }
      }
    }
  }

  /** out[i] = Σ_j k(i,j) v[j] (approximately). */
  filter(v: Float32Array, out: Float32Array): void {
    const cells = this.cells;
    cells.fill(0);
    const sxy = this.gx;
    const sz = this.gx * this.gy;
    const offs = [0, 1, sxy, sxy + 1, sz, sz + 1, sz + sxy, sz + sxy + 1];
    const n = v.length;
    for (let i = 0; i < n; i++) {
      const base = this.idx[i]!;
      const val = v[i]!;
      const w = i * 8;
      for (let c = 0; c < 8; c++) cells[base + offs[c]!]! += this.wts[w + c]! * val;
    }
    this.blur(1);
    this.blur(sxy);
    this.blur(sz);
    for (let i = 0; i < n; i++) {
      const base = this.idx[i]!;
      const w = i * 8;
      let s = 0;
      for (let c = 0; c < 8; c++) s += this.wts[w + c]! * cells[base + offs[c]!]!;
      out[i] = s;
    }
  }

  private blur(stride: number): void {
    const a = this.cells;
    const b = this.tmp;
    const len = a.length;
    for (let i = 0; i < len; i++) {
      const m2 = i - 2 * stride;
      const m1 = i - stride;
      const p1 = i + stride;
      const p2 = i + 2 * stride;
      b[i] =
        (6 * a[i]! +
          4 * ((m1 >= 0 ? a[m1]! : 0) + (p1 < len ? a[p1]! : 0)) +
          (m2 >= 0 ? a[m2]! : 0) +
          (p2 < len ? a[p2]! : 0)) /
        16;
    }
    a.set(b);
  }
}

/** Separable Gaussian blur (σ in pixels, radius 3σ, zero outside) into `out`. */
function gaussianBlur(
  v: Float32Array,
  width: number,
  height: number,
  sigma: number,
  out: Float32Array,
): void {
  const r = Math.max(1, Math.ceil(3 * sigma));
  const k = new Float32Array(2 * r + 1);
  for (let i = -r; i <= r; i++) k[i + r] = Math.exp(-(i * i) / (2 * sigma * sigma));
  const tmp = new Float32Array(v.length);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      let s = 0;
      const lo = Math.max(-r, -x);
      const hi = Math.min(r, width - 1 - x);
      for (let d = lo; d <= hi; d++) s += k[d + r]! * v[row + x + d]!;
      tmp[row + x] = s;
    }
  }
  for (let y = 0; y < height; y++) {
    const lo = Math.max(-r, -y);
    const hi = Math.min(r, height - 1 - y);
    for (let x = 0; x < width; x++) {
      let s = 0;
      for (let d = lo; d <= hi; d++) s += k[d + r]! * tmp[(y + d) * width + x]!;
      out[y * width + x] = s;
    }
  }
}

/**
 * Mean-field refinement of a binary segmentation. `logits` are the network's foreground logits
 * (log P1/P0, the unary term), `grey` the image in 0..255 at the same size. Returns refined logits
 * (log Q1/Q0), so the usual threshold and resize-back apply unchanged.
 *
 * With two labels and Potts compatibility the update is
 *   z_i = logit_i + w_b (2·B̄[Q]_i - 1) + w_s (2·Ḡ[Q]_i - 1),  Q = sigmoid(z),
 * where B̄ and Ḡ are the normalised bilateral and Gaussian means of the foreground probability.
 */
export function crfRefine(
  logits: Float32Array,
  grey: Float32Array,
  width: number,
  height: number,
  params: CrfParams = DEFAULT_CRF,
): Float32Array {
  const n = width * height;
  if (logits.length !== n || grey.length !== n) {
    throw new SegmentError('SEG_SHAPE', `CRF inputs must both be ${width}x${height}`);
  }
  const grid = new BilateralGrid(grey, width, height, params.thetaAlpha, params.thetaBeta);
  const ones = new Float32Array(n).fill(1);
  const bNorm = new Float32Array(n);
  const gNorm = new Float32Array(n);
  grid.filter(ones, bNorm);
  gaussianBlur(ones, width, height, params.thetaGamma, gNorm);
  const q = new Float32Array(n);
  const z = new Float32Array(n);
  const bq = new Float32Array(n);
  const gq = new Float32Array(n);
  for (let i = 0; i < n; i++) q[i] = 1 / (1 + Math.exp(-logits[i]!));
  z.set(logits);
  for (let it = 0; it < params.iterations; it++) {
    grid.filter(q, bq);
    if (params.smoothWeight !== 0) gaussianBlur(q, width, height, params.thetaGamma, gq);
    for (let i = 0; i < n; i++) {
      const b = bq[i]! / Math.max(bNorm[i]!, 1e-6);
      const g = params.smoothWeight !== 0 ? gq[i]! / gNorm[i]! : 0.5;
      const zi = logits[i]! + params.bilateralWeight * (2 * b - 1) + params.smoothWeight * (2 * g - 1);
      z[i] = zi;
      q[i] = 1 / (1 + Math.exp(-zi));
    }
  }
  return z;
}
