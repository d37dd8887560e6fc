import type { Mesh } from './surface.js';

/** Point neighbours from triangle edges, as CSR (start offsets + flat list), duplicates removed. */
function neighbours(nPoints: number, tris: Uint32Array): { start: Int32Array; list: Int32Array } {
  const sets: Set<number>[] = Array.from({ length: nPoints }, () => new Set<number>());
  for (let t = 0; t < tris.length; t += 3) {
    const a = tris[t]!,
      b = tris[t + 1]!,
      c = tris[t + 2]!;
    sets[a]!.add(b).add(c);
    sets[b]!.add(a).add(c);
    sets[c]!.add(a).add(b);
  }
  const start = new Int32Array(nPoints + 1);
  for (let i = 0; i < nPoints; i++) start[i + 1] = start[i]! + sets[i]!.size;
  const list = new Int32Array(start[nPoints]!);
  sets.forEach((s, i) => {
    let k = start[i]!;
    for (const n of s) list[k++] = n;
  });
  return { start, list };
}

/**
 * Taubin smoothing (lambda/mu): alternating Laplacian steps that shrink then re-inflate, removing the
 * voxel staircase without the volume loss of plain Laplacian smoothing. mu = 0 gives plain Laplacian.
 */
export function smoothMesh(mesh: Mesh, iterations = 10, lambda = 0.5, mu = -0.53): Mesh {
  const n = mesh.points.length / 3;
  const { start, list } = neighbours(n, mesh.triangles);
  let p = Float64Array.from(mesh.points);
  let q = new Float64Array(p.length);
  const steps = mu === 0 ? [lambda] : [lambda, mu];
  for (let it = 0; it < iterations; it++) {
    for (const f of steps) {
      for (let i = 0; i < n; i++) {
        const s = start[i]!,
          e = start[i + 1]!;
        for (let k = 0; k < 3; k++) {
          if (e === s) {
            q[i * 3 + k] = p[i * 3 + k]!;
            continue;
          }
          let sum = 0;
          for (let j = s; j < e; j++) sum += p[list[j]! * 3 + k]!;
          const c = p[i * 3 + k]!;
          q[i * 3 + k] = c + f * (sum / (e - s) - c);
        }
      }
      [p, q] = [q, p];
    }
  }
  return { points: Float32Array.from(p), triangles: mesh.triangles.slice() };
}

/**
 * Vertex-clustering decimation: points in the same cell of a `cellSize` mm grid merge into their
 * mean; triangles that collapse (two corners in one cell) or repeat are dropped.
 */
export function decimateMesh(mesh: Mesh, cellSize: number): Mesh {
  const n = mesh.points.length / 3;
  const cellOf = new Map<string, number>();
  const remap = new Int32Array(n);
  const sums: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < n; i++) {
    const key = [0, 1, 2].map((k) => Math.floor(mesh.points[i * 3 + k]! / cellSize)).join(',');
    let c = cellOf.get(key);
    if (c === undefined) {
      c = counts.length;
      cellOf.set(key, c);
      counts.push(0);
      sums.push(0, 0, 0);
    }
    remap[i] = c;
    counts[c]!++;
    for (let k = 0; k < 3; k++) sums[c * 3 + k]! += mesh.points[i * 3 + k]!;
  }
  const tris: number[] = [];
  const seen = new Set<string>();
  for (let t = 0; t < mesh.triangles.length; t += 3) {
    const a = remap[mesh.triangles[t]!]!,
      b = remap[mesh.triangles[t + 1]!]!,
      c = remap[mesh.triangles[t + 2]!]!;
    if (a === b || b === c || a === c) continue;
    const key = [a, b, c].sort((x, y) => x - y).join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    tris.push(a, b, c);
  }
  // Keep only cells that some triangle still uses.
  const used = new Int32Array(counts.length).fill(-1);
  const pts: number[] = [];
  for (let t = 0; t < tris.length; t++) {
    const c = tris[t]!;
    if (used[c] === -1) {
      used[c] = pts.length / 3;
      for (let k = 0; k < 3; k++) pts.push(sums[c * 3 + k]! / counts[c]!);
    }
    tris[t] = used[c]!;
  }
  return { points: Float32Array.from(pts), triangles: Uint32Array.from(tris) };
}

/** Axis-aligned bounds [xmin, xmax, ymin, ymax, zmin, zmax] (VTK's order). */
export function meshBounds(mesh: Mesh): [number, number, number, number, number, number] {
  const b: [number, number, number, number, number, number] = [
    Infinity,
    -Infinity,
    Infinity,
    -Infinity,
    Infinity,
    -Infinity,
  ];
  for (let i = 0; i < mesh.points.length; i += 3) {
    for (let k = 0; k < 3; k++) {
      const v = mesh.points[i + k]!;
      if (v < b[2 * k]!) b[2 * k] = v;
      if (v > b[2 * k + 1]!) b[2 * k + 1] = v;
    }
  }
  return b;
}
