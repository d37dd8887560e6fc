import { LEVEL_NAMES } from './levels.js';

/** One measured curve: the two end vertebrae (most tilted, cranial one first) and the angle between them. */
export interface CobbCurve {
  readonly upperEnd: string;
  readonly lowerEnd: string;
  /** Apex: the level between the ends farthest from the line joining them (by tilt, the zero crossing). */
  readonly apex: string;
  /** Unsigned Cobb angle, degrees. */
  readonly cobbDeg: number;
  /** 'right' = convex towards +x (patient right). */
  readonly convexity: 'right' | 'left';
}

/**
 * Cobb angles from per-level coronal endplate tilts (degrees, cranial to caudal, T1 first), the way a
 * reader measures a frontal radiograph: each curve runs between consecutive turning points of the
 * tilt sequence, its end vertebrae are the most tilted ones, and its angle is their tilt difference.
 * Curves smaller than `minDeg` are dropped.
 */
export function measureCobb(
  tiltsDeg: readonly number[],
  names: readonly string[] = LEVEL_NAMES,
  minDeg = 5,
): CobbCurve[] {
  const n = tiltsDeg.length;
  if (n < 3) return [];
  const turning: number[] = [0];
  for (let i = 1; i < n - 1; i++) {
    const prev = tiltsDeg[i]! - tiltsDeg[turning[turning.length - 1]!]!;
    const next = tiltsDeg[i + 1]! - tiltsDeg[i]!;
    // A turning point: the run of tilts changes direction here (plateaus stay with the run).
    if (prev !== 0 && next !== 0 && Math.sign(prev) !== Math.sign(next)) turning.push(i);
  }
  turning.push(n - 1);
  const curves: CobbCurve[] = [];
  for (let k = 0; k + 1 < turning.length; k++) {
    const i = turning[k]!;
    const j = turning[k + 1]!;
    const diff = tiltsDeg[i]! - tiltsDeg[j]!;
    if (Math.abs(diff) < minDeg) continue;
    let apex = i;
    for (let m = i; m <= j; m++)
      if (
        Math.abs(tiltsDeg[m]! - (tiltsDeg[i]! + tiltsDeg[j]!) / 2) <
        Math.abs(tiltsDeg[apex]! - (tiltsDeg[i]! + tiltsDeg[j]!) / 2)
      )
        apex = m;
    curves.push({
      upperEnd: names[i] ?? String(i),
      lowerEnd: names[j] ?? String(j),
      apex: names[apex] ?? String(apex),
      cobbDeg: Math.abs(diff),
      // Tilt = lean of the up axis towards +x. Going down a right-convex curve the tilt grows: upper end
      // leans left (negative), lower end leans right (positive).
      convexity: diff < 0 ? 'right' : 'left',
    });
  }
  return curves;
}
