import type { VolumeGrid } from '../../src/volume/index.js';
import type { FramePoints } from '../../src/volume/mirror-fit.js';

const DEG = Math.PI / 180;

/**
 * A vertebra-like object, mirror-symmetric about its own lu = 0 plane and about no other plane near it:
 * laminae, transverse processes (deeper) and a spinous process reaching caudally (-ls) and posteriorly.
 */
function inVertebra(ls: number, lu: number, lw: number): boolean {
  const a = Math.abs(lu);
  const lamina = ((a - 12) / 5) ** 2 + (ls / 6) ** 2 + (lw / 4) ** 2 <= 1;
  const transverse = Math.abs(ls) <= 3 && a >= 18 && a <= 35 && Math.abs(lw - 4) <= 3;
  const spinous = a <= 3 && ls >= -12 && ls <= 0 && lw >= -15 && lw <= -4;
  return lamina || transverse || spinous;
}

/** One synthetic level: centre along the spine (u = w = 0), coronal tilt and axial rotation, degrees. */
export interface SyntheticLevel {
  readonly s: number;
  readonly tiltDeg: number;
  readonly rotDeg: number;
}

/**
 * The levels, each the object tilted by `tiltDeg` in the coronal (s-u) plane and rotated by `rotDeg`
 * towards +w about its centre, voxelised at 1 mm in a world grid whose x, y, z are the frame's u, w, s;
 * plus the bone points in the frame. A voxel belongs to the level whose centre is nearest along s.
 */
export function syntheticSpine(levels: readonly SyntheticLevel[]): { grid: VolumeGrid; pts: FramePoints } {
  const local = levels.map(({ tiltDeg, rotDeg }) => {
    const ca = Math.cos(tiltDeg * DEG),
      sa = Math.sin(tiltDeg * DEG),
      cb = Math.cos(rotDeg * DEG),
      sb = Math.sin(rotDeg * DEG);
    // Local axes in frame (s, u, w) coordinates; eu is the normal mirrorCandidates parametrises.
    return { es: [ca, sa, 0], eu: [-sa * cb, ca * cb, sb], ew: [sa * sb, -ca * sb, cb] };
  });
  const sLo = Math.min(...levels.map((l) => l.s)) - 35,
    sHi = Math.max(...levels.map((l) => l.s)) + 35;
  const dims: [number, number, number] = [91, 61, Math.ceil(sHi - sLo) + 1];
  const origin: [number, number, number] = [-45, -30, sLo];
  const data = new Uint8Array(dims[0] * dims[1] * dims[2]);
  const S: number[] = [],
    U: number[] = [],
    W: number[] = [];
  for (let z = 0; z < dims[2]; z++)
    for (let y = 0; y < dims[1]; y++)
      for (let x = 0; x < dims[0]; x++) {
        const p = [origin[2] + z, origin[0] + x, origin[1] + y]; // (s, u, w)
        const inside = levels.some((l, k) => {
          const q = [p[0]! - l.s, p[1]!, p[2]!];
          const dot = (e: number[]) => e[0]! * q[0]! + e[1]! * q[1]! + e[2]! * q[2]!;
          const { es, eu, ew } = local[k]!;
          return inVertebra(dot(es), dot(eu), dot(ew));
        });
        if (!inside) continue;
        data[x + dims[0] * (y + dims[1] * z)] = 1;
        S.push(p[0]!);
        U.push(p[1]!);
        W.push(p[2]!);
      }
  const grid: VolumeGrid = { dims, spacing: [1, 1, 1], origin, data };
  const axes = [
    [0, 0, 1],
    [1, 0, 0],
    [0, 1, 0],
  ] as const;
  return { grid, pts: { S: Float64Array.from(S), U: Float64Array.from(U), W: Float64Array.from(W), axes } };
}
