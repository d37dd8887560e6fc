import { ViewerError } from './errors.js';
import { FRAME_MAGIC, checkHeader, checkLength, writeMagic } from './magic.js';

/** One B-mode frame and its bone label, both width·height bytes, rows top to bottom. */
export interface ViewerFrame {
  readonly width: number;
  readonly height: number;
  readonly pixels: Uint8Array;
  readonly label: Uint8Array;
  readonly index: number;
}

// 'SBF1', uint32 index, uint16 width, uint16 height (little-endian), then pixels, then label.
const HEADER_BYTES = 12;

/** Encodes a frame as one binary WebSocket message. */
export function encodeFrame(f: ViewerFrame): Uint8Array {
  const { width, height, index } = f;
  if (!isUint(width, 0xffff) || !isUint(height, 0xffff) || width === 0 || height === 0) {
    throw new ViewerError('VIEWER_BAD_INPUT', `frame size ${width}x${height} is not in 1..65535`);
  }
  if (!isUint(index, 0xffffffff)) {
    throw new ViewerError('VIEWER_BAD_INPUT', `frame index ${index} is not a uint32`);
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
  return {
    index,
    width,
    height,
    pixels: bytes.subarray(HEADER_BYTES, HEADER_BYTES + n),
    label: bytes.subarray(HEADER_BYTES + n, HEADER_BYTES + 2 * n),
  };
}

function isUint(v: number, max: number): boolean {
  return Number.isInteger(v) && v >= 0 && v <= max;
}
