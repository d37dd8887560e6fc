/**
 * Angle profiles along the spine: values pinned at integer level positions ("knots") and joined by
 * half-cosine ramps. Each ramp is monotone, so the extreme values of the profile sampled at the levels
 * are exactly the knot values: that is what makes the phantom's Cobb angle equal the one asked for.
 */
export interface Knot {
  /** Level position: 0 = L5 (caudal) … 16 = T1 (cranial). */
  readonly u: number;
  readonly value: number;
}

export function evalProfile(knots: readonly Knot[], u: number): number {
  if (knots.length === 0) return 0;
  const first = knots[0]!;
  if (u <= first.u) return first.value;
  for (let k = 1; k < knots.length; k++) {
    const b = knots[k]!;
    if (u <= b.u) {
      const a = knots[k - 1]!;
      const t = (u - a.u) / (b.u - a.u);
      return a.value + (b.value - a.value) * (1 - Math.cos(Math.PI * t)) * 0.5;
    }
  }
  return knots[knots.length - 1]!.value;
}

/** A smooth bump: 1 at `apex`, falling to 0 at distance `half` (cosine), 0 beyond. */
export function bump(u: number, apex: number, half: number): number {
  const d = Math.abs(u - apex) / half;
  return d >= 1 ? 0 : 0.5 * (1 + Math.cos(Math.PI * d));
}
