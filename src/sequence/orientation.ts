import type { PixelArray } from './element-type.js';
import { SequenceError } from './errors.js';

/**
 * PLUS UltrasoundImageOrientation. Letter 1 tells where the marked (M) or unmarked (U) side of the
 * transducer is along +x, letter 2 whether +y points far from (F) or near (N) the transducer; the
 * optional letter 3 (A/D) orders slices of a 3D frame. Transposed forms (FM, NU, AMF, …) and XX
 * (unknown) are recognised but only kept as they are: converting them needs a transpose PLUS does for RF data.
 */
export type UsImageOrientation = string;

const FLIPPABLE = /^[MU][FN][AD]?$/;
const KNOWN = /^(XX|[MU][FN][AD]?|[FN][MU]|[AD][MU][FN]|[AD][FN][MU])$/;

/** Validates an orientation string (case-insensitive); throws SEQ_ORIENTATION naming the file for anything else. */
export function parseOrientation(text: string, file: string): UsImageOrientation {
  const o = text.trim().toUpperCase();
  if (o === '??') return 'XX';
  if (!KNOWN.test(o)) {
    throw new SequenceError(
      'SEQ_ORIENTATION',
      `${file}: UltrasoundImageOrientation '${text}' is not a PLUS orientation (MF, MN, UF, UN, MFA, …)`,
    );
  }
  return o;
}

/** Which axes must be mirrored to turn `from` into `to` (PLUS igsioVideoFrame::GetFlipAxes for the non-transposed cases). */
export function flipAxes(
  from: UsImageOrientation,
  to: UsImageOrientation,
  file: string,
): { x: boolean; y: boolean; z: boolean } {
  if (from === to) return { x: false, y: false, z: false };
  if (!FLIPPABLE.test(from) || !FLIPPABLE.test(to)) {
    throw new SequenceError(
      'SEQ_ORIENTATION',
      `${file}: cannot convert UltrasoundImageOrientation ${from} to ${to} (only flips between MF, MN, UF, UN are supported)`,
    );
  }
  return { x: from[0] !== to[0], y: from[1] !== to[1], z: (from[2] ?? 'A') !== (to[2] ?? 'A') };
}

/** Mirrors a frame (x fastest, then y, then z; `channels` interleaved) into a new array. */
export function flipFrame(
  src: PixelArray,
  dims: readonly [number, number, number],
  channels: number,
  flip: { x: boolean; y: boolean; z: boolean },
): PixelArray {
  if (!flip.x && !flip.y && !flip.z) return src;
  const [w, h, d] = dims;
  const out = new (src.constructor as new (n: number) => PixelArray)(src.length);
  const row = w * channels;
  for (let z = 0; z < d; z++) {
    const sz = flip.z ? d - 1 - z : z;
    for (let y = 0; y < h; y++) {
      const sy = flip.y ? h - 1 - y : y;
      const dst = (z * h + y) * row;
      const s = (sz * h + sy) * row;
      if (!flip.x) {
        out.set(src.subarray(s, s + row), dst);
        continue;
      }
      for (let x = 0; x < w; x++) {
        const sx = (w - 1 - x) * channels;
        for (let c = 0; c < channels; c++) out[dst + x * channels + c] = src[s + sx + c]!;
      }
    }
  }
  return out;
}
