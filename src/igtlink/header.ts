import { decodeText, encodeText, latin1Decode, readFixedString, viewOf, writeFixedString } from './bytes.js';
import { IgtlError } from './errors.js';
import type { IgtlHeader, IgtlMetadataValue } from './types.js';

/** version u16, type char[12], device char[20], timestamp u64 (32.32), body size u64, crc u64; big-endian. */
export const IGTL_HEADER_SIZE = 58;
/** v2: extended header size u16, metadata header size u16, metadata size u32, message id u32. */
export const IGTL_EXTENDED_HEADER_SIZE = 12;
const META_INDEX_COUNT_SIZE = 2;
/** Per metadata entry: key size u16, value encoding u16, value size u32. */
const META_ENTRY_SIZE = 8;

/**
 * Parses the 58-byte header at the start of `bytes`. Rejects a bad version and any body size above
 * `maxBodySize` here, before anyone allocates for the body (a u64 of 2^63 never becomes a number).
 */
export function decodeHeader(bytes: Uint8Array, maxBodySize: number = Number.MAX_SAFE_INTEGER): IgtlHeader {
  if (bytes.length < IGTL_HEADER_SIZE) {
    throw new IgtlError('TRUNCATED', `header needs ${IGTL_HEADER_SIZE} bytes, got ${bytes.length}`);
  }
  const dv = viewOf(bytes);
  const version = dv.getUint16(0);
  if (version !== 1 && version !== 2) {
    throw new IgtlError('BAD_HEADER_VERSION', `header version ${version} (expected 1 or 2)`);
  }
  let typeEnd = 2;
  while (typeEnd < 14 && bytes[typeEnd] !== 0) typeEnd++;
  for (let i = 2; i < typeEnd; i++) {
    const c = bytes[i]!;
    if (c < 0x20 || c > 0x7e)
      throw new IgtlError('BAD_TYPE_NAME', `type name byte ${c} is not printable ASCII`);
  }
  if (typeEnd === 2) throw new IgtlError('BAD_TYPE_NAME', 'empty type name');
  const sizeHi = dv.getUint32(42);
  const sizeLo = dv.getUint32(46);
  const bodySize = sizeHi * 4294967296 + sizeLo;
  if (sizeHi >= 0x200000 || bodySize > maxBodySize) {
    throw new IgtlError(
      'BODY_TOO_LARGE',
      `body of ${sizeHi >= 0x200000 ? `${dv.getBigUint64(42)}` : bodySize} bytes exceeds the limit of ${maxBodySize}`,
    );
  }
  return {
    headerVersion: version,
    wireType: latin1Decode(bytes, 2, typeEnd),
    deviceName: readFixedString(bytes, 14, 20),
    timestamp: dv.getBigUint64(34),
    bodySize,
    crc: dv.getBigUint64(50),
  };
}

/** Writes everything but the CRC (which needs the finished body). */
export function writeHeader(
  out: Uint8Array,
  dv: DataView,
  version: 1 | 2,
  wireType: string,
  deviceName: string,
  timestamp: bigint,
  bodySize: number,
): void {
  dv.setUint16(0, version);
  writeFixedString(out, 2, 12, wireType, 'type name');
  writeFixedString(out, 14, 20, deviceName, 'device name');
  if (typeof timestamp !== 'bigint' || timestamp < 0n || timestamp >= 1n << 64n) {
    throw new IgtlError('INVALID_MESSAGE', `timestamp ${String(timestamp)} is not a u64 bigint`);
  }
  dv.setBigUint64(34, timestamp);
  dv.setBigUint64(42, BigInt(bodySize));
}

/** The parts of a v2 body: content between the extended header and the metadata. */
export interface SplitBody {
  readonly content: Uint8Array;
  readonly metadata?: ReadonlyMap<string, IgtlMetadataValue>;
  readonly messageId?: number;
}

/** Splits a body by header version; v1 bodies are all content. */
export function splitBody(version: 1 | 2, body: Uint8Array): SplitBody {
  if (version === 1) return { content: body };
  if (body.length < IGTL_EXTENDED_HEADER_SIZE) {
    throw new IgtlError(
      'BAD_EXTENDED_HEADER',
      `v2 body of ${body.length} bytes is smaller than the extended header`,
    );
  }
  const dv = viewOf(body);
  const extSize = dv.getUint16(0);
  const metaHeaderSize = dv.getUint16(2);
  const metaSize = dv.getUint32(4);
  const messageId = dv.getUint32(8);
  if (extSize < IGTL_EXTENDED_HEADER_SIZE) {
    throw new IgtlError(
      'BAD_EXTENDED_HEADER',
      `extended header size ${extSize} is below ${IGTL_EXTENDED_HEADER_SIZE}`,
    );
  }
  const contentEnd = body.length - metaHeaderSize - metaSize;
  if (contentEnd < extSize) {
    throw new IgtlError(
      'BAD_EXTENDED_HEADER',
      `extended header (${extSize}) + metadata (${metaHeaderSize} + ${metaSize}) exceed the body (${body.length})`,
    );
  }
  const metadata = decodeMetadata(
    body.subarray(contentEnd, contentEnd + metaHeaderSize),
    body.subarray(contentEnd + metaHeaderSize),
  );
  return { content: body.subarray(extSize, contentEnd), metadata, messageId };
}

function decodeMetadata(head: Uint8Array, values: Uint8Array): Map<string, IgtlMetadataValue> {
  const map = new Map<string, IgtlMetadataValue>();
  if (head.length === 0) {
    if (values.length !== 0)
      throw new IgtlError('BAD_METADATA', `${values.length} metadata bytes but no index`);
    return map;
  }
  const dv = viewOf(head);
  if (head.length < META_INDEX_COUNT_SIZE)
    throw new IgtlError('BAD_METADATA', 'metadata header lacks its count');
  const count = dv.getUint16(0);
  if (head.length !== META_INDEX_COUNT_SIZE + count * META_ENTRY_SIZE) {
    throw new IgtlError(
      'BAD_METADATA',
      `metadata header of ${head.length} bytes does not hold ${count} entries`,
    );
  }
  let at = 0;
  for (let e = 0; e < count; e++) {
    const base = META_INDEX_COUNT_SIZE + e * META_ENTRY_SIZE;
    const keySize = dv.getUint16(base);
    const encoding = dv.getUint16(base + 2);
    const valueSize = dv.getUint32(base + 4);
    if (at + keySize + valueSize > values.length) {
      throw new IgtlError('BAD_METADATA', `metadata entry ${e} runs past the metadata block`);
    }
    const key = decodeText(values.subarray(at, at + keySize), 106);
    at += keySize;
    map.set(key, { encoding, value: decodeText(values.subarray(at, at + valueSize), encoding) });
    at += valueSize;
  }
  if (at !== values.length) {
    throw new IgtlError('BAD_METADATA', `metadata entries use ${at} of ${values.length} bytes`);
  }
  return map;
}

/** Metadata prepared for writing: sizes known before the message buffer is allocated. */
export interface PackedMetadata {
  readonly headerSize: number;
  readonly size: number;
  readonly entries: readonly { key: Uint8Array; encoding: number; value: Uint8Array }[];
}

const utf8 = new TextEncoder();

export function packMetadata(metadata: ReadonlyMap<string, IgtlMetadataValue> | undefined): PackedMetadata {
  // OpenIGTLink 3 always writes the index count, even for no entries (MessageBase::GetMetaDataHeaderSize);
  // its UnpackMetaData reads those 2 bytes unconditionally, so a header size of 0 would send it past the body.
  if (!metadata || metadata.size === 0) return { headerSize: META_INDEX_COUNT_SIZE, size: 0, entries: [] };
  const entries: { key: Uint8Array; encoding: number; value: Uint8Array }[] = [];
  let size = 0;
  for (const [k, v] of metadata) {
    const key = utf8.encode(k);
    const value = encodeText(v.value, v.encoding, `metadata "${k}"`);
    if (key.length > 0xffff) throw new IgtlError('INVALID_MESSAGE', `metadata key "${k}" is too long`);
    if (!Number.isInteger(v.encoding) || v.encoding < 0 || v.encoding > 0xffff) {
      throw new IgtlError('INVALID_MESSAGE', `metadata "${k}" encoding ${v.encoding} is not a u16`);
    }
    entries.push({ key, encoding: v.encoding, value });
    size += key.length + value.length;
  }
  const headerSize = META_INDEX_COUNT_SIZE + entries.length * META_ENTRY_SIZE;
  // The extended header stores the index size in a u16, which caps the entry count at 8191.
  if (headerSize > 0xffff)
    throw new IgtlError('INVALID_MESSAGE', `${entries.length} metadata entries is too many`);
  return { headerSize, size, entries };
}

/** Writes the metadata index then the key/value bytes (key then value, entry by entry) at `at`. */
export function writeMetadata(out: Uint8Array, dv: DataView, at: number, packed: PackedMetadata): void {
  dv.setUint16(at, packed.entries.length);
  let h = at + META_INDEX_COUNT_SIZE;
  let v = at + packed.headerSize;
  for (const e of packed.entries) {
    dv.setUint16(h, e.key.length);
    dv.setUint16(h + 2, e.encoding);
    dv.setUint32(h + 4, e.value.length);
    h += META_ENTRY_SIZE;
    out.set(e.key, v);
    v += e.key.length;
    out.set(e.value, v);
    v += e.value.length;
  }
}

export function writeExtendedHeader(
  dv: DataView,
  at: number,
  packed: PackedMetadata,
  messageId: number,
): void {
  dv.setUint16(at, IGTL_EXTENDED_HEADER_SIZE);
  dv.setUint16(at + 2, packed.headerSize);
  dv.setUint32(at + 4, packed.size);
  dv.setUint32(at + 8, messageId);
}
