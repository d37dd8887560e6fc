import { SequenceError } from './errors.js';

/** Pixel component types MetaImage and NRRD both carry (MET_* / NRRD type names). */
export type ElementType = 'uint8' | 'int8' | 'uint16' | 'int16' | 'uint32' | 'int32' | 'float32' | 'float64';

export type PixelArray =
  Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array | Float32Array | Float64Array;

interface ElementInfo {
  readonly met: string;
  readonly nrrd: string;
  readonly bytes: number;
  readonly make: (buffer: ArrayBuffer, byteOffset: number, length: number) => PixelArray;
}

const INFO: Readonly<Record<ElementType, ElementInfo>> = {
  uint8: { met: 'MET_UCHAR', nrrd: 'unsigned char', bytes: 1, make: (b, o, n) => new Uint8Array(b, o, n) },
  int8: { met: 'MET_CHAR', nrrd: 'signed char', bytes: 1, make: (b, o, n) => new Int8Array(b, o, n) },
  uint16: {
    met: 'MET_USHORT',
    nrrd: 'unsigned short',
    bytes: 2,
    make: (b, o, n) => new Uint16Array(b, o, n),
  },
  int16: { met: 'MET_SHORT', nrrd: 'short', bytes: 2, make: (b, o, n) => new Int16Array(b, o, n) },
  uint32: { met: 'MET_UINT', nrrd: 'unsigned int', bytes: 4, make: (b, o, n) => new Uint32Array(b, o, n) },
  int32: { met: 'MET_INT', nrrd: 'int', bytes: 4, make: (b, o, n) => new Int32Array(b, o, n) },
  float32: { met: 'MET_FLOAT', nrrd: 'float', bytes: 4, make: (b, o, n) => new Float32Array(b, o, n) },
  float64: { met: 'MET_DOUBLE', nrrd: 'double', bytes: 8, make: (b, o, n) => new Float64Array(b, o, n) },
};

// NRRD allows several spellings per type (teem's nrrd format spec, "type:" field).
const NRRD_ALIASES: Readonly<Record<string, ElementType>> = {
  'unsigned char': 'uint8',
  uchar: 'uint8',
  uint8: 'uint8',
  uint8_t: 'uint8',
  'signed char': 'int8',
  char: 'int8',
  int8: 'int8',
  int8_t: 'int8',
  'unsigned short': 'uint16',
  'unsigned short int': 'uint16',
  ushort: 'uint16',
  uint16: 'uint16',
  uint16_t: 'uint16',
  short: 'int16',
  'short int': 'int16',
  'signed short': 'int16',
  'signed short int': 'int16',
  int16: 'int16',
  int16_t: 'int16',
  'unsigned int': 'uint32',
  uint: 'uint32',
  uint32: 'uint32',
  uint32_t: 'uint32',
  int: 'int32',
  'signed int': 'int32',
  int32: 'int32',
  int32_t: 'int32',
  float: 'float32',
  double: 'float64',
};

export const ELEMENT_TYPES: readonly ElementType[] = Object.keys(INFO) as ElementType[];

export function bytesPerElement(t: ElementType): number {
  return INFO[t].bytes;
}

export function metTypeName(t: ElementType): string {
  return INFO[t].met;
}

export function nrrdTypeName(t: ElementType): string {
  return INFO[t].nrrd;
}

export function elementTypeFromMet(name: string, file: string): ElementType {
  for (const t of ELEMENT_TYPES) if (INFO[t].met === name) return t;
  throw new SequenceError('SEQ_UNSUPPORTED', `${file}: ElementType '${name}' is not supported`);
}

export function elementTypeFromNrrd(name: string, file: string): ElementType {
  const t = NRRD_ALIASES[name.trim().toLowerCase()];
  if (t === undefined) throw new SequenceError('SEQ_UNSUPPORTED', `${file}: type '${name}' is not supported`);
  return t;
}

/** The element type of a typed array (Uint8ClampedArray is not a pixel array here). */
export function elementTypeOf(a: PixelArray): ElementType {
  if (a instanceof Uint8Array) return 'uint8';
  if (a instanceof Int8Array) return 'int8';
  if (a instanceof Uint16Array) return 'uint16';
  if (a instanceof Int16Array) return 'int16';
  if (a instanceof Uint32Array) return 'uint32';
  if (a instanceof Int32Array) return 'int32';
  if (a instanceof Float32Array) return 'float32';
  return 'float64';
}

/** A fresh, aligned typed array of `length` elements. */
export function allocPixels(t: ElementType, length: number): PixelArray {
  return INFO[t].make(new ArrayBuffer(length * INFO[t].bytes), 0, length);
}

/**
 * Views little-endian bytes as pixels: zero-copy when `bytes` is aligned and owns its range,
 * otherwise one copy into a fresh aligned buffer. `bigEndian` swaps bytes (BinaryDataByteOrderMSB).
 */
export function pixelsFromBytes(t: ElementType, bytes: Uint8Array, bigEndian = false): PixelArray {
  const size = INFO[t].bytes;
  const length = Math.floor(bytes.byteLength / size);
  let src = bytes;
  if (bytes.byteOffset % size !== 0 || bigEndian) src = new Uint8Array(bytes.subarray(0, length * size));
  if (bigEndian && size > 1) swapBytes(src, size);
  return INFO[t].make(src.buffer as ArrayBuffer, src.byteOffset, length);
}

/** The little-endian bytes of a pixel array (a view, no copy). */
export function bytesOfPixels(a: PixelArray): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

function swapBytes(b: Uint8Array, size: number): void {
  for (let i = 0; i + size <= b.length; i += size) {
    for (let k = 0; k < size >> 1; k++) {
      const t = b[i + k]!;
      b[i + k] = b[i + size - 1 - k]!;
      b[i + size - 1 - k] = t;
    }
  }
}
