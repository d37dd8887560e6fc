import { CodedError } from '../util/index.js';

/** Every way decoding or encoding an image can fail. */
export type ImageErrorCode =
  | 'IMAGE_NOT_PNG'
  | 'IMAGE_TRUNCATED'
  | 'IMAGE_BAD_CRC'
  | 'IMAGE_BAD_HEADER'
  | 'IMAGE_UNSUPPORTED'
  | 'IMAGE_BAD_DATA'
  | 'IMAGE_BAD_SIZE';

export class ImageError extends CodedError<ImageErrorCode> {}
