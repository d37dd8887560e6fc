import { CodedError } from '../util/index.js';

/**
 * Every way a sequence/volume/config file can be refused. Messages name the file and the field.
 * - SEQ_IO: the file cannot be opened, read or written.
 * - SEQ_HEADER: a header line or required field is missing or malformed (DimSize, ElementType, sizes…).
 * - SEQ_UNSUPPORTED: a legal but unsupported feature (element type, encoding, byte order, layout).
 * - SEQ_TRUNCATED: fewer pixel bytes than the header promises, or a cut compressed stream.
 * - SEQ_SIZE: sizes disagree (frame size, channel count, array length, frame count).
 * - SEQ_ORIENTATION: unknown UltrasoundImageOrientation, or a conversion that needs a transpose.
 * - SEQ_MATRIX: a transform is not 16 finite numbers, or a transform path is singular.
 * - SEQ_TRANSFORM_PATH: no chain of known transforms connects the requested frames.
 * - SEQ_XML: the PLUS configuration XML is malformed or has a bad attribute.
 * - SEQ_STATE: a writer used after close, or frames of a different shape appended.
 */
export type SequenceErrorCode =
  | 'SEQ_IO'
  | 'SEQ_HEADER'
  | 'SEQ_UNSUPPORTED'
  | 'SEQ_TRUNCATED'
  | 'SEQ_SIZE'
  | 'SEQ_ORIENTATION'
  | 'SEQ_MATRIX'
  | 'SEQ_TRANSFORM_PATH'
  | 'SEQ_XML'
  | 'SEQ_STATE';

export class SequenceError extends CodedError<SequenceErrorCode> {}
