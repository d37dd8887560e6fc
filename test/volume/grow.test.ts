import { describe, expect, it } from 'vitest';
import { fromRowMajor } from '../../src/math/index.js';
import { VolumeError, VolumeReconstructor, type FrameInput } from '../../src/volume/index.js';

/** A 20x10 frame, 1 mm pixels, tilted a little about x, at z = zmm and shifted sideways by xmm. */
function frame(zmm: number, xmm = 0): FrameInput {
  const pixels = new Uint8Array(200);
  for (let j = 0; j < 10; j++) for (let i = 0; i < 20; i++) pixels[j * 20 + i] = (i * 10 + j * 3 + zmm) & 255;
  const c = Math.cos(0.1),
    s = Math.sin(0.1);
  return {
    width: 20,
    height: 10,
    pixels,
    labels: pixels.map((p) => (p > 128 ? 1 : 0)),
    imageToReference: fromRowMajor([1, 0, 0, xmm, 0, c, 0, 0, 0, s, 1, zmm, 0, 0, 0, 1]),
  };
}

const params = {
  spacing: [0.5, 0.5, 0.5] as const,
  interpolation: 'linear' as const,
  compounding: 'mean' as const,
  withLabels: true,
};

describe('VolumeReconstructor.growing', () => {
  it('grows in slabs as a sweep leaves the grid and ends with the volume a fixed grid gives', () => {
    // Exact binary fractions: the two grids differ by whole voxels, so the pixel-to-voxel maps differ by
    // exact integers and the 14-bit quantisation (PLUS arithmetic) rounds identically.
    const frames = Array.from({ length: 120 }, (_, k) => frame(k * 0.75, k % 7 === 0 ? -6 : 0));
    // Nearest neighbour: a linear splat at the fixed grid's edge is dropped there (all 8 corners must be
    // inside) but kept by the grown grid, which has room around it.
    const nn = { ...params, interpolation: 'nearest' as const };
    const g = VolumeReconstructor.growing(nn, { stepMm: 10 });
    const dimsSeen = new Set<string>();
    for (const f of frames) {
      expect(g.paste(f)).toBe(true);
      dimsSeen.add(g.geometry.dims.join('x'));
    }
    // Re-allocated a few times, not once per frame.
    expect(dimsSeen.size).toBeGreaterThan(2);
    expect(dimsSeen.size).toBeLessThan(20);
    const fixed = VolumeReconstructor.fromFrames(frames, nn);
    const a = fixed.snapshot(),
      b = g.snapshot();
    const [nx, ny, nz] = a.intensity.dims;
    const [mx, my] = b.intensity.dims;
    const off = [0, 1, 2].map((k) => Math.round((a.intensity.origin[k]! - b.intensity.origin[k]!) / 0.5));
    // Same lattice: the fixed grid's origin is a whole number of voxels inside the grown one.
    for (let k = 0; k < 3; k++) {
      expect(Math.abs(a.intensity.origin[k]! - b.intensity.origin[k]! - off[k]! * 0.5)).toBeLessThan(1e-9);
    }
    let nonzero = 0,
      differ = 0;
    for (let z = 0; z < nz; z++)
      for (let y = 0; y < ny; y++)
        for (let x = 0; x < nx; x++) {
          const i = x + nx * (y + ny * z);
          const j = x + off[0]! + mx * (y + off[1]! + my * (z + off[2]!));
          if (
            b.intensity.data[j] !== a.intensity.data[i] ||
            b.accumulation.data[j] !== a.accumulation.data[i] ||
            b.labels!.data[j] !== a.labels!.data[i]
          )
            differ++;
          if (a.accumulation.data[i] !== 0) nonzero++;
        }
    expect(differ).toBe(0);
    expect(nonzero).toBeGreaterThan(10_000);
    // Nothing outside the fixed extent was hit.
    let total = 0;
    for (const v of b.accumulation.data) if (v !== 0) total++;
    expect(total).toBe(nonzero);
  });

  it('stays within maxBytes: frames that would need more are skipped and counted, pasted data kept', () => {
    const g = VolumeReconstructor.growing({ ...params, maxBytes: 2_000_000 }, { stepMm: 5 });
    let pasted = 0;
    for (let k = 0; k < 400; k++) if (g.paste(frame(k))) pasted++;
    const { framesPasted, skipped } = g.counts;
    expect(framesPasted).toBe(pasted);
    expect(skipped.tooLarge).toBe(400 - pasted);
    expect(pasted).toBeGreaterThan(10);
    expect(skipped.tooLarge).toBeGreaterThan(100);
    const s = g.snapshot();
    expect(s.intensity.data.length * 4).toBeLessThanOrEqual(2_000_000);
    expect(s.accumulation.data.some((v) => v !== 0)).toBe(true);
  });

  it('rejects a bad growth step', () => {
    expect(() => VolumeReconstructor.growing(params, { stepMm: 0 })).toThrow(VolumeError);
  });
});
