import { rasToLps, type Mat4 } from '../math/index.js';
import { IgtlError } from './errors.js';
import type { IgtlImage, IgtlVec3 } from './types.js';

/**
 * IMAGE geometry <-> 4x4 IJK-to-world (row-major Mat4: world = M · [i j k 1]).
 *
 * The wire matrix holds the i, j, k directions each scaled by its spacing, and the position of the
 * CENTRE of the whole volume. Following current 3D Slicer (OpenIGTLinkIF / igtlio) and pyigtl, the
 * centre is voxel index (size - 1) / 2 along each axis, i.e. the middle between the first and last
 * voxel centres (some older code used size / 2). "World" is the image's stated coordinate system
 * (RAS or LPS); use imageIjkToRas() for an explicit RAS result.
 */
export type ImageGeometry = Pick<IgtlImage, 'size' | 'matrix'>;

/** IJK-to-world in the image's own coordinate system, origin at voxel (0, 0, 0) of the whole volume. */
export function imageToMatrix4(image: ImageGeometry): Mat4 {
  const w = image.matrix;
  const m = new Float64Array(16);
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 3; c++) m[r * 4 + c] = w[c * 3 + r]!;
  }
  for (let r = 0; r < 3; r++) {
    let shift = 0;
    for (let c = 0; c < 3; c++) shift += m[r * 4 + c]! * ((image.size[c]! - 1) / 2);
    m[r * 4 + 3] = w[9 + r]! - shift;
  }
  m[15] = 1;
  return m;
}

/** The wire matrix (12 float32 values, wire order) for an IJK-to-world matrix and volume size. */
export function matrix4ToImage(ijkToWorld: Mat4, size: IgtlVec3): Float32Array {
  if (ijkToWorld.length !== 16) throw new IgtlError('INVALID_GEOMETRY', 'IJK-to-world must be a 4x4 matrix');
  const w = new Float32Array(12);
  for (let c = 0; c < 3; c++) {
    for (let r = 0; r < 3; r++) w[c * 3 + r] = ijkToWorld[r * 4 + c]!;
  }
  for (let r = 0; r < 3; r++) {
    let centre = ijkToWorld[r * 4 + 3]!;
    for (let c = 0; c < 3; c++) centre += ijkToWorld[r * 4 + c]! * ((size[c]! - 1) / 2);
    w[9 + r] = centre;
  }
  return w;
}

/** IJK-to-RAS whatever the image states (LPS images are converted by negating x and y). */
export function imageIjkToRas(image: ImageGeometry & Pick<IgtlImage, 'coordinate'>): Mat4 {
  const m = imageToMatrix4(image);
  return image.coordinate === 'LPS' ? rasToLps(m) : m;
}

/** IJK-to-LPS whatever the image states (DICOM's convention). */
export function imageIjkToLps(image: ImageGeometry & Pick<IgtlImage, 'coordinate'>): Mat4 {
  const m = imageToMatrix4(image);
  return image.coordinate === 'RAS' ? rasToLps(m) : m;
}

/** Spacing along i, j, k: the lengths of the wire matrix's three direction columns. */
export function imageSpacing(image: Pick<IgtlImage, 'matrix'>): [number, number, number] {
  const w = image.matrix;
  const len = (o: number) => Math.hypot(w[o]!, w[o + 1]!, w[o + 2]!);
  return [len(0), len(3), len(6)];
}

/** Unit direction of each axis (columns of the rotation); a zero-length axis is an INVALID_GEOMETRY. */
export function imageDirections(image: Pick<IgtlImage, 'matrix'>): [IgtlVec3, IgtlVec3, IgtlVec3] {
  const w = image.matrix;
  const spacing = imageSpacing(image);
  return [0, 1, 2].map((a) => {
    const s = spacing[a]!;
    if (!(s > 0)) throw new IgtlError('INVALID_GEOMETRY', `image axis ${'ijk'[a]} has zero length`);
    return [w[3 * a]! / s, w[3 * a + 1]! / s, w[3 * a + 2]! / s] as const;
  }) as [IgtlVec3, IgtlVec3, IgtlVec3];
}

/** World position of voxel (0, 0, 0) of the whole volume (the "origin" of VTK/ITK/DICOM). */
export function imageOrigin(image: ImageGeometry): [number, number, number] {
  const m = imageToMatrix4(image);
  return [m[3]!, m[7]!, m[11]!];
}

/**
 * PLUS's ImageToReference maps pixel (i, j, k) to millimetres in the Reference frame, i.e. it is the
 * IJK-to-world matrix of an IMAGE whose world is Reference (RAS). These two names make that explicit.
 */
export function imageToReferenceFromImage(image: ImageGeometry & Pick<IgtlImage, 'coordinate'>): Mat4 {
  return imageIjkToRas(image);
}

/** The wire matrix for a frame of `size` pixels placed by ImageToReference (coordinate 'RAS'). */
export function imageMatrixFromImageToReference(imageToReference: Mat4, size: IgtlVec3): Float32Array {
  return matrix4ToImage(imageToReference, size);
}
