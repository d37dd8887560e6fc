import type { ElementType, PixelArray } from './element-type.js';
import type { FrameMeta } from './frame-fields.js';
import type { Encoding, ImageHeader } from './header.js';
import type { UsImageOrientation } from './orientation.js';
import { parseOrientation } from './orientation.js';

/** What a sequence file says about all its frames. Geometry is per frame; frames are 3D (2D frames have frameSize[2] = 1). */
export interface SequenceInfo {
  readonly file: string;
  readonly format: 'metaimage' | 'nrrd';
  readonly frameSize: readonly [number, number, number];
  readonly frameCount: number;
  readonly elementType: ElementType;
  readonly channels: number;
  readonly spacing: readonly [number, number, number];
  readonly origin: readonly [number, number, number];
  /** Axis-major 3x3 (see ImageHeader.direction). */
  readonly direction: readonly number[];
  readonly encoding: Encoding;
  /** Orientation of the pixels as delivered (after any flip requested on read). */
  readonly orientation: UsImageOrientation;
  /** Orientation written in the file ('MF' when the file has none, as PLUS assumes). */
  readonly orientationInFile: UsImageOrientation;
  /** PLUS UltrasoundImageType (BRIGHTNESS, RF_REAL, …), undefined when absent. */
  readonly imageType: string | undefined;
  /** Other header fields (AnatomicalOrientation, CenterOfRotation, custom), raw, in file order. */
  readonly fields: readonly (readonly [string, string])[];
}

export interface SequenceFrame extends FrameMeta {
  readonly index: number;
  /** x fastest, then y, then z; channels interleaved. */
  readonly pixels: PixelArray;
}

export interface Sequence {
  readonly info: SequenceInfo;
  readonly frames: readonly SequenceFrame[];
}

export const ORIENTATION_FIELD = 'UltrasoundImageOrientation';
export const IMAGE_TYPE_FIELD = 'UltrasoundImageType';

/** Sequence-level view of a header: frame axis, orientation and image type pulled out of the fields. */
export function sequenceInfoFromHeader(file: string, h: ImageHeader): SequenceInfo {
  let orientationText: string | undefined;
  let imageType: string | undefined;
  const fields: (readonly [string, string])[] = [];
  for (const f of h.fields) {
    if (f[0].toLowerCase() === ORIENTATION_FIELD.toLowerCase()) orientationText = f[1];
    else if (f[0].toLowerCase() === IMAGE_TYPE_FIELD.toLowerCase()) imageType = f[1];
    else fields.push(f);
  }
  const orientation = orientationText === undefined ? 'MF' : parseOrientation(orientationText, file);
  return {
    file,
    format: h.format,
    frameSize: h.dims,
    frameCount: h.frameCount ?? 1,
    elementType: h.elementType,
    channels: h.channels,
    spacing: h.spacing,
    origin: h.origin,
    direction: h.direction,
    encoding: h.encoding,
    orientation,
    orientationInFile: orientation,
    imageType,
    fields,
  };
}
