import { ViewerError } from './errors.js';
import { VOLUME_MAGIC, checkHeader, checkLength, writeMagic } from './magic.js';

/**
 * The reconstructed intensity volume and its bone labels on one grid (x fastest, then y, then z;
 * Reference frame RAS, axis-aligned), for the viewer's slices.
 */
export interface ViewerVolume {
  readonly dims: readonly [number, number, number];
  readonly spacing: readonly [number, number, number];
  readonly origin: readonly [number, number, number];
  readonly intensity: Uint8Array;
  /** Same length as intensity; nonzero = bone. */
  readonly labels: Uint8Array;
}

// 'SBV1', uint32 nx ny nz, float32 spacing xyz, float32 origin xyz (all little-endian), then intensity,
// then labels.
const HEADER_BYTES = 40;
/** 2^28 voxels (512 MiB with labels) is far beyond a spine sweep at 0.5 mm; more is a bad header. */
export const MAX_VOXELS = 2 ** 28;

export function encodeVolume(v: ViewerVolume): Uint8Array {
  const n = voxels(v.dims, 'VIEWER_BAD_INPUT');
  if (v.intensity.length !== n || v.labels.length !== n) {
    throw new ViewerError(
      'VIEWER_BAD_INPUT',
      `volume ${v.dims.join('x')} needs ${n} intensity and label bytes, got ${v.intensity.length} and ${v.labels.length}`,
    );
  }
  if (![...v.spacing, ...v.origin].every(Number.isFinite) || !v.spacing.every((s) => s > 0)) {
    throw new ViewerError('VIEWER_BAD_INPUT', 'volume spacing must be positive and origin finite');
  }
  const out = new Uint8Array(HEADER_BYTES + 2 * n);
  const view = new DataView(out.buffer);
  writeMagic(view, VOLUME_MAGIC);
  for (let k = 0; k < 3; k++) {
    view.setUint32(4 + 4 * k, v.dims[k]!, true);
    view.setFloat32(16 + 4 * k, v.spacing[k]!, true);
    view.setFloat32(28 + 4 * k, v.origin[k]!, true);
  }
  out.set(v.intensity, HEADER_BYTES);
  out.set(v.labels, HEADER_BYTES + n);
  return out;
}

/** Decodes a volume message; intensity and labels are views into `bytes`. */
export function decodeVolume(bytes: Uint8Array): ViewerVolume {
  const view = checkHeader(bytes, VOLUME_MAGIC, HEADER_BYTES);
  const dims = [0, 1, 2].map((k) => view.getUint32(4 + 4 * k, true)) as [number, number, number];
  const spacing = [0, 1, 2].map((k) => view.getFloat32(16 + 4 * k, true)) as [number, number, number];
  const origin = [0, 1, 2].map((k) => view.getFloat32(28 + 4 * k, true)) as [number, number, number];
  const n = voxels(dims, 'VIEWER_BAD_SIZE');
  if (![...spacing, ...origin].every(Number.isFinite) || !spacing.every((s) => s > 0)) {
    throw new ViewerError('VIEWER_BAD_SIZE', 'volume spacing must be positive and origin finite');
  }
  checkLength(VOLUME_MAGIC, bytes.length, HEADER_BYTES + 2 * n);
  return {
    dims,
    spacing,
    origin,
    intensity: bytes.subarray(HEADER_BYTES, HEADER_BYTES + n),
    labels: bytes.subarray(HEADER_BYTES + n, HEADER_BYTES + 2 * n),
  };
}

function voxels(dims: readonly number[], code: 'VIEWER_BAD_INPUT' | 'VIEWER_BAD_SIZE'): number {
  if (dims.length !== 3 || !dims.every((d) => Number.isInteger(d) && d > 0 && d <= 0xffffffff)) {
    throw new ViewerError(code, `volume dims ${dims.join('x')} must be three positive integers`);
  }
  const n = dims[0]! * dims[1]! * dims[2]!;
  if (n > MAX_VOXELS) throw new ViewerError(code, `volume of ${n} voxels is over the ${MAX_VOXELS} limit`);
  return n;
}
