import { bytesPerElement, pixelsFromBytes } from './element-type.js';
import { SequenceError } from './errors.js';
import type { FrameMeta } from './frame-fields.js';
import { parseFrameMeta } from './frame-fields.js';
import { frameBytes } from './header.js';
import type { ImageFile } from './image-file.js';
import { readImageFile, readPixelChunks } from './image-file.js';
import type { UsImageOrientation } from './orientation.js';
import { flipAxes, flipFrame, parseOrientation } from './orientation.js';
import type { Sequence, SequenceFrame, SequenceInfo } from './sequence.js';
import { sequenceInfoFromHeader } from './sequence.js';

export interface ReadSequenceOptions {
  /** Deliver pixels in this orientation (e.g. 'MF'), flipping as PLUS does on read; default: as in the file. */
  readonly orientation?: UsImageOrientation;
  /** First frame to read (default 0). */
  readonly first?: number;
  /** Number of frames to read (default: to the end). */
  readonly count?: number;
}

/** An opened sequence: header parsed, pixels not read; `frames()` streams them one at a time. */
export interface SequenceSource {
  readonly info: SequenceInfo;
  /** Frame by frame, reading only what each frame needs (multi-GB files stay on disk). Each call starts afresh. */
  frames(): AsyncGenerator<SequenceFrame>;
}

/** Parses the header of a .igs.mha/.mha/.mhd/.igs.nrrd/.nrrd/.nhdr sequence; validates per-frame fields eagerly. */
export async function openSequence(file: string, options: ReadSequenceOptions = {}): Promise<SequenceSource> {
  const img = await readImageFile(file);
  const base = sequenceInfoFromHeader(file, img.header);
  const target =
    options.orientation === undefined ? base.orientation : parseOrientation(options.orientation, file);
  const flip = flipAxes(base.orientation, target, file);
  const first = options.first ?? 0;
  const count = Math.min(options.count ?? base.frameCount - first, base.frameCount - first);
  if (!Number.isInteger(first) || first < 0 || first > base.frameCount || count < 0) {
    throw new SequenceError(
      'SEQ_SIZE',
      `${file}: frames ${first}..${first + count - 1} requested, the file has ${base.frameCount}`,
    );
  }
  const metas: FrameMeta[] = [];
  for (let i = first; i < first + count; i++) {
    metas.push(parseFrameMeta(img.header.frameFields[i] ?? new Map(), file, i));
  }
  const info: SequenceInfo = { ...base, orientation: target };
  return {
    info,
    frames: () => frameGenerator(img, info, metas, first, flip),
  };
}

async function* frameGenerator(
  img: ImageFile,
  info: SequenceInfo,
  metas: readonly FrameMeta[],
  first: number,
  flip: ReturnType<typeof flipAxes>,
): AsyncGenerator<SequenceFrame> {
  const bytes = frameBytes(img.header, bytesPerElement(info.elementType));
  let i = 0;
  for await (const chunk of readPixelChunks(img, bytes, metas.length, first)) {
    const raw = pixelsFromBytes(info.elementType, chunk, img.header.bigEndian);
    const pixels = flipFrame(raw, info.frameSize, info.channels, flip);
    yield { index: first + i, pixels, ...metas[i]! };
    i++;
  }
}

/** Reads a whole (small) sequence into memory. For long recordings use openSequence().frames(). */
export async function readSequence(file: string, options: ReadSequenceOptions = {}): Promise<Sequence> {
  const source = await openSequence(file, options);
  const frames: SequenceFrame[] = [];
  for await (const f of source.frames()) frames.push(f);
  return { info: source.info, frames };
}
