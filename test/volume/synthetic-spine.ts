// A small stand-in spine phantom painted directly as a bone label volume (1 mm voxels): per level a
// lamina bar, two transverse processes and a spinous process behind a vertebral centre that follows a
// coronal curve with known end-vertebra tilts. Used where the full simulator (src/sim) is not needed.
import type { VolumeGrid } from '../../src/volume/index.js';

export interface SyntheticSpec {
  /** Coronal tilt (deg, lean of the up axis towards +x) at knots given by level index (0 = top). */
  readonly knots: readonly (readonly [number, number])[];
  readonly levels?: number;
  readonly spacingMm?: number;
  /** Axial rotation per degree of tilt change from the mean (deg/deg). */
  readonly rotation?: number;
  /** Fraction of bone voxels dropped at random, and number of random false-positive specks. */
  readonly dropout?: number;
  readonly specks?: number;
  readonly seed?: number;
}

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

export function tiltAt(knots: readonly (readonly [number, number])[], i: number): number {
  if (i <= knots[0]![0]) return knots[0]![1];
  for (let k = 1; k < knots.length; k++) {
    const [a, ta] = knots[k - 1]!,
      [b, tb] = knots[k]!;
    if (i <= b) return ta + ((tb - ta) * (i - a)) / (b - a);
  }
  return knots[knots.length - 1]![1];
}

export function syntheticSpine(spec: SyntheticSpec): { grid: VolumeGrid; tilts: number[] } {
  const L = spec.levels ?? 17;
  const h = spec.spacingMm ?? 24;
  const rand = rng(spec.seed ?? 1);
  const tilts = Array.from({ length: L }, (_, i) => tiltAt(spec.knots, i));
  // Centres from the bottom level up: dP/ds = (sin, cos) of the tilt, integrated finely.
  const centres: [number, number][] = new Array(L);
  let x = 0,
    z = 0;
  for (let i = L - 1; i >= 0; i--) {
    centres[i] = [x, z];
    const steps = 16;
    for (let k = 0; k < steps; k++) {
      const t = (tiltAt(spec.knots, i - (k + 0.5) / steps) * Math.PI) / 180;
      x += (h * Math.sin(t)) / steps;
      z += (h * Math.cos(t)) / steps;
    }
  }
  const xs = centres.map((c) => c[0]);
  const ox = Math.floor(Math.min(...xs) - 45),
    oz = -25,
    oy = -60;
  const dims: [number, number, number] = [Math.ceil(Math.max(...xs) - ox + 45), 70, Math.ceil(z + 25 - oz)];
  const data = new Uint8Array(dims[0] * dims[1] * dims[2]);
  const meanTilt = tilts.reduce((a, b) => a + b, 0) / L;
  const paint = (a: number[], b: number[], r: number) => {
    const lo = [0, 1, 2].map((k) => Math.floor(Math.min(a[k]!, b[k]!) - r));
    const hi = [0, 1, 2].map((k) => Math.ceil(Math.max(a[k]!, b[k]!) + r));
    const ab = [0, 1, 2].map((k) => b[k]! - a[k]!);
    const len2 = ab.reduce((s, v) => s + v * v, 0);
    for (let Z = lo[2]!; Z <= hi[2]!; Z++)
      for (let Y = lo[1]!; Y <= hi[1]!; Y++)
        for (let X = lo[0]!; X <= hi[0]!; X++) {
          const p = [X - a[0]!, Y - a[1]!, Z - a[2]!];
          const t = Math.max(0, Math.min(1, (p[0]! * ab[0]! + p[1]! * ab[1]! + p[2]! * ab[2]!) / len2));
          const d2 = (p[0]! - t * ab[0]!) ** 2 + (p[1]! - t * ab[1]!) ** 2 + (p[2]! - t * ab[2]!) ** 2;
          const gx = X - ox,
            gy = Y - oy,
            gz = Z - oz;
          if (d2 > r * r || gx < 0 || gy < 0 || gz < 0 || gx >= dims[0] || gy >= dims[1] || gz >= dims[2])
            continue;
          data[gx + dims[0] * (gy + dims[1] * gz)] = 1;
        }
  };
  for (let i = 0; i < L; i++) {
    const t = (tilts[i]! * Math.PI) / 180;
    const psi = ((spec.rotation ?? 0.3) * (tilts[i]! - meanTilt) * Math.PI) / 180;
    const up = [Math.sin(t), 0, Math.cos(t)];
    const r0 = [Math.cos(t), 0, -Math.sin(t)];
    const right = [Math.cos(psi) * r0[0]!, Math.sin(psi), Math.cos(psi) * r0[2]!];
    const ant = [-Math.sin(psi) * r0[0]!, Math.cos(psi), -Math.sin(psi) * r0[2]!];
    const c = [centres[i]![0], 0, centres[i]![1]];
    const at = (k: number[], f: number[]) =>
      c.map((v, j) => v + k.reduce((s, kk, m) => s + kk * [right, ant, up][m]![j]!, 0) + (f[j] ?? 0));
    paint(at([-9, -22, 0], []), at([9, -22, 0], []), 3); // lamina
    paint(at([-9, -20, 0], []), at([-28, -16, 0], []), 3); // left transverse process
    paint(at([9, -20, 0], []), at([28, -16, 0], []), 3); // right transverse process
    paint(at([0, -24, 0], []), at([0, -40, -10], []), 2.5); // spinous process
  }
  const drop = spec.dropout ?? 0;
  for (let i = 0; i < data.length; i++) if (data[i] && rand() < drop) data[i] = 0;
  for (let k = 0; k < (spec.specks ?? 0); k++) {
    const v = Math.floor(rand() * data.length);
    for (let d = 0; d < 8; d++) if (v + d < data.length) data[v + d] = 1;
  }
  return { grid: { dims, spacing: [1, 1, 1], origin: [ox, oy, oz], data }, tilts };
}
