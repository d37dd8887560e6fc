import { describe, expect, it } from 'vitest';
import { decodeSurface, encodeSurface, type ViewerMesh } from '../../src/viewer/index.js';
import { expectEveryTruncationRefused, viewerErrorCode } from './viewer-error-code.js';

const mesh: ViewerMesh = {
  points: new Float32Array([0, 0, 0, 1, 0, 0, 0, 2, -1]),
  triangles: new Uint32Array([0, 1, 2]),
};

// prettier-ignore
const golden = new Uint8Array([
  0x53, 0x42, 0x53, 0x31, // magic + version 'SBS1'
  0x03, 0x00, 0x00, 0x00, // uint32 pointCount 3
  0x01, 0x00, 0x00, 0x00, // uint32 triangleCount 1
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // float32 (0, 0, 0)
  0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // float32 (1, 0, 0)
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x40, 0x00, 0x00, 0x80, 0xbf, // float32 (0, 2, -1)
  0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, // uint32 triangle 0 1 2
]);

describe('surface codec', () => {
  it('encodes the golden bytes', () => {
    expect(encodeSurface(mesh)).toEqual(golden);
  });

  it('decodes the golden bytes, also from an unaligned view', () => {
    expect(decodeSurface(golden)).toEqual(mesh);
    const big = new Uint8Array(golden.length + 1);
    big.set(golden, 1);
    expect(decodeSurface(big.subarray(1))).toEqual(mesh);
  });

  it('round-trips an empty mesh', () => {
    const empty = { points: new Float32Array(0), triangles: new Uint32Array(0) };
    expect(decodeSurface(encodeSurface(empty))).toEqual(empty);
  });

  it('rejects every truncation with VIEWER_TRUNCATED', () => {
    expectEveryTruncationRefused(golden, decodeSurface);
  });

  it('rejects a frame magic, trailing bytes, huge counts and out-of-range indices', () => {
    const frameMagic = golden.slice();
    frameMagic[2] = 0x46;
    expect(viewerErrorCode(() => decodeSurface(frameMagic))).toBe('VIEWER_BAD_MAGIC');
    expect(viewerErrorCode(() => decodeSurface(Uint8Array.from([...golden, 0, 0, 0, 0])))).toBe(
      'VIEWER_BAD_SIZE',
    );
    const huge = golden.slice();
    huge.set([0xff, 0xff, 0xff, 0xff], 4);
    expect(viewerErrorCode(() => decodeSurface(huge))).toBe('VIEWER_TRUNCATED');
    const badIndex = golden.slice();
    badIndex[golden.length - 4] = 3;
    expect(viewerErrorCode(() => decodeSurface(badIndex))).toBe('VIEWER_BAD_MESH');
  });

  it('refuses inconsistent meshes on encode', () => {
    expect(viewerErrorCode(() => encodeSurface({ ...mesh, points: new Float32Array(4) }))).toBe(
      'VIEWER_BAD_INPUT',
    );
    expect(viewerErrorCode(() => encodeSurface({ ...mesh, triangles: new Uint32Array([0, 1, 9]) }))).toBe(
      'VIEWER_BAD_INPUT',
    );
  });
});
