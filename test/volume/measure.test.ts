import { describe, expect, it } from 'vitest';
import { measureSpine, VolumeError } from '../../src/volume/index.js';
import { syntheticSpine } from './synthetic-spine.js';

function truthCobb(tilts: number[]): number {
  let t = 0;
  for (let i = 0; i < tilts.length; i++)
    for (let j = i + 1; j < tilts.length; j++) t = Math.max(t, Math.abs(tilts[i]! - tilts[j]!));
  return t;
}

describe('measureSpine on a painted phantom (noisy labels)', () => {
  const shapes: [number, number][][] = [
    [
      [0, 0],
      [4, -15],
      [11, 15],
      [16, 0],
    ],
    [
      [0, 0],
      [3, 10],
      [9, -20],
      [14, 5],
      [16, 0],
    ],
    [
      [0, 0],
      [5, 0],
      [10, 10],
      [16, -5],
    ],
  ];
  it('finds every level of a straight spine and reads almost no curve', () => {
    const { grid } = syntheticSpine({
      knots: [
        [0, 0],
        [16, 0],
      ],
      dropout: 0.3,
      specks: 200,
    });
    const m = measureSpine(grid);
    expect(m.levels.length).toBe(17);
    expect(m.main!.cobbDeg).toBeLessThan(5);
  });
  it('Cobb within 5 degrees on average over curved shapes (the 2-degree goal is not met yet)', () => {
    const errs = shapes.map((knots, k) => {
      const { grid, tilts } = syntheticSpine({ knots, seed: k + 1, dropout: 0.3, specks: 200 });
      const m = measureSpine(grid);
      expect(m.levels.length).toBeGreaterThanOrEqual(15);
      return Math.abs(m.main!.cobbDeg - truthCobb(tilts));
    });
    expect(errs.reduce((a, b) => a + b, 0) / errs.length).toBeLessThan(5);
  });
  it('refuses a volume with no bone', () => {
    const grid = {
      dims: [10, 10, 10] as const,
      spacing: [1, 1, 1] as const,
      origin: [0, 0, 0] as const,
      data: new Uint8Array(1000),
    };
    expect(() => measureSpine(grid)).toThrow(VolumeError);
  });
});
