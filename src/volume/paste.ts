import type { Compounding } from './types.js';

/** The grid a frame is pasted into: 8-bit values plus PLUS's uint16 accumulation buffer (1/256 units). */
export interface PasteTarget {
  readonly nx: number;
  readonly ny: number;
  readonly nz: number;
  readonly out: Uint8Array;
  readonly acc: Uint16Array;
}

/**
 * Pixel -> continuous voxel index, as 12 numbers: rows of a 3x4 affine (x column, y column,
 * unused z column, translation). Pixel (i, j) lands at (m[0] i + m[1] j + m[3], m[4] i + ..., ...).
 */
export type PixelToVoxel = Float64Array;

const ACC_MULTIPLIER = 256;
const ACC_MAXIMUM = 65535;
const ACC_THRESHOLD = 65279;
const FIXED = 16384;

/** Rounds to PLUS's 14-bit fixed point (fixed.h: value * 2^14, round to nearest). */
export function toFixed14(x: number): number {
  return Math.round(x * FIXED) / FIXED;
}

/**
 * Nearest-neighbour paste (vtkIGSIOPasteSliceIntoVolume, NEAREST_NEIGHBOR): each pixel goes to the
 * voxel round-half-up of its continuous index; pixels outside the grid are skipped. Positions are
 * stepped along the row from the row start (p = rowStart + i * xAxis: no drift, no allocation).
 * Returns the number of pixels inserted.
 */
export function pasteNearest(
  t: PasteTarget,
  pixels: Uint8Array,
  width: number,
  spans: Int32Array,
  m: PixelToVoxel,
  mode: Compounding,
): number {
  const { nx, ny, nz, out, acc } = t;
  const nxy = nx * ny;
  const ax = m[0]!,
    ay = m[4]!,
    az = m[8]!;
  const bx = m[1]!,
    by = m[5]!,
    bz = m[9]!;
  const cx = m[3]! + 0.5,
    cy = m[7]! + 0.5,
    cz = m[11]! + 0.5;
  const height = spans.length >> 2;
  let inserted = 0;
  for (let j = 0; j < height; j++) {
    const rx = cx + j * bx,
      ry = cy + j * by,
      rz = cz + j * bz;
    const rowBase = j * width;
    for (let s = 0; s < 4; s += 2) {
      const i0 = spans[j * 4 + s]!;
      const i1 = spans[j * 4 + s + 1]!;
      for (let i = i0; i <= i1; i++) {
        const x = Math.floor(rx + i * ax);
        const y = Math.floor(ry + i * ay);
        const z = Math.floor(rz + i * az);
        if (x < 0 || y < 0 || z < 0 || x >= nx || y >= ny || z >= nz) continue;
        const v = x + y * nx + z * nxy;
        const p = pixels[rowBase + i]!;
        inserted++;
        if (mode === 'latest') {
          out[v] = p;
          acc[v] = ACC_MULTIPLIER;
        } else if (mode === 'maximum') {
          if (p > out[v]!) out[v] = p;
          acc[v] = ACC_MULTIPLIER;
        } else {
          const a = acc[v]!;
          if (a <= ACC_THRESHOLD) {
            const newa = a + ACC_MULTIPLIER;
            // Integer division then truncation to uchar, as PLUS does for integer scalars.
            out[v] = Math.floor((p * ACC_MULTIPLIER + out[v]! * a) / newa);
            acc[v] = newa;
          } else {
            // Saturated buffer: PLUS switches to a recursive filter with weights 1/256 and 255/256.
            out[v] = Math.floor(p / 256 + (out[v]! * 255) / 256);
          }
        }
      }
    }
  }
  return inserted;
}

/**
 * Linear paste (reverse trilinear splat onto the 8 surrounding voxels, all 8 must be inside; corners
 * with zero weight skipped). LATEST/MAXIMUM write only corners with weight >= 0.125 and set the
 * accumulation to weight * 256; MEAN keeps a running weighted mean. With `fixedWeights` the weights
 * are products rounded to 1/16384 as PLUS's fixed-point type computes them.
 */
export function pasteLinear(
  t: PasteTarget,
  pixels: Uint8Array,
  width: number,
  spans: Int32Array,
  m: PixelToVoxel,
  mode: Compounding,
  fixedWeights: boolean,
): number {
  const { nx, ny, nz, out, acc } = t;
  const nxy = nx * ny;
  const ax = m[0]!,
    ay = m[4]!,
    az = m[8]!;
  const bx = m[1]!,
    by = m[5]!,
    bz = m[9]!;
  const cx = m[3]!,
    cy = m[7]!,
    cz = m[11]!;
  const height = spans.length >> 2;
  const w = new Float64Array(8);
  const idx = new Int32Array(8);
  // Hoisted out of the pixel loop: string compares there cost ~15% of the paste.
  const isMean = mode === 'mean';
  const isLatest = mode === 'latest';
  let inserted = 0;
  for (let j = 0; j < height; j++) {
    const rx0 = cx + j * bx,
      ry0 = cy + j * by,
      rz0 = cz + j * bz;
    const rowBase = j * width;
    for (let s = 0; s < 4; s += 2) {
      const i0 = spans[j * 4 + s]!;
      const i1 = spans[j * 4 + s + 1]!;
      for (let i = i0; i <= i1; i++) {
        const px = rx0 + i * ax,
          py = ry0 + i * ay,
          pz = rz0 + i * az;
        const x0 = Math.floor(px),
          y0 = Math.floor(py),
          z0 = Math.floor(pz);
        const fx = px - x0,
          fy = py - y0,
          fz = pz - z0;
        const x1 = x0 + (fx !== 0 ? 1 : 0),
          y1 = y0 + (fy !== 0 ? 1 : 0),
          z1 = z0 + (fz !== 0 ? 1 : 0);
        if (x0 < 0 || y0 < 0 || z0 < 0 || x1 >= nx || y1 >= ny || z1 >= nz) continue;
        const p = pixels[rowBase + i]!;
        inserted++;
        const gx = 1 - fx,
          gy = 1 - fy,
          gz = 1 - fz;
        let ryrz = gy * gz,
          ryfz = gy * fz,
          fyrz = fy * gz,
          fyfz = fy * fz;
        if (fixedWeights) {
          ryrz = toFixed14(ryrz);
          ryfz = toFixed14(ryfz);
          fyrz = toFixed14(fyrz);
          fyfz = toFixed14(fyfz);
        }
        w[0] = gx * ryrz;
        w[1] = gx * ryfz;
        w[2] = gx * fyrz;
        w[3] = gx * fyfz;
        w[4] = fx * ryrz;
        w[5] = fx * ryfz;
        w[6] = fx * fyrz;
        w[7] = fx * fyfz;
        const b00 = y0 * nx + z0 * nxy,
          b01 = y0 * nx + z1 * nxy,
          b10 = y1 * nx + z0 * nxy,
          b11 = y1 * nx + z1 * nxy;
        idx[0] = x0 + b00;
        idx[1] = x0 + b01;
        idx[2] = x0 + b10;
        idx[3] = x0 + b11;
        idx[4] = x1 + b00;
        idx[5] = x1 + b01;
        idx[6] = x1 + b10;
        idx[7] = x1 + b11;
        // PLUS walks the corners from 7 down to 0; with coincident corners (fraction 0) order matters.
        for (let k = 7; k >= 0; k--) {
          let f = w[k]!;
          if (fixedWeights) f = toFixed14(f);
          if (f === 0) continue;
          const v = idx[k]!;
          let a: number;
          if (isMean) {
            const r = acc[v]! / ACC_MULTIPLIER;
            const sum = f + r;
            let q = (f * p + r * out[v]!) / sum;
            if (fixedWeights) q = toFixed14(q);
            out[v] = Math.floor(q + 0.5);
            a = sum * ACC_MULTIPLIER;
          } else if (f >= 0.125 && (isLatest || p > out[v]!)) {
            out[v] = p;
            a = f * ACC_MULTIPLIER;
          } else continue; // untouched corner: its accumulation stays as it is
          acc[v] = a >= ACC_MAXIMUM ? ACC_MAXIMUM : Math.floor(a + 0.5);
        }
      }
    }
  }
  return inserted;
}

/**
 * Label paste: nearest neighbour, compounded by maximum, so a voxel is bone if any frame that
 * reached it saw bone there. The same mapping as the intensity grid, so both stay aligned.
 */
export function pasteLabels(
  labels: Uint8Array,
  dims: readonly [number, number, number],
  pixels: Uint8Array,
  width: number,
  spans: Int32Array,
  m: PixelToVoxel,
): void {
  const [nx, ny, nz] = dims;
  const nxy = nx * ny;
  const ax = m[0]!,
    ay = m[4]!,
    az = m[8]!;
  const bx = m[1]!,
    by = m[5]!,
    bz = m[9]!;
  const cx = m[3]! + 0.5,
    cy = m[7]! + 0.5,
    cz = m[11]! + 0.5;
  const height = spans.length >> 2;
  for (let j = 0; j < height; j++) {
    const rx = cx + j * bx,
      ry = cy + j * by,
      rz = cz + j * bz;
    const rowBase = j * width;
    for (let s = 0; s < 4; s += 2) {
      const i1 = spans[j * 4 + s + 1]!;
      for (let i = spans[j * 4 + s]!; i <= i1; i++) {
        const p = pixels[rowBase + i]!;
        if (p === 0) continue;
        const x = Math.floor(rx + i * ax);
        const y = Math.floor(ry + i * ay);
        const z = Math.floor(rz + i * az);
        if (x < 0 || y < 0 || z < 0 || x >= nx || y >= ny || z >= nz) continue;
        const v = x + y * nx + z * nxy;
        if (p > labels[v]!) labels[v] = p;
      }
    }
  }
}
