/** Vertebral levels, cranial to caudal, and the per-level sizes of the phantom (mm, for a 165 cm person). */
// prettier-ignore
export const LEVEL_NAMES = [
  'T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'T8', 'T9', 'T10', 'T11', 'T12',
  'L1', 'L2', 'L3', 'L4', 'L5',
] as const;

export type LevelName = (typeof LEVEL_NAMES)[number];

/** Index in LEVEL_NAMES (0 = T1) of a level name, or -1. */
export function levelIndex(name: string): number {
  return (LEVEL_NAMES as readonly string[]).indexOf(name.toUpperCase());
}

/** Centre-to-centre distance from this level to the one above it (body height + disc), unscaled. */
const SPACING = [19, 19, 20, 20, 21, 22, 23, 24, 25, 26, 27, 28, 33, 34, 35, 36, 36];

export interface LevelSize {
  readonly spacing: number;
  /** Body ellipsoid radii: right, anterior, up. */
  readonly body: readonly [number, number, number];
  /** Spinal canal depth behind the body (body back to lamina front). */
  readonly canal: number;
  readonly spinousLength: number;
  /** Downward slope of the spinous process below horizontal, degrees. */
  readonly spinousSlopeDeg: number;
  readonly spinousRadius: number;
  readonly transverseLength: number;
  /** How far the transverse process tip lies behind its root (thoracic processes point backwards). */
  readonly transverseBack: number;
  readonly lumbar: boolean;
}

/** Sizes for level index i (0 = T1 … 16 = L5), interpolated along the thoracic levels. */
export function levelSize(i: number): LevelSize {
  const lumbar = i >= 12;
  const f = lumbar ? 1 : i / 11; // 0 at T1, 1 at T12
  const lerp = (a: number, b: number) => a + (b - a) * f;
  return lumbar
    ? {
        spacing: SPACING[i]!,
        body: [22 + (i - 12), 16, 12.5],
        canal: 16,
        spinousLength: 26,
        spinousSlopeDeg: 12,
        spinousRadius: 4.5,
        transverseLength: i === 16 ? 24 : 30,
        transverseBack: -3,
        lumbar,
      }
    : {
        spacing: SPACING[i]!,
        body: [lerp(13, 19), lerp(10, 14), lerp(7, 10.5)],
        canal: lerp(13, 15),
        spinousLength: lerp(34, 30),
        spinousSlopeDeg: i >= 5 && i <= 9 ? 55 : lerp(35, 25) + (i < 5 ? 10 : 0),
        spinousRadius: 3,
        transverseLength: lerp(26, 18),
        transverseBack: lerp(10, 6),
        lumbar,
      };
}
