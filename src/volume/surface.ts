import { VolumeError } from './errors.js';
import type { VolumeGrid } from './types.js';

/** A neutral triangle mesh: xyz per point (mm, Reference frame), three point indices per triangle. */
export interface Mesh {
  readonly points: Float32Array;
  readonly triangles: Uint32Array;
}

// Kuhn (Freudenthal) split of a cube into 6 tetrahedra along the 0-7 diagonal: each is a monotone
// path 000 -> 111, so every tet edge joins a lower corner to a higher one and neighbouring cubes
// share faces consistently (a watertight surface without marching-cubes ambiguity tables).
const TETS = [
  [0, 1, 3, 7],
  [0, 1, 5, 7],
  [0, 2, 3, 7],
  [0, 2, 6, 7],
  [0, 4, 5, 7],
  [0, 4, 6, 7],
] as const;

/**
 * Iso-surface of `grid` at `level` (values >= level are inside) by marching tetrahedra, with shared
 * vertices and triangles wound so normals point out of the inside region.
 */
export function extractSurface(
  grid: VolumeGrid<Uint8Array | Uint16Array | Float32Array>,
  level: number,
): Mesh {
  const [nx, ny, nz] = grid.dims;
  if (grid.data.length !== nx * ny * nz)
    throw new VolumeError('VOLUME_BAD_INPUT', 'grid data does not match its dims');
  const d = grid.data;
  const nxy = nx * ny;
  const pts: number[] = [];
  const tris: number[] = [];
  const edgeVertex = new Map<number, number>();
  const cornerIdx = new Int32Array(8);
  const cornerVal = new Float64Array(8);
  const cx = new Int32Array(8),
    cy = new Int32Array(8),
    cz = new Int32Array(8);
  const [ox, oy, oz] = grid.origin;
  const [sx, sy, sz] = grid.spacing;

  const vertexOn = (a: number, b: number): number => {
    // a is the lower corner of the edge (Kuhn edges always go up): key by its voxel and direction.
    const dirCode = cx[b]! - cx[a]! + 2 * (cy[b]! - cy[a]!) + 4 * (cz[b]! - cz[a]!);
    const key = cornerIdx[a]! * 8 + dirCode;
    const hit = edgeVertex.get(key);
    if (hit !== undefined) return hit;
    const va = cornerVal[a]!,
      vb = cornerVal[b]!;
    const t = va === vb ? 0.5 : (level - va) / (vb - va);
    const id = pts.length / 3;
    pts.push(
      ox + sx * (cx[a]! + t * (cx[b]! - cx[a]!)),
      oy + sy * (cy[a]! + t * (cy[b]! - cy[a]!)),
      oz + sz * (cz[a]! + t * (cz[b]! - cz[a]!)),
    );
    edgeVertex.set(key, id);
    return id;
  };

  const emit = (a: number, b: number, c: number, inside: number[], outside: number[]) => {
    // Orient the triangle so its normal points from the inside corners towards the outside ones.
    const p = (i: number, k: number) => pts[i * 3 + k]!;
    const u = [p(b, 0) - p(a, 0), p(b, 1) - p(a, 1), p(b, 2) - p(a, 2)];
    const v = [p(c, 0) - p(a, 0), p(c, 1) - p(a, 1), p(c, 2) - p(a, 2)];
    const n = [u[1]! * v[2]! - u[2]! * v[1]!, u[2]! * v[0]! - u[0]! * v[2]!, u[0]! * v[1]! - u[1]! * v[0]!];
    let dot = 0;
    for (let k = 0; k < 3; k++) {
      const out = outside.reduce((s, o) => s + [cx, cy, cz][k]![o]! * [sx, sy, sz][k]!, 0) / outside.length;
      const ins = inside.reduce((s, o) => s + [cx, cy, cz][k]![o]! * [sx, sy, sz][k]!, 0) / inside.length;
      dot += n[k]! * (out - ins);
    }
    if (a === b || b === c || a === c) return;
    if (dot >= 0) tris.push(a, b, c);
    else tris.push(a, c, b);
  };

  for (let z = 0; z < nz - 1; z++) {
    for (let y = 0; y < ny - 1; y++) {
      for (let x = 0; x < nx - 1; x++) {
        let any = 0;
        let all = 1;
        for (let k = 0; k < 8; k++) {
          cx[k] = x + (k & 1);
          cy[k] = y + ((k >> 1) & 1);
          cz[k] = z + ((k >> 2) & 1);
          const i = cx[k]! + cy[k]! * nx + cz[k]! * nxy;
          cornerIdx[k] = i;
          cornerVal[k] = d[i]!;
          const ins = d[i]! >= level ? 1 : 0;
          any |= ins;
          all &= ins;
        }
        if (!any || all) continue;
        for (const tet of TETS) {
          const inside: number[] = [];
          const outside: number[] = [];
          for (const c of tet) (cornerVal[c]! >= level ? inside : outside).push(c);
          if (inside.length === 0 || inside.length === 4) continue;
          const edge = (p: number, q: number) => (p < q ? vertexOn(p, q) : vertexOn(q, p));
          if (inside.length === 1 || inside.length === 3) {
            const [lone, others] = inside.length === 1 ? [inside[0]!, outside] : [outside[0]!, inside];
            emit(edge(lone, others[0]!), edge(lone, others[1]!), edge(lone, others[2]!), inside, outside);
          } else {
            const [i0, i1] = inside as [number, number];
            const [o0, o1] = outside as [number, number];
            const a = edge(i0, o0),
              b = edge(i0, o1),
              c = edge(i1, o1),
              e = edge(i1, o0);
            emit(a, b, c, inside, outside);
            emit(a, c, e, inside, outside);
          }
        }
      }
    }
  }
  return { points: Float32Array.from(pts), triangles: Uint32Array.from(tris) };
}
