import type { CurveSpec, PhantomParams } from './phantom.js';
import { Rng } from './rng.js';

/**
 * A random but plausible adolescent-scoliosis patient for dataset variety: body size, sagittal
 * profile, soft tissue and one of the common curve patterns (Lenke-like: main thoracic, thoracolumbar,
 * lumbar, double major) or a straight spine.
 */
export function randomPatient(seed: number): PhantomParams {
  const rng = new Rng(seed).fork(303);
  const pattern = rng.int(0, 4);
  const cobb = () => Math.round(rng.uniform(12, 55) * 10) / 10;
  const side = (): 'left' | 'right' => (rng.next() < 0.8 ? 'right' : 'left');
  let curves: CurveSpec[];
  switch (pattern) {
    case 0:
      curves = [
        {
          upperEnd: pick(rng, ['T4', 'T5', 'T6']),
          lowerEnd: pick(rng, ['T11', 'T12']),
          cobbDeg: cobb(),
          convexity: side(),
        },
      ];
      break;
    case 1:
      curves = [
        {
          upperEnd: pick(rng, ['T9', 'T10']),
          lowerEnd: pick(rng, ['L2', 'L3']),
          cobbDeg: cobb(),
          convexity: side(),
        },
      ];
      break;
    case 2:
      curves = [
        {
          upperEnd: pick(rng, ['T11', 'T12']),
          lowerEnd: pick(rng, ['L3', 'L4']),
          cobbDeg: cobb(),
          convexity: 'left',
        },
      ];
      break;
    case 3: {
      const mid = pick(rng, ['T11', 'T12']);
      curves = [
        { upperEnd: pick(rng, ['T5', 'T6']), lowerEnd: mid, cobbDeg: cobb(), convexity: 'right' },
        { upperEnd: mid, lowerEnd: pick(rng, ['L3', 'L4']), cobbDeg: cobb(), convexity: 'left' },
      ];
      break;
    }
    default:
      curves = [];
  }
  return {
    heightCm: Math.round(rng.uniform(145, 185)),
    kyphosisDeg: Math.round(rng.uniform(20, 50)),
    lordosisDeg: Math.round(rng.uniform(30, 55)),
    curves,
    rotationPerCobb: rng.uniform(0.2, 0.4),
    softTissueMm: [rng.uniform(6, 14), rng.uniform(15, 32)],
  };
}

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[rng.int(0, items.length - 1)]!;
}
