import type { VolumeGrid } from './types.js';

/** Distance (mm) from every voxel of a grid to the nearest nonzero voxel; sampled trilinearly. */
export interface DistanceMap {
  readonly grid: Pick<VolumeGrid, 'dims' | 'spacing' | 'origin'>;
  readonly mm: Float32Array;
}

/**
 * Exact Euclidean distance transform (Felzenszwalb & Huttenlocher's lower envelope of parabolas, one
 * axis at a time), honouring anisotropic spacing. Linear in the voxel count: ~1 s for a full-spine
 * label volume at 1 mm, which is why it is computed once per measurement and shared by all levels.
 */
export function distanceMap(g: VolumeGrid): DistanceMap {
  const [nx, ny, nz] = g.dims;
  const far = 1e12;
  const d2 = new Float64Array(nx * ny * nz);
  for (let i = 0; i < d2.length; i++) d2[i] = g.data[i] !== 0 ? 0 : far;
  const m = Math.max(nx, ny, nz);
  const line = new Float64Array(m);
  const out = new Float64Array(m);
  const v = new Int32Array(m);
  const z = new Float64Array(m + 1);
  const pass = (n: number, stride: number, h: number, starts: Iterable<number>) => {
    for (const s0 of starts) {
      for (let q = 0; q < n; q++) line[q] = d2[s0 + q * stride]!;
      envelope(line, n, h, out, v, z);
      for (let q = 0; q < n; q++) d2[s0 + q * stride] = out[q]!;
    }
  };
  pass(
    nx,
    1,
    g.spacing[0],
    lineStarts(nz * ny, (k) => nx * k),
  );
  pass(
    ny,
    nx,
    g.spacing[1],
    lineStarts(nz * nx, (k) => (k % nx) + nx * ny * Math.floor(k / nx)),
  );
  pass(
    nz,
    nx * ny,
    g.spacing[2],
    lineStarts(ny * nx, (k) => k),
  );
  const mm = new Float32Array(d2.length);
  for (let i = 0; i < mm.length; i++) mm[i] = Math.sqrt(d2[i]!);
  return { grid: { dims: g.dims, spacing: g.spacing, origin: g.origin }, mm };
}

function* lineStarts(count: number, start: (k: number) => number): Generator<number> {
  for (let k = 0; k < count; k++) yield start(k);
}

/** 1D squared distance along one line of spacing h: d[q] = min_p (h (q - p))^2 + f[p]. */
function envelope(f: Float64Array, n: number, h: number, d: Float64Array, v: Int32Array, z: Float64Array) {
  const h2 = h * h;
  // Intersection (in index units) of the parabolas rooted at p and q.
  const cut = (p: number, q: number) => (f[q]! / h2 + q * q - (f[p]! / h2 + p * p)) / (2 * (q - p));
  let k = 0;
  v[0] = 0;
  z[0] = -Infinity;
  z[1] = Infinity;
  for (let q = 1; q < n; q++) {
    let s = cut(v[k]!, q);
    while (s <= z[k]!) {
      k--;
      s = cut(v[k]!, q);
    }
    k++;
    v[k] = q;
    z[k] = s;
    z[k + 1] = Infinity;
  }
  k = 0;
  for (let q = 0; q < n; q++) {
    while (z[k + 1]! < q) k++;
    d[q] = h2 * (q - v[k]!) ** 2 + f[v[k]!]!;
  }
}

/** Trilinear sample of the distance at a world point (mm); `outside` beyond the grid. */
export function sampleDistance(dm: DistanceMap, x: number, y: number, z: number, outside: number): number {
  const { dims, spacing, origin } = dm.grid;
  const [nx, ny, nz] = dims;
  const fx = (x - origin[0]) / spacing[0],
    fy = (y - origin[1]) / spacing[1],
    fz = (z - origin[2]) / spacing[2];
  const ix = Math.floor(fx),
    iy = Math.floor(fy),
    iz = Math.floor(fz);
  if (ix < 0 || iy < 0 || iz < 0 || ix >= nx - 1 || iy >= ny - 1 || iz >= nz - 1) return outside;
  const ax = fx - ix,
    ay = fy - iy,
    az = fz - iz;
  const d = dm.mm;
  const i = ix + nx * (iy + ny * iz);
  const sl = nx * ny;
  const lerp = (o: number) => (1 - ax) * d[i + o]! + ax * d[i + o + 1]!;
  return (1 - az) * ((1 - ay) * lerp(0) + ay * lerp(nx)) + az * ((1 - ay) * lerp(sl) + ay * lerp(sl + nx));
}
