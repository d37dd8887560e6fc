import { transformPoint, type Mat4 } from '../math/index.js';
import { VolumeError } from './errors.js';
import type { ClipRectangle, FanGeometry } from './types.js';

/** Output grid placement: voxel (x, y, z) at origin + spacing * (x, y, z). */
export interface GridGeometry {
  readonly dims: readonly [number, number, number];
  readonly spacing: readonly [number, number, number];
  readonly origin: readonly [number, number, number];
}

/**
 * PLUS's automatic output extent (vtkIGSIOVolumeReconstructor::SetOutputExtentFromFrameList): the
 * bounding box of the clip rectangle's four corners of every frame, mapped to Reference; corners
 * use clip + size (not size - 1) clamped to the image; fan settings do not shrink it.
 * dims = round((max - min) / spacing) + 1 per axis.
 */
export function geometryFromFrames(
  matrices: readonly Mat4[],
  width: number,
  height: number,
  spacing: readonly [number, number, number],
  clip?: ClipRectangle,
): GridGeometry {
  if (matrices.length === 0) throw new VolumeError('VOLUME_NO_FRAMES', 'no frame with a valid transform');
  checkSpacing(spacing);
  const c = clip ?? { x: 0, y: 0, width, height };
  const minX = Math.max(0, c.x);
  const maxX = Math.min(width - 1, c.x + c.width);
  const minY = Math.max(0, c.y);
  const maxY = Math.min(height - 1, c.y + c.height);
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  for (const m of matrices) {
    for (const [i, j] of [
      [minX, minY],
      [minX, maxY],
      [maxX, minY],
      [maxX, maxY],
    ] as const) {
      const p = transformPoint(m, i, j, 0);
      for (let a = 0; a < 3; a++) {
        if (p[a]! < lo[a]!) lo[a] = p[a]!;
        if (p[a]! > hi[a]!) hi[a] = p[a]!;
      }
    }
  }
  const dims = [0, 1, 2].map((a) => Math.round((hi[a]! - lo[a]!) / spacing[a]!) + 1) as [
    number,
    number,
    number,
  ];
  return { dims, spacing: [spacing[0], spacing[1], spacing[2]], origin: [lo[0]!, lo[1]!, lo[2]!] };
}

export function checkSpacing(spacing: readonly number[]): void {
  if (spacing.length !== 3 || !spacing.every((s) => Number.isFinite(s) && s > 0)) {
    throw new VolumeError(
      'VOLUME_BAD_PARAMS',
      `output spacing must be three positive numbers, got ${spacing.join(' ')}`,
    );
  }
}

/**
 * Inclusive pixel spans per image row that get pasted: the clip rectangle (columns
 * ceil(x)..floor(x + w), rows ceil(y)..floor(y + h), clamped to the image) intersected with the fan
 * (two lines at the fan angles through the fan origin, outside the start radius, inside the stop
 * radius), as vtkIGSIOPasteSliceIntoVolume computes them. Square pixels are assumed (the frame's
 * pixel spacing is folded into ImageToReference). Each row has up to two spans: spans[4*row..+3] =
 * [start0, end0, start1, end1]; an empty span has end < start.
 */
export function rowSpans(width: number, height: number, clip?: ClipRectangle, fan?: FanGeometry): Int32Array {
  const spans = new Int32Array(height * 4);
  const c = clip ?? { x: 0, y: 0, width, height };
  const col0 = Math.max(0, Math.ceil(c.x));
  const col1 = Math.min(width - 1, Math.floor(c.x + c.width));
  const row0 = Math.max(0, Math.ceil(c.y));
  const row1 = Math.min(height - 1, Math.floor(c.y + c.height));
  let tl = fan ? Math.tan((fan.anglesDeg[0] * Math.PI) / 180) : 0;
  let tr = fan ? Math.tan((fan.anglesDeg[1] * Math.PI) / 180) : 0;
  if (tl > tr) [tl, tr] = [tr, tl];
  const fanOn = fan !== undefined && (tl !== 0 || tr !== 0);
  for (let row = 0; row < height; row++) {
    let s = col0;
    let e = col1;
    let s1 = 0;
    let e1 = -1;
    if (row < row0 || row > row1) e = s - 1;
    else if (fanOn) {
      const ox = fan.originPixel[0];
      const y = row - fan.originPixel[1];
      s = Math.max(s, Math.ceil(tl * y + ox + 1));
      e = Math.min(e, Math.floor(tr * y + ox - 1));
      const stop2 = fan.radiusStopPixel * fan.radiusStopPixel - y * y;
      if (stop2 < 0) e = s - 1;
      else {
        const dStop = Math.sqrt(stop2);
        s = Math.max(s, Math.ceil(ox - dStop + 1));
        e = Math.min(e, Math.floor(ox + dStop - 1));
        const start2 = fan.radiusStartPixel * fan.radiusStartPixel - y * y;
        if (start2 > 0) {
          // Inside the start radius: the middle columns are skipped, leaving a left and a right span.
          const dStart = Math.sqrt(start2);
          const skip0 = Math.ceil(ox - dStart + 1);
          const skip1 = Math.floor(ox + dStart - 1);
          s1 = Math.max(s, skip1 + 1);
          e1 = e;
          e = Math.min(e, skip0 - 1);
        }
      }
    }
    spans[row * 4] = s;
    spans[row * 4 + 1] = e;
    spans[row * 4 + 2] = s1;
    spans[row * 4 + 3] = e1;
  }
  return spans;
}

/** Bytes the reconstructor allocates for a grid (intensity + uint16 accumulation [+ labels]). */
export function bytesNeeded(dims: readonly number[], withLabels: boolean): number {
  const n = dims[0]! * dims[1]! * dims[2]!;
  return n * (1 + 2 + (withLabels ? 1 : 0));
}
