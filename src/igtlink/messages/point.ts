import { readFixedString, viewOf, writeFixedString } from '../bytes.js';
import { IgtlError } from '../errors.js';
import type { IgtlPoint } from '../types.js';
import type { ContentCodec } from './codec.js';

/** Per point (136 bytes): name[64], group[32], rgba u8[4], position f32[3], radius f32, owner[20]. */
const ELEMENT_SIZE = 136;

export const pointCodec: ContentCodec<IgtlPoint> = {
  prepare: (msg) => ({
    size: ELEMENT_SIZE * msg.points.length,
    write(out, dv, at) {
      msg.points.forEach((p, n) => {
        const o = at + n * ELEMENT_SIZE;
        writeFixedString(out, o, 64, p.name, 'POINT name');
        writeFixedString(out, o + 64, 32, p.group, 'POINT group');
        for (let i = 0; i < 4; i++) dv.setUint8(o + 96 + i, p.rgba[i]!);
        for (let i = 0; i < 3; i++) dv.setFloat32(o + 100 + 4 * i, p.position[i]!);
        dv.setFloat32(o + 112, p.radius);
        writeFixedString(out, o + 116, 20, p.owner, 'POINT owner');
      });
    },
  }),
  decode(content, common) {
    if (content.length % ELEMENT_SIZE !== 0) {
      throw new IgtlError(
        'SIZE_MISMATCH',
        `POINT content of ${content.length} bytes is not a multiple of 136`,
      );
    }
    const dv = viewOf(content);
    const points: IgtlPoint['points'][number][] = [];
    for (let o = 0; o < content.length; o += ELEMENT_SIZE) {
      points.push({
        name: readFixedString(content, o, 64),
        group: readFixedString(content, o + 64, 32),
        rgba: [content[o + 96]!, content[o + 97]!, content[o + 98]!, content[o + 99]!],
        position: [dv.getFloat32(o + 100), dv.getFloat32(o + 104), dv.getFloat32(o + 108)],
        radius: dv.getFloat32(o + 112),
        owner: readFixedString(content, o + 116, 20),
      });
    }
    return { type: 'POINT', ...common, points };
  },
};
