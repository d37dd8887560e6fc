import { CodedError } from '../util/index.js';

/**
 * Every way segmentation can be refused. Messages name the file, field or frame.
 * - SEG_CARD: the model card is missing, not JSON, or has a missing/invalid field.
 * - SEG_MODEL: the ONNX file is missing, unreadable or not a valid model for ONNX Runtime.
 * - SEG_SHAPE: the graph's inputs/outputs disagree with the card (names, channels, size), or a tensor
 *   of the wrong length reached the kernel.
 * - SEG_PIXEL_TYPE: a frame that is not 8-bit single-channel (the only pixel type the models take).
 * - SEG_FRAME: a frame whose size or data length is impossible (zero size, length mismatch, crop outside).
 * - SEG_PROVIDER: an explicitly requested execution provider (cuda, tensorrt) cannot be used here.
 * - SEG_INFERENCE: ONNX Runtime failed while running a frame.
 * - SEG_WORKER_DIED: the worker running a frame exited or crashed; the pool replaced it.
 * - SEG_CLOSED: the pool or live runner was used after close().
 */
export type SegmentErrorCode =
  | 'SEG_CARD'
  | 'SEG_MODEL'
  | 'SEG_SHAPE'
  | 'SEG_PIXEL_TYPE'
  | 'SEG_FRAME'
  | 'SEG_PROVIDER'
  | 'SEG_INFERENCE'
  | 'SEG_WORKER_DIED'
  | 'SEG_CLOSED';

export const SEGMENT_ERROR_CODES: readonly SegmentErrorCode[] = [
  'SEG_CARD',
  'SEG_MODEL',
  'SEG_SHAPE',
  'SEG_PIXEL_TYPE',
  'SEG_FRAME',
  'SEG_PROVIDER',
  'SEG_INFERENCE',
  'SEG_WORKER_DIED',
  'SEG_CLOSED',
];

export class SegmentError extends CodedError<SegmentErrorCode> {}
