import { describe, expect, it } from 'vitest';
import { distanceMap, sampleDistance } from '../../src/volume/distance-map.js';
import type { VolumeGrid } from '../../src/volume/index.js';

/** Deterministic xorshift so the scattered bone is the same on every run. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

function scatteredGrid(dims: [number, number, number], spacing: [number, number, number], count: number) {
  const data = new Uint8Array(dims[0] * dims[1] * dims[2]);
  const r = rng(7);
  for (let k = 0; k < count; k++) data[Math.floor(r() * data.length)] = 1;
  const grid: VolumeGrid = { dims, spacing, origin: [-3, 2, 10], data };
  return grid;
}

describe('distanceMap', () => {
  it('equals the brute-force Euclidean distance to the nearest bone voxel, with anisotropic spacing', () => {
    const grid = scatteredGrid([17, 13, 11], [0.5, 1.25, 2], 12);
    const [nx, ny, nz] = grid.dims;
    const bone: [number, number, number][] = [];
    for (let z = 0; z < nz; z++)
      for (let y = 0; y < ny; y++)
        for (let x = 0; x < nx; x++) if (grid.data[x + nx * (y + ny * z)]) bone.push([x, y, z]);
    const dm = distanceMap(grid);
    let worst = 0;
    for (let z = 0; z < nz; z++)
      for (let y = 0; y < ny; y++)
        for (let x = 0; x < nx; x++) {
          let best = Infinity;
          for (const [bx, by, bz] of bone)
            best = Math.min(
              best,
              Math.hypot((x - bx) * grid.spacing[0], (y - by) * grid.spacing[1], (z - bz) * grid.spacing[2]),
            );
          worst = Math.max(worst, Math.abs(dm.mm[x + nx * (y + ny * z)]! - best));
        }
    expect(bone.length).toBeGreaterThan(5);
    expect(worst).toBeLessThan(1e-4);
  });

  it('samples trilinearly in world millimetres and answers `outside` beyond the grid', () => {
    const data = new Uint8Array(9 * 5 * 5);
    data[0 + 9 * (2 + 5 * 2)] = 1; // one bone voxel at x index 0: distance grows 2 mm per x step
    const grid: VolumeGrid = { dims: [9, 5, 5], spacing: [2, 1, 1], origin: [100, 0, 0], data };
    const dm = distanceMap(grid);
    expect(sampleDistance(dm, 100 + 2 * 3, 2, 2, -1)).toBeCloseTo(6, 6);
    // Halfway between x indices 3 and 4 along the bone's own row: linear in x, so 7 mm.
    expect(sampleDistance(dm, 100 + 2 * 3.5, 2, 2, -1)).toBeCloseTo(7, 6);
    expect(sampleDistance(dm, 99, 2, 2, -1)).toBe(-1);
    expect(sampleDistance(dm, 117, 2, 2, 42)).toBe(42);
  });

  it('is "far" everywhere for a grid without bone, never NaN', () => {
    const grid: VolumeGrid = {
      dims: [4, 4, 4],
      spacing: [1, 1, 1],
      origin: [0, 0, 0],
      data: new Uint8Array(64),
    };
    const dm = distanceMap(grid);
    for (const v of dm.mm) expect(v).toBeGreaterThan(1e5);
  });
});
