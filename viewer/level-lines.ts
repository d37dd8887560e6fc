/** A measured level as the bridge sends it: its landmarks in the Reference frame (mm). */
export interface LevelLine {
  readonly left: readonly number[];
  readonly right: readonly number[];
}

/** A curve's end levels (indices into the levels, cranial first). */
export interface CurveEnds {
  readonly upperLevel: number;
  readonly lowerLevel: number;
}

/** Line segments to draw, xyz pairs, grouped by what they show. */
export interface LevelSegments {
  readonly levels: Float32Array;
  readonly main: Float32Array;
  readonly secondary: Float32Array;
}

/**
 * The measured levels as segments for the 3D view: every level's landmark line, and the end-vertebra
 * lines of the main and secondary curves extended by half their length each way, as on a radiograph
 * and in coronal.png. Everything is moved onto the coronal plane `frontY` (RAS y, mm), just posterior of
 * the bone, so the lines are drawn over it when seen from behind instead of hidden inside it.
 */
export function levelSegments(
  levels: readonly LevelLine[],
  main: CurveEnds | undefined,
  secondary: CurveEnds | undefined,
  frontY: number,
): LevelSegments {
  const seg = (l: LevelLine, extend: number) => {
    const [ax, , az] = l.left as [number, number, number];
    const [bx, , bz] = l.right as [number, number, number];
    const ex = (bx - ax) * extend,
      ez = (bz - az) * extend;
    return [ax - ex, frontY, az - ez, bx + ex, frontY, bz + ez];
  };
  const ends = (c: CurveEnds | undefined) =>
    new Float32Array(
      c === undefined
        ? []
        : [c.upperLevel, c.lowerLevel].flatMap((i) => (levels[i] ? seg(levels[i], 0.5) : [])),
    );
  return {
    levels: new Float32Array(levels.flatMap((l) => seg(l, 0))),
    main: ends(main),
    secondary: ends(secondary),
  };
}

/** The levels of a measurement message, when it carries their landmarks. */
export function levelsOf(m: unknown): { levels: LevelLine[]; main?: CurveEnds; secondary?: CurveEnds } {
  const rec = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
  if (!rec(m) || !Array.isArray(m.levels)) return { levels: [] };
  const point = (p: unknown) => Array.isArray(p) && p.length === 3 && p.every((x) => typeof x === 'number');
  const levels = m.levels.filter((l): l is LevelLine => rec(l) && point(l.left) && point(l.right));
  const ends = (c: unknown): CurveEnds | undefined =>
    rec(c) && typeof c.upperLevel === 'number' && typeof c.lowerLevel === 'number'
      ? { upperLevel: c.upperLevel, lowerLevel: c.lowerLevel }
      : undefined;
  const main = ends(m.main),
    secondary = ends(m.secondary);
  return { levels, ...(main ? { main } : {}), ...(secondary ? { secondary } : {}) };
}
