/**
 * 4x4 homogeneous matrices, row-major in a Float64Array(16): element (r, c) is m[r * 4 + c].
 * Row-major is what PLUS writes in sequence files; OpenIGTLink's column-major 3x4 is converted at its codec.
 */
export type Mat4 = Float64Array;

export function identity(): Mat4 {
  const m = new Float64Array(16);
  m[0] = m[5] = m[10] = m[15] = 1;
  return m;
}

export function fromRowMajor(values: ArrayLike<number>): Mat4 {
  if (values.length !== 16) throw new RangeError(`a 4x4 matrix needs 16 numbers, got ${values.length}`);
  return Float64Array.from(values);
}

export function multiply(a: Mat4, b: Mat4): Mat4 {
  const out = new Float64Array(16);
  for (let r = 0; r < 4; r++) {
    for (let c = 0; c < 4; c++) {
      let s = 0;
      for (let k = 0; k < 4; k++) s += a[r * 4 + k]! * b[k * 4 + c]!;
      out[r * 4 + c] = s;
    }
  }
  return out;
}

/** General 4x4 inverse (cofactor expansion); throws on a singular matrix. */
export function invert(m: Mat4): Mat4 {
  const a = (i: number) => m[i]!;
  const inv = new Float64Array(16);
  inv[0] =
    a(5) * a(10) * a(15) -
    a(5) * a(11) * a(14) -
    a(9) * a(6) * a(15) +
    a(9) * a(7) * a(14) +
    a(13) * a(6) * a(11) -
    a(13) * a(7) * a(10);
  inv[4] =
    -a(4) * a(10) * a(15) +
    a(4) * a(11) * a(14) +
    a(8) * a(6) * a(15) -
    a(8) * a(7) * a(14) -
    a(12) * a(6) * a(11) +
    a(12) * a(7) * a(10);
  inv[8] =
    a(4) * a(9) * a(15) -
    a(4) * a(11) * a(13) -
    a(8) * a(5) * a(15) +
    a(8) * a(7) * a(13) +
    a(12) * a(5) * a(11) -
    a(12) * a(7) * a(9);
  inv[12] =
    -a(4) * a(9) * a(14) +
    a(4) * a(10) * a(13) +
    a(8) * a(5) * a(14) -
    a(8) * a(6) * a(13) -
    a(12) * a(5) * a(10) +
    a(12) * a(6) * a(9);
  inv[1] =
    -a(1) * a(10) * a(15) +
    a(1) * a(11) * a(14) +
    a(9) * a(2) * a(15) -
    a(9) * a(3) * a(14) -
    a(13) * a(2) * a(11) +
    a(13) * a(3) * a(10);
  inv[5] =
    a(0) * a(10) * a(15) -
    a(0) * a(11) * a(14) -
    a(8) * a(2) * a(15) +
    a(8) * a(3) * a(14) +
    a(12) * a(2) * a(11) -
    a(12) * a(3) * a(10);
  inv[9] =
    -a(0) * a(9) * a(15) +
    a(0) * a(11) * a(13) +
    a(8) * a(1) * a(15) -
    a(8) * a(3) * a(13) -
    a(12) * a(1) * a(11) +
    a(12) * a(3) * a(9);
  inv[13] =
    a(0) * a(9) * a(14) -
    a(0) * a(10) * a(13) -
    a(8) * a(1) * a(14) +
    a(8) * a(2) * a(13) +
    a(12) * a(1) * a(10) -
    a(12) * a(2) * a(9);
  inv[2] =
    a(1) * a(6) * a(15) -
    a(1) * a(7) * a(14) -
    a(5) * a(2) * a(15) +
    a(5) * a(3) * a(14) +
    a(13) * a(2) * a(7) -
    a(13) * a(3) * a(6);
  inv[6] =
    -a(0) * a(6) * a(15) +
    a(0) * a(7) * a(14) +
    a(4) * a(2) * a(15) -
    a(4) * a(3) * a(14) -
    a(12) * a(2) * a(7) +
    a(12) * a(3) * a(6);
  inv[10] =
    a(0) * a(5) * a(15) -
    a(0) * a(7) * a(13) -
    a(4) * a(1) * a(15) +
    a(4) * a(3) * a(13) +
    a(12) * a(1) * a(7) -
    a(12) * a(3) * a(5);
  inv[14] =
    -a(0) * a(5) * a(14) +
    a(0) * a(6) * a(13) +
    a(4) * a(1) * a(14) -
    a(4) * a(2) * a(13) -
    a(12) * a(1) * a(6) +
    a(12) * a(2) * a(5);
  inv[3] =
    -a(1) * a(6) * a(11) +
    a(1) * a(7) * a(10) +
    a(5) * a(2) * a(11) -
    a(5) * a(3) * a(10) -
    a(9) * a(2) * a(7) +
    a(9) * a(3) * a(6);
  inv[7] =
    a(0) * a(6) * a(11) -
    a(0) * a(7) * a(10) -
    a(4) * a(2) * a(11) +
    a(4) * a(3) * a(10) +
    a(8) * a(2) * a(7) -
    a(8) * a(3) * a(6);
  inv[11] =
    -a(0) * a(5) * a(11) +
    a(0) * a(7) * a(9) +
    a(4) * a(1) * a(11) -
    a(4) * a(3) * a(9) -
    a(8) * a(1) * a(7) +
    a(8) * a(3) * a(5);
  inv[15] =
    a(0) * a(5) * a(10) -
    a(0) * a(6) * a(9) -
    a(4) * a(1) * a(10) +
    a(4) * a(2) * a(9) +
    a(8) * a(1) * a(6) -
    a(8) * a(2) * a(5);
  const det = a(0) * inv[0]! + a(1) * inv[4]! + a(2) * inv[8]! + a(3) * inv[12]!;
  if (!Number.isFinite(det) || Math.abs(det) < 1e-300) throw new RangeError('matrix is singular');
  for (let i = 0; i < 16; i++) inv[i] = inv[i]! / det;
  return inv;
}

/** Applies m to the point (x, y, z, 1); returns [x', y', z']. */
export function transformPoint(m: Mat4, x: number, y: number, z: number): [number, number, number] {
  return [
    m[0]! * x + m[1]! * y + m[2]! * z + m[3]!,
    m[4]! * x + m[5]! * y + m[6]! * z + m[7]!,
    m[8]! * x + m[9]! * y + m[10]! * z + m[11]!,
  ];
}

/** PLUS's chain: ImageToReference = inv(ReferenceToTracker) · ProbeToTracker · ImageToProbe. */
export function imageToReference(referenceToTracker: Mat4, probeToTracker: Mat4, imageToProbe: Mat4): Mat4 {
  return multiply(multiply(invert(referenceToTracker), probeToTracker), imageToProbe);
}

/** RAS <-> LPS: negate x and y (the map is its own inverse). Applied on the left of a ToRAS/ToLPS matrix. */
export function rasToLps(m: Mat4): Mat4 {
  const out = Float64Array.from(m);
  for (let c = 0; c < 4; c++) {
    out[c] = -out[c]!;
    out[4 + c] = -out[4 + c]!;
  }
  return out;
}
