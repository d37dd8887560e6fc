import { ViewerError } from './errors.js';
import { FRAME_MAGIC, checkHeader, checkLength, writeMagic } from './magic.js';

/** One B-mode frame and its bone label, both width·height bytes, rows top to bottom, and its pose. */
export interface ViewerFrame {
  readonly width: number;
  readonly height: number;
  readonly pixels: Uint8Array;
  readonly label: Uint8Array;
  readonly index: number;
  /**
   * ImageToReference, row-major 4x4: pixel (i, j) -> mm in the Reference frame (RAS), so the browser
   * can place the label's bone pixels in 3D while the sweep is still running. All zeros: no valid pose
   * (the frame is shown, its label is not placed).
   */
  readonly imageToReference: ArrayLike<number>;
}

// 'SBF2', uint32 index, uint16 width, uint16 height, 16 float32 ImageToReference (row-major; all
// little-endian), then pixels, then label. float32 keeps ~0.01 mm at 1 m: plenty for a preview.
const MATRIX_OFFSET = 12;
const HEADER_BYTES = MATRIX_OFFSET + 16 * 4;

/** Encodes a frame as one binary WebSocket message. */
export function encodeFrame(f: ViewerFrame): Uint8Array {
  const { width, height, index } = f;
  if (!isUint(width, 0xffff) || !isUint(height, 0xffff) || width === 0 || height === 0) {
    throw new ViewerError('VIEWER_BAD_INPUT', `frame size ${width}x${height} is not in 1..65535`);
  }
  if (!isUint(index, 0xffffffff)) {
    throw new ViewerError('VIEWER_BAD_INPUT', `frame index ${index} is not a uint32`);
  }
  const m = f.imageToReference;
  if (m.length !== 16 || !Array.from(m).every(Number.isFinite)) {
    throw new ViewerError('VIEWER_BAD_INPUT', 'imageToReference must be 16 finite numbers');
  }
  const n = width * height;
  if (f.pixels.length !== n || f.label.length !== n) {
    throw new ViewerError(
      'VIEWER_BAD_INPUT',
      `frame ${width}x${height} needs ${n} pixel and label bytes, got ${f.pixels.length} and ${f.label.length}`,
    );
  }
  const out = new Uint8Array(HEADER_BYTES + 2 * n);
  const view = new DataView(out.buffer);
  writeMagic(view, FRAME_MAGIC);
  view.setUint32(4, index, true);
  view.setUint16(8, width, true);
  view.setUint16(10, height, true);
  for (let k = 0; k < 16; k++) view.setFloat32(MATRIX_OFFSET + 4 * k, m[k]!, true);
  out.set(f.pixels, HEADER_BYTES);
  out.set(f.label, HEADER_BYTES + n);
  return out;
}

/** Decodes a frame message; pixels and label are views into `bytes`, not copies. */
export function decodeFrame(bytes: Uint8Array): ViewerFrame {
  const view = checkHeader(bytes, FRAME_MAGIC, HEADER_BYTES);
  const index = view.getUint32(4, true);
  const width = view.getUint16(8, true);
  const height = view.getUint16(10, true);
  if (width === 0 || height === 0) {
    throw new ViewerError('VIEWER_BAD_SIZE', `frame size ${width}x${height} is empty`);
  }
  const n = width * height;
  checkLength(FRAME_MAGIC, bytes.length, HEADER_BYTES + 2 * n);
  const imageToReference = new Float64Array(16);
  for (let k = 0; k < 16; k++) imageToReference[k] = view.getFloat32(MATRIX_OFFSET + 4 * k, true);
  if (!imageToReference.every(Number.isFinite)) {
    throw new ViewerError('VIEWER_BAD_INPUT', 'frame pose has a non-finite element');
  }
  return {
    index,
    width,
    height,
    imageToReference,
    pixels: bytes.subarray(HEADER_BYTES, HEADER_BYTES + n),
    label: bytes.subarray(HEADER_BYTES + n, HEADER_BYTES + 2 * n),
  };
}

function isUint(v: number, max: number): boolean {
  return Number.isInteger(v) && v >= 0 && v <= max;
}
