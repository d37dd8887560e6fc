import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage, IgtlError, type IgtlMessage } from '../../src/igtlink/index.js';
import { plain } from './helpers.js';

const base = { deviceName: 'Dev', timestamp: 1n << 32n } as const;

const IMAGE: IgtlMessage = {
  type: 'IMAGE',
  ...base,
  scalarType: 'uint16',
  components: 1,
  endianness: 'little',
  coordinate: 'RAS',
  size: [3, 2, 1],
  matrix: Float32Array.of(1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0.5, 0),
  data: new Uint8Array(12),
};

function codeOf(m: IgtlMessage): string {
  try {
    encodeMessage(m);
  } catch (e) {
    if (e instanceof IgtlError) return e.code;
    throw e;
  }
  return 'encoded';
}

describe('encoder validation', () => {
  it('rejects what the wire cannot carry, with a code', () => {
    expect(codeOf({ ...IMAGE, deviceName: 'x'.repeat(21) })).toBe('INVALID_MESSAGE');
    expect(codeOf({ ...IMAGE, data: new Uint8Array(11) })).toBe('SIZE_MISMATCH');
    expect(codeOf({ ...IMAGE, size: [0, 2, 1] })).toBe('INVALID_GEOMETRY');
    expect(
      codeOf({ ...IMAGE, subvolumeOffset: [2, 0, 0], subvolumeSize: [2, 2, 1], data: new Uint8Array(8) }),
    ).toBe('INVALID_GEOMETRY');
    expect(codeOf({ ...IMAGE, matrix: Float32Array.of(Number.NaN, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0) })).toBe(
      'INVALID_GEOMETRY',
    );
    expect(codeOf({ type: 'STRING', ...base, encoding: 3, value: 'é—' })).toBe('INVALID_MESSAGE');
    expect(
      codeOf({ type: 'QUERY', ...base, wireType: 'GET_IMAGE', prefix: 'STT', body: new Uint8Array(0) }),
    ).toBe('INVALID_MESSAGE');
    expect(codeOf({ ...IMAGE, headerVersion: 2, messageId: -1 })).toBe('INVALID_MESSAGE');
  });

  it('defaults: header v1, whole-volume sub-volume, 4 quaternion components', () => {
    const img = decodeMessage(encodeMessage(IMAGE));
    expect(img.headerVersion).toBe(1);
    expect(img.type === 'IMAGE' && img.subvolumeSize).toEqual([3, 2, 1]);
    const pos = encodeMessage({ type: 'POSITION', ...base, position: [1, 2, 3], quaternion: [0, 0, 0, 1] });
    expect(pos.length).toBe(58 + 28);
  });

  it('round-trips UTF-8 STRING and every metadata encoding under header v2', () => {
    const m: IgtlMessage = {
      type: 'STRING',
      ...base,
      headerVersion: 2,
      messageId: 99,
      metadata: new Map([
        ['a', { encoding: 106, value: 'ünïcødé ✓' }],
        ['b', { encoding: 3, value: '' }],
        ['c', { encoding: 4, value: 'latin1 ÿ' }],
      ]),
      encoding: 106,
      value: 'Grüße — 你好',
    };
    expect(plain(decodeMessage(encodeMessage(m)))).toEqual(plain(m));
  });

  it('round-trips POLYDATA with cell attributes', () => {
    const m: IgtlMessage = {
      type: 'POLYDATA',
      ...base,
      headerVersion: 1,
      points: Float32Array.of(0, 0, 0, 1, 0, 0, 0, 1, 0),
      vertices: new Uint32Array(0),
      lines: new Uint32Array(0),
      polygons: Uint32Array.of(3, 0, 1, 2),
      triangleStrips: new Uint32Array(0),
      attributes: [{ kind: 0x12, components: 3, name: 'N', data: Float32Array.of(0, 0, 1) }],
    };
    expect(plain(decodeMessage(encodeMessage(m)))).toEqual(plain(m));
    expect(codeOf({ ...m, polygons: Uint32Array.of(3, 0, 1) })).toBe('INVALID_MESSAGE');
  });
});
