/**
 * Simulated sweep -> label volume, for the Cobb accuracy evaluation (bench/volume-accuracy.ts) and the
 * measure tests: the simulator's truth label frames (the visible bone surface band an expert would
 * annotate) pasted by VolumeReconstructor, and the phantom's true main Cobb angle.
 */
import {
  buildPhantom,
  createBmodeRenderer,
  imageGeometry,
  makeSweep,
  type PhantomParams,
} from '../src/sim/index.js';
import { VolumeReconstructor, type VolumeGrid } from '../src/volume/index.js';

export interface SimCase {
  readonly seed: number;
  readonly phantom: PhantomParams;
}

export interface SimVolume {
  readonly labels: VolumeGrid;
  readonly intensity: VolumeGrid;
  /** Largest true Cobb angle of the phantom (0 for a straight spine). */
  readonly trueCobbDeg: number;
  readonly trueCurves: readonly { upperEnd: string; lowerEnd: string; cobbDeg: number }[];
  readonly trueTilts: readonly number[];
}

/** Renders a transverse sweep of `frames` frames (half-size images: same field of view) and reconstructs it at `spacingMm`. */
export function simulateVolume(c: SimCase, frames = 600, spacingMm = 1): SimVolume {
  const phantom = buildPhantom(c.phantom);
  const geometry = imageGeometry({ width: 320, height: 240 });
  const sweep = makeSweep(phantom, geometry, c.seed, { frames });
  const renderer = createBmodeRenderer(phantom, geometry, c.seed);
  const inputs = sweep.frames.map((f) => {
    const r = renderer.render({
      imageToReference: f.imageToReference,
      index: f.index,
      poorContact: f.poorContact,
    });
    return {
      width: geometry.width,
      height: geometry.height,
      pixels: r.image,
      labels: r.label,
      imageToReference: f.imageToReference,
      transformValid: f.probeToTrackerStatus === 'OK',
    };
  });
  const rec = VolumeReconstructor.fromFrames(inputs, {
    spacing: [spacingMm, spacingMm, spacingMm],
    interpolation: 'nearest',
    compounding: 'maximum',
    withLabels: true,
    arithmetic: 'float',
  });
  const snap = rec.snapshot();
  const main = [...phantom.cobb].sort((a, b) => b.cobbDeg - a.cobbDeg)[0];
  return {
    labels: snap.labels!,
    intensity: snap.intensity,
    trueCobbDeg: main?.cobbDeg ?? 0,
    trueCurves: phantom.cobb.map((k) => ({ upperEnd: k.upperEnd, lowerEnd: k.lowerEnd, cobbDeg: k.cobbDeg })),
    trueTilts: phantom.levels.map((l) => l.coronalTiltDeg),
  };
}
