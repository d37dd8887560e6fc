/**
 * One line for the Cobb angle. Accepts the bridge's summary ({ cobbDeg, upperEnd, lowerEnd }) and
 * src/volume's SpineMeasurement ({ main: { cobbDeg, upperLevel, lowerLevel }, levels }), since the
 * server forwards whatever JSON it is given.
 */
export function describeMeasurement(m: unknown): string {
  if (!isRecord(m)) return 'Cobb angle: no measurement';
  // During the sweep the angle is of the part scanned so far.
  const title = m.live === true ? 'Cobb angle so far' : 'Cobb angle';
  if (typeof m.error === 'string') return `${title}: ${m.error}`;
  const main = isRecord(m.main) ? m.main : m;
  const deg = main.cobbDeg;
  if (typeof deg !== 'number' || !Number.isFinite(deg)) return `${title}: no curve found`;
  const upper = main.upperEnd ?? levelName(main.upperLevel);
  const lower = main.lowerEnd ?? levelName(main.lowerLevel);
  const ends = upper !== undefined && lower !== undefined ? ` (${String(upper)} – ${String(lower)})` : '';
  const count = Array.isArray(m.levels) ? `, ${m.levels.length} levels` : '';
  return `${title} ${deg.toFixed(1)}°${ends}${count}`;
}

/** Status fields as `key value` pairs; fractions rounded so the line does not flicker. */
export function describeStatus(s: Record<string, unknown>): string {
  return Object.entries(s)
    .map(([k, v]) => `${k} ${typeof v === 'number' && !Number.isInteger(v) ? v.toFixed(1) : String(v)}`)
    .join(' · ');
}

function levelName(i: unknown): string | undefined {
  return typeof i === 'number' ? `level ${i + 1}` : undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
