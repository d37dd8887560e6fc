import { describe, expect, it } from 'vitest';
import { distanceMap } from '../../src/volume/distance-map.js';
import { chooseTilts, mirrorCandidates, type MirrorCandidate } from '../../src/volume/mirror-fit.js';
import type { VolumeGrid } from '../../src/volume/index.js';

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

/**
 * The object tilted by `tiltDeg` in the coronal (s-u) plane and rotated by `rotDeg` towards +w, voxelised
 * at 1 mm in a world grid whose x, y, z are the frame's u, w, s; plus its bone points in the frame.
 */
function tiltedVertebra(tiltDeg: number, rotDeg: number) {
  const ca = Math.cos(tiltDeg * DEG),
    sa = Math.sin(tiltDeg * DEG),
    cb = Math.cos(rotDeg * DEG),
    sb = Math.sin(rotDeg * DEG);
  // Local axes in frame (s, u, w) coordinates; eu is the normal mirrorCandidates parametrises.
  const es = [ca, sa, 0],
    eu = [-sa * cb, ca * cb, sb],
    ew = [sa * sb, -ca * sb, cb];
  const dims: [number, number, number] = [91, 61, 71];
  const origin: [number, number, number] = [-45, -30, -35];
  const data = new Uint8Array(dims[0] * dims[1] * dims[2]);
  const S: number[] = [],
    U: number[] = [],
    W: number[] = [];
  for (let z = 0; z < dims[2]; z++)
    for (let y = 0; y < dims[1]; y++)
      for (let x = 0; x < dims[0]; x++) {
        const p = [origin[2] + z, origin[0] + x, origin[1] + y]; // (s, u, w)
        const dot = (e: number[]) => e[0]! * p[0]! + e[1]! * p[1]! + e[2]! * p[2]!;
        if (!inVertebra(dot(es), dot(eu), dot(ew))) continue;
        data[x + dims[0] * (y + dims[1] * z)] = 1;
        S.push(p[0]!);
        U.push(p[1]!);
        W.push(p[2]!);
      }
  const grid: VolumeGrid = { dims, spacing: [1, 1, 1], origin, data };
  const pts = {
    S: Float64Array.from(S),
    U: Float64Array.from(U),
    W: Float64Array.from(W),
    axes: [
      [0, 0, 1],
      [1, 0, 0],
      [0, 1, 0],
    ] as const,
  };
  return { grid, pts };
}

describe('mirrorCandidates', () => {
  for (const [tilt, rot] of [
    [8, 0],
    [-13, 15],
    [4, -22],
  ] as const)
    it(`recovers a level's tilt ${tilt} and axial rotation ${rot} from its mirror plane`, () => {
      const { grid, pts } = tiltedVertebra(tilt, rot);
      // Started from a landmark tilt a few degrees off, as the landmark method leaves it.
      const c = mirrorCandidates(pts, distanceMap(grid), { s: 0, u: 0, startDeg: tilt - 5 }, 15);
      expect(c.length).toBeGreaterThan(0);
      expect(Math.abs(c[0]!.tiltDeg - tilt)).toBeLessThan(0.5);
      expect(Math.abs(c[0]!.rotationDeg - rot)).toBeLessThan(2);
      // Voxelisation leaves the reflected bone a fraction of a voxel from bone.
      expect(c[0]!.cost).toBeLessThan(0.3);
      for (let k = 1; k < c.length; k++) expect(c[k]!.cost).toBeGreaterThanOrEqual(c[k - 1]!.cost);
    });

  it('returns no candidate for a level with too little bone', () => {
    const { grid, pts } = tiltedVertebra(0, 0);
    expect(mirrorCandidates(pts, distanceMap(grid), { s: 200, u: 0, startDeg: 0 }, 15)).toEqual([]);
  });
});

describe('chooseTilts', () => {
  const only = (tiltDeg: number, cost = 1): MirrorCandidate => ({ tiltDeg, rotationDeg: 0, cost });

  it('passes over a wrong optimum that is a spike in the tilt sequence, even when its cost is lower', () => {
    const cands = [0, 3, 6, 9, 12, 9, 6].map((t) => [only(t)]);
    cands[3] = [only(25, 0.6), only(9, 1)];
    const pick = chooseTilts(cands, [], 10).map((c) => c.tiltDeg);
    expect(pick).toEqual([0, 3, 6, 9, 12, 9, 6]);
  });

  it('keeps a true end vertebra whose mirror fit is clearly best, sharp as the curve turns there', () => {
    const cands = [0, 5, 10, 15, 10, 5].map((t) => [only(t)]);
    cands[3] = [only(15, 1), only(11, 2)];
    expect(chooseTilts(cands, [], 10)[3]!.tiltDeg).toBe(15);
  });

  it('keeps the fallback tilt for a level without candidates', () => {
    const pick = chooseTilts([[only(1)], [], [only(3)]], [0, 7, 0], 10);
    expect(pick.map((c) => c.tiltDeg)).toEqual([1, 7, 3]);
  });
});
