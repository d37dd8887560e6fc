import { describe, expect, it } from 'vitest';
import { fromRowMajor } from '../../src/math/index.js';
import { VolumeError, VolumeReconstructor, rowSpans, type FrameInput } from '../../src/volume/index.js';

/** A 20x10 frame lying in the plane z = zmm, 1 mm pixels, pixel value = column * 10 + 5. */
function frame(zmm: number, extra: Partial<FrameInput> = {}): FrameInput {
  const pixels = new Uint8Array(200);
  for (let j = 0; j < 10; j++) for (let i = 0; i < 20; i++) pixels[j * 20 + i] = i * 10 + 5;
  const labels = new Uint8Array(200);
  labels[5 * 20 + 7] = 1;
  return {
    width: 20,
    height: 10,
    pixels,
    labels,
    imageToReference: fromRowMajor([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, zmm, 0, 0, 0, 1]),
    ...extra,
  };
}

/** A grid holding three of those frames, 1 mm apart in z, pasted nearest-neighbour. */
const THREE_SLICES = {
  spacing: [1, 1, 1],
  origin: [0, 0, 0],
  dims: [20, 10, 3],
  interpolation: 'nearest',
  compounding: 'latest',
} as const;

describe('VolumeReconstructor', () => {
  it('computes the PLUS extent from the frame corners and pastes nearest-neighbour', () => {
    const r = VolumeReconstructor.fromFrames([frame(0), frame(2)], {
      spacing: [1, 1, 1],
      interpolation: 'nearest',
      compounding: 'latest',
      withLabels: true,
    });
    expect(r.geometry.dims).toEqual([20, 10, 3]);
    expect(r.geometry.origin).toEqual([0, 0, 0]);
    const s = r.snapshot();
    expect(s.intensity.data[3 + 20 * 4]).toBe(35); // (x=3, y=4, z=0)
    expect(s.intensity.data[3 + 20 * 4 + 200]).toBe(0); // z=1 never hit
    expect(s.intensity.data[3 + 20 * 4 + 400]).toBe(35);
    expect(s.labels!.data[7 + 20 * 5 + 400]).toBe(1);
    expect(s.labels!.data.reduce((a, b) => a + b, 0)).toBe(2);
  });

  it('labelsNow is the live label grid: same content as a snapshot, and it sees later pastes', () => {
    const r = new VolumeReconstructor({ ...THREE_SLICES, withLabels: true });
    r.paste(frame(0));
    const live = r.labelsNow()!;
    expect(live.dims).toEqual([20, 10, 3]);
    expect(live.data).toEqual(r.snapshot().labels!.data);
    r.paste(frame(2));
    expect(live.data[7 + 20 * 5 + 400]).toBe(1);
    expect(new VolumeReconstructor(THREE_SLICES).labelsNow()).toBeUndefined();
  });

  it('mean compounding averages frames that hit the same voxel; max keeps the brightest', () => {
    const dark = frame(0, { pixels: new Uint8Array(200).fill(100) });
    const bright = frame(0, { pixels: new Uint8Array(200).fill(201) });
    const base = {
      spacing: [1, 1, 1],
      origin: [0, 0, 0],
      dims: [20, 10, 1],
      interpolation: 'nearest',
    } as const;
    const mean = new VolumeReconstructor({ ...base, compounding: 'mean' });
    mean.paste(dark);
    mean.paste(bright);
    expect(mean.snapshot().intensity.data[0]).toBe(150); // (201*256 + 100*256) / 512 = 150.5 -> 150
    const max = new VolumeReconstructor({ ...base, compounding: 'maximum' });
    max.paste(bright);
    max.paste(dark);
    expect(max.snapshot().intensity.data[0]).toBe(201);
  });

  it('linear splat spreads one pixel over the 8 voxels around it with trilinear weights', () => {
    const pixels = new Uint8Array(200);
    pixels[0] = 200;
    const f: FrameInput = {
      width: 20,
      height: 10,
      pixels,
      imageToReference: fromRowMajor([1, 0, 0, 1.5, 0, 1, 0, 1.5, 0, 0, 1, 1.5, 0, 0, 0, 1]),
    };
    const r = new VolumeReconstructor({
      spacing: [1, 1, 1],
      origin: [0, 0, 0],
      dims: [4, 4, 4],
      clip: { x: 0, y: 0, width: 0, height: 0 }, // pixel (0, 0) only
      interpolation: 'linear',
      compounding: 'mean',
    });
    r.paste(f);
    const s = r.snapshot();
    // Pixel (0,0) lands at (1.5, 1.5, 1.5): all 8 neighbours get weight 1/8 and the full value (mean of one sample).
    expect(s.intensity.data[1 + 4 * 1 + 16 * 1]).toBe(200);
    expect(s.intensity.data[2 + 4 * 2 + 16 * 2]).toBe(200);
    expect(s.accumulation.data[2 + 4 * 2 + 16 * 2]).toBe(32);
  });

  it('skips and counts bad frames instead of pasting them', () => {
    const r = new VolumeReconstructor(THREE_SLICES);
    expect(r.paste(frame(0))).toBe(true);
    expect(r.paste(frame(1, { transformValid: false }))).toBe(false);
    const nan = fromRowMajor([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, NaN, 0, 0, 0, 1]);
    expect(r.paste(frame(1, { imageToReference: nan }))).toBe(false);
    expect(r.paste({ ...frame(1), width: 10, pixels: new Uint8Array(100) })).toBe(false);
    expect(r.paste({ ...frame(1), pixels: new Uint8Array(150) })).toBe(false);
    expect(r.counts).toEqual({
      framesPasted: 1,
      skipped: { invalidTransform: 1, nonFiniteMatrix: 1, wrongSize: 2, tooLarge: 0 },
    });
    expect([...r.snapshot().intensity.data.subarray(200, 400)].every((v) => v === 0)).toBe(true);
  });

  it('a snapshot is a copy: later frames do not change it, and hole filling does not touch the live grid', () => {
    const r = new VolumeReconstructor({ ...THREE_SLICES, fillHoles: true });
    r.paste(frame(0));
    r.paste(frame(2));
    const filled = r.snapshot();
    expect(filled.intensity.data[3 + 20 * 4 + 200]).toBe(35); // z=1 filled by a stick between z=0 and z=2
    const raw = r.snapshot({ fillHoles: false });
    expect(raw.intensity.data[3 + 20 * 4 + 200]).toBe(0);
    r.paste(frame(1, { pixels: new Uint8Array(200).fill(7) }));
    expect(raw.intensity.data[3 + 20 * 4 + 200]).toBe(0);
    expect(r.snapshot({ fillHoles: false }).intensity.data[3 + 20 * 4 + 200]).toBe(7);
  });

  it('refuses a grid larger than the memory limit with VOLUME_TOO_LARGE', () => {
    const make = () =>
      new VolumeReconstructor({
        spacing: [0.1, 0.1, 0.1],
        origin: [0, 0, 0],
        dims: [2000, 2000, 2000],
        interpolation: 'nearest',
        compounding: 'mean',
      });
    expect(make).toThrow(VolumeError);
    try {
      make();
    } catch (e) {
      expect((e as VolumeError).code).toBe('VOLUME_TOO_LARGE');
    }
    expect(() =>
      VolumeReconstructor.fromFrames([], {
        spacing: [1, 1, 1],
        interpolation: 'nearest',
        compounding: 'mean',
      }),
    ).toThrow(/no frame/);
  });

  it('fan mask keeps a wedge between the start and stop radii', () => {
    const spans = rowSpans(101, 101, undefined, {
      anglesDeg: [-60, 60],
      originPixel: [50, 0],
      radiusStartPixel: 20,
      radiusStopPixel: 80,
    });
    const kept = (i: number, j: number) =>
      (i >= spans[j * 4]! && i <= spans[j * 4 + 1]!) || (i >= spans[j * 4 + 2]! && i <= spans[j * 4 + 3]!);
    expect(kept(50, 50)).toBe(true);
    expect(kept(50, 10)).toBe(false); // inside the start radius
    expect(kept(50, 90)).toBe(false); // beyond the stop radius
    expect(kept(80, 10)).toBe(false); // outside the 60-degree line
    expect(kept(30, 15)).toBe(true); // left of the start radius, inside the wedge
    expect(kept(50, 15)).toBe(false);
    expect(kept(70, 15)).toBe(true); // right of it: two spans in this row
  });
});
