import { describe, expect, it } from 'vitest';
import {
  buildPhantom,
  measureCobb,
  randomPatient,
  type CobbCurve,
  type CurveSpec,
} from '../../src/sim/index.js';

function findCurve(curves: readonly CobbCurve[], c: CurveSpec) {
  return curves.find((m) => m.upperEnd === c.upperEnd && m.lowerEnd === c.lowerEnd);
}

describe('phantom truth', () => {
  const cases: { name: string; curves: CurveSpec[] }[] = [
    { name: 'right thoracic 30', curves: [{ upperEnd: 'T5', lowerEnd: 'T12', cobbDeg: 30 }] },
    {
      name: 'left lumbar 22.5',
      curves: [{ upperEnd: 'T12', lowerEnd: 'L4', cobbDeg: 22.5, convexity: 'left' }],
    },
    { name: 'thoracolumbar to L5', curves: [{ upperEnd: 'T10', lowerEnd: 'L5', cobbDeg: 41 }] },
    {
      name: 'double major',
      curves: [
        { upperEnd: 'T5', lowerEnd: 'T11', cobbDeg: 48 },
        { upperEnd: 'T11', lowerEnd: 'L4', cobbDeg: 33, convexity: 'left' },
      ],
    },
    {
      name: 'two separate curves',
      curves: [
        { upperEnd: 'T2', lowerEnd: 'T6', cobbDeg: 15 },
        { upperEnd: 'T9', lowerEnd: 'L3', cobbDeg: 27 },
      ],
    },
  ];
  for (const c of cases) {
    it(`measures the requested Cobb angles: ${c.name}`, () => {
      const p = buildPhantom({ curves: c.curves });
      for (const want of c.curves) {
        const got = findCurve(p.cobb, want);
        expect(got, JSON.stringify(p.cobb)).toBeDefined();
        expect(Math.abs(got!.cobbDeg - want.cobbDeg)).toBeLessThan(0.5);
        expect(got!.convexity).toBe(want.convexity ?? 'right');
      }
      // Cross-check the tilts with the geometry itself: the coronal angle between the end vertebrae's
      // up axes, projected onto the x-z plane, computed from the axes rather than the stored tilts.
      for (const want of c.curves) {
        const up = (name: string) => p.levels.find((l) => l.name === name)!.axes[2];
        const a = up(want.upperEnd);
        const b = up(want.lowerEnd);
        const ang = Math.abs(Math.atan2(a[0], a[2]) - Math.atan2(b[0], b[2])) * (180 / Math.PI);
        expect(Math.abs(ang - want.cobbDeg)).toBeLessThan(0.5);
      }
    });
  }

  it('is straight without curves, and the curve is lateral (x), not sagittal', () => {
    const straight = buildPhantom({ curves: [] });
    expect(straight.cobb).toEqual([]);
    expect(Math.max(...straight.levels.map((l) => Math.abs(l.center[0])))).toBeLessThan(1e-9);
    const curved = buildPhantom({ curves: [{ upperEnd: 'T5', lowerEnd: 'T12', cobbDeg: 40 }] });
    const apex = curved.levels.find((l) => l.name === 'T8')!;
    expect(apex.center[0]).toBeGreaterThan(10); // right-convex: apex towards +x
    expect(apex.axialRotationDeg).toBeGreaterThan(5); // body rotates into the convexity
    // The sagittal profile does not depend on the lateral curve.
    for (let i = 0; i < 17; i++) {
      expect(curved.levels[i]!.sagittalTiltDeg).toBeCloseTo(straight.levels[i]!.sagittalTiltDeg, 6);
    }
  });

  it('has kyphosis and lordosis as asked', () => {
    const p = buildPhantom({ kyphosisDeg: 38, lordosisDeg: 47, curves: [] });
    const tilt = (n: string) => p.levels.find((l) => l.name === n)!.sagittalTiltDeg;
    expect(tilt('T1') - tilt('T12')).toBeCloseTo(38, 6);
    expect(tilt('L5') - tilt('L1')).toBeCloseTo(47, 6);
    // Lordosis: mid-lumbar bodies lie anterior (+y) of the line from L1 to L5.
    const y = (n: string) => p.levels.find((l) => l.name === n)!.center[1];
    expect(y('L3')).toBeGreaterThan((y('L1') + y('L5')) / 2);
    // Kyphosis: mid-thoracic bodies lie posterior.
    expect(y('T7')).toBeLessThan((y('T1') + y('T12')) / 2);
  });

  it('puts skin behind every spinous tip by the soft tissue thickness', () => {
    const p = buildPhantom({ softTissueMm: [10, 25] });
    for (const l of p.levels) {
      const gap = l.spinousTip[1] - p.skin.y(l.spinousTip[0], l.spinousTip[2]);
      expect(gap).toBeGreaterThan(4);
      expect(gap).toBeLessThan(35);
    }
  });

  it('random patients reproduce their requested curves', () => {
    for (let seed = 0; seed < 30; seed++) {
      const params = randomPatient(seed);
      expect(randomPatient(seed)).toEqual(params);
      const p = buildPhantom(params);
      for (const want of params.curves ?? []) {
        expect(Math.abs(findCurve(p.cobb, want)!.cobbDeg - want.cobbDeg)).toBeLessThan(0.5);
      }
    }
  });

  it('rejects bad curves with typed errors', () => {
    expect(() => buildPhantom({ curves: [{ upperEnd: 'T12', lowerEnd: 'T5', cobbDeg: 20 }] })).toThrowError(
      expect.objectContaining({ code: 'SIM_BAD_CURVE' }),
    );
    expect(() => buildPhantom({ curves: [{ upperEnd: 'C3', lowerEnd: 'T5', cobbDeg: 20 }] })).toThrowError(
      expect.objectContaining({ code: 'SIM_BAD_LEVEL' }),
    );
    expect(() =>
      buildPhantom({
        curves: [
          { upperEnd: 'T5', lowerEnd: 'T12', cobbDeg: 20 },
          { upperEnd: 'T10', lowerEnd: 'L3', cobbDeg: 20 },
        ],
      }),
    ).toThrowError(expect.objectContaining({ code: 'SIM_BAD_CURVE' }));
  });
});

describe('measureCobb', () => {
  it('finds the end vertebrae as the most tilted ones', () => {
    const tilts = [0, -3, -10, -12, -5, 4, 15, 18, 9, 0];
    const names = 'ABCDEFGHIJ'.split('');
    const curves = measureCobb(tilts, names);
    const main = curves.find((c) => c.upperEnd === 'D' && c.lowerEnd === 'H');
    expect(main?.cobbDeg).toBe(30);
    expect(main?.convexity).toBe('right');
  });
});
