import { describe, expect, it } from 'vitest';
import { boundary, compareMasks, distanceTransform, meanMetrics, overlap } from '../../src/segment/index.js';

/** A w x h mask with the rectangle [x0, x1) x [y0, y1) set. */
function rect(w: number, h: number, x0: number, y0: number, x1: number, y1: number): Uint8Array {
  const m = new Uint8Array(w * h);
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) m[y * w + x] = 1;
  return m;
}

describe('overlap metrics', () => {
  it('matches hand counts for two overlapping squares', () => {
    // 10x10 at (0,0) and 10x10 at (5,0): TP 50, FP 50, FN 50.
    const a = rect(20, 10, 0, 0, 10, 10);
    const b = rect(20, 10, 5, 0, 15, 10);
    const o = overlap(a, b);
    expect(o.dice).toBeCloseTo(0.5, 12);
    expect(o.jaccard).toBeCloseTo(50 / 150, 12);
    expect(o.precision).toBeCloseTo(0.5, 12);
    expect(o.recall).toBeCloseTo(0.5, 12);
  });

  it('treats empty masks: both empty is perfect, one empty is zero', () => {
    const e = new Uint8Array(9);
    const f = rect(3, 3, 0, 0, 1, 1);
    expect(overlap(e, e)).toEqual({ dice: 1, jaccard: 1, precision: 1, recall: 1 });
    expect(overlap(e, f)).toEqual({ dice: 0, jaccard: 0, precision: 0, recall: 0 });
    expect(compareMasks(e, f, 3, 3).hausdorffPx).toBe(Infinity);
  });
});

describe('surface distances', () => {
  it('exact Euclidean distance transform with spacing', () => {
    const seeds = new Uint8Array(25);
    seeds[12] = 1; // centre of 5x5
    const px = distanceTransform(seeds, 5, 5, { x: 1, y: 1 });
    expect(px[0]).toBeCloseTo(Math.SQRT2 * 2, 12);
    expect(px[2]).toBeCloseTo(2, 12);
    const mm = distanceTransform(seeds, 5, 5, { x: 0.5, y: 2 });
    expect(mm[0]).toBeCloseTo(Math.hypot(1, 4), 12);
    expect(mm[10]).toBeCloseTo(1, 12);
  });

  it('the boundary of a filled square is its outline', () => {
    const b = boundary(rect(8, 8, 2, 2, 6, 6), 8, 8);
    expect(b.reduce((s, v) => s + v, 0)).toBe(12);
  });

  it('Hausdorff and ASSD of a square shifted by 3 pixels', () => {
    const a = rect(30, 20, 5, 5, 15, 15);
    const b = rect(30, 20, 8, 5, 18, 15);
    const m = compareMasks(a, b, 30, 20, { x: 0.2, y: 0.5 });
    expect(m.hausdorffPx).toBeCloseTo(3, 12);
    expect(m.hausdorffMm).toBeCloseTo(0.6, 12);
    expect(m.dice).toBeCloseTo(0.7, 12);
    // Every outline pixel of one square is 0..3 px from the other's outline; the mean lies strictly inside.
    expect(m.assdPx).toBeGreaterThan(0);
    expect(m.assdPx).toBeLessThan(3);
    expect(m.hausdorff95Px).toBeLessThanOrEqual(m.hausdorffPx);
  });

  it('identical masks are at distance 0', () => {
    const a = rect(12, 12, 2, 3, 9, 10);
    const m = compareMasks(a, a, 12, 12);
    expect([m.dice, m.hausdorffPx, m.assdPx]).toEqual([1, 0, 0]);
  });

  it('ASSD of concentric squares: inner outline is 2 px inside the outer one everywhere but the corners', () => {
    const outer = rect(20, 20, 2, 2, 18, 18); // outline rows/cols 2 and 17
    const inner = rect(20, 20, 4, 4, 16, 16); // outline rows/cols 4 and 15
    const m = compareMasks(inner, outer, 20, 20);
    expect(m.hausdorffPx).toBeCloseTo(2 * Math.SQRT2 * 1, 9); // outer corner to inner corner
    const inn = 44;
    const out = 60;
    // inner->outer: all 2. outer->inner: 2 along the 12-long sides, corners farther.
    expect(m.assdPx).toBeGreaterThan((inn * 2 + out * 2) / (inn + out) - 1e-9);
  });

  it('averages over frames, counting undefined distances', () => {
    const a = rect(5, 5, 0, 0, 2, 2);
    const e = new Uint8Array(25);
    const mean = meanMetrics([compareMasks(a, a, 5, 5), compareMasks(e, a, 5, 5)]);
    expect(mean['dice']).toBeCloseTo(0.5, 12);
    expect(mean['hausdorffPx']).toBe(0);
    expect(mean['hausdorffPxUndefined']).toBe(1);
  });
});
