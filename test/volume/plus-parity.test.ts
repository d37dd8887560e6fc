import { describe, expect, it } from 'vitest';
import { VolumeReconstructor, type ReconstructionParams } from '../../src/volume/index.js';
import { PLUS_SPINE, compareNonzero, readMha, spineFrames } from './plus-data.js';

// Baselines from IGSIO's VolumeReconstructorTest (see data/plus-spine/README.md for which config
// produced which). The options below are those configs' VolumeReconstruction elements.
const fan = {
  anglesDeg: [-45, 45],
  originPixel: [380, 20],
  radiusStartPixel: 120,
  radiusStopPixel: 360,
} as const;
const sonix = { clip: { x: 192, y: 16, width: 420, height: 580 }, fan };
const stick = [{ type: 'STICK', stickLengthLimit: 9, numberOfSticksToUse: 1 }] as const;
const CASES: Record<string, Omit<ReconstructionParams, 'spacing'>> = {
  NNLATE: { ...sonix, interpolation: 'nearest', compounding: 'latest' },
  LNMEAN: { ...sonix, interpolation: 'linear', compounding: 'mean', fillHoles: true, holeFilling: stick },
  NNMEAN: { interpolation: 'nearest', compounding: 'mean', fillHoles: true, holeFilling: stick },
  LNMAXI: { interpolation: 'linear', compounding: 'maximum' },
};

describe('PLUS parity on the spine-phantom sweep', () => {
  const frames = spineFrames();
  for (const [name, opts] of Object.entries(CASES)) {
    const ref = readMha(`${PLUS_SPINE}baselines/VolumeReconstructorTest${name}volumeRef.mha`);
    const refOrigin = ref.fields.get('Offset')!.split(/\s+/).map(Number);

    it(`${name}: same grid, >= 99% of nonzero voxels within 2 grey levels (fixed-point emulation)`, () => {
      const r = VolumeReconstructor.fromFrames(frames, { spacing: [0.5, 0.5, 0.5], ...opts });
      const snap = r.snapshot();
      expect([...snap.intensity.dims]).toEqual(ref.dims);
      snap.intensity.origin.forEach((o, a) => expect(Math.abs(o - refOrigin[a]!)).toBeLessThan(1e-3));
      expect(snap.intensity.spacing).toEqual([0.5, 0.5, 0.5]);
      const c = compareNonzero(snap.intensity.data, ref.data);
      expect(c.within2).toBeGreaterThanOrEqual(0.99);
      expect(c.meanAbs).toBeLessThan(0.2);
      expect(r.counts.framesPasted).toBe(21);
    });

    it(`${name}: float64 arithmetic still agrees on >= 90%`, () => {
      const r = VolumeReconstructor.fromFrames(frames, {
        spacing: [0.5, 0.5, 0.5],
        arithmetic: 'float',
        ...opts,
      });
      const c = compareNonzero(r.snapshot().intensity.data, ref.data);
      expect(c.within2).toBeGreaterThanOrEqual(0.9);
      expect(c.meanAbs).toBeLessThan(2);
    });
  }

  it('a one-frame transform lag is detected by the comparison (the criterion can fail)', () => {
    const lagged = frames.map((f, i) => ({
      ...f,
      imageToReference: frames[Math.max(0, i - 1)]!.imageToReference,
    }));
    const ref = readMha(`${PLUS_SPINE}baselines/VolumeReconstructorTestNNLATEvolumeRef.mha`);
    const r = VolumeReconstructor.fromFrames(lagged, { spacing: [0.5, 0.5, 0.5], ...CASES['NNLATE']! });
    expect(compareNonzero(r.snapshot().intensity.data, ref.data).within2).toBeLessThan(0.5);
  });
});
