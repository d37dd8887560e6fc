import { open, rename, unlink } from 'node:fs/promises';
import type { Mat4 } from '../math/index.js';
import type { ElementType, PixelArray } from './element-type.js';
import { bytesOfPixels, elementTypeOf } from './element-type.js';
import { SequenceError } from './errors.js';
import type { FrameMeta, FrameTransform } from './frame-fields.js';
import { formatFrameMeta } from './frame-fields.js';
import type { ImageHeader } from './header.js';
import { identityDirection } from './header.js';
import { ioError, writeEncoded } from './image-file.js';
import { COMPRESSED_SIZE_WIDTH, formatMetaImageHeader } from './metaimage.js';
import { formatNrrdHeader } from './nrrd.js';
import type { UsImageOrientation } from './orientation.js';
import { IMAGE_TYPE_FIELD, ORIENTATION_FIELD } from './sequence.js';
import { formatOfPath } from './volume.js';

/** Geometry and header fields of a sequence to write; everything but frameSize has a PLUS default. */
export interface SequenceLayout {
  readonly frameSize: readonly [number, number, number];
  readonly elementType?: ElementType;
  readonly channels?: number;
  readonly spacing?: readonly [number, number, number];
  readonly origin?: readonly [number, number, number];
  readonly direction?: readonly number[];
  /** Default 'MF'. */
  readonly orientation?: UsImageOrientation;
  /** Default 'BRIGHTNESS'. */
  readonly imageType?: string;
  /** Other header fields, raw (e.g. the `fields` of a SequenceInfo that was read). */
  readonly fields?: readonly (readonly [string, string])[];
}

/** One frame to write: pixels plus whatever PLUS stores per frame. A bare Mat4 transform has status OK. */
export interface FrameInput {
  readonly pixels: PixelArray;
  readonly transforms?: ReadonlyMap<string, FrameTransform | Mat4>;
  readonly timestamp?: number;
  readonly imageStatus?: string;
  readonly fields?: ReadonlyMap<string, string>;
}

export function frameMetaOf(f: FrameInput): FrameMeta {
  const transforms = new Map<string, FrameTransform>();
  for (const [name, t] of f.transforms ?? []) {
    transforms.set(name, t instanceof Float64Array ? { matrix: t, status: 'OK' } : t);
  }
  return {
    transforms,
    timestamp: f.timestamp,
    imageStatus: f.imageStatus ?? 'OK',
    fields: f.fields ?? new Map(),
  };
}

/** Throws SEQ_SIZE unless the frame has the pixel count and element type the layout says. */
export function checkFrame(layout: SequenceLayout, f: FrameInput, index: number, file: string): void {
  const [w, h, d] = layout.frameSize;
  const n = w * h * d * (layout.channels ?? 1);
  if (f.pixels.length !== n) {
    throw new SequenceError(
      'SEQ_SIZE',
      `${file}: frame ${index} has ${f.pixels.length} pixels, frame size ${w}x${h}x${d} needs ${n}`,
    );
  }
  const t = elementTypeOf(f.pixels);
  if (layout.elementType !== undefined && t !== layout.elementType) {
    throw new SequenceError(
      'SEQ_SIZE',
      `${file}: frame ${index} is ${t}, the sequence is ${layout.elementType}`,
    );
  }
}

/** The header of a sequence with these frames (pure). */
export function sequenceHeader(
  layout: SequenceLayout,
  metas: readonly FrameMeta[],
  format: 'metaimage' | 'nrrd',
  compress: boolean,
  dataFile?: string,
): ImageHeader {
  const fields: (readonly [string, string])[] = (layout.fields ?? []).filter(
    ([k]) => k !== ORIENTATION_FIELD && k !== IMAGE_TYPE_FIELD,
  );
  fields.push(
    [ORIENTATION_FIELD, layout.orientation ?? 'MF'],
    [IMAGE_TYPE_FIELD, layout.imageType ?? 'BRIGHTNESS'],
  );
  return {
    format,
    spatialDims: layout.frameSize[2] > 1 ? 3 : 2,
    dims: layout.frameSize,
    frameCount: metas.length,
    elementType: layout.elementType ?? 'uint8',
    channels: layout.channels ?? 1,
    spacing: layout.spacing ?? [1, 1, 1],
    origin: layout.origin ?? [0, 0, 0],
    direction: layout.direction ?? identityDirection(),
    encoding: compress ? (format === 'metaimage' ? 'zlib' : 'gzip') : 'raw',
    compressedSize: undefined,
    bigEndian: false,
    dataFile,
    dataFileSkip: 0,
    space: undefined,
    fields,
    frameFields: metas.map(formatFrameMeta),
  };
}

export function formatHeader(h: ImageHeader): string {
  return h.format === 'metaimage' ? formatMetaImageHeader(h) : formatNrrdHeader(h);
}

/**
 * Writes a single-file sequence (.igs.mha / .igs.nrrd; .mhd/.nhdr are refused here) with all frames,
 * raw or compressed as one zlib/gzip stream, then renames it into place.
 */
export async function writeSequence(
  file: string,
  layout: SequenceLayout,
  frames: readonly FrameInput[],
  options: { readonly compress?: boolean } = {},
): Promise<void> {
  const { format, detached } = formatOfPath(file);
  if (detached) throw new SequenceError('SEQ_UNSUPPORTED', `${file}: write sequences as .mha or .nrrd`);
  const full: SequenceLayout = {
    ...layout,
    elementType: layout.elementType ?? (frames[0] ? elementTypeOf(frames[0].pixels) : 'uint8'),
  };
  frames.forEach((f, i) => checkFrame(full, f, i, file));
  const header = sequenceHeader(full, frames.map(frameMetaOf), format, options.compress ?? false);
  await writeHeaderAndData(
    file,
    header,
    frames.map((f) => bytesOfPixels(f.pixels)),
  );
}

/**
 * Writes header + data to a temporary sibling, patches MetaImage CompressedDataSize in place once the
 * compressed length is known (the padded field PLUS also uses), and renames over `file`.
 */
export async function writeHeaderAndData(
  file: string,
  header: ImageHeader,
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
): Promise<void> {
  const text = formatHeader(header);
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    const fh = await open(tmp, 'w');
    try {
      const head = Buffer.from(text, 'latin1');
      await fh.write(head, 0, head.length, 0);
      const written = await writeEncoded(fh, head.length, chunks, header.encoding);
      if (header.format === 'metaimage' && header.encoding === 'zlib') {
        const at = text.indexOf('CompressedDataSize = ') + 'CompressedDataSize = '.length;
        const value = Buffer.from(String(written).padEnd(COMPRESSED_SIZE_WIDTH), 'latin1');
        await fh.write(value, 0, value.length, at);
      }
    } finally {
      await fh.close();
    }
    await rename(tmp, file);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    if (e instanceof SequenceError) throw e;
    throw ioError(file, 'write', e);
  }
}
