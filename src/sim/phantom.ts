import { measureCobb, type CobbCurve } from './cobb.js';
import { SimError } from './errors.js';
import { LEVEL_NAMES, levelIndex, levelSize } from './levels.js';
import { bump, evalProfile, type Knot } from './profile.js';
import { vertebraPrimitives } from './vertebra.js';
import type { Primitive, Vec3 } from './shapes.js';
import { buildSkin, type Skin } from './skin.js';

/**
 * The parametric spine phantom.
 *
 * World frame = the tracker's Reference frame, millimetres, RAS: +x towards the patient's right,
 * +y anterior (into the body from the back), +z superior (cranial). The origin is the centre of the
 * L5 body. The patient lies prone; the back (skin) is on the -y side and the probe looks along +y.
 */
export interface CurveSpec {
  /** End vertebrae, e.g. 'T5' and 'T12'; the curve's Cobb angle is measured between them. */
  readonly upperEnd: string;
  readonly lowerEnd: string;
  readonly cobbDeg: number;
  /** Side of the convexity; default 'right' (the common right thoracic curve). */
  readonly convexity?: 'right' | 'left';
}

export interface PhantomParams {
  /** Body height in cm: scales every size (default 165). */
  readonly heightCm?: number;
  /** T1-T12 sagittal angle, degrees (default 35). */
  readonly kyphosisDeg?: number;
  /** L1-L5 sagittal angle, degrees (default 40). */
  readonly lordosisDeg?: number;
  /** Zero, one or two lateral curves. */
  readonly curves?: readonly CurveSpec[];
  /** Axial rotation of the apical vertebra per degree of Cobb angle (default 0.3). */
  readonly rotationPerCobb?: number;
  /** Skin to spinous-process tip, mm, thoracic and lumbar (defaults 9 and 22). */
  readonly softTissueMm?: readonly [number, number];
}

export interface LevelTruth {
  readonly name: string;
  /** Centre of the vertebral body, Reference frame, mm. */
  readonly center: Vec3;
  /** Unit axes of the vertebra: right, anterior, up (up = endplate normal). */
  readonly axes: readonly [Vec3, Vec3, Vec3];
  /** Lean of the endplate normal in the coronal (x-z) plane towards +x, degrees. */
  readonly coronalTiltDeg: number;
  /** Lean of the endplate normal in the sagittal (y-z) plane towards +y (anterior), degrees. */
  readonly sagittalTiltDeg: number;
  /** Rotation of the body towards +x about the up axis, degrees. */
  readonly axialRotationDeg: number;
  /** Posterior tip of the spinous process. */
  readonly spinousTip: Vec3;
}

export interface Phantom {
  readonly params: Required<PhantomParams>;
  /** T1 first. */
  readonly levels: readonly LevelTruth[];
  readonly primitives: readonly Primitive[];
  readonly skin: Skin;
  /** Cobb angles measured from the phantom's own endplate tilts. */
  readonly cobb: readonly CobbCurve[];
}

const DEFAULTS: Required<PhantomParams> = {
  heightCm: 165,
  kyphosisDeg: 35,
  lordosisDeg: 40,
  curves: [{ upperEnd: 'T5', lowerEnd: 'T12', cobbDeg: 30, convexity: 'right' }],
  rotationPerCobb: 0.3,
  softTissueMm: [9, 22],
};

const N = LEVEL_NAMES.length;
/** Level position u: 0 = L5 … 16 = T1 (integration runs caudal to cranial). */
const uOf = (index: number) => N - 1 - index;
const DEG = Math.PI / 180;

function coronalKnots(curves: readonly CurveSpec[]): {
  knots: Knot[];
  apexes: { u: number; half: number; sign: number; cobb: number }[];
} {
  const spans = curves
    .map((c) => {
      const hi = levelIndex(c.upperEnd);
      const lo = levelIndex(c.lowerEnd);
      if (hi < 0 || lo < 0)
        throw new SimError('SIM_BAD_LEVEL', `unknown level in curve ${c.upperEnd}-${c.lowerEnd}`);
      if (hi >= lo)
        throw new SimError(
          'SIM_BAD_CURVE',
          `curve ${c.upperEnd}-${c.lowerEnd}: upper end must be above the lower end`,
        );
      if (!(c.cobbDeg >= 0 && c.cobbDeg < 90))
        throw new SimError('SIM_BAD_CURVE', `Cobb angle ${c.cobbDeg} must be in [0, 90)`);
      return { uLo: uOf(lo), uHi: uOf(hi), cobb: c.cobbDeg, sign: c.convexity === 'left' ? -1 : 1 };
    })
    .sort((a, b) => a.uLo - b.uLo);
  for (let k = 1; k < spans.length; k++) {
    const a = spans[k - 1]!;
    const b = spans[k]!;
    if (b.uLo < a.uHi) throw new SimError('SIM_BAD_CURVE', 'curves overlap');
    // Opposite curves meet at a shared (transitional) end vertebra; with straight levels between them
    // the measured curve would run on to the next turning point and include the gap.
    if (a.sign !== b.sign && b.uLo !== a.uHi) {
      throw new SimError('SIM_BAD_CURVE', 'curves of opposite convexity must share their end vertebra');
    }
    if (a.sign === b.sign && b.uLo === a.uHi) {
      throw new SimError('SIM_BAD_CURVE', 'curves of the same convexity cannot share an end vertebra');
    }
  }
  const knots: Knot[] = [];
  const push = (u: number, value: number) => {
    const last = knots[knots.length - 1];
    if (last && last.u === u) return;
    knots.push({ u, value });
  };
  if (spans.length > 0 && spans[0]!.uLo > 0) push(0, 0);
  for (let k = 0; k < spans.length; k++) {
    const s = spans[k]!;
    const prev = knots[knots.length - 1];
    // A right-convex curve leans right (+) at its lower end and left (-) at its upper end.
    let lower: number;
    if (prev && prev.u === s.uLo) lower = prev.value;
    else {
      const next = spans[k + 1];
      // Two curves sharing an end vertebra: pick the shared tilt m that keeps all three knot tilts
      // (lower end, shared, upper end) as small as possible, so the trunk stays over the pelvis.
      if (next && next.uLo === s.uHi) {
        const offsets = [0, s.sign * s.cobb, -next.sign * next.cobb];
        let m = -(Math.max(...offsets) + Math.min(...offsets)) / 2;
        // ...but the outer ends must stay turning points (tilt returning towards 0 beyond them), or the
        // measured curve would run on past them: sign·m >= margin - min(Cobb angles).
        const bound = Math.min(2, s.cobb / 4, next.cobb / 4) - Math.min(s.cobb, next.cobb);
        if (s.sign * m < bound) m = s.sign * bound;
        lower = m + s.sign * s.cobb;
      } else lower = (s.sign * s.cobb) / 2;
    }
    push(s.uLo, lower);
    push(s.uHi, lower - s.sign * s.cobb);
  }
  const last = knots[knots.length - 1];
  if (last && last.u < N - 1) push(N - 1, 0);
  const apexes = spans.map((s) => ({
    u: (s.uLo + s.uHi) / 2,
    half: (s.uHi - s.uLo) / 2 + 1,
    sign: s.sign,
    cobb: s.cobb,
  }));
  return { knots, apexes };
}

/** Builds the phantom: level poses from the angle profiles, then bone primitives and skin. */
export function buildPhantom(params: PhantomParams = {}): Phantom {
  const p: Required<PhantomParams> = { ...DEFAULTS, ...params };
  if (!(p.heightCm >= 100 && p.heightCm <= 220))
    throw new SimError('SIM_BAD_PARAMS', `height ${p.heightCm} cm is out of range`);
  if (p.curves.length > 2) throw new SimError('SIM_BAD_CURVE', 'at most two curves');
  const scale = p.heightCm / 165;
  const { knots: coronal, apexes } = coronalKnots(p.curves);
  // Sagittal: lordosis between L5 (u 0) and L1 (u 4), kyphosis between T12 (u 5) and T1 (u 16).
  const mid = -(p.lordosisDeg + p.kyphosisDeg) / 4;
  const sagittal: Knot[] = [
    { u: 0, value: mid + p.lordosisDeg },
    { u: 4, value: mid },
    { u: 5, value: mid },
    { u: 16, value: mid + p.kyphosisDeg },
  ];
  const rotation = (u: number) =>
    apexes.reduce((acc, a) => acc + a.sign * p.rotationPerCobb * a.cobb * bump(u, a.u, a.half), 0);

  // Integrate the centre line caudal to cranial: dP/du = spacing · tangent(theta, phi).
  const centers: Vec3[] = new Array(N);
  let pos: [number, number, number] = [0, 0, 0];
  const tangent = (u: number): Vec3 => {
    const tx = Math.tan(evalProfile(coronal, u) * DEG);
    const ty = Math.tan(evalProfile(sagittal, u) * DEG);
    const n = Math.hypot(tx, ty, 1);
    return [tx / n, ty / n, 1 / n];
  };
  const STEPS = 16;
  for (let u = 0; u < N; u++) {
    centers[N - 1 - u] = [pos[0], pos[1], pos[2]];
    if (u === N - 1) break;
    const h = levelSize(N - 1 - u).spacing * scale;
    for (let s = 0; s < STEPS; s++) {
      const t = tangent(u + (s + 0.5) / STEPS);
      pos = [pos[0] + (h * t[0]) / STEPS, pos[1] + (h * t[1]) / STEPS, pos[2] + (h * t[2]) / STEPS];
    }
  }

  const levels: LevelTruth[] = [];
  const primitives: Primitive[] = [];
  for (let i = 0; i < N; i++) {
    const u = uOf(i);
    const up = tangent(u);
    const psi = rotation(u) * DEG;
    // Anterior before rotation: world +y made orthogonal to up; right = anterior x up (RAS is right-handed).
    const d = up[1];
    let a0: Vec3 = [-d * up[0], 1 - d * up[1], -d * up[2]];
    const an = Math.hypot(...a0);
    a0 = [a0[0] / an, a0[1] / an, a0[2] / an];
    const r0 = cross(a0, up);
    const anterior: Vec3 = add(scaleV(a0, Math.cos(psi)), scaleV(r0, Math.sin(psi)));
    const right = cross(anterior, up);
    const axes: [Vec3, Vec3, Vec3] = [right, anterior, up];
    const center = centers[i]!;
    const prims = vertebraPrimitives(i, center, axes, scale);
    primitives.push(...prims.primitives);
    levels.push({
      name: LEVEL_NAMES[i]!,
      center,
      axes,
      coronalTiltDeg: Math.atan2(up[0], up[2]) / DEG,
      sagittalTiltDeg: Math.atan2(up[1], up[2]) / DEG,
      axialRotationDeg: psi / DEG,
      spinousTip: prims.spinousTip,
    });
  }
  const skin = buildSkin(levels, p.softTissueMm, scale);
  const cobb = measureCobb(levels.map((l) => l.coronalTiltDeg));
  return { params: p, levels, primitives, skin, cobb };
}

function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}
function add(a: Vec3, b: Vec3): Vec3 {
  return [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
}
function scaleV(a: Vec3, s: number): Vec3 {
  return [a[0] * s, a[1] * s, a[2] * s];
}
