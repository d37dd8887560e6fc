import { describe, expect, it } from 'vitest';
import { decodeVolume, encodeVolume, type ViewerVolume } from '../../src/viewer/index.js';
import { expectEveryTruncationRefused, viewerErrorCode } from './viewer-error-code.js';

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
    expectEveryTruncationRefused(golden, decodeVolume);
    expect(viewerErrorCode(() => decodeVolume(Uint8Array.from([...golden, 0])))).toBe('VIEWER_BAD_SIZE');
    expect(
      viewerErrorCode(() => decodeVolume(Uint8Array.from([0x53, 0x42, 0x46, 0x32, ...golden.subarray(4)]))),
    ).toBe('VIEWER_BAD_MAGIC');
    const zero = golden.slice();
    zero[4] = 0;
    expect(viewerErrorCode(() => decodeVolume(zero))).toBe('VIEWER_BAD_SIZE');
    const huge = golden.slice();
    huge.set([0xff, 0xff, 0xff, 0xff], 4);
    huge.set([0xff, 0xff, 0xff, 0xff], 8);
    expect(viewerErrorCode(() => decodeVolume(huge))).toBe('VIEWER_BAD_SIZE');
    const negativeSpacing = golden.slice();
    negativeSpacing.set([0x00, 0x00, 0x80, 0xbf], 16);
    expect(viewerErrorCode(() => decodeVolume(negativeSpacing))).toBe('VIEWER_BAD_SIZE');
  });

  it('refuses inconsistent volumes on encode', () => {
    expect(viewerErrorCode(() => encodeVolume({ ...volume, labels: new Uint8Array(3) }))).toBe(
      'VIEWER_BAD_INPUT',
    );
    expect(viewerErrorCode(() => encodeVolume({ ...volume, dims: [2, 0, 1] }))).toBe('VIEWER_BAD_INPUT');
    expect(viewerErrorCode(() => encodeVolume({ ...volume, spacing: [0, 1, 1] }))).toBe('VIEWER_BAD_INPUT');
  });
});
