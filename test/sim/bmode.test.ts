import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  buildPhantom,
  createBmodeRenderer,
  imageGeometry,
  makeSweep,
  Rng,
  type RenderedFrame,
} from '../../src/sim/index.js';
import { speckleAmplitude } from '../../src/sim/tiles.js';

const phantom = buildPhantom({ curves: [{ upperEnd: 'T5', lowerEnd: 'T12', cobbDeg: 30 }] });
const geometry = imageGeometry();
const sweep = makeSweep(phantom, geometry, 7, { frames: 60, poorContactPer100: 0, dropoutPer100: 0 });
const renderer = createBmodeRenderer(phantom, geometry, 7);
const frames: RenderedFrame[] = sweep.frames.map((f) =>
  renderer.render({ imageToReference: f.imageToReference, index: f.index }),
);
const { width: W, height: H, spacingMm: s } = geometry;
const hash = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('B-mode simulator', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const again = createBmodeRenderer(phantom, geometry, 7);
    const other = createBmodeRenderer(phantom, geometry, 8);
    const f = sweep.frames[30]!;
    const a = again.render({ imageToReference: f.imageToReference, index: 30 });
    expect(hash(a.image)).toBe(hash(frames[30]!.image));
    expect(hash(a.label)).toBe(hash(frames[30]!.label));
    expect(hash(other.render({ imageToReference: f.imageToReference, index: 30 }).image)).not.toBe(
      hash(a.image),
    );
    const sweep2 = makeSweep(phantom, geometry, 7, { frames: 60, poorContactPer100: 0, dropoutPer100: 0 });
    expect(Array.from(sweep2.frames[59]!.imageToReference)).toEqual(
      Array.from(sweep.frames[59]!.imageToReference),
    );
  });

  it('labels bone in most frames with a 1-2 mm band at the top of each bone echo', () => {
    let labelled = 0;
    for (const fr of frames) {
      let any = false;
      for (let x = 0; x < W; x++) {
        let first = -1;
        let n = 0;
        for (let y = 0; y < H; y++) {
          if (fr.label[y * W + x] === 0) continue;
          if (first < 0) first = y;
          n++;
        }
        if (n === 0) continue;
        any = true;
        // One contiguous band per column, 1-2 mm thick (it may be cut by the image bottom).
        if (first + n < H) {
          expect(n * s).toBeGreaterThanOrEqual(1);
          expect(n * s).toBeLessThanOrEqual(2);
        }
        let contiguous = true;
        for (let y = first; y < first + n; y++) if (fr.label[y * W + x] !== 255) contiguous = false;
        expect(contiguous).toBe(true);
      }
      if (any) labelled++;
    }
    expect(labelled).toBeGreaterThan(frames.length * 0.7);
  });

  it('draws the bone bright and the shadow below it dark', () => {
    let above = 0;
    let band = 0;
    let below = 0;
    let na = 0;
    let nb = 0;
    let nw = 0;
    for (const fr of frames) {
      for (let x = 0; x < W; x++) {
        let first = -1;
        for (let y = 0; y < H; y++)
          if (fr.label[y * W + x] !== 0) {
            first = y;
            break;
          }
        const gap = Math.round(4 / s);
        if (first < 2 * gap || first + 4 * gap >= H) continue;
        for (let y = first - 2 * gap; y < first - gap; y++, na++) above += fr.image[y * W + x]!;
        for (let y = first; y < first + Math.round(1 / s); y++, nw++) band += fr.image[y * W + x]!;
        for (let y = first + 2 * gap; y < first + 4 * gap; y++, nb++) below += fr.image[y * W + x]!;
      }
    }
    const [mA, mW, mB] = [above / na, band / nw, below / nb];
    expect(mW).toBeGreaterThan(2 * mA);
    expect(mB).toBeLessThan(0.5 * mA);
  });

  it('shows poor-contact frames as nearly empty of tissue and bone labels', () => {
    const f = sweep.frames[20]!;
    const r = renderer.render({ imageToReference: f.imageToReference, index: 20, poorContact: true });
    expect(r.label.every((v) => v === 0)).toBe(true);
    // Deep half of the image: air reverberation has died out.
    let sum = 0;
    for (let i = (H / 2) * W; i < H * W; i++) sum += r.image[i]!;
    expect(sum / ((H / 2) * W)).toBeLessThan(5);
  });

  it('keeps the columns outside the aperture black', () => {
    for (const fr of frames.slice(0, 5)) {
      for (let y = 0; y < H; y++) {
        expect(fr.image[y * W + geometry.colStart - 1]).toBe(0);
        expect(fr.image[y * W + geometry.colEnd]).toBe(0);
      }
    }
  });
});

describe('speckle', () => {
  it('has Rayleigh amplitude statistics (mean/SD = 1.91, half below the Rayleigh median)', () => {
    const a = speckleAmplitude(new Rng(5), 3, 1.5);
    let m = 0;
    for (const v of a) m += v;
    m /= a.length;
    let v2 = 0;
    let below = 0;
    // Rayleigh: mean = sigma·sqrt(pi/2), median = sigma·sqrt(2 ln 2).
    const median = m * Math.sqrt((2 * Math.LN2) / (Math.PI / 2));
    for (const x of a) {
      v2 += (x - m) ** 2;
      if (x < median) below++;
    }
    const snr = m / Math.sqrt(v2 / a.length);
    expect(snr).toBeGreaterThan(1.8);
    expect(snr).toBeLessThan(2.02);
    expect(below / a.length).toBeGreaterThan(0.47);
    expect(below / a.length).toBeLessThan(0.53);
  });
});
