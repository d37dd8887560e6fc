import { VolumeError } from './errors.js';
import type { HoleFillingElement } from './types.js';

/** PLUS's 13 stick directions (vtkIGSIOFillHolesInVolume::allocateSticks), each searched both ways. */
const STICKS = [
  [1, 0, 0],
  [0, 1, 0],
  [0, 0, 1],
  [1, 1, 0],
  [1, 0, 1],
  [0, 1, 1],
  [1, -1, 0],
  [1, 0, -1],
  [0, 1, -1],
  [1, 1, 1],
  [-1, 1, 1],
  [1, -1, 1],
  [-1, -1, 1],
] as const;

/**
 * vtkIGSIOFillHolesInVolume: every voxel never hit (accumulation 0) gets the first kernel result that
 * succeeds, computed from the un-filled volume only; voxels no kernel can fill stay 0. Returns a new
 * array; inputs are not modified.
 */
export function fillHoles(
  values: Uint8Array,
  acc: Uint16Array,
  dims: readonly [number, number, number],
  kernels: readonly HoleFillingElement[],
): Uint8Array {
  const [nx, ny, nz] = dims;
  const out = values.slice();
  const prepared = kernels.map(prepare);
  const result = { value: 0 };
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++) {
        const v = x + nx * (y + ny * z);
        if (acc[v] !== 0) continue;
        out[v] = 0;
        for (const k of prepared) {
          if (k(values, acc, dims, x, y, z, result)) {
            out[v] = result.value;
            break;
          }
        }
      }
    }
  }
  return out;
}

type Kernel = (
  values: Uint8Array,
  acc: Uint16Array,
  dims: readonly [number, number, number],
  x: number,
  y: number,
  z: number,
  result: { value: number },
) => boolean;

function prepare(e: HoleFillingElement): Kernel {
  if (e.type === 'STICK') {
    if (!(e.stickLengthLimit >= 1 && e.numberOfSticksToUse >= 1)) {
      throw new VolumeError(
        'VOLUME_BAD_PARAMS',
        'STICK needs StickLengthLimit >= 1 and NumberOfSticksToUse >= 1',
      );
    }
    return stickKernel(e.stickLengthLimit, e.numberOfSticksToUse);
  }
  if (!(Number.isInteger(e.size) && e.size >= 1 && e.size % 2 === 1)) {
    throw new VolumeError('VOLUME_BAD_PARAMS', `${e.type} needs an odd Size >= 1, got ${e.size}`);
  }
  if (e.type === 'NEAREST_NEIGHBOR') return nearestKernel(e.size, e.minRatio);
  const stdev = 'stdev' in e ? e.stdev : 0;
  if (e.type !== 'DISTANCE_WEIGHT_INVERSE' && !(stdev > 0)) {
    throw new VolumeError('VOLUME_BAD_PARAMS', `${e.type} needs Stdev > 0`);
  }
  const r = (e.size - 1) / 2;
  const w = new Float64Array(e.size ** 3);
  let n = 0;
  for (let z = -r; z <= r; z++) {
    for (let y = -r; y <= r; y++) {
      for (let x = -r; x <= r; x++) {
        const d2 = x * x + y * y + z * z;
        if (e.type === 'DISTANCE_WEIGHT_INVERSE') w[n++] = d2 === 0 ? 0 : 1 / Math.sqrt(d2);
        else w[n++] = Math.exp(-d2 / (2 * stdev * stdev)) / ((2 * Math.PI) ** 1.5 * stdev ** 3);
      }
    }
  }
  return weightedKernel(e.size, w, e.minRatio, e.type === 'GAUSSIAN_ACCUMULATION');
}

/** Weighted mean of known voxels in a size^3 cube; accepted when known/size^3 > minRatio. */
function weightedKernel(size: number, w: Float64Array, minRatio: number, byAccumulation: boolean): Kernel {
  const r = (size - 1) / 2;
  return (values, acc, [nx, ny, nz], x, y, z, result) => {
    let sum = 0;
    let wsum = 0;
    let known = 0;
    let n = 0;
    for (let dz = -r; dz <= r; dz++) {
      for (let dy = -r; dy <= r; dy++) {
        for (let dx = -r; dx <= r; dx++, n++) {
          const X = x + dx,
            Y = y + dy,
            Z = z + dz;
          if (X < 0 || Y < 0 || Z < 0 || X >= nx || Y >= ny || Z >= nz) continue;
          const v = X + nx * (Y + ny * Z);
          const a = acc[v]!;
          if (a === 0) continue;
          const wt = byAccumulation ? a * w[n]! : w[n]!;
          sum += values[v]! * wt;
          wsum += wt;
          known++;
        }
      }
    }
    if (wsum === 0 || known / size ** 3 <= minRatio) return false;
    result.value = Math.trunc(sum / wsum);
    return true;
  };
}

/** Mean of the known voxels in the smallest cube shell (radius 1..(size-1)/2) that has any. */
function nearestKernel(size: number, minRatio: number): Kernel {
  const maxR = (size - 1) / 2;
  return (values, acc, [nx, ny, nz], x, y, z, result) => {
    let sum = 0;
    let count = 0;
    // PLUS scans the whole cube of each radius (not only its shell) and stops after the first radius with a hit.
    for (let r = 1; r <= maxR && count === 0; r++) {
      for (let Z = z - r; Z <= z + r; Z++) {
        for (let Y = y - r; Y <= y + r; Y++) {
          for (let X = x - r; X <= x + r; X++) {
            if (X < 0 || Y < 0 || Z < 0 || X >= nx || Y >= ny || Z >= nz) continue;
            const v = X + nx * (Y + ny * Z);
            if (acc[v] === 0) continue;
            sum += values[v]!;
            count++;
          }
        }
      }
    }
    if (count === 0 || count / size ** 3 <= minRatio) return false;
    result.value = Math.trunc(sum / count);
    return true;
  };
}

/**
 * Sticks: along each of 13 directions find the nearest known voxel forward (steps 1..limit-1) and
 * backward (steps 1..limit-1-fwd); interpolate between them (PLUS's weights, value truncated to
 * uchar); score 1/(stick length in voxels * |direction|); average the best-scoring stick(s).
 */
function stickKernel(limit: number, sticksToUse: number): Kernel {
  const scores = new Float64Array(STICKS.length);
  const vals = new Float64Array(STICKS.length);
  return (values, acc, [nx, ny, nz], x, y, z, result) => {
    for (let s = 0; s < STICKS.length; s++) {
      const [dx, dy, dz] = STICKS[s]!;
      scores[s] = 0;
      let fwd = 0;
      let fwdVal = 0;
      for (let j = 1; j + 1 <= limit; j++) {
        const X = x + j * dx,
          Y = y + j * dy,
          Z = z + j * dz;
        if (X < 0 || Y < 0 || Z < 0 || X >= nx || Y >= ny || Z >= nz) break;
        const v = X + nx * (Y + ny * Z);
        if (acc[v] !== 0) {
          fwd = j;
          fwdVal = values[v]!;
          break;
        }
      }
      if (fwd === 0) continue;
      let back = 0;
      let backVal = 0;
      for (let j = 1; j + fwd + 1 <= limit; j++) {
        const X = x - j * dx,
          Y = y - j * dy,
          Z = z - j * dz;
        if (X < 0 || Y < 0 || Z < 0 || X >= nx || Y >= ny || Z >= nz) break;
        const v = X + nx * (Y + ny * Z);
        if (acc[v] !== 0) {
          back = j;
          backVal = values[v]!;
          break;
        }
      }
      if (back === 0) continue;
      const total = fwd + back + 1;
      const wFwd = (back + 1) / total;
      scores[s] = 1 / (total * Math.sqrt(dx * dx + dy * dy + dz * dz));
      vals[s] = Math.trunc((1 - wFwd) * backVal + wFwd * fwdVal);
    }
    let used = 0;
    let sum = 0;
    let wsum = 0;
    while (used < sticksToUse) {
      let best = 0;
      for (let s = 0; s < STICKS.length; s++) if (scores[s]! > best) best = scores[s]!;
      if (best === 0) break;
      for (let s = 0; s < STICKS.length; s++) {
        if (scores[s] === best) {
          sum += vals[s]! * best;
          wsum += best;
          used++;
          scores[s] = 0;
        }
      }
    }
    if (wsum === 0) return false;
    result.value = Math.trunc(sum / wsum);
    return true;
  };
}
