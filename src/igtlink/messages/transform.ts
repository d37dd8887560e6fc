import type { Mat4 } from '../../math/index.js';
import { expectSize, viewOf } from '../bytes.js';
import { IgtlError } from '../errors.js';
import type { IgtlTransform } from '../types.js';
import type { ContentCodec } from './codec.js';

/** 12 float32, column-major 3x4: R11 R21 R31 R12 R22 R32 R13 R23 R33 TX TY TZ. */
export const TRANSFORM_SIZE = 48;

/** Wire index of row-major element (r, c) of the upper 3x4. */
function wireIndex(r: number, c: number): number {
  return c * 3 + r;
}

export function writeMatrix3x4(m: Mat4, dv: DataView, at: number, what: string): void {
  if (m.length !== 16)
    throw new IgtlError('INVALID_MESSAGE', `${what}: a Mat4 has 16 elements, got ${m.length}`);
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 4; c++) dv.setFloat32(at + 4 * wireIndex(r, c), m[r * 4 + c]!);
  }
}

export function readMatrix3x4(dv: DataView, at: number): Mat4 {
  const m = new Float64Array(16);
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 4; c++) m[r * 4 + c] = dv.getFloat32(at + 4 * wireIndex(r, c));
  }
  m[15] = 1;
  return m;
}

export const transformCodec: ContentCodec<IgtlTransform> = {
  prepare: (msg) => ({
    size: TRANSFORM_SIZE,
    write: (_out, dv, at) => writeMatrix3x4(msg.matrix, dv, at, 'TRANSFORM'),
  }),
  decode(content, common) {
    expectSize(content, TRANSFORM_SIZE, 'TRANSFORM');
    return { type: 'TRANSFORM', ...common, matrix: readMatrix3x4(viewOf(content), 0) };
  },
};
