import { open, rename, unlink } from 'node:fs/promises';
import { basename } from 'node:path';
import { deflateSync, gzipSync } from 'node:zlib';
import type { ElementType, PixelArray } from './element-type.js';
import { bytesOfPixels, elementTypeOf, pixelsFromBytes } from './element-type.js';
import { SequenceError } from './errors.js';
import type { ImageHeader } from './header.js';
import { identityDirection, pixelDataBytes } from './header.js';
import { ioError, readImageFile, readPixelChunks } from './image-file.js';
import { formatMetaImageHeader } from './metaimage.js';
import { formatNrrdHeader } from './nrrd.js';

/** A 3D image (a 2D one has dims[2] = 1): voxel (x, y, z) sits at origin + direction·(spacing ⊙ (x, y, z)). */
export interface Volume {
  readonly dims: readonly [number, number, number];
  readonly spacing: readonly [number, number, number];
  readonly origin: readonly [number, number, number];
  /** Axis-major 3x3: numbers 0-2 are the world direction of the x axis. Identity when omitted on write. */
  readonly direction?: readonly number[];
  readonly channels?: number;
  /** x fastest, then y, then z; channels interleaved. Its type sets the element type. */
  readonly data: PixelArray;
  /** NRRD `space`, e.g. 'right-anterior-superior'; only NRRD stores it. */
  readonly space?: string;
  /** Extra header fields kept on read and written back (e.g. AnatomicalOrientation), raw text. */
  readonly fields?: readonly (readonly [string, string])[];
}

export interface ReadVolume extends Volume {
  readonly direction: readonly number[];
  readonly channels: number;
  readonly elementType: ElementType;
  readonly fields: readonly (readonly [string, string])[];
}

/**
 * Reads a MetaImage or NRRD image as one volume. A file with a frame axis is accepted when it is
 * one frame, or a stack of 2D frames (read as z).
 */
export async function readVolume(file: string): Promise<ReadVolume> {
  const img = await readImageFile(file);
  const h = img.header;
  let dims = h.dims;
  if (h.frameCount !== undefined && h.frameCount !== 1) {
    if (h.dims[2] !== 1)
      throw new SequenceError(
        'SEQ_UNSUPPORTED',
        `${file}: ${h.frameCount} 3D frames cannot be read as one volume`,
      );
    dims = [h.dims[0], h.dims[1], h.frameCount];
  }
  const total = pixelDataBytes(h);
  let data: PixelArray = pixelsFromBytes(h.elementType, new Uint8Array(0));
  for await (const chunk of readPixelChunks(img, total, 1))
    data = pixelsFromBytes(h.elementType, chunk, h.bigEndian);
  return {
    dims,
    spacing: h.spacing,
    origin: h.origin,
    direction: h.direction,
    channels: h.channels,
    elementType: h.elementType,
    data,
    ...(h.space !== undefined ? { space: h.space } : {}),
    fields: h.fields,
  };
}

export interface WriteImageOptions {
  /** zlib (MetaImage CompressedData) or gzip (NRRD encoding) compression; default false. */
  readonly compress?: boolean;
}

/** The header writeVolume writes for `v` (pure). */
export function volumeHeader(v: Volume, format: 'metaimage' | 'nrrd', compress: boolean): ImageHeader {
  const channels = v.channels ?? 1;
  const expected = v.dims[0] * v.dims[1] * v.dims[2] * channels;
  if (v.data.length !== expected) {
    throw new SequenceError(
      'SEQ_SIZE',
      `volume data has ${v.data.length} elements, dims ${v.dims.join('x')} x ${channels} channel(s) need ${expected}`,
    );
  }
  return {
    format,
    spatialDims: 3,
    dims: v.dims,
    frameCount: undefined,
    elementType: elementTypeOf(v.data),
    channels,
    spacing: v.spacing,
    origin: v.origin,
    direction: v.direction ?? identityDirection(),
    encoding: compress ? (format === 'metaimage' ? 'zlib' : 'gzip') : 'raw',
    compressedSize: undefined,
    bigEndian: false,
    dataFile: undefined,
    dataFileSkip: 0,
    space: v.space,
    fields: v.fields ?? [],
    frameFields: [],
  };
}

/** Which codec and whether the data goes to a separate file, from the file name. */
export function formatOfPath(file: string): { format: 'metaimage' | 'nrrd'; detached: boolean } {
  const lower = file.toLowerCase();
  if (lower.endsWith('.mha')) return { format: 'metaimage', detached: false };
  if (lower.endsWith('.mhd')) return { format: 'metaimage', detached: true };
  if (lower.endsWith('.nrrd')) return { format: 'nrrd', detached: false };
  if (lower.endsWith('.nhdr')) return { format: 'nrrd', detached: true };
  throw new SequenceError(
    'SEQ_UNSUPPORTED',
    `${file}: unknown image file extension (use .mha, .mhd, .nrrd or .nhdr)`,
  );
}

/** Name of the data file beside a detached header: X.mhd -> X.raw / X.zraw, X.nhdr -> X.raw / X.raw.gz. */
export function dataFileName(file: string, format: 'metaimage' | 'nrrd', compress: boolean): string {
  const stem = basename(file).replace(/\.(mhd|nhdr|mha|nrrd)$/i, '');
  if (!compress) return `${stem}.raw`;
  return format === 'metaimage' ? `${stem}.zraw` : `${stem}.raw.gz`;
}

/** Writes a volume as .mha, .mhd (+ .raw/.zraw), .nrrd or .nhdr (+ .raw/.raw.gz), atomically (temp file + rename). */
export async function writeVolume(
  file: string,
  volume: Volume,
  options: WriteImageOptions = {},
): Promise<void> {
  const { format, detached } = formatOfPath(file);
  const compress = options.compress ?? false;
  let header = volumeHeader(volume, format, compress);
  const raw = bytesOfPixels(volume.data);
  const data = !compress ? raw : format === 'metaimage' ? deflateSync(raw) : gzipSync(raw);
  if (format === 'metaimage' && compress) header = { ...header, compressedSize: data.length };
  if (detached) header = { ...header, dataFile: dataFileName(file, format, compress) };
  const text = format === 'metaimage' ? formatMetaImageHeader(header) : formatNrrdHeader(header);
  const headerBytes = Buffer.from(text, 'latin1');
  if (detached) {
    await writeAtomic(file.replace(/[^/\\]*$/, header.dataFile!), [data]);
    await writeAtomic(file, [headerBytes]);
  } else {
    await writeAtomic(file, [headerBytes, data]);
  }
}

/** Writes parts to `file` via a temporary sibling and rename, so readers never see half a file. */
export async function writeAtomic(file: string, parts: readonly Uint8Array[]): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    const fh = await open(tmp, 'w');
    try {
      for (const p of parts) await fh.write(p);
    } finally {
      await fh.close();
    }
    await rename(tmp, file);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw ioError(file, 'write', e);
  }
}
