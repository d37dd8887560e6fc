import { IgtlError } from './errors.js';

/** Reads a NUL-padded fixed-width field (names on the wire are bytes; latin1 keeps them exact). */
export function readFixedString(bytes: Uint8Array, at: number, width: number): string {
  let end = at;
  const limit = at + width;
  while (end < limit && bytes[end] !== 0) end++;
  return latin1Decode(bytes, at, end);
}

/** Writes `s` NUL-padded into `width` bytes; throws INVALID_MESSAGE if it does not fit. */
export function writeFixedString(out: Uint8Array, at: number, width: number, s: string, what: string): void {
  if (s.length > width) {
    throw new IgtlError('INVALID_MESSAGE', `${what} "${s}" is longer than ${width} bytes`);
  }
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 255) throw new IgtlError('INVALID_MESSAGE', `${what} "${s}" has a character outside latin1`);
    out[at + i] = c;
  }
  // Buffers come zeroed from new Uint8Array, but fill anyway so writers can reuse memory.
  out.fill(0, at + s.length, at + width);
}

export function latin1Decode(bytes: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i += 4096) {
    s += String.fromCharCode(...bytes.subarray(i, Math.min(end, i + 4096)));
  }
  return s;
}

const utf8Decoder = new TextDecoder('utf-8');
const utf8Encoder = new TextEncoder();

/** IANA MIBenum 106 is UTF-8; anything else travels byte-for-byte (ASCII is 3, the spec's default). */
export const MIB_UTF8 = 106;
export const MIB_US_ASCII = 3;

export function decodeText(bytes: Uint8Array, encoding: number): string {
  return encoding === MIB_UTF8 ? utf8Decoder.decode(bytes) : latin1Decode(bytes, 0, bytes.length);
}

export function encodeText(s: string, encoding: number, what: string): Uint8Array {
  if (encoding === MIB_UTF8) return utf8Encoder.encode(s);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 255) {
      throw new IgtlError(
        'INVALID_MESSAGE',
        `${what} has a character outside latin1 (use encoding 106, UTF-8)`,
      );
    }
    out[i] = c;
  }
  return out;
}

export function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Throws SIZE_MISMATCH unless the content is exactly `expected` bytes. */
export function expectSize(content: Uint8Array, expected: number, what: string): void {
  if (content.length !== expected) {
    throw new IgtlError('SIZE_MISMATCH', `${what}: content is ${content.length} bytes, expected ${expected}`);
  }
}

/** Throws TRUNCATED unless at least `needed` bytes are there. */
export function expectAtLeast(content: Uint8Array, needed: number, what: string): void {
  if (content.length < needed) {
    throw new IgtlError('TRUNCATED', `${what}: content is ${content.length} bytes, needs at least ${needed}`);
  }
}

export function checkUint(value: number, bits: 8 | 16 | 32, what: string): void {
  if (!Number.isInteger(value) || value < 0 || value > 2 ** bits - 1) {
    throw new IgtlError('INVALID_MESSAGE', `${what} must be an integer in 0..${2 ** bits - 1}, got ${value}`);
  }
}
