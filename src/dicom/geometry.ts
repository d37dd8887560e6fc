import type { Mat4 } from '../math/index.js';

/** Where one frame lies in the patient, in DICOM's LPS frame (PS3.3 C.7.6.2.1.1). */
export interface FramePlane {
  /** ImagePositionPatient: centre of the first pixel (row 0, column 0), mm, LPS. */
  readonly position: readonly [number, number, number];
  /** ImageOrientationPatient: unit row direction (along a row, column index rising) then unit column direction, LPS. */
  readonly orientation: readonly [number, number, number, number, number, number];
  /** PixelSpacing: [between rows, between columns], mm. */
  readonly spacing: readonly [number, number];
}

/** Largest |cos| between the row and column directions we still accept as orthogonal (~0.06 degree). */
const MAX_SKEW_COS = 1e-3;

/**
 * The DICOM plane of a frame whose pixel (i, j) sits at ImageToReference · (i, j, 0, 1) in Reference
 * (row-major matrix, mm, as PLUS and src/sequence give it). Undefined when the matrix cannot be a plane:
 * non-finite, a zero-length axis, or row and column axes not orthogonal (DICOM has no shear).
 *
 * This is the one RAS -> LPS boundary of src/dicom: our Reference frame is RAS (OpenIGTLink, Slicer,
 * PLUS), DICOM patient coordinates are LPS (PS3.3 C.7.6.2.1.1), so x and y are negated here, for the
 * position and for both direction vectors; z is unchanged.
 */
export function planeOf(imageToReferenceRas: Mat4): FramePlane | undefined {
  const m = imageToReferenceRas;
  if (m.length !== 16 || !Array.from(m).every(Number.isFinite)) return undefined;
  const col = (c: number) => [m[c]!, m[4 + c]!, m[8 + c]!] as const;
  const toLps = (v: readonly [number, number, number]) => [-v[0], -v[1], v[2]] as const;
  const u = col(0); // image x (column index i) in RAS, length = column spacing
  const v = col(1); // image y (row index j) in RAS, length = row spacing
  const su = Math.hypot(...u);
  const sv = Math.hypot(...v);
  if (!(su > 1e-9 && sv > 1e-9)) return undefined;
  const ur = u.map((x) => x / su) as unknown as [number, number, number];
  const vr = v.map((x) => x / sv) as unknown as [number, number, number];
  const cos = ur[0] * vr[0] + ur[1] * vr[1] + ur[2] * vr[2];
  if (Math.abs(cos) > MAX_SKEW_COS) return undefined;
  // Float tracking data is orthogonal only to ~1e-7; make the column direction exactly orthogonal to the
  // row direction (Gram-Schmidt) so readers that check ImageOrientationPatient see a proper plane.
  const w = vr.map((x, k) => x - cos * ur[k]!);
  const sw = Math.hypot(...w);
  const row = toLps(ur);
  const column = toLps(w.map((x) => x / sw) as unknown as [number, number, number]);
  return {
    position: toLps(col(3)),
    orientation: [...row, ...column],
    spacing: [sv, su],
  };
}
