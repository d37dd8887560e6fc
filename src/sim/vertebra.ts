import { levelSize } from './levels.js';
import { capsule, ellipsoid, type Primitive, type Vec3 } from './shapes.js';

/**
 * Bone primitives of one vertebra (and its ribs on thoracic levels), from a local layout in
 * (right, anterior, up) millimetres around the body centre, scaled and placed in the Reference frame.
 */
export function vertebraPrimitives(
  index: number,
  center: Vec3,
  axes: readonly [Vec3, Vec3, Vec3],
  scale: number,
): { primitives: Primitive[]; spinousTip: Vec3 } {
  const s = levelSize(index);
  const [right, anterior, up] = axes;
  const w = (r: number, a: number, u: number): Vec3 => [
    center[0] + scale * (r * right[0] + a * anterior[0] + u * up[0]),
    center[1] + scale * (r * right[1] + a * anterior[1] + u * up[1]),
    center[2] + scale * (r * right[2] + a * anterior[2] + u * up[2]),
  ];
  const prims: Primitive[] = [];
  const cap = (part: Primitive['part'], a: Vec3, b: Vec3, radius: number) =>
    prims.push(capsule(part, index, a, b, radius * scale));

  const [bx, by, bz] = s.body;
  prims.push(ellipsoid('body', index, center, [right, anterior, up], [bx * scale, by * scale, bz * scale]));

  // Posterior arch: pedicles from the back of the body, laminae meeting behind the canal.
  const back = -by; // posterior surface of the body (anterior axis is +)
  const arch = back - s.canal; // front of the laminae at the midline
  const ped = bx * 0.55;
  const lam = ped + 1;
  for (const side of [-1, 1]) {
    cap('pedicle', w(side * ped, back + 2, 0), w(side * lam, arch + 4, 0), 3.2);
    cap('lamina', w(side * lam, arch + 4, 0), w(side * 3, arch - 3, -2), 3);
    // Articular processes: short vertical pillars at the pedicle-lamina junction.
    cap(
      'articular',
      w(side * (lam + 1), arch + 2, -s.body[2] * 0.8),
      w(side * (lam + 1), arch + 2, s.body[2] * 0.9),
      3.5,
    );
    // Transverse process: lateral from the root, thoracic ones pointing backwards.
    const tipR = lam + s.transverseLength;
    const tipA = arch + 4 - s.transverseBack;
    cap('transverse', w(side * lam, arch + 4, 0.5), w(side * tipR, tipA, 2), s.lumbar ? 4 : 4.5);
    if (!s.lumbar) {
      // Rib: from the transverse process tip outwards, backwards, then curving forwards and down.
      const r0: [number, number, number] = [tipR + 2, tipA + 3, -1];
      const r1: [number, number, number] = [tipR + 25, tipA - 3, -6];
      const r2: [number, number, number] = [tipR + 52, tipA + 8, -14];
      const r3: [number, number, number] = [tipR + 72, tipA + 40, -22];
      for (const [a, b] of [
        [r0, r1],
        [r1, r2],
        [r2, r3],
      ] as const) {
        cap('rib', w(side * a[0], a[1], a[2]), w(side * b[0], b[1], b[2]), 4.5);
      }
    }
  }
  // Spinous process: from the laminae backwards and down; lumbar ones are tall plates (two capsules).
  const slope = (s.spinousSlopeDeg * Math.PI) / 180;
  const root = arch - 3;
  const tipA = root - s.spinousLength * Math.cos(slope);
  const tipU = -2 - s.spinousLength * Math.sin(slope);
  cap('spinous', w(0, root, -2), w(0, tipA, tipU), s.spinousRadius);
  if (s.lumbar) cap('spinous', w(0, root, -9), w(0, tipA + 1, tipU - 7), s.spinousRadius);
  return { primitives: prims, spinousTip: w(0, tipA - s.spinousRadius, tipU) };
}
