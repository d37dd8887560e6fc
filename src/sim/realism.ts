/**
 * Numbers that say how a B-mode frame looks, so that simulated frames can be compared with real
 * recordings by measurement and not only by eye. The same detector runs on both: no labels are used,
 * the bone line is found as the brightest-over-darkest step of each column.
 */
export interface FrameLook {
  /** Fraction of the active columns where a bone echo with a shadow below was found. */
  readonly boneColumns: number;
  /** Soft tissue above the bone (or the upper 60 % of the image): median and 90th percentile grey. */
  readonly tissueMedian: number;
  readonly tissueP90: number;
  /** Speckle contrast: standard deviation over mean of the tissue grey. */
  readonly tissueContrast: number;
  /** Grain size: lag (mm) where the tissue's autocorrelation falls to 0.5, laterally and axially. */
  readonly grainLateralMm: number;
  readonly grainAxialMm: number;
  /** Median grey 3–12 mm under the bone line over the tissue median (0 = black shadow). */
  readonly shadowRatio: number;
  /** Median peak grey of the bone echo over the tissue median. */
  readonly boneRatio: number;
  /** Full width at half maximum of the bone echo along the beam, mm. */
  readonly boneThicknessMm: number;
}

export interface GreyFrame {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
  readonly spacingMm: number;
}

export function measureLook(f: GreyFrame): FrameLook {
  const { width: W, height: H, data, spacingMm: s } = f;
  const cols = activeColumns(f);
  const sm = boxBlur(data, W, H, Math.max(1, Math.round(0.5 / s)), Math.max(1, Math.round(0.25 / s)));
  const mm = (v: number) => Math.max(1, Math.round(v / s));
  const top = mm(3);
  const bone = new Int32Array(W).fill(-1);
  const peak: number[] = [];
  const thick: number[] = [];
  const shadow: number[] = [];
  let found = 0;
  for (const x of cols) {
    let best = 0;
    let at = -1;
    for (let r = mm(4); r < H - mm(12); r++) {
      const v = sm[r * W + x]!;
      const below = colMean(sm, W, x, r + mm(3), r + mm(12));
      const score = v - below;
      if (score > best) {
        best = score;
        at = r;
      }
    }
    // A bone echo stands well above what lies under it and above the tissue around it.
    if (at < 0 || best < 50) continue;
    const above = colMean(sm, W, x, top, Math.max(top + 1, at - mm(2)));
    if (sm[at * W + x]! < 1.8 * above + 20) continue;
    bone[x] = at;
    found++;
    const p = data[at * W + x]!;
    peak.push(sm[at * W + x]!);
    let a = at;
    let b = at;
    while (a > 0 && sm[(a - 1) * W + x]! > sm[at * W + x]! / 2) a--;
    while (b < H - 1 && sm[(b + 1) * W + x]! > sm[at * W + x]! / 2) b++;
    thick.push((b - a + 1) * s);
    for (let r = at + mm(3); r < Math.min(H, at + mm(12)); r++) shadow.push(data[r * W + x]!);
    void p;
  }
  const tissue: number[] = [];
  for (const x of cols) {
    const end = bone[x]! >= 0 ? bone[x]! - mm(2) : Math.round(0.6 * H);
    for (let r = top; r < end; r++) tissue.push(data[r * W + x]!);
  }
  const tMed = Math.max(1, median(tissue));
  let mean = 0;
  for (const v of tissue) mean += v;
  mean /= Math.max(1, tissue.length);
  let varSum = 0;
  for (const v of tissue) varSum += (v - mean) ** 2;
  const sd = Math.sqrt(varSum / Math.max(1, tissue.length));
  const grain = grainSize(f, cols, bone, top);
  return {
    boneColumns: found / Math.max(1, cols.length),
    tissueMedian: tMed,
    tissueP90: quantile(tissue, 0.9),
    tissueContrast: sd / Math.max(1, mean),
    grainLateralMm: grain.lateral * s,
    grainAxialMm: grain.axial * s,
    shadowRatio: shadow.length ? median(shadow) / tMed : NaN,
    boneRatio: peak.length ? median(peak) / tMed : NaN,
    boneThicknessMm: thick.length ? median(thick) : NaN,
  };
}

/** Columns that carry echoes: scanners leave black margins beside the image. */
function activeColumns(f: GreyFrame): number[] {
  const out: number[] = [];
  for (let x = 0; x < f.width; x++) {
    let sum = 0;
    for (let r = 0; r < f.height; r++) sum += f.data[r * f.width + x]!;
    if (sum / f.height > 4) out.push(x);
  }
  // Drop the edge columns: the aperture's edges roll off.
  return out.slice(4, Math.max(4, out.length - 4));
}

/** Lags where the autocorrelation of the tissue's fine texture (grey minus a 2 mm local mean) falls to 0.5. */
function grainSize(
  f: GreyFrame,
  cols: number[],
  bone: Int32Array,
  top: number,
): { lateral: number; axial: number } {
  const { width: W, height: H, data, spacingMm: s } = f;
  const k = Math.max(2, Math.round(1 / s));
  const local = boxBlur(data, W, H, k, k);
  const res = new Float32Array(W * H);
  for (let i = 0; i < res.length; i++) res[i] = data[i]! - local[i]!;
  const inTissue = (x: number, r: number) => {
    if (r < top || x < 0 || x >= W) return false;
    const b = bone[x]!;
    return b >= 0 ? r < b - Math.round(2 / s) : r < 0.6 * H;
  };
  const colSet = new Set(cols);
  const acf = (dx: number, dy: number) => {
    let sxy = 0;
    let sxx = 0;
    for (const x of cols) {
      if (!colSet.has(x + dx)) continue;
      for (let r = top; r + dy < H; r++) {
        if (!inTissue(x, r) || !inTissue(x + dx, r + dy)) continue;
        const a = res[r * W + x]!;
        sxy += a * res[(r + dy) * W + x + dx]!;
        sxx += a * a;
      }
    }
    return sxx > 0 ? sxy / sxx : 0;
  };
  const fall = (step: (l: number) => number) => {
    let prev = 1;
    for (let l = 1; l < 40; l++) {
      const c = step(l);
      if (c <= 0.5) return l - 1 + (prev - 0.5) / Math.max(1e-9, prev - c);
      prev = c;
    }
    return 40;
  };
  return { lateral: fall((l) => acf(l, 0)), axial: fall((l) => acf(0, l)) };
}

function boxBlur(src: Uint8Array, W: number, H: number, rx: number, ry: number): Float32Array {
  const tmp = new Float32Array(W * H);
  const out = new Float32Array(W * H);
  for (let r = 0; r < H; r++) {
    for (let x = 0; x < W; x++) {
      let sum = 0;
      let n = 0;
      for (let d = -rx; d <= rx; d++) {
        const q = x + d;
        if (q < 0 || q >= W) continue;
        sum += src[r * W + q]!;
        n++;
      }
      tmp[r * W + x] = sum / n;
    }
  }
  for (let r = 0; r < H; r++) {
    for (let x = 0; x < W; x++) {
      let sum = 0;
      let n = 0;
      for (let d = -ry; d <= ry; d++) {
        const q = r + d;
        if (q < 0 || q >= H) continue;
        sum += tmp[q * W + x]!;
        n++;
      }
      out[r * W + x] = sum / n;
    }
  }
  return out;
}

function colMean(a: Float32Array, W: number, x: number, r0: number, r1: number): number {
  let sum = 0;
  let n = 0;
  for (let r = r0; r < r1; r++) {
    const v = a[r * W + x];
    if (v === undefined) break;
    sum += v;
    n++;
  }
  return n ? sum / n : 0;
}

function quantile(v: number[], q: number): number {
  if (v.length === 0) return NaN;
  const s = Float64Array.from(v).sort();
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

function median(v: number[]): number {
  return quantile(v, 0.5);
}
