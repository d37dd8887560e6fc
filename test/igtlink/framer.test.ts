import { describe, expect, it } from 'vitest';
import {
  crc64,
  decodeMessage,
  encodeMessage,
  IgtlError,
  IgtlFramer,
  type IgtlMessage,
} from '../../src/igtlink/index.js';
import { allFixtureBytes, concat } from './helpers.js';

const FIXTURES = allFixtureBytes();
const STREAM = concat(FIXTURES.map((f) => f.bytes));

function expectSameMessages(got: IgtlMessage[], want: readonly Uint8Array[]): void {
  expect(got).toHaveLength(want.length);
  got.forEach((m, i) => expect(encodeMessage(m)).toEqual(want[i]));
}

function errorCode(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof IgtlError) return e.code;
    throw e;
  }
  return 'no error';
}

/** A v1 header for `type` announcing `bodySize` (u64 as hi/lo). */
function header(type: string, hi: number, lo: number, version = 1): Uint8Array {
  const h = new Uint8Array(58);
  const dv = new DataView(h.buffer);
  dv.setUint16(0, version);
  for (let i = 0; i < type.length; i++) h[2 + i] = type.charCodeAt(i);
  dv.setUint32(42, hi);
  dv.setUint32(46, lo);
  return h;
}

/** Recomputes the CRC after a test edits a body. */
function withCrc(bytes: Uint8Array): Uint8Array {
  const out = bytes.slice();
  new DataView(out.buffer).setBigUint64(50, crc64(out.subarray(58)));
  return out;
}

describe('IgtlFramer', () => {
  it('splits every fixture at every offset into the same message', () => {
    for (const { name, bytes } of FIXTURES) {
      for (let k = 0; k <= bytes.length; k++) {
        const f = new IgtlFramer();
        const got = [...f.push(bytes.subarray(0, k)), ...f.push(bytes.subarray(k))];
        expect(got.length, `${name} split at ${k}`).toBe(1);
        expect(encodeMessage(got[0]!), `${name} split at ${k}`).toEqual(bytes);
        expect(f.bufferedBytes).toBe(0);
      }
    }
  });

  it('decodes the whole stream fed one byte at a time', () => {
    const f = new IgtlFramer();
    const got: IgtlMessage[] = [];
    for (let i = 0; i < STREAM.length; i++) got.push(...f.push(STREAM.subarray(i, i + 1)));
    expectSameMessages(
      got,
      FIXTURES.map((x) => x.bytes),
    );
  });

  it('decodes many messages coalesced in one chunk', () => {
    const many = concat([STREAM, STREAM, STREAM]);
    expectSameMessages(
      new IgtlFramer().push(many),
      [...FIXTURES, ...FIXTURES, ...FIXTURES].map((x) => x.bytes),
    );
  });

  it('rejects a header announcing 2^63 bytes as soon as the header is in, without the body', () => {
    const f = new IgtlFramer();
    expect(f.push(header('IMAGE', 0x80000000, 0).subarray(0, 57))).toEqual([]);
    expect(errorCode(() => f.push(header('IMAGE', 0x80000000, 0).subarray(57)))).toBe('BODY_TOO_LARGE');
    expect(errorCode(() => new IgtlFramer().push(header('IMAGE', 1, 0)))).toBe('BODY_TOO_LARGE'); // 4 GiB
  });

  it('applies maxBodySize exactly', () => {
    const bytes = FIXTURES.find((x) => x.name === 'image_float32_subvol')!.bytes;
    const bodySize = bytes.length - 58;
    expect(new IgtlFramer({ maxBodySize: bodySize }).push(bytes)).toHaveLength(1);
    expect(errorCode(() => new IgtlFramer({ maxBodySize: bodySize - 1 }).push(bytes))).toBe('BODY_TOO_LARGE');
  });

  it('stops after an error until reset(), then decodes again', () => {
    const f = new IgtlFramer();
    expect(errorCode(() => f.push(header('STRING', 0, 4, 7)))).toBe('BAD_HEADER_VERSION');
    expect(errorCode(() => f.push(FIXTURES[0]!.bytes))).toBe('FRAMER_STOPPED');
    f.reset();
    expect(f.push(FIXTURES[0]!.bytes)).toHaveLength(1);
  });

  it('delivers the valid messages ahead of a malformed one in the same chunk, then reports the error', () => {
    const f = new IgtlFramer();
    const good = FIXTURES.slice(0, 3).map((x) => x.bytes);
    const got = f.push(concat([...good, header('STRING', 0, 4, 7)]));
    expectSameMessages(got, good);
    expect(f.error?.code).toBe('BAD_HEADER_VERSION');
    expect(errorCode(() => f.push(FIXTURES[0]!.bytes))).toBe('FRAMER_STOPPED');
  });

  it('checks the CRC unless told not to', () => {
    const bytes = FIXTURES.find((x) => x.name === 'transform')!.bytes.slice();
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 1;
    expect(errorCode(() => new IgtlFramer().push(bytes))).toBe('CRC_MISMATCH');
    expect(new IgtlFramer({ verifyCrc: false }).push(bytes)).toHaveLength(1);
  });

  it('gives a typed error for each malformed case', () => {
    const v2 = FIXTURES.find((x) => x.name === 'v2 TRANSFORM without metadata')!.bytes;
    const image = FIXTURES.find((x) => x.name === 'image_float32_subvol')!.bytes;
    // v2 body shorter than its 12-byte extended header.
    expect(
      errorCode(() =>
        new IgtlFramer().push(withCrc(concat([header('TRANSFORM', 0, 4, 2), new Uint8Array(4)]))),
      ),
    ).toBe('BAD_EXTENDED_HEADER');
    // metadata sizes that overrun the body.
    const badMeta = v2.slice();
    new DataView(badMeta.buffer).setUint32(58 + 4, 1000);
    expect(errorCode(() => decodeMessage(withCrc(badMeta)))).toBe('BAD_EXTENDED_HEADER');
    // TRANSFORM of 47 bytes.
    expect(
      errorCode(() => decodeMessage(withCrc(concat([header('TRANSFORM', 0, 47), new Uint8Array(47)])))),
    ).toBe('SIZE_MISMATCH');
    // IMAGE whose sub-volume lies outside the volume (offset i = 5 in a 6-wide volume, 2 wide).
    const outside = image.slice();
    new DataView(outside.buffer).setUint16(58 + 60, 5);
    expect(errorCode(() => decodeMessage(withCrc(outside)))).toBe('INVALID_GEOMETRY');
    // IMAGE with one pixel byte missing.
    const short = concat([header('IMAGE', 0, image.length - 59), image.subarray(58, image.length - 1)]);
    expect(errorCode(() => decodeMessage(withCrc(short)))).toBe('SIZE_MISMATCH');
    // IMAGE with an undefined scalar type code.
    const badType = image.slice();
    badType[58 + 3] = 9;
    expect(errorCode(() => decodeMessage(withCrc(badType)))).toBe('BAD_FIELD');
    // Whole-message decoder: too few and too many bytes.
    expect(errorCode(() => decodeMessage(image.subarray(0, image.length - 1)))).toBe('TRUNCATED');
    expect(errorCode(() => decodeMessage(concat([image, new Uint8Array(1)])))).toBe('TRAILING_BYTES');
    expect(errorCode(() => decodeMessage(image.subarray(0, 20)))).toBe('TRUNCATED');
    // Type name with a control character.
    expect(errorCode(() => new IgtlFramer().push(header('IM\u0001GE', 0, 0)))).toBe('BAD_TYPE_NAME');
  });

  it('keeps a body that lies inside one chunk as a view of that chunk', () => {
    const bytes = FIXTURES.find((x) => x.name === 'image_uint8')!.bytes;
    const [m] = new IgtlFramer().push(bytes);
    if (m?.type !== 'IMAGE') throw new Error('expected IMAGE');
    expect(m.data.buffer).toBe(bytes.buffer);
  });
});
