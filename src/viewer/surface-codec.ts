import { ViewerError } from './errors.js';
import { SURFACE_MAGIC, checkHeader, checkLength, writeMagic } from './magic.js';

/** A triangle surface: xyz per point, three point indices per triangle (the shape of src/volume's Mesh). */
export interface ViewerMesh {
  readonly points: Float32Array;
  readonly triangles: Uint32Array;
}

// 'SBS1', uint32 pointCount, uint32 triangleCount (little-endian), then float32 xyz, then uint32 a b c.
const HEADER_BYTES = 12;

/** Encodes a surface as one binary WebSocket message. */
export function encodeSurface(mesh: ViewerMesh): Uint8Array {
  const { points, triangles } = mesh;
  if (points.length % 3 !== 0 || triangles.length % 3 !== 0) {
    throw new ViewerError(
      'VIEWER_BAD_INPUT',
      `mesh arrays must hold triples, got ${points.length} coordinates and ${triangles.length} indices`,
    );
  }
  const pointCount = points.length / 3;
  checkIndices(triangles, pointCount, 'VIEWER_BAD_INPUT');
  const out = new Uint8Array(HEADER_BYTES + 4 * (points.length + triangles.length));
  const view = new DataView(out.buffer);
  writeMagic(view, SURFACE_MAGIC);
  view.setUint32(4, pointCount, true);
  view.setUint32(8, triangles.length / 3, true);
  let at = HEADER_BYTES;
  for (const p of points) {
    view.setFloat32(at, p, true);
    at += 4;
  }
  for (const t of triangles) {
    view.setUint32(at, t, true);
    at += 4;
  }
  return out;
}

/** Decodes a surface message into fresh arrays; every triangle index is checked against the points. */
export function decodeSurface(bytes: Uint8Array): ViewerMesh {
  const view = checkHeader(bytes, SURFACE_MAGIC, HEADER_BYTES);
  const pointCount = view.getUint32(4, true);
  const triangleCount = view.getUint32(8, true);
  // Both counts < 2^32, so 12·(p + t) stays exact in a double: no overflow before the length check.
  checkLength(SURFACE_MAGIC, bytes.length, HEADER_BYTES + 12 * (pointCount + triangleCount));
  const points = new Float32Array(3 * pointCount);
  let at = HEADER_BYTES;
  for (let i = 0; i < points.length; i++, at += 4) points[i] = view.getFloat32(at, true);
  const triangles = new Uint32Array(3 * triangleCount);
  for (let i = 0; i < triangles.length; i++, at += 4) triangles[i] = view.getUint32(at, true);
  checkIndices(triangles, pointCount, 'VIEWER_BAD_MESH');
  return { points, triangles };
}

function checkIndices(
  triangles: Uint32Array,
  pointCount: number,
  code: 'VIEWER_BAD_INPUT' | 'VIEWER_BAD_MESH',
): void {
  for (let i = 0; i < triangles.length; i++) {
    if (triangles[i]! >= pointCount) {
      throw new ViewerError(
        code,
        `triangle index ${triangles[i]} at ${i} is not below the ${pointCount} points`,
      );
    }
  }
}
