import { SimError } from './errors.js';

/** The B-mode image grid of a linear probe. */
export interface ImageGeometry {
  readonly width: number;
  readonly height: number;
  /** Imaging depth in mm: the last row's distance from the transducer face. */
  readonly depthMm: number;
  /** Width of the transducer's active aperture, mm; columns outside it stay black, like a scanner's frame. */
  readonly probeWidthMm: number;
  /** mm per pixel, the same along x and y. */
  readonly spacingMm: number;
  /** First and one-past-last column that carry echoes. */
  readonly colStart: number;
  readonly colEnd: number;
}

export interface ImageGeometryParams {
  readonly width?: number;
  readonly height?: number;
  readonly depthMm?: number;
  readonly probeWidthMm?: number;
}

export function imageGeometry(p: ImageGeometryParams = {}): ImageGeometry {
  const width = p.width ?? 640;
  const height = p.height ?? 480;
  const depthMm = p.depthMm ?? 70;
  const probeWidthMm = p.probeWidthMm ?? 60;
  if (!(
    Number.isInteger(width) &&
    Number.isInteger(height) &&
    width >= 16 &&
    height >= 16 &&
    width * height <= 1 << 24
  )) {
    throw new SimError('SIM_BAD_PARAMS', `image size ${width}x${height} is out of range`);
  }
  if (!(depthMm >= 10 && depthMm <= 300) || !(probeWidthMm >= 10 && probeWidthMm <= 200)) {
    throw new SimError('SIM_BAD_PARAMS', `depth ${depthMm} mm / probe width ${probeWidthMm} mm out of range`);
  }
  const spacingMm = depthMm / height;
  const cols = Math.min(width, Math.round(probeWidthMm / spacingMm));
  const colStart = Math.floor((width - cols) / 2);
  return {
    width,
    height,
    depthMm,
    probeWidthMm: cols * spacingMm,
    spacingMm,
    colStart,
    colEnd: colStart + cols,
  };
}
