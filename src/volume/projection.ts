import { createRaster, drawText, resize, type Raster } from '../image/index.js';
import { VolumeError } from './errors.js';
import type { SpineMeasurement } from './measure.js';
import type { VolumeGrid } from './types.js';

/** How voxels along the depth axis are combined into one pixel. */
export type ProjectionMode = 'max' | 'mean';

type Rgb3 = readonly [number, number, number];
const CURVE: Rgb3 = [60, 220, 60];
const LEVEL: Rgb3 = [230, 200, 40];
const MAIN: Rgb3 = [255, 60, 60];
const SECOND: Rgb3 = [60, 200, 255];

/**
 * An X-ray-like coronal view: the volume projected along the measurement's depth axis onto its
 * (lateral, spine) plane at `pixelMm`, cranial at the top and the patient's right (+lateral) on the
 * viewer's left as on a radiograph; grey scaled to the brightest pixel. With a measurement, the curve
 * through the level midpoints, every level's landmark line, the end-vertebra lines of the main (red)
 * and secondary (cyan) curves and their angles are drawn.
 */
export function coronalProjection(
  volume: VolumeGrid,
  m: SpineMeasurement,
  options: { mode?: ProjectionMode; pixelMm?: number; zoom?: number } = {},
): Raster {
  const [nx, ny, nz] = volume.dims;
  if (volume.data.length !== nx * ny * nz)
    throw new VolumeError('VOLUME_BAD_INPUT', 'volume data size does not match dims');
  const px = options.pixelMm ?? Math.max(1, Math.min(...volume.spacing));
  const [a0, a1] = m.axes;
  const sOf = (p: readonly number[]) => p[0]! * a0[0]! + p[1]! * a0[1]! + p[2]! * a0[2]!;
  const uOf = (p: readonly number[]) => p[0]! * a1[0]! + p[1]! * a1[1]! + p[2]! * a1[2]!;
  // Bounds from the volume's corners.
  let sLo = Infinity,
    sHi = -Infinity,
    uLo = Infinity,
    uHi = -Infinity;
  for (const cx of [0, nx - 1])
    for (const cy of [0, ny - 1])
      for (const cz of [0, nz - 1]) {
        const p = [0, 1, 2].map((k) => volume.origin[k]! + volume.spacing[k]! * [cx, cy, cz][k]!);
        sLo = Math.min(sLo, sOf(p));
        sHi = Math.max(sHi, sOf(p));
        uLo = Math.min(uLo, uOf(p));
        uHi = Math.max(uHi, uOf(p));
      }
  const W = Math.ceil((uHi - uLo) / px) + 1;
  const H = Math.ceil((sHi - sLo) / px) + 1;
  if (W * H > 1 << 24)
    throw new VolumeError('VOLUME_BAD_INPUT', `projection of ${W}x${H} pixels is too large`);
  const col = (u: number) => (uHi - u) / px;
  const row = (s: number) => (sHi - s) / px;
  const acc = new Float32Array(W * H);
  const cnt = new Uint32Array(W * H);
  const mode = options.mode ?? 'max';
  const d = volume.data;
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      const wx = volume.origin[0],
        wy = volume.origin[1] + volume.spacing[1] * y,
        wz = volume.origin[2] + volume.spacing[2] * z;
      const s0 = wx * a0[0]! + wy * a0[1]! + wz * a0[2]!;
      const u0 = wx * a1[0]! + wy * a1[1]! + wz * a1[2]!;
      const ds = volume.spacing[0] * a0[0]!,
        du = volume.spacing[0] * a1[0]!;
      const base = nx * (y + ny * z);
      for (let x = 0; x < nx; x++) {
        const v = d[base + x]!;
        // Empty voxels cannot raise a maximum: a label volume is mostly empty, so this is most of the time.
        if (v === 0 && mode === 'max') continue;
        const k = Math.round((uHi - u0 - du * x) / px) + W * Math.round((sHi - s0 - ds * x) / px);
        if (mode === 'max') {
          if (v > acc[k]!) acc[k] = v;
        } else {
          acc[k]! += v;
          cnt[k]!++;
        }
      }
    }
  }
  if (mode === 'mean') for (let k = 0; k < acc.length; k++) if (cnt[k]! > 0) acc[k]! /= cnt[k]!;
  let peak = 0;
  for (const v of acc) peak = Math.max(peak, v);
  const grey = createRaster(W, H, 3);
  for (let k = 0; k < acc.length; k++) {
    const g = peak > 0 ? Math.round((255 * acc[k]!) / peak) : 0;
    grey.data[k * 3] = grey.data[k * 3 + 1] = grey.data[k * 3 + 2] = g;
  }
  // Overlays are drawn after enlarging, so lines and text stay thin on a small volume.
  const zoom = options.zoom ?? 2;
  const img = zoom === 1 ? grey : resize(grey, W * zoom, H * zoom);
  const zc = (u: number) => (col(u) + 0.5) * zoom;
  const zr = (s: number) => (row(s) + 0.5) * zoom;
  const pt = (p: readonly number[]): [number, number] => [zc(uOf(p)), zr(sOf(p))];
  m.levels.forEach((l) => line(img, ...pt(l.left), ...pt(l.right), LEVEL));
  for (let k = 1; k < m.curve.length; k++) {
    const [ua, sa] = m.curve[k - 1]!;
    const [ub, sb] = m.curve[k]!;
    line(img, zc(ua), zr(sa), zc(ub), zr(sb), CURVE, 1);
  }
  const ends = (c: SpineMeasurement['main'], color: Rgb3, label: string, y: number) => {
    if (!c) return;
    for (const i of [c.upperLevel, c.lowerLevel]) {
      const l = m.levels[i]!;
      const [xa, ya] = pt(l.left);
      const [xb, yb] = pt(l.right);
      // Extend the end-vertebra line by half its length each way, as drawn on a radiograph.
      const ex = (xb - xa) / 2,
        ey = (yb - ya) / 2;
      line(img, xa - ex, ya - ey, xb + ex, yb + ey, color, 1);
    }
    drawText(
      img,
      `${label} ${c.cobbDeg.toFixed(1)} DEG LEVELS ${c.upperLevel + 1}-${c.lowerLevel + 1}`,
      4,
      y,
      color,
      zoom > 1 ? 2 : 1,
    );
  };
  // Main last, so its lines stay on top where the curves share an end vertebra.
  ends(m.secondary, SECOND, '2ND', zoom > 1 ? 22 : 14);
  ends(m.main, MAIN, 'COBB', 4);
  return img;
}

/** A line of the given half-thickness (pixels), clipped to the raster. */
function line(img: Raster, x0: number, y0: number, x1: number, y1: number, c: Rgb3, half = 0): void {
  const n = Math.max(1, Math.ceil(Math.hypot(x1 - x0, y1 - y0)));
  for (let k = 0; k <= n; k++) {
    const x = Math.round(x0 + ((x1 - x0) * k) / n),
      y = Math.round(y0 + ((y1 - y0) * k) / n);
    for (let dy = -half; dy <= half; dy++)
      for (let dx = -half; dx <= half; dx++) {
        const xx = x + dx,
          yy = y + dy;
        if (xx < 0 || yy < 0 || xx >= img.width || yy >= img.height) continue;
        const o = (yy * img.width + xx) * 3;
        img.data[o] = c[0];
        img.data[o + 1] = c[1];
        img.data[o + 2] = c[2];
      }
  }
}
