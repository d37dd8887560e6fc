import type { ElementType } from './element-type.js';
import { bytesPerElement } from './element-type.js';
import { SequenceError } from './errors.js';

/** How the pixel bytes are stored after the header (MetaImage CompressedData is zlib, NRRD gz is gzip). */
export type Encoding = 'raw' | 'zlib' | 'gzip';

/**
 * One MetaImage or NRRD header, format-neutral. Spatial geometry is always 3D (a 2D image has
 * dims[2] = 1); a PLUS sequence adds a frame axis (`frameCount`). Per-frame `Seq_FrameNNNN_*` fields
 * are split out by frame number; every other non-geometry field is kept, in order, in `fields`.
 */
export interface ImageHeader {
  readonly format: 'metaimage' | 'nrrd';
  /** Number of spatial axes in the file (2 or 3), kept so a rewrite has the same layout. */
  readonly spatialDims: 2 | 3;
  readonly dims: readonly [number, number, number];
  /** Frames along a 'list'/'time' axis; undefined when the file declares no such axis. */
  readonly frameCount: number | undefined;
  readonly elementType: ElementType;
  readonly channels: number;
  readonly spacing: readonly [number, number, number];
  readonly origin: readonly [number, number, number];
  /** Axis directions, axis-major: numbers 0-2 are the world direction of the i axis (MetaImage TransformMatrix order). */
  readonly direction: readonly number[];
  readonly encoding: Encoding;
  /** MetaImage CompressedDataSize, when given. */
  readonly compressedSize: number | undefined;
  readonly bigEndian: boolean;
  /** Detached pixel data file as written in the header (relative to the header's folder); undefined = inline. */
  readonly dataFile: string | undefined;
  /** Bytes to skip in a detached data file (MetaImage HeaderSize, NRRD byte skip); -1 = data at the end. */
  readonly dataFileSkip: number;
  /** NRRD `space` (e.g. 'left-posterior-superior'); undefined when not given. */
  readonly space: string | undefined;
  readonly fields: readonly (readonly [string, string])[];
  readonly frameFields: readonly ReadonlyMap<string, string>[];
}

export const FRAME_FIELD_PREFIX = 'Seq_Frame';
const FRAME_KEY = /^Seq_Frame(\d+)_(.+)$/i;

/** 'Seq_Frame0012_ProbeToTrackerTransform' -> [12, 'ProbeToTrackerTransform'], or undefined. */
export function splitFrameKey(key: string): [number, string] | undefined {
  const m = FRAME_KEY.exec(key);
  return m ? [Number(m[1]), m[2]!] : undefined;
}

/** 'Seq_Frame0012_X' (at least 4 digits, as PLUS writes them). */
export function frameKey(index: number, name: string): string {
  return `${FRAME_FIELD_PREFIX}${String(index).padStart(4, '0')}_${name}`;
}

/** Gathers per-frame fields into one map per frame (missing frames get an empty map). */
export function collectFrameFields(
  entries: Iterable<readonly [number, string, string]>,
  frameCount: number,
): ReadonlyMap<string, string>[] {
  const out: Map<string, string>[] = [];
  for (let i = 0; i < frameCount; i++) out.push(new Map());
  for (const [i, name, value] of entries) {
    while (out.length <= i) out.push(new Map());
    out[i]!.set(name, value);
  }
  return out;
}

/** Shortest exact decimal for a number ('0' for -0), as headers want it. */
export function fmt(n: number): string {
  return Object.is(n, -0) ? '0' : String(n);
}

export function parseNumbers(text: string, file: string, field: string, count?: number): number[] {
  const parts = text
    .trim()
    .split(/[\s,()]+/)
    .filter((s) => s.length > 0);
  const nums = parts.map(Number);
  if (nums.some((n) => !Number.isFinite(n)) || (count !== undefined && nums.length !== count)) {
    const want = count === undefined ? 'numbers' : `${count} numbers`;
    throw new SequenceError('SEQ_HEADER', `${file}: field ${field} must be ${want}, got '${text.trim()}'`);
  }
  return nums;
}

export function identityDirection(): number[] {
  return [1, 0, 0, 0, 1, 0, 0, 0, 1];
}

/** Bytes of one frame (or of the whole image when there is no frame axis). */
export function frameBytes(h: Pick<ImageHeader, 'dims' | 'channels'>, bytesPerElement: number): number {
  return h.dims[0] * h.dims[1] * h.dims[2] * h.channels * bytesPerElement;
}

/** Uncompressed pixel bytes the header describes (all frames). */
export function pixelDataBytes(h: ImageHeader): number {
  return frameBytes(h, bytesPerElement(h.elementType)) * (h.frameCount ?? 1);
}
