import { transformPoint, type Mat4 } from '../math/index.js';
import type { GridGeometry } from './geometry.js';
import type { ClipRectangle } from './types.js';

/** Reference-frame bounding box (mm) of a frame's clip rectangle, as geometryFromFrames computes extents. */
export function frameBox(
  m: Mat4,
  width: number,
  height: number,
  clip?: ClipRectangle,
): { lo: [number, number, number]; hi: [number, number, number] } {
  const c = clip ?? { x: 0, y: 0, width, height };
  const x0 = Math.max(0, c.x),
    x1 = Math.min(width - 1, c.x + c.width);
  const y0 = Math.max(0, c.y),
    y1 = Math.min(height - 1, c.y + c.height);
  const lo: [number, number, number] = [Infinity, Infinity, Infinity];
  const hi: [number, number, number] = [-Infinity, -Infinity, -Infinity];
  for (const [i, j] of [
    [x0, y0],
    [x0, y1],
    [x1, y0],
    [x1, y1],
  ] as const) {
    const p = transformPoint(m, i, j, 0);
    for (let a = 0; a < 3; a++) {
      lo[a] = Math.min(lo[a]!, p[a]!);
      hi[a] = Math.max(hi[a]!, p[a]!);
    }
  }
  return { lo, hi };
}

/** Margin around the first frame of a growing grid, mm. */
const INITIAL_MARGIN_MM = 10;

/**
 * The grid that holds `g` and the box, or undefined when `g` already does. The new grid stays on the
 * old lattice (origin moves by whole voxels, so pasted voxels are copied, never resampled) and grows
 * by at least `stepMm` on each side that needs room, so a sweep re-allocates once per slab, not per frame.
 * With no current grid, the first grid is the box plus INITIAL_MARGIN_MM all round, on the lattice
 * through the Reference origin (a full step all round would waste memory across and into the body).
 */
export function grownGeometry(
  g: GridGeometry | undefined,
  box: { lo: readonly number[]; hi: readonly number[] },
  spacing: readonly [number, number, number],
  stepMm: number,
): GridGeometry | undefined {
  if (!g) {
    const m = Math.min(stepMm, INITIAL_MARGIN_MM);
    const origin = [0, 1, 2].map((a) => Math.floor((box.lo[a]! - m) / spacing[a]!) * spacing[a]!);
    const dims = [0, 1, 2].map((a) => Math.ceil((box.hi[a]! + m - origin[a]!) / spacing[a]!) + 1);
    return { origin: origin as never, dims: dims as never, spacing };
  }
  let grow = false;
  const lo: number[] = [],
    hi: number[] = [];
  for (let a = 0; a < 3; a++) {
    // Voxel index range the box needs, rounded outwards (a nearest-neighbour voxel reaches half a voxel).
    const need0 = Math.floor((box.lo[a]! - g.origin[a]!) / spacing[a]!);
    const need1 = Math.ceil((box.hi[a]! - g.origin[a]!) / spacing[a]!) + 1;
    const step = Math.ceil(stepMm / spacing[a]!);
    lo[a] = need0 < 0 ? need0 - step : 0;
    hi[a] = need1 > g.dims[a]! - 1 ? need1 + step : g.dims[a]! - 1;
    if (need0 < 0 || need1 > g.dims[a]! - 1) grow = true;
  }
  if (!grow) return undefined;
  return {
    origin: [0, 1, 2].map((a) => g.origin[a]! + lo[a]! * spacing[a]!) as never,
    dims: [0, 1, 2].map((a) => hi[a]! - lo[a]! + 1) as never,
    spacing,
  };
}

/** Copies every x-row of `src` (grid `from`) into `dst` (grid `to`, which contains it on the same lattice). */
export function copyGrid<T extends Uint8Array | Uint16Array>(
  src: T,
  from: GridGeometry,
  dst: T,
  to: GridGeometry,
): void {
  const off = [0, 1, 2].map((a) => Math.round((from.origin[a]! - to.origin[a]!) / to.spacing[a]!));
  const [nx, ny, nz] = from.dims;
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      const s = nx * (y + ny * z);
      const d = off[0]! + to.dims[0] * (y + off[1]! + to.dims[1] * (z + off[2]!));
      dst.set(src.subarray(s, s + nx), d);
    }
  }
}
