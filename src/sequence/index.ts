export { SequenceError } from './errors.js';
export type { SequenceErrorCode } from './errors.js';
export type { ElementType, PixelArray } from './element-type.js';
export {
  bytesPerElement,
  elementTypeOf,
  allocPixels,
  pixelsFromBytes,
  bytesOfPixels,
} from './element-type.js';
export type { Encoding, ImageHeader } from './header.js';
export { parseMetaImageHeader, formatMetaImageHeader, metaImageHeaderLength } from './metaimage.js';
export { parseNrrdHeader, formatNrrdHeader, nrrdHeaderLength } from './nrrd.js';
export type { ImageFile } from './image-file.js';
export { readImageFile } from './image-file.js';
export type { UsImageOrientation } from './orientation.js';
export { parseOrientation, flipAxes, flipFrame } from './orientation.js';
export type { FrameMeta, FrameTransform, TransformStatus } from './frame-fields.js';
export { parseMatrix, formatMatrix, parseFrameMeta, formatFrameMeta } from './frame-fields.js';
export type { Sequence, SequenceFrame, SequenceInfo } from './sequence.js';
export type { ReadSequenceOptions, SequenceSource } from './read.js';
export { openSequence, readSequence } from './read.js';
export type { Volume, ReadVolume, WriteImageOptions } from './volume.js';
export { readVolume, writeVolume, volumeHeader } from './volume.js';
export type { SequenceLayout, FrameInput } from './write.js';
export { writeSequence, sequenceHeader } from './write.js';
export type { SequenceWriterOptions } from './sequence-writer.js';
export { SequenceWriter, finalizeSequence } from './sequence-writer.js';
export type {
  PlusConfig,
  CoordinateTransform,
  VolumeReconstructionConfig,
  FanGeometry,
  HoleFillingElement,
  HoleFillingType,
  Interpolation,
  CompoundingMode,
} from './plus-config.js';
export { parsePlusConfig, readPlusConfig } from './plus-config.js';
export { TransformRepository, splitTransformName } from './transforms.js';
