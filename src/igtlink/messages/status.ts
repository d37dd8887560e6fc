import {
  expectAtLeast,
  latin1Decode,
  readFixedString,
  viewOf,
  writeFixedString,
  checkUint,
} from '../bytes.js';
import { IgtlError } from '../errors.js';
import type { IgtlStatus } from '../types.js';
import type { ContentCodec } from './codec.js';

/** code u16, subcode i64, error name char[20], then the message and a terminating NUL. */
const STATUS_HEADER_SIZE = 30;

/** Status codes of the spec (igtlStatusMessage.h). */
export const STATUS_CODES = {
  INVALID: 0,
  OK: 1,
  UNKNOWN_ERROR: 2,
  PANIC_MODE: 3,
  NOT_FOUND: 4,
  ACCESS_DENIED: 5,
  BUSY: 6,
  TIME_OUT: 7,
  OVERFLOW: 8,
  CHECKSUM_ERROR: 9,
  CONFIG_ERROR: 10,
  RESOURCE_ERROR: 11,
  UNKNOWN_INSTRUCTION: 12,
  NOT_READY: 13,
  MANUAL_MODE: 14,
  DISABLED: 15,
  NOT_PRESENT: 16,
  UNKNOWN_VERSION: 17,
  HARDWARE_FAILURE: 18,
  SHUT_DOWN: 19,
} as const;

function messageBytes(s: string): number {
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) > 255)
      throw new IgtlError('INVALID_MESSAGE', 'STATUS message has a non-latin1 character');
  }
  return s.length;
}

export const statusCodec: ContentCodec<IgtlStatus> = {
  prepare(msg) {
    checkUint(msg.code, 16, 'STATUS code');
    if (typeof msg.subcode !== 'bigint' || msg.subcode < -(1n << 63n) || msg.subcode >= 1n << 63n) {
      throw new IgtlError('INVALID_MESSAGE', 'STATUS subcode must be an int64 bigint');
    }
    return {
      size: STATUS_HEADER_SIZE + messageBytes(msg.message) + 1,
      write(out, dv, at) {
        dv.setUint16(at, msg.code);
        dv.setBigInt64(at + 2, msg.subcode);
        writeFixedString(out, at + 10, 20, msg.errorName, 'STATUS error name');
        const m = msg.message;
        for (let i = 0; i < m.length; i++) out[at + STATUS_HEADER_SIZE + i] = m.charCodeAt(i);
        out[at + STATUS_HEADER_SIZE + m.length] = 0;
      },
    };
  },
  decode(content, common) {
    expectAtLeast(content, STATUS_HEADER_SIZE, 'STATUS');
    const dv = viewOf(content);
    // The spec NUL-terminates the message; tolerate senders that do not.
    let end = STATUS_HEADER_SIZE;
    while (end < content.length && content[end] !== 0) end++;
    return {
      type: 'STATUS',
      ...common,
      code: dv.getUint16(0),
      subcode: dv.getBigInt64(2),
      errorName: readFixedString(content, 10, 20),
      message: latin1Decode(content, STATUS_HEADER_SIZE, end),
    };
  },
};
