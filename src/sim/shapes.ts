/**
 * Analytic bone primitives (capsules and ellipsoids) in the Reference frame, with ray intersection.
 * Flat objects, no classes: the B-mode renderer calls `intersect` ~10k times per frame.
 */

export type Vec3 = readonly [number, number, number];

/** Which anatomical part a primitive belongs to (reported with each ray hit, and in truth.json). */
export type BonePart = 'body' | 'pedicle' | 'lamina' | 'spinous' | 'transverse' | 'articular' | 'rib';

export interface Capsule {
  readonly kind: 'capsule';
  readonly part: BonePart;
  readonly level: number;
  readonly a: Vec3;
  readonly b: Vec3;
  readonly radius: number;
  /** Bounding sphere, for culling against the image plane. */
  readonly center: Vec3;
  readonly bound: number;
}

export interface Ellipsoid {
  readonly kind: 'ellipsoid';
  readonly part: BonePart;
  readonly level: number;
  readonly center: Vec3;
  /** Unit axes (right, anterior, up of the vertebra) and the radius along each. */
  readonly axes: readonly [Vec3, Vec3, Vec3];
  readonly radii: Vec3;
  readonly bound: number;
}

export type Primitive = Capsule | Ellipsoid;

export function capsule(part: BonePart, level: number, a: Vec3, b: Vec3, radius: number): Capsule {
  const center: Vec3 = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2, (a[2] + b[2]) / 2];
  const half = Math.hypot(b[0] - a[0], b[1] - a[1], b[2] - a[2]) / 2;
  return { kind: 'capsule', part, level, a, b, radius, center, bound: half + radius };
}

export function ellipsoid(
  part: BonePart,
  level: number,
  center: Vec3,
  axes: readonly [Vec3, Vec3, Vec3],
  radii: Vec3,
): Ellipsoid {
  return { kind: 'ellipsoid', part, level, center, axes, radii, bound: Math.max(...radii) };
}

/** Result slot reused by `intersect` (t = distance along the unit ray; normal is unit, outward). */
export interface Hit {
  t: number;
  nx: number;
  ny: number;
  nz: number;
  prim: Primitive | undefined;
}

export function emptyHit(): Hit {
  return { t: Infinity, nx: 0, ny: 0, nz: 0, prim: undefined };
}

/**
 * Nearest entry of the ray o + t·d (d unit, t > 0) into `p`, if nearer than hit.t: updates `hit`.
 * Capsule after Inigo Quilez's closed form; ellipsoid by scaling to the unit sphere.
 */
export function intersect(
  p: Primitive,
  ox: number,
  oy: number,
  oz: number,
  dx: number,
  dy: number,
  dz: number,
  hit: Hit,
): void {
  if (p.kind === 'capsule') {
    const [ax, ay, az] = p.a;
    const bax = p.b[0] - ax;
    const bay = p.b[1] - ay;
    const baz = p.b[2] - az;
    const oax = ox - ax;
    const oay = oy - ay;
    const oaz = oz - az;
    const baba = bax * bax + bay * bay + baz * baz;
    const bard = bax * dx + bay * dy + baz * dz;
    const baoa = bax * oax + bay * oay + baz * oaz;
    const rdoa = dx * oax + dy * oay + dz * oaz;
    const oaoa = oax * oax + oay * oay + oaz * oaz;
    const r2 = p.radius * p.radius;
    const qa = baba - bard * bard;
    const qb = baba * rdoa - baoa * bard;
    const qc = baba * oaoa - baoa * baoa - r2 * baba;
    const h = qb * qb - qa * qc;
    if (h < 0 || qa <= 1e-12) {
      if (qa > 1e-12) return;
    } else {
      const t = (-qb - Math.sqrt(h)) / qa;
      const y = baoa + t * bard;
      if (y > 0 && y < baba) {
        if (t > 0 && t < hit.t) {
          const s = y / baba;
          const nx = ox + t * dx - ax - s * bax;
          const ny = oy + t * dy - ay - s * bay;
          const nz = oz + t * dz - az - s * baz;
          setHit(hit, t, nx, ny, nz, p);
        }
        return;
      }
    }
    // End caps: the sphere at whichever end the infinite-cylinder hit fell beyond (or both, when parallel).
    for (const c of [p.a, p.b]) {
      const ocx = ox - c[0];
      const ocy = oy - c[1];
      const ocz = oz - c[2];
      const b = dx * ocx + dy * ocy + dz * ocz;
      const cc = ocx * ocx + ocy * ocy + ocz * ocz - r2;
      const hh = b * b - cc;
      if (hh <= 0) continue;
      const t = -b - Math.sqrt(hh);
      if (t > 0 && t < hit.t) setHit(hit, t, ocx + t * dx, ocy + t * dy, ocz + t * dz, p);
    }
    return;
  }
  const [cx, cy, cz] = p.center;
  const [u, v, w] = p.axes;
  const [ru, rv, rw] = p.radii;
  const rx = ox - cx;
  const ry = oy - cy;
  const rz = oz - cz;
  const o0 = (rx * u[0] + ry * u[1] + rz * u[2]) / ru;
  const o1 = (rx * v[0] + ry * v[1] + rz * v[2]) / rv;
  const o2 = (rx * w[0] + ry * w[1] + rz * w[2]) / rw;
  const d0 = (dx * u[0] + dy * u[1] + dz * u[2]) / ru;
  const d1 = (dx * v[0] + dy * v[1] + dz * v[2]) / rv;
  const d2 = (dx * w[0] + dy * w[1] + dz * w[2]) / rw;
  const a = d0 * d0 + d1 * d1 + d2 * d2;
  const b = o0 * d0 + o1 * d1 + o2 * d2;
  const c = o0 * o0 + o1 * o1 + o2 * o2 - 1;
  const h = b * b - a * c;
  if (h < 0) return;
  const t = (-b - Math.sqrt(h)) / a;
  if (!(t > 0 && t < hit.t)) return;
  // Normal of the unit sphere mapped back: gradient of the implicit form, p'/r along each axis.
  const g0 = (o0 + t * d0) / ru;
  const g1 = (o1 + t * d1) / rv;
  const g2 = (o2 + t * d2) / rw;
  setHit(
    hit,
    t,
    g0 * u[0] + g1 * v[0] + g2 * w[0],
    g0 * u[1] + g1 * v[1] + g2 * w[1],
    g0 * u[2] + g1 * v[2] + g2 * w[2],
    p,
  );
}

function setHit(hit: Hit, t: number, nx: number, ny: number, nz: number, p: Primitive): void {
  const n = Math.hypot(nx, ny, nz) || 1;
  hit.t = t;
  hit.nx = nx / n;
  hit.ny = ny / n;
  hit.nz = nz / n;
  hit.prim = p;
}
