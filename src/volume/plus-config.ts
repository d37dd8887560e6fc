import type { VolumeReconstructionConfig } from '../sequence/index.js';
import { VolumeError } from './errors.js';
import type { HoleFillingElement, ReconstructionParams } from './types.js';

/**
 * Maps a PLUS VolumeReconstruction element onto our parameters. OutputOrigin + OutputExtent give a
 * fixed grid (extent indices are relative to the origin, as PLUS uses them); otherwise the grid is
 * computed from the frames. Optimization=FULL selects the 14-bit fixed-point emulation.
 * IMPORTANCE_MASK compounding and fan-angle auto-detection are not supported (typed error).
 */
export function paramsFromPlusConfig(vr: VolumeReconstructionConfig): ReconstructionParams {
  if (vr.compounding === 'IMPORTANCE_MASK') {
    throw new VolumeError('VOLUME_BAD_PARAMS', 'IMPORTANCE_MASK compounding is not supported');
  }
  const clip =
    vr.clipRectangleOrigin && vr.clipRectangleSize
      ? {
          x: vr.clipRectangleOrigin[0],
          y: vr.clipRectangleOrigin[1],
          width: vr.clipRectangleSize[0],
          height: vr.clipRectangleSize[1],
        }
      : undefined;
  const fan =
    vr.fan && vr.fan.radiusStopPixel !== undefined
      ? {
          anglesDeg: vr.fan.anglesDeg,
          originPixel: vr.fan.originPixel,
          radiusStartPixel: vr.fan.radiusStartPixel,
          radiusStopPixel: vr.fan.radiusStopPixel,
        }
      : undefined;
  const holeFilling: HoleFillingElement[] = vr.holeFilling.map((h) => {
    const minRatio = h.minimumKnownVoxelsRatio ?? 0;
    if (h.type === 'STICK')
      return {
        type: 'STICK',
        stickLengthLimit: h.stickLengthLimit ?? 9,
        numberOfSticksToUse: h.numberOfSticksToUse ?? 1,
      };
    if (h.type === 'GAUSSIAN' || h.type === 'GAUSSIAN_ACCUMULATION')
      return { type: h.type, size: h.size ?? 3, stdev: h.stdev ?? 1, minRatio };
    return { type: h.type, size: h.size ?? 3, minRatio };
  });
  const ext = vr.outputExtent;
  const grid =
    vr.outputOrigin && ext
      ? {
          origin: [0, 1, 2].map((a) => vr.outputOrigin![a]! + ext[2 * a]! * vr.outputSpacing[a]!) as [
            number,
            number,
            number,
          ],
          dims: [0, 1, 2].map((a) => ext[2 * a + 1]! - ext[2 * a]! + 1) as [number, number, number],
        }
      : {};
  return {
    spacing: vr.outputSpacing,
    ...grid,
    ...(clip ? { clip } : {}),
    ...(fan ? { fan } : {}),
    interpolation: vr.interpolation === 'LINEAR' ? 'linear' : 'nearest',
    compounding: vr.compounding === 'LATEST' ? 'latest' : vr.compounding === 'MAXIMUM' ? 'maximum' : 'mean',
    arithmetic: vr.optimization.toUpperCase() === 'FULL' ? 'fixed14' : 'float',
    fillHoles: vr.fillHoles,
    holeFilling,
  };
}
