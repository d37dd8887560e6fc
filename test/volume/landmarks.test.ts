import { describe, expect, it } from 'vitest';
import { coronalImage, midline } from '../../src/volume/coronal.js';
import { pairLevels, sidePeaks } from '../../src/volume/landmarks.js';

/** Coronal image of bars 70 mm wide and 8 mm tall, 26 mm apart along s, each tilted by `tiltDeg`. */
function tiltedBars(tiltDeg: number, count: number) {
  const u: number[] = [],
    s: number[] = [];
  const t = Math.tan((tiltDeg * Math.PI) / 180);
  for (let k = 0; k < count; k++)
    for (let x = -35; x <= 35; x += 0.5)
      for (let h = -4; h <= 4; h += 0.5) {
        u.push(x);
        // Same convention as the measurement: a positive tilt puts the +u end lower along s.
        s.push(40 + 26 * k - x * t + h);
      }
  return coronalImage(Float64Array.from(u), Float64Array.from(s));
}

describe('pairLevels', () => {
  const tiltOf = (p: { l: { u: number; s: number }; r: { u: number; s: number } }) =>
    (Math.atan2(-(p.r.s - p.l.s), p.r.u - p.l.u) * 180) / Math.PI;

  it('pairs the two sides of levels tilted 40 degrees when the lean it is given follows them', () => {
    const img = tiltedBars(40, 6);
    const mid = midline(img);
    const lean = new Array<number>(img.ns).fill(Math.tan((40 * Math.PI) / 180));
    const pairs = pairLevels(img, mid, sidePeaks(img, mid, -1, lean), sidePeaks(img, mid, 1, lean), lean);
    // The end bars have bone on one side of the image only where the straightened band leaves the image.
    expect(pairs.length).toBeGreaterThanOrEqual(4);
    for (const p of pairs) expect(Math.abs(tiltOf(p) - 40)).toBeLessThan(3);
  });

  it('does not pair them along the midline alone (their sides are 40 mm apart along s)', () => {
    const img = tiltedBars(40, 6);
    const mid = midline(img);
    const pairs = pairLevels(img, mid, sidePeaks(img, mid, -1), sidePeaks(img, mid, 1));
    expect(pairs.filter((p) => Math.abs(tiltOf(p) - 40) < 3).length).toBeLessThan(2);
  });
});
