import { CodedError } from '../util/index.js';

/**
 * Every way the OpenIGTLink codec can fail, in one closed union.
 *
 * - `BAD_HEADER_VERSION`  header version field is neither 1 nor 2 (protocol v3 writes 2).
 * - `BAD_TYPE_NAME`       the 12-byte type name is empty or not printable ASCII.
 * - `BODY_TOO_LARGE`      the header announces a body above the configured maximum (checked before allocating).
 * - `BAD_EXTENDED_HEADER` v2 body too small for its extended header, or its sizes overrun the body.
 * - `BAD_METADATA`        v2 metadata index or key/value sizes inconsistent with the metadata block.
 * - `CRC_MISMATCH`        CRC-64 in the header differs from the CRC of the received body.
 * - `TRUNCATED`           fewer bytes than the header or a length field announces.
 * - `TRAILING_BYTES`      more bytes than one message (decodeMessage on a single message).
 * - `SIZE_MISMATCH`       the content size is not what the message type's fields require.
 * - `BAD_FIELD`           an enumerated field holds an undefined value (scalar type, endianness, ...).
 * - `INVALID_GEOMETRY`    IMAGE size/sub-volume/matrix impossible (zero size, sub-volume outside volume, NaN).
 * - `INVALID_MESSAGE`     a message given to the encoder cannot be represented (name too long, range).
 * - `FRAMER_STOPPED`      push() after an error without reset().
 */
export type IgtlErrorCode =
  | 'BAD_HEADER_VERSION'
  | 'BAD_TYPE_NAME'
  | 'BODY_TOO_LARGE'
  | 'BAD_EXTENDED_HEADER'
  | 'BAD_METADATA'
  | 'CRC_MISMATCH'
  | 'TRUNCATED'
  | 'TRAILING_BYTES'
  | 'SIZE_MISMATCH'
  | 'BAD_FIELD'
  | 'INVALID_GEOMETRY'
  | 'INVALID_MESSAGE'
  | 'FRAMER_STOPPED';

/** The one error class of src/igtlink; `code` says which malformation it is. */
export class IgtlError extends CodedError<IgtlErrorCode> {}
