import { crc64 } from './crc64.js';
import { viewOf } from './bytes.js';
import { IgtlError } from './errors.js';
import {
  decodeHeader,
  IGTL_EXTENDED_HEADER_SIZE,
  IGTL_HEADER_SIZE,
  packMetadata,
  splitBody,
  writeExtendedHeader,
  writeHeader,
  writeMetadata,
} from './header.js';
import type { ContentCodec, PreparedContent } from './messages/codec.js';
import { capabilityCodec } from './messages/capability.js';
import { commandCodec } from './messages/command.js';
import { imageCodec } from './messages/image.js';
import { pointCodec } from './messages/point.js';
import { polydataCodec } from './messages/polydata.js';
import { positionCodec } from './messages/position.js';
import { queryCodec, queryPrefix, rawCodec } from './messages/query.js';
import { statusCodec } from './messages/status.js';
import { stringCodec } from './messages/string.js';
import { tdataCodec } from './messages/tdata.js';
import { transformCodec } from './messages/transform.js';
import type { IgtlDecodeOptions, IgtlHeader, IgtlMessage } from './types.js';

type AnyCodec = ContentCodec<IgtlMessage>;

/** Codecs by wire type name; query forms and unknown names are handled in codecFor(). */
const BY_WIRE_TYPE = new Map<string, AnyCodec>([
  ['IMAGE', imageCodec as AnyCodec],
  ['TRANSFORM', transformCodec as AnyCodec],
  ['POSITION', positionCodec as AnyCodec],
  ['STATUS', statusCodec as AnyCodec],
  ['STRING', stringCodec as AnyCodec],
  ['POINT', pointCodec as AnyCodec],
  ['TDATA', tdataCodec as AnyCodec],
  ['POLYDATA', polydataCodec as AnyCodec],
  ['CAPABILITY', capabilityCodec as AnyCodec],
  ['COMMAND', commandCodec as AnyCodec],
  ['RTS_COMMAND', commandCodec as AnyCodec],
]);

function codecFor(wireType: string): AnyCodec {
  return BY_WIRE_TYPE.get(wireType) ?? ((queryPrefix(wireType) ? queryCodec : rawCodec) as AnyCodec);
}

/** The type name a message travels under. */
export function wireTypeOf(msg: IgtlMessage): string {
  return msg.type === 'QUERY' || msg.type === 'RAW' ? msg.wireType : msg.type;
}

/**
 * Encodes one message (header, v2 extended header and metadata when headerVersion is 2, CRC-64) into
 * one freshly allocated buffer; large payloads (IMAGE pixels) are copied once, straight into it.
 */
export function encodeMessage(msg: IgtlMessage): Uint8Array {
  const wireType = wireTypeOf(msg);
  const version = msg.headerVersion ?? 1;
  if (version !== 1 && version !== 2)
    throw new IgtlError('INVALID_MESSAGE', `headerVersion ${String(version)}`);
  const codec =
    msg.type === 'QUERY'
      ? (queryCodec as AnyCodec)
      : msg.type === 'RAW'
        ? (rawCodec as AnyCodec)
        : codecFor(wireType);
  const content: PreparedContent = codec.prepare(msg);
  const meta = version === 2 ? packMetadata(msg.metadata) : undefined;
  const messageId = msg.messageId ?? 0;
  if (version === 2 && (!Number.isInteger(messageId) || messageId < 0 || messageId > 0xffffffff)) {
    throw new IgtlError('INVALID_MESSAGE', `messageId ${messageId} is not a u32`);
  }
  const ext = meta ? IGTL_EXTENDED_HEADER_SIZE : 0;
  const bodySize = ext + content.size + (meta ? meta.headerSize + meta.size : 0);
  const out = new Uint8Array(IGTL_HEADER_SIZE + bodySize);
  const dv = viewOf(out);
  writeHeader(out, dv, version, wireType, msg.deviceName, msg.timestamp, bodySize);
  if (meta) writeExtendedHeader(dv, IGTL_HEADER_SIZE, meta, messageId);
  content.write(out, dv, IGTL_HEADER_SIZE + ext);
  if (meta) writeMetadata(out, dv, IGTL_HEADER_SIZE + ext + content.size, meta);
  dv.setBigUint64(50, crc64(out.subarray(IGTL_HEADER_SIZE)));
  return out;
}

/**
 * Decodes a body whose header was already parsed (the framer's path). Checks the CRC unless
 * `verifyCrc` is false. Byte arrays in the result (IMAGE data, raw bodies) are views into `body`.
 */
export function decodeBody(header: IgtlHeader, body: Uint8Array, opts: IgtlDecodeOptions = {}): IgtlMessage {
  if (body.length !== header.bodySize) {
    throw new IgtlError('TRUNCATED', `body is ${body.length} bytes, header announces ${header.bodySize}`);
  }
  if (opts.verifyCrc !== false) {
    const crc = crc64(body);
    if (crc !== header.crc) {
      throw new IgtlError(
        'CRC_MISMATCH',
        `${header.wireType} "${header.deviceName}": CRC ${crc.toString(16)} != header ${header.crc.toString(16)}`,
      );
    }
  }
  const split = splitBody(header.headerVersion, body);
  const common =
    header.headerVersion === 2
      ? {
          deviceName: header.deviceName,
          timestamp: header.timestamp,
          headerVersion: 2 as const,
          metadata: split.metadata,
          messageId: split.messageId,
        }
      : { deviceName: header.deviceName, timestamp: header.timestamp, headerVersion: 1 as const };
  return codecFor(header.wireType).decode(split.content, common, header.wireType);
}

/** Decodes exactly one whole message (header + body); see IgtlFramer for streams. */
export function decodeMessage(bytes: Uint8Array, opts: IgtlDecodeOptions = {}): IgtlMessage {
  const header = decodeHeader(bytes);
  const end = IGTL_HEADER_SIZE + header.bodySize;
  if (bytes.length < end) throw new IgtlError('TRUNCATED', `message needs ${end} bytes, got ${bytes.length}`);
  if (bytes.length > end)
    throw new IgtlError('TRAILING_BYTES', `${bytes.length - end} bytes after the message`);
  return decodeBody(header, bytes.subarray(IGTL_HEADER_SIZE, end), opts);
}
