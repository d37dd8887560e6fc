import { describe, expect, it } from 'vitest';
import { crfRefine, DEFAULT_CRF, overlap } from '../../src/segment/index.js';
import { ellipseFrame, rng } from './helpers.js';

describe('CRF refinement', () => {
  it('improves Dice of a noisy probability map of a known shape', () => {
    const W = 128;
    const H = 96;
    const { frame, mask } = ellipseFrame(W, H, 60, 50, 30, 20, 3);
    const grey = Float32Array.from(frame.data);
    // Network-like logits: right sign on average but heavy per-pixel noise and a blurred boundary.
    const r = rng(9);
    const logits = new Float32Array(W * H);
    for (let i = 0; i < logits.length; i++) {
      const gauss = Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());
      logits[i] = (mask[i] ? 1 : -1) * 0.8 + 1.6 * gauss;
    }
    const dice = (z: Float32Array) =>
      overlap(
        Uint8Array.from(z, (v) => (v > 0 ? 1 : 0)),
        mask,
      ).dice;
    const before = dice(logits);
    // The defaults are tuned for thin bone bands (gentle); strong wide kernels suit this big noisy blob.
    const strong = {
      iterations: 5,
      bilateralWeight: 3,
      thetaAlpha: 12,
      thetaBeta: 12,
      smoothWeight: 1,
      thetaGamma: 1.5,
    };
    expect(before).toBeLessThan(0.5);
    expect(dice(crfRefine(logits, grey, W, H, DEFAULT_CRF))).toBeGreaterThan(before + 0.1);
    expect(dice(crfRefine(logits, grey, W, H, strong))).toBeGreaterThan(0.95);
  });

  it('follows grey edges: a blurry prediction snaps to the bright region', () => {
    const W = 96;
    const H = 64;
    const { frame, mask } = ellipseFrame(W, H, 48, 32, 24, 14, 5);
    const grey = Float32Array.from(frame.data);
    // Logits of a disc 6 px too large (a network that over-segments around the bone).
    const logits = new Float32Array(W * H);
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const d = Math.hypot((x + 0.5 - 48) / 30, (y + 0.5 - 32) / 20);
        logits[y * W + x] = 2 * (1 - d) * 3;
      }
    }
    const before = overlap(
      Uint8Array.from(logits, (z) => (z > 0 ? 1 : 0)),
      mask,
    ).dice;
    const after = overlap(
      Uint8Array.from(crfRefine(logits, grey, W, H), (z) => (z > 0 ? 1 : 0)),
      mask,
    ).dice;
    expect(after).toBeGreaterThan(before);
  });

  it('refuses inputs of different sizes', () => {
    expect(() => crfRefine(new Float32Array(4), new Float32Array(5), 2, 2)).toThrow(/CRF inputs/);
  });
});
