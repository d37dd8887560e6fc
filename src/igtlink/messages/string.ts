import { checkUint, decodeText, encodeText, expectAtLeast, viewOf } from '../bytes.js';
import { IgtlError } from '../errors.js';
import type { IgtlString } from '../types.js';
import type { ContentCodec } from './codec.js';

/** encoding u16 (IANA MIBenum), length u16, then the bytes (no terminating NUL). */
const STRING_HEADER_SIZE = 4;

export const stringCodec: ContentCodec<IgtlString> = {
  prepare(msg) {
    checkUint(msg.encoding, 16, 'STRING encoding');
    const b = encodeText(msg.value, msg.encoding, 'STRING');
    if (b.length > 0xffff)
      throw new IgtlError('INVALID_MESSAGE', `STRING of ${b.length} bytes exceeds 65535`);
    return {
      size: STRING_HEADER_SIZE + b.length,
      write(out, dv, at) {
        dv.setUint16(at, msg.encoding);
        dv.setUint16(at + 2, b.length);
        out.set(b, at + STRING_HEADER_SIZE);
      },
    };
  },
  decode(content, common) {
    expectAtLeast(content, STRING_HEADER_SIZE, 'STRING');
    const dv = viewOf(content);
    const encoding = dv.getUint16(0);
    const length = dv.getUint16(2);
    if (length !== content.length - STRING_HEADER_SIZE) {
      throw new IgtlError(
        'SIZE_MISMATCH',
        `STRING announces ${length} bytes but carries ${content.length - STRING_HEADER_SIZE}`,
      );
    }
    return {
      type: 'STRING',
      ...common,
      encoding,
      value: decodeText(content.subarray(STRING_HEADER_SIZE), encoding),
    };
  },
};
