import { multiply, type Mat4 } from '../math/index.js';

export type Vec3 = readonly [number, number, number];

/** Rotation by `deg` about `axis` (Rodrigues), optionally applied after `then` (returns R·then). */
export function rotation(axis: Vec3, deg: number, then?: Mat4): Mat4 {
  const n = Math.hypot(axis[0], axis[1], axis[2]) || 1;
  const [x, y, z] = [axis[0] / n, axis[1] / n, axis[2] / n];
  const a = (deg * Math.PI) / 180;
  const c = Math.cos(a);
  const s = Math.sin(a);
  const t = 1 - c;
  // prettier-ignore
  const r = Float64Array.from([
    t * x * x + c, t * x * y - s * z, t * x * z + s * y, 0,
    t * x * y + s * z, t * y * y + c, t * y * z - s * x, 0,
    t * x * z - s * y, t * y * z + s * x, t * z * z + c, 0,
    0, 0, 0, 1,
  ]);
  return then ? multiply(r, then) : r;
}

/** The matrix m with translation `t` added (rotation part unchanged). */
export function rigid(m: Mat4, t: Vec3): Mat4 {
  const out = Float64Array.from(m);
  out[3] = out[3]! + t[0];
  out[7] = out[7]! + t[1];
  out[11] = out[11]! + t[2];
  return out;
}
