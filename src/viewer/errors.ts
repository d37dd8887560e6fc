import { CodedError } from '../util/index.js';

/**
 * Every way the viewer's wire codec or server can refuse.
 * - VIEWER_BAD_INPUT: a frame or mesh handed to an encoder is inconsistent (sizes, index range).
 * - VIEWER_BAD_MAGIC: a binary message does not start with a known magic + version.
 * - VIEWER_TRUNCATED: a binary message is shorter than its header or its declared payload.
 * - VIEWER_BAD_SIZE: a binary message declares impossible sizes or carries bytes beyond its payload.
 * - VIEWER_BAD_MESH: a surface message has a triangle index outside its points.
 * - VIEWER_BUNDLE_FAILED: the browser bundle is missing and could not be built.
 * - VIEWER_NO_TOKEN: asked to listen beyond loopback without an access token.
 */
export type ViewerErrorCode =
  | 'VIEWER_BAD_INPUT'
  | 'VIEWER_BAD_MAGIC'
  | 'VIEWER_TRUNCATED'
  | 'VIEWER_BAD_SIZE'
  | 'VIEWER_BAD_MESH'
  | 'VIEWER_BUNDLE_FAILED'
  | 'VIEWER_NO_TOKEN';

export class ViewerError extends CodedError<ViewerErrorCode> {}
