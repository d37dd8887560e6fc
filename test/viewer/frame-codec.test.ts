import { describe, expect, it } from 'vitest';
import { ViewerError, decodeFrame, encodeFrame, type ViewerFrame } from '../../src/viewer/index.js';
import { expectEveryTruncationRefused, viewerErrorCode } from './viewer-error-code.js';

const frame: ViewerFrame = {
  index: 7,
  width: 2,
  height: 1,
  pixels: new Uint8Array([10, 200]),
  label: new Uint8Array([0, 1]),
  // 2 mm pixels, shifted 1 mm along x.
  imageToReference: [2, 0, 0, 1, 0, 2, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1],
};

// prettier-ignore
const golden = new Uint8Array([
  0x53, 0x42, 0x46, 0x32, // magic + version 'SBF2'
  0x07, 0x00, 0x00, 0x00, // uint32 index 7
  0x02, 0x00,             // uint16 width 2
  0x01, 0x00,             // uint16 height 1
  // ImageToReference, row-major float32: 2 = 0x40000000, 1 = 0x3f800000
  0x00, 0x00, 0x00, 0x40,  0x00, 0x00, 0x00, 0x00,  0x00, 0x00, 0x00, 0x00,  0x00, 0x00, 0x80, 0x3f,
  0x00, 0x00, 0x00, 0x00,  0x00, 0x00, 0x00, 0x40,  0x00, 0x00, 0x00, 0x00,  0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00,  0x00, 0x00, 0x00, 0x00,  0x00, 0x00, 0x80, 0x3f,  0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00,  0x00, 0x00, 0x00, 0x00,  0x00, 0x00, 0x00, 0x00,  0x00, 0x00, 0x80, 0x3f,
  0x0a, 0xc8,             // pixels 10, 200
  0x00, 0x01,             // label 0, 1
]);

describe('frame codec', () => {
  it('encodes the golden bytes', () => {
    expect(encodeFrame(frame)).toEqual(golden);
  });

  it('decodes the golden bytes', () => {
    const f = decodeFrame(golden);
    expect({ index: f.index, width: f.width, height: f.height }).toEqual({ index: 7, width: 2, height: 1 });
    expect([...f.pixels]).toEqual([10, 200]);
    expect([...f.label]).toEqual([0, 1]);
    expect(Array.from(f.imageToReference)).toEqual(frame.imageToReference);
  });

  it('decodes from an unaligned view inside a larger buffer', () => {
    const big = new Uint8Array(golden.length + 3);
    big.set(golden, 1);
    const f = decodeFrame(big.subarray(1, 1 + golden.length));
    expect([...f.pixels, ...f.label]).toEqual([10, 200, 0, 1]);
  });

  it('round-trips a 64x48 frame', () => {
    const n = 64 * 48;
    const f: ViewerFrame = {
      index: 0xfffffffe,
      width: 64,
      height: 48,
      pixels: Uint8Array.from({ length: n }, (_, i) => i & 0xff),
      label: Uint8Array.from({ length: n }, (_, i) => (i % 5 === 0 ? 1 : 0)),
      // Values float32 holds exactly, so the round trip is exact.
      imageToReference: Float64Array.from([0.25, 0, 0, -120.5, 0, 0.25, 0, 88, 0, 0, 1, 3.75, 0, 0, 0, 1]),
    };
    const back = decodeFrame(encodeFrame(f));
    expect(back).toEqual(f);
  });

  it('rejects every truncation with VIEWER_TRUNCATED', () => {
    expectEveryTruncationRefused(golden, decodeFrame);
  });

  it('rejects a wrong magic, trailing bytes, an empty size and a non-finite pose', () => {
    expect(
      viewerErrorCode(() => decodeFrame(Uint8Array.from([0x53, 0x42, 0x46, 0x31, ...golden.subarray(4)]))),
    ).toBe('VIEWER_BAD_MAGIC');
    expect(viewerErrorCode(() => decodeFrame(Uint8Array.from([...golden, 0])))).toBe('VIEWER_BAD_SIZE');
    const empty = golden.slice(0, 76);
    empty[8] = 0;
    expect(viewerErrorCode(() => decodeFrame(empty))).toBe('VIEWER_BAD_SIZE');
    const nanPose = golden.slice();
    nanPose.set([0x00, 0x00, 0xc0, 0x7f], 12); // float32 NaN
    expect(viewerErrorCode(() => decodeFrame(nanPose))).toBe('VIEWER_BAD_INPUT');
  });

  it('refuses inconsistent frames on encode', () => {
    expect(viewerErrorCode(() => encodeFrame({ ...frame, label: new Uint8Array(3) }))).toBe(
      'VIEWER_BAD_INPUT',
    );
    expect(viewerErrorCode(() => encodeFrame({ ...frame, width: 70000 }))).toBe('VIEWER_BAD_INPUT');
    expect(viewerErrorCode(() => encodeFrame({ ...frame, index: -1 }))).toBe('VIEWER_BAD_INPUT');
    expect(viewerErrorCode(() => encodeFrame({ ...frame, imageToReference: [1, 0, 0] }))).toBe(
      'VIEWER_BAD_INPUT',
    );
    const nan = Array.from(frame.imageToReference);
    nan[3] = NaN;
    expect(viewerErrorCode(() => encodeFrame({ ...frame, imageToReference: nan }))).toBe('VIEWER_BAD_INPUT');
  });

  it('turns random bytes into frames or typed errors only', () => {
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
    for (let k = 0; k < 2000; k++) {
      const bytes = Uint8Array.from({ length: next() % 100 }, next);
      if (k % 2 === 0 && bytes.length >= 4) bytes.set([0x53, 0x42, 0x46, 0x32]);
      try {
        decodeFrame(bytes);
      } catch (e) {
        expect(e).toBeInstanceOf(ViewerError);
      }
    }
  });
});
