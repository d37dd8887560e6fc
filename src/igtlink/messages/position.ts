import { viewOf } from '../bytes.js';
import { IgtlError } from '../errors.js';
import type { IgtlPosition } from '../types.js';
import type { ContentCodec } from './codec.js';

/** x y z (float32), then 0, 3 (ox oy oz; w implied non-negative) or 4 (ox oy oz w) quaternion floats. */
const SIZES = { 12: 0, 24: 3, 28: 4 } as const;

export const positionCodec: ContentCodec<IgtlPosition> = {
  prepare(msg) {
    const n = msg.quaternionComponents ?? 4;
    if (n !== 0 && n !== 3 && n !== 4)
      throw new IgtlError('INVALID_MESSAGE', `quaternionComponents ${String(n)}`);
    return {
      size: 12 + 4 * n,
      write(_out, dv, at) {
        for (let i = 0; i < 3; i++) dv.setFloat32(at + 4 * i, msg.position[i]!);
        for (let i = 0; i < n; i++) dv.setFloat32(at + 12 + 4 * i, msg.quaternion[i]!);
      },
    };
  },
  decode(content, common) {
    const n = (SIZES as Record<number, 0 | 3 | 4>)[content.length];
    if (n === undefined) {
      throw new IgtlError(
        'SIZE_MISMATCH',
        `POSITION content is ${content.length} bytes, expected 12, 24 or 28`,
      );
    }
    const dv = viewOf(content);
    const f = (i: number) => dv.getFloat32(4 * i);
    let quaternion: [number, number, number, number] = [0, 0, 0, 1];
    if (n === 4) quaternion = [f(3), f(4), f(5), f(6)];
    if (n === 3) {
      const [x, y, z] = [f(3), f(4), f(5)];
      quaternion = [x, y, z, Math.sqrt(Math.max(0, 1 - x * x - y * y - z * z))];
    }
    return {
      type: 'POSITION',
      ...common,
      position: [f(0), f(1), f(2)],
      quaternion,
      quaternionComponents: n,
    };
  },
};
