/** OpenIGTLink codec: pure functions on bytes, the streaming framer, CRC-64 and IMAGE geometry. */
export type {
  IgtlCapability,
  IgtlCommand,
  IgtlCommon,
  IgtlDecodeOptions,
  IgtlHeader,
  IgtlImage,
  IgtlMessage,
  IgtlMessageType,
  IgtlMetadataValue,
  IgtlPoint,
  IgtlPointElement,
  IgtlPolyAttribute,
  IgtlPolyData,
  IgtlPosition,
  IgtlQuery,
  IgtlQueryPrefix,
  IgtlRaw,
  IgtlScalarType,
  IgtlStatus,
  IgtlString,
  IgtlTrackingData,
  IgtlTrackingElement,
  IgtlTransform,
  IgtlVec3,
} from './types.js';
export { IgtlError, type IgtlErrorCode } from './errors.js';
export { encodeMessage, decodeMessage, decodeBody, wireTypeOf } from './codec.js';
export { decodeHeader, IGTL_HEADER_SIZE, IGTL_EXTENDED_HEADER_SIZE } from './header.js';
export { IgtlFramer, DEFAULT_MAX_BODY_SIZE, type IgtlFramerOptions } from './framer.js';
export { crc64 } from './crc64.js';
export { timestampFromSeconds, timestampToSeconds, timestampFromParts } from './timestamp.js';
export { STATUS_CODES } from './messages/status.js';
export { scalarBytes } from './messages/image.js';
export { encodeSttTdataBody, decodeSttTdataBody, encodeRtsStatusBody } from './messages/query.js';
export {
  imageToMatrix4,
  matrix4ToImage,
  imageIjkToRas,
  imageIjkToLps,
  imageSpacing,
  imageDirections,
  imageOrigin,
  imageToReferenceFromImage,
  imageMatrixFromImageToReference,
  type ImageGeometry,
} from './geometry.js';
export { MIB_US_ASCII, MIB_UTF8 } from './bytes.js';
export { IgtlClient, type IgtlClientOptions } from './client.js';
export { IgtlServer, type IgtlServerOptions, type IgtlServerClient } from './server.js';
export {
  IgtlConnection,
  encodeForVersion,
  type IgtlConnectionOptions,
  type IgtlConnectionStats,
} from './connection.js';
export { IgtlNetError, parseHostPort, type IgtlNetErrorCode } from './connection-errors.js';
export { backoffDelay, type BackoffOptions } from './reconnect.js';
export { SendQueue, type QueuedFrame, type SendQueueOptions } from './backpressure.js';
