import { describe, expect, it } from 'vitest';
import { describeMeasurement, describeStatus } from '../../viewer/measurement-text.js';

describe('viewer text', () => {
  it('describes the bridge summary and a SpineMeasurement alike', () => {
    expect(describeMeasurement({ cobbDeg: 23.44, upperEnd: 'T5', lowerEnd: 'T11' })).toBe(
      'Cobb angle 23.4° (T5 – T11)',
    );
    const spine = { main: { cobbDeg: 12, upperLevel: 2, lowerLevel: 7 }, levels: new Array(12).fill({}) };
    expect(describeMeasurement(spine)).toBe('Cobb angle 12.0° (level 3 – level 8), 12 levels');
    expect(describeMeasurement({ main: undefined, levels: [] })).toBe('Cobb angle: no curve found');
    expect(describeMeasurement(null)).toBe('Cobb angle: no measurement');
    expect(describeMeasurement({ live: true, ...spine })).toBe(
      'Cobb angle so far 12.0° (level 3 – level 8), 12 levels',
    );
    expect(describeMeasurement({ live: true, error: 'found 2 vertebral levels: too few to measure' })).toBe(
      'Cobb angle so far: found 2 vertebral levels: too few to measure',
    );
    expect(describeMeasurement({ error: 'no reconstruction' })).toBe('Cobb angle: no reconstruction');
  });

  it('rounds fractional status figures', () => {
    expect(describeStatus({ frames: 12, latencyMs: 33.333 })).toBe('frames 12 · latencyMs 33.3');
  });
});
