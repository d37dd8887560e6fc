import { describe, expect, it } from 'vitest';
import { transformPoint } from '../../src/math/index.js';
import {
  imageDirections,
  imageIjkToLps,
  imageIjkToRas,
  imageMatrixFromImageToReference,
  imageOrigin,
  imageSpacing,
  imageToMatrix4,
  imageToReferenceFromImage,
  matrix4ToImage,
  type IgtlVec3,
} from '../../src/igtlink/index.js';
import { rng } from './helpers.js';

// The captures' geometry: i -> +y, j -> -x, k -> +z; spacing 0.5, 0.25, 2; centre (10, -20.5, 30.25).
const MATRIX = Float32Array.of(0, 0.5, 0, -0.25, 0, 0, 0, 0, 2, 10, -20.5, 30.25);
const SIZE: IgtlVec3 = [4, 3, 1];

describe('IMAGE geometry', () => {
  it('puts the wire position at the centre of the volume, voxel index (size - 1) / 2', () => {
    const m = imageToMatrix4({ size: SIZE, matrix: MATRIX });
    expect(transformPoint(m, 1.5, 1, 0)).toEqual([10, -20.5, 30.25]);
    // voxel (0,0,0): centre - 1.5 * (0, 0.5, 0) - 1 * (-0.25, 0, 0)
    expect(imageOrigin({ size: SIZE, matrix: MATRIX })).toEqual([10.25, -21.25, 30.25]);
    expect(transformPoint(m, 1, 0, 0)).toEqual([10.25, -20.75, 30.25]);
  });

  it('reports spacing and unit directions', () => {
    expect(imageSpacing({ matrix: MATRIX })).toEqual([0.5, 0.25, 2]);
    expect(imageDirections({ matrix: MATRIX })).toEqual([
      [0, 1, 0],
      [-1, 0, 0],
      [0, 0, 1],
    ]);
    expect(() => imageDirections({ matrix: new Float32Array(12) })).toThrow(/zero length/);
  });

  it('converts LPS images to RAS explicitly (x and y negate) and RAS to LPS', () => {
    const lps = imageIjkToRas({ size: SIZE, matrix: MATRIX, coordinate: 'LPS' });
    const own = imageToMatrix4({ size: SIZE, matrix: MATRIX });
    const p = transformPoint(own, 2, 1, 0);
    expect(transformPoint(lps, 2, 1, 0)).toEqual([-p[0], -p[1], p[2]]);
    expect(imageIjkToRas({ size: SIZE, matrix: MATRIX, coordinate: 'RAS' })).toEqual(own);
    expect(imageIjkToLps({ size: SIZE, matrix: MATRIX, coordinate: 'LPS' })).toEqual(own);
  });

  it('round-trips 4x4 <-> wire matrix for random oriented volumes', () => {
    const rand = rng(7);
    for (let n = 0; n < 200; n++) {
      const size: IgtlVec3 = [
        1 + Math.floor(rand() * 800),
        1 + Math.floor(rand() * 600),
        1 + Math.floor(rand() * 50),
      ];
      const wire = Float32Array.from({ length: 12 }, () => (rand() - 0.5) * 100);
      const back = matrix4ToImage(imageToMatrix4({ size, matrix: wire }), size);
      for (let i = 0; i < 12; i++) expect(back[i]).toBeCloseTo(wire[i]!, 2);
    }
  });

  it('maps PLUS ImageToReference to the wire and back', () => {
    // A 640x480 frame, 0.2 mm pixels, rotated 90 degrees about z and placed at (100, 50, -20).
    const imageToReference = Float64Array.of(0, -0.2, 0, 100, 0.2, 0, 0, 50, 0, 0, 0.2, -20, 0, 0, 0, 1);
    const size: IgtlVec3 = [640, 480, 1];
    const matrix = imageMatrixFromImageToReference(imageToReference, size);
    // centre = origin + (639/2) * i-axis + (479/2) * j-axis
    expect(Array.from(matrix.subarray(9))).toEqual(
      [100 - 0.2 * 239.5, 50 + 0.2 * 319.5, -20].map(Math.fround),
    );
    const back = imageToReferenceFromImage({ size, matrix, coordinate: 'RAS' });
    for (let i = 0; i < 16; i++) expect(back[i]).toBeCloseTo(imageToReference[i]!, 4);
  });
});
