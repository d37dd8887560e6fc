import { describe, expect, it } from 'vitest';
import { distanceMap } from '../../src/volume/distance-map.js';
import { chooseTilts, mirrorCandidates, type MirrorCandidate } from '../../src/volume/mirror-fit.js';
import { syntheticSpine } from './synthetic-vertebrae.js';

const tiltedVertebra = (tiltDeg: number, rotDeg: number) => syntheticSpine([{ s: 0, tiltDeg, rotDeg }]);

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
