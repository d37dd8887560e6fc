import { readFixedString, writeFixedString } from '../bytes.js';
import { IgtlError } from '../errors.js';
import type { IgtlCapability } from '../types.js';
import type { ContentCodec } from './codec.js';

/** A list of 12-byte NUL-padded type names, nothing else (libOpenIGTLink writes no count). */
const NAME_SIZE = 12;

export const capabilityCodec: ContentCodec<IgtlCapability> = {
  prepare: (msg) => ({
    size: NAME_SIZE * msg.types.length,
    write(out, _dv, at) {
      msg.types.forEach((t, i) =>
        writeFixedString(out, at + NAME_SIZE * i, NAME_SIZE, t, 'CAPABILITY type name'),
      );
    },
  }),
  decode(content, common) {
    if (content.length % NAME_SIZE !== 0) {
      throw new IgtlError(
        'SIZE_MISMATCH',
        `CAPABILITY content of ${content.length} bytes is not a multiple of 12`,
      );
    }
    const types: string[] = [];
    for (let at = 0; at < content.length; at += NAME_SIZE)
      types.push(readFixedString(content, at, NAME_SIZE));
    return { type: 'CAPABILITY', ...common, types };
  },
};
