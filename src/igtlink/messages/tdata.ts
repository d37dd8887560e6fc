import { readFixedString, viewOf, writeFixedString } from '../bytes.js';
import { IgtlError } from '../errors.js';
import type { IgtlTrackingData } from '../types.js';
import type { ContentCodec } from './codec.js';
import { readMatrix3x4, writeMatrix3x4 } from './transform.js';

/** Per element (70 bytes): name[20], type u8, reserved u8, transform f32[12] as in TRANSFORM. */
const ELEMENT_SIZE = 70;

export const tdataCodec: ContentCodec<IgtlTrackingData> = {
  prepare: (msg) => ({
    size: ELEMENT_SIZE * msg.elements.length,
    write(out, dv, at) {
      msg.elements.forEach((e, n) => {
        const o = at + n * ELEMENT_SIZE;
        writeFixedString(out, o, 20, e.name, 'TDATA name');
        dv.setUint8(o + 20, e.instrumentType);
        dv.setUint8(o + 21, 0);
        writeMatrix3x4(e.matrix, dv, o + 22, 'TDATA');
      });
    },
  }),
  decode(content, common) {
    if (content.length % ELEMENT_SIZE !== 0) {
      throw new IgtlError(
        'SIZE_MISMATCH',
        `TDATA content of ${content.length} bytes is not a multiple of 70`,
      );
    }
    const dv = viewOf(content);
    const elements: IgtlTrackingData['elements'][number][] = [];
    for (let o = 0; o < content.length; o += ELEMENT_SIZE) {
      elements.push({
        name: readFixedString(content, o, 20),
        instrumentType: content[o + 20]!,
        matrix: readMatrix3x4(dv, o + 22),
      });
    }
    return { type: 'TDATA', ...common, elements };
  },
};
