import { describe, expect, it } from 'vitest';
import { distanceMap } from '../../src/volume/distance-map.js';
import { fieldAt, tiltField } from '../../src/volume/tilt-field.js';
import { syntheticSpine } from './synthetic-vertebrae.js';

describe('tiltField', () => {
  // A short, steep curve: the tilt swings 45 degrees over four levels, 25 mm apart, with axial rotation.
  const levels = [0, 14, 30, 38, 22, 4, -7].map((tiltDeg, k) => ({
    s: 25 * k,
    tiltDeg,
    rotDeg: tiltDeg / 3,
  }));
  const { grid, pts } = syntheticSpine(levels);
  const field = tiltField(pts, distanceMap(grid), { s: 0, tiltDeg: 0, rotationDeg: 0 }, -10, 160, () => 0);

  it('follows the tilt from one fitted level through a steep curve, level by level', () => {
    for (const l of levels) expect(Math.abs(fieldAt(field, l.s)!.tiltDeg - l.tiltDeg)).toBeLessThan(2.5);
  });

  it('samples both directions from the seed, in order along the spine', () => {
    const s = field.map((f) => f.s);
    expect(s[0]).toBeLessThan(0);
    expect(s[s.length - 1]).toBeGreaterThan(150);
    expect(s.every((x, k) => k === 0 || x > s[k - 1]!)).toBe(true);
  });

  it('finds nothing to sample beyond the bone', () => {
    expect(
      tiltField(pts, distanceMap(grid), { s: 400, tiltDeg: 0, rotationDeg: 0 }, 390, 420, () => 0),
    ).toEqual([]);
  });

  it('leaves a wrong plane it locked onto for the cheaper one near the midline', () => {
    // Tilts 0..30 degrees; the track starts 60 degrees off, as one does that locked onto a plane
    // mirroring a process onto its neighbour's. The midline's lean under-reads the tilt (0.6x here).
    const ramp = [0, 5, 10, 15, 20, 25, 30].map((tiltDeg, k) => ({ s: 25 * k, tiltDeg, rotDeg: 0 }));
    const spine = syntheticSpine(ramp);
    const dm = distanceMap(spine.grid);
    const seed = { s: 0, tiltDeg: -60, rotationDeg: 0 };
    const locked = tiltField(spine.pts, dm, seed, -10, 160, () => 0);
    const freed = tiltField(
      spine.pts,
      dm,
      seed,
      -10,
      160,
      () => 0,
      (s) => 0.6 * (s / 5),
    );
    const off = (f: typeof locked) =>
      Math.max(...ramp.map((l) => Math.abs(fieldAt(f, l.s)!.tiltDeg - l.tiltDeg)));
    expect(off(locked)).toBeGreaterThan(20);
    expect(off(freed)).toBeLessThan(2.5);
  });
});
