import { describe, expect, it } from 'vitest';
import { ViewerError, decodeVolume, encodeVolume, type ViewerVolume } from '../../src/viewer/index.js';

const volume: ViewerVolume = {
  dims: [2, 1, 1],
  spacing: [0.5, 1, 2],
  origin: [-1, 0, 1],
  intensity: new Uint8Array([10, 200]),
  labels: new Uint8Array([0, 1]),
};

// prettier-ignore
const golden = new Uint8Array([
  0x53, 0x42, 0x56, 0x31, // magic + version 'SBV1'
  0x02, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, // uint32 dims 2 1 1
  0x00, 0x00, 0x00, 0x3f, 0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x00, 0x40, // float32 spacing 0.5 1 2
  0x00, 0x00, 0x80, 0xbf, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80, 0x3f, // float32 origin -1 0 1
  0x0a, 0xc8,             // intensity 10, 200
  0x00, 0x01,             // labels 0, 1
]);

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ViewerError);
    return (e as ViewerError).code;
  }
  return undefined;
}

describe('volume codec', () => {
  it('encodes and decodes the golden bytes', () => {
    expect(encodeVolume(volume)).toEqual(golden);
    const v = decodeVolume(golden);
    expect(v.dims).toEqual([2, 1, 1]);
    expect(v.spacing).toEqual([0.5, 1, 2]);
    expect(v.origin).toEqual([-1, 0, 1]);
    expect([...v.intensity, ...v.labels]).toEqual([10, 200, 0, 1]);
  });

  it('rejects truncation, trailing bytes, a wrong magic and impossible headers', () => {
    for (let n = 0; n < golden.length; n++) {
      expect(
        codeOf(() => decodeVolume(golden.subarray(0, n))),
        `length ${n}`,
      ).toBe('VIEWER_TRUNCATED');
    }
    expect(codeOf(() => decodeVolume(Uint8Array.from([...golden, 0])))).toBe('VIEWER_BAD_SIZE');
    expect(codeOf(() => decodeVolume(Uint8Array.from([0x53, 0x42, 0x46, 0x32, ...golden.subarray(4)])))).toBe(
      'VIEWER_BAD_MAGIC',
    );
    const zero = golden.slice();
    zero[4] = 0;
    expect(codeOf(() => decodeVolume(zero))).toBe('VIEWER_BAD_SIZE');
    const huge = golden.slice();
    huge.set([0xff, 0xff, 0xff, 0xff], 4);
    huge.set([0xff, 0xff, 0xff, 0xff], 8);
    expect(codeOf(() => decodeVolume(huge))).toBe('VIEWER_BAD_SIZE');
    const negativeSpacing = golden.slice();
    negativeSpacing.set([0x00, 0x00, 0x80, 0xbf], 16);
    expect(codeOf(() => decodeVolume(negativeSpacing))).toBe('VIEWER_BAD_SIZE');
  });

  it('refuses inconsistent volumes on encode', () => {
    expect(codeOf(() => encodeVolume({ ...volume, labels: new Uint8Array(3) }))).toBe('VIEWER_BAD_INPUT');
    expect(codeOf(() => encodeVolume({ ...volume, dims: [2, 0, 1] }))).toBe('VIEWER_BAD_INPUT');
    expect(codeOf(() => encodeVolume({ ...volume, spacing: [0, 1, 1] }))).toBe('VIEWER_BAD_INPUT');
  });
});
