import type { VolumeGrid } from './types.js';

/**
 * World (mm) xyz of the nonzero voxels that have at least `minNeighbours` nonzero voxels among their
 * 26 neighbours (drops isolated false-positive specks of a segmentation), subsampled to ~400k points.
 */
export function bonePoints(g: VolumeGrid, minNeighbours = 6): Float64Array {
  const [nx, ny, nz] = g.dims;
  const keep = new Uint8Array(g.data.length);
  for (let z = 1; z < nz - 1; z++) {
    for (let y = 1; y < ny - 1; y++) {
      for (let x = 1; x < nx - 1; x++) {
        const i = x + nx * (y + ny * z);
        if (g.data[i] === 0) continue;
        let c = 0;
        for (let dz = -1; dz <= 1; dz++)
          for (let dy = -1; dy <= 1; dy++)
            for (let dx = -1; dx <= 1; dx++) if (g.data[i + dx + nx * (dy + ny * dz)] !== 0) c++;
        if (c - 1 >= minNeighbours) keep[i] = 1;
      }
    }
  }
  let count = 0;
  for (let i = 0; i < keep.length; i++) if (keep[i] !== 0) count++;
  const step = Math.max(1, Math.ceil(count / 400_000));
  const out = new Float64Array(Math.ceil(count / step) * 3);
  let k = 0;
  let seen = 0;
  for (let i = 0; i < g.data.length; i++) {
    if (keep[i] === 0 || seen++ % step !== 0) continue;
    const x = i % nx,
      y = Math.floor(i / nx) % ny,
      z = Math.floor(i / (nx * ny));
    out[k++] = g.origin[0] + g.spacing[0] * x;
    out[k++] = g.origin[1] + g.spacing[1] * y;
    out[k++] = g.origin[2] + g.spacing[2] * z;
  }
  return out.subarray(0, k);
}

/**
 * Principal axes by power iteration on the covariance (largest first). Each axis is signed to point
 * along the positive direction of the world axis it is closest to, so an RAS volume gives +S, +R, +A.
 */
export function principalAxes(pts: Float64Array): [number[], number[], number[]] {
  const n = pts.length / 3;
  const mean = [0, 0, 0];
  for (let i = 0; i < n; i++) for (let k = 0; k < 3; k++) mean[k]! += pts[i * 3 + k]! / n;
  const C = [0, 0, 0, 0, 0, 0, 0, 0, 0];
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < 3; r++)
      for (let c = 0; c < 3; c++)
        C[r * 3 + c]! += ((pts[i * 3 + r]! - mean[r]!) * (pts[i * 3 + c]! - mean[c]!)) / n;
  }
  const axes: number[][] = [];
  const M = C.slice();
  for (let a = 0; a < 2; a++) {
    let v = [1, 0.5, 0.25];
    for (let it = 0; it < 200; it++) {
      const w = [0, 1, 2].map((r) => M[r * 3]! * v[0]! + M[r * 3 + 1]! * v[1]! + M[r * 3 + 2]! * v[2]!);
      const len = Math.hypot(...w) || 1;
      v = w.map((x) => x / len);
    }
    const lambda = [0, 1, 2].reduce(
      (s, r) => s + v[r]! * (M[r * 3]! * v[0]! + M[r * 3 + 1]! * v[1]! + M[r * 3 + 2]! * v[2]!),
      0,
    );
    for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) M[r * 3 + c]! -= lambda * v[r]! * v[c]!;
    axes.push(v);
  }
  const [e1, e2] = axes as [number[], number[]];
  return completeAxes(e1, e2);
}

/** Linear interpolation over NaN runs (ends held constant). */
export function fillGaps(a: number[]): number[] {
  const out = a.slice();
  const known = out.map((v, i) => (Number.isNaN(v) ? -1 : i)).filter((i) => i >= 0);
  if (known.length === 0) return out.map(() => 0);
  for (let i = 0; i < out.length; i++) {
    if (!Number.isNaN(out[i]!)) continue;
    const nextK = known.find((k) => k > i);
    const prevK = [...known].reverse().find((k) => k < i);
    if (prevK === undefined) out[i] = out[nextK!]!;
    else if (nextK === undefined) out[i] = out[prevK]!;
    else out[i] = out[prevK]! + ((out[nextK]! - out[prevK]!) * (i - prevK)) / (nextK - prevK);
  }
  return out;
}

/**
 * Spine, lateral and depth axes. The spine axis is the first principal axis; the lateral axis is the
 * widest direction across it once each 10 mm slab is centred on its own mean, so that a sagittal
 * (kyphosis/lordosis) or coronal curve does not tilt it towards depth. Signed as principalAxes.
 */
export function spineAxes(pts: Float64Array): [number[], number[], number[]] {
  const [e1] = principalAxes(pts);
  const n = pts.length / 3;
  const sOf = (i: number) => pts[i * 3]! * e1[0]! + pts[i * 3 + 1]! * e1[1]! + pts[i * 3 + 2]! * e1[2]!;
  let lo = Infinity;
  for (let i = 0; i < n; i++) lo = Math.min(lo, sOf(i));
  const bins = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const b = Math.floor((sOf(i) - lo) / 10);
    const m = bins.get(b) ?? [0, 0, 0, 0];
    for (let k = 0; k < 3; k++) m[k]! += pts[i * 3 + k]!;
    m[3]!++;
    bins.set(b, m);
  }
  const res = new Float64Array(pts.length);
  for (let i = 0; i < n; i++) {
    const m = bins.get(Math.floor((sOf(i) - lo) / 10))!;
    for (let k = 0; k < 3; k++) res[i * 3 + k] = pts[i * 3 + k]! - m[k]! / m[3]!;
  }
  // Remove the spine-axis component so the widest residual direction lies across the spine.
  for (let i = 0; i < n; i++) {
    const d = res[i * 3]! * e1[0]! + res[i * 3 + 1]! * e1[1]! + res[i * 3 + 2]! * e1[2]!;
    for (let k = 0; k < 3; k++) res[i * 3 + k]! -= d * e1[k]!;
  }
  const [lat] = principalAxes(res);
  // Orthogonalise against e1 (power iteration leaves a tiny residue) and complete the frame.
  const d = lat[0]! * e1[0]! + lat[1]! * e1[1]! + lat[2]! * e1[2]!;
  let e2 = lat.map((v, k) => v - d * e1[k]!);
  const len = Math.hypot(...e2);
  e2 = e2.map((v) => v / len);
  return completeAxes(e1, e2);
}

/** e1, e2 and e1 x e2, each flipped so its largest component is positive (a stable sign across runs). */
function completeAxes(e1: number[], e2: number[]): [number[], number[], number[]] {
  const e3 = [
    e1[1]! * e2[2]! - e1[2]! * e2[1]!,
    e1[2]! * e2[0]! - e1[0]! * e2[2]!,
    e1[0]! * e2[1]! - e1[1]! * e2[0]!,
  ];
  const signed = [e1, e2, e3].map((e) => {
    let k = 0;
    for (let i = 1; i < 3; i++) if (Math.abs(e[i]!) > Math.abs(e[k]!)) k = i;
    return e[k]! < 0 ? e.map((x) => -x) : e;
  });
  return signed as [number[], number[], number[]];
}
