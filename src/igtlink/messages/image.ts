import { expectAtLeast, viewOf } from '../bytes.js';
import { IgtlError } from '../errors.js';
import type { IgtlImage, IgtlScalarType, IgtlVec3 } from '../types.js';
import type { ContentCodec } from './codec.js';

/**
 * IMAGE header (72 bytes): version u16 (=1), components u8, scalar type u8, endian u8 (1 big, 2 little),
 * coordinate u8 (1 RAS, 2 LPS), size u16[3], matrix float32[12], sub-volume offset u16[3], size u16[3].
 */
export const IMAGE_HEADER_SIZE = 72;

const SCALAR_CODES: Readonly<Record<IgtlScalarType, number>> = {
  int8: 2,
  uint8: 3,
  int16: 4,
  uint16: 5,
  int32: 6,
  uint32: 7,
  float32: 10,
  float64: 11,
};
const SCALAR_BY_CODE = new Map<number, IgtlScalarType>(
  Object.entries(SCALAR_CODES).map(([k, v]) => [v, k as IgtlScalarType]),
);
const SCALAR_BYTES: Readonly<Record<IgtlScalarType, number>> = {
  int8: 1,
  uint8: 1,
  int16: 2,
  uint16: 2,
  int32: 4,
  uint32: 4,
  float32: 4,
  float64: 8,
};

/** Bytes per scalar of an IMAGE scalar type. */
export function scalarBytes(t: IgtlScalarType): number {
  return SCALAR_BYTES[t];
}

function isVec3Of(v: IgtlVec3 | undefined, min: number): v is IgtlVec3 {
  return !!v && v.length === 3 && v.every((x) => Number.isInteger(x) && x >= min && x <= 0xffff);
}

/** Checks size / sub-volume / matrix; returns the expected byte length of `data`. */
function checkGeometry(
  size: IgtlVec3,
  offset: IgtlVec3,
  sub: IgtlVec3,
  matrix: ArrayLike<number>,
  bytesPerVoxel: number,
): number {
  if (!isVec3Of(size, 1))
    throw new IgtlError('INVALID_GEOMETRY', `image size ${String(size)} must be 3 integers in 1..65535`);
  if (!isVec3Of(offset, 0) || !isVec3Of(sub, 1)) {
    throw new IgtlError(
      'INVALID_GEOMETRY',
      `sub-volume offset ${String(offset)} / size ${String(sub)} are not valid`,
    );
  }
  for (let a = 0; a < 3; a++) {
    if (offset[a]! + sub[a]! > size[a]!) {
      throw new IgtlError(
        'INVALID_GEOMETRY',
        `sub-volume [${String(offset)}] + [${String(sub)}] lies outside the volume [${String(size)}]`,
      );
    }
  }
  if (matrix.length !== 12)
    throw new IgtlError('INVALID_GEOMETRY', `image matrix has ${matrix.length} values, not 12`);
  for (let i = 0; i < 12; i++) {
    if (!Number.isFinite(matrix[i]!))
      throw new IgtlError('INVALID_GEOMETRY', `image matrix value ${i} is not finite`);
  }
  return sub[0] * sub[1] * sub[2] * bytesPerVoxel;
}

export const imageCodec: ContentCodec<IgtlImage> = {
  prepare(msg) {
    const code = SCALAR_CODES[msg.scalarType];
    if (code === undefined)
      throw new IgtlError('INVALID_MESSAGE', `unknown scalar type ${String(msg.scalarType)}`);
    if (!Number.isInteger(msg.components) || msg.components < 1 || msg.components > 255) {
      throw new IgtlError('INVALID_MESSAGE', `components ${msg.components} must be in 1..255`);
    }
    if (msg.endianness !== 'big' && msg.endianness !== 'little') {
      throw new IgtlError('INVALID_MESSAGE', `endianness ${String(msg.endianness)}`);
    }
    if (msg.coordinate !== 'RAS' && msg.coordinate !== 'LPS') {
      throw new IgtlError('INVALID_MESSAGE', `coordinate ${String(msg.coordinate)}`);
    }
    const offset = msg.subvolumeOffset ?? [0, 0, 0];
    const sub = msg.subvolumeSize ?? msg.size;
    const expected = checkGeometry(
      msg.size,
      offset,
      sub,
      msg.matrix,
      msg.components * SCALAR_BYTES[msg.scalarType],
    );
    if (msg.data.length !== expected) {
      throw new IgtlError(
        'SIZE_MISMATCH',
        `IMAGE data is ${msg.data.length} bytes, geometry needs ${expected}`,
      );
    }
    return {
      size: IMAGE_HEADER_SIZE + expected,
      write(out, dv, at) {
        dv.setUint16(at, 1);
        dv.setUint8(at + 2, msg.components);
        dv.setUint8(at + 3, code);
        dv.setUint8(at + 4, msg.endianness === 'big' ? 1 : 2);
        dv.setUint8(at + 5, msg.coordinate === 'RAS' ? 1 : 2);
        for (let a = 0; a < 3; a++) {
          dv.setUint16(at + 6 + 2 * a, msg.size[a]!);
          dv.setUint16(at + 60 + 2 * a, offset[a]!);
          dv.setUint16(at + 66 + 2 * a, sub[a]!);
        }
        for (let i = 0; i < 12; i++) dv.setFloat32(at + 12 + 4 * i, msg.matrix[i]!);
        // The pixel bytes are copied exactly once, into the message's single buffer.
        out.set(msg.data, at + IMAGE_HEADER_SIZE);
      },
    };
  },
  decode(content, common) {
    expectAtLeast(content, IMAGE_HEADER_SIZE, 'IMAGE');
    const dv = viewOf(content);
    const version = dv.getUint16(0);
    if (version !== 1) throw new IgtlError('BAD_FIELD', `IMAGE header version ${version} (expected 1)`);
    const components = dv.getUint8(2);
    const scalarType = SCALAR_BY_CODE.get(dv.getUint8(3));
    if (!scalarType) throw new IgtlError('BAD_FIELD', `IMAGE scalar type code ${dv.getUint8(3)}`);
    const endianCode = dv.getUint8(4);
    if (endianCode !== 1 && endianCode !== 2)
      throw new IgtlError('BAD_FIELD', `IMAGE endian code ${endianCode}`);
    const coordCode = dv.getUint8(5);
    if (coordCode !== 1 && coordCode !== 2)
      throw new IgtlError('BAD_FIELD', `IMAGE coordinate code ${coordCode}`);
    if (components < 1) throw new IgtlError('BAD_FIELD', 'IMAGE with 0 components');
    const u16 = (o: number): IgtlVec3 => [dv.getUint16(o), dv.getUint16(o + 2), dv.getUint16(o + 4)];
    const size = u16(6);
    const subvolumeOffset = u16(60);
    const subvolumeSize = u16(66);
    const matrix = new Float32Array(12);
    for (let i = 0; i < 12; i++) matrix[i] = dv.getFloat32(12 + 4 * i);
    const expected = checkGeometry(
      size,
      subvolumeOffset,
      subvolumeSize,
      matrix,
      components * SCALAR_BYTES[scalarType],
    );
    if (content.length - IMAGE_HEADER_SIZE !== expected) {
      throw new IgtlError(
        'SIZE_MISMATCH',
        `IMAGE carries ${content.length - IMAGE_HEADER_SIZE} pixel bytes, geometry needs ${expected}`,
      );
    }
    return {
      type: 'IMAGE',
      ...common,
      scalarType,
      components,
      endianness: endianCode === 1 ? 'big' : 'little',
      coordinate: coordCode === 1 ? 'RAS' : 'LPS',
      size,
      matrix,
      subvolumeOffset,
      subvolumeSize,
      data: content.subarray(IMAGE_HEADER_SIZE),
    };
  },
};
