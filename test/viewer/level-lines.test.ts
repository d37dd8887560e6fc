import { describe, expect, it } from 'vitest';
import { levelSegments, levelsOf } from '../../viewer/level-lines.js';

const levels = [
  { left: [-20, 5, 100], right: [20, 7, 90] },
  { left: [-20, 5, 60], right: [20, 6, 60] },
  { left: [-22, 4, 20], right: [18, 9, 30] },
];

describe('level lines for the 3D view', () => {
  it('puts every level on the plane in front of the bone and extends the end vertebrae by half', () => {
    const s = levelSegments(levels, { upperLevel: 0, lowerLevel: 2 }, undefined, -3);
    expect([...s.levels]).toEqual([
      -20, -3, 100, 20, -3, 90, -20, -3, 60, 20, -3, 60, -22, -3, 20, 18, -3, 30,
    ]);
    // Level 0 spans 40 mm across and -10 mm up: half of that added at each end.
    expect([...s.main]).toEqual([-40, -3, 105, 40, -3, 85, -42, -3, 15, 38, -3, 35]);
    expect(s.secondary.length).toBe(0);
  });

  it('reads the levels and curve ends of a measurement message, ignoring what it cannot use', () => {
    const m = { main: { cobbDeg: 30, upperLevel: 0, lowerLevel: 2 }, levels: [...levels, { tiltDeg: 3 }] };
    expect(levelsOf(m)).toEqual({ levels, main: { upperLevel: 0, lowerLevel: 2 } });
    expect(levelsOf({ error: 'too few levels' })).toEqual({ levels: [] });
    expect(levelsOf(null)).toEqual({ levels: [] });
  });
});
