/** Per-axis bilinear taps: for output index i, source indices i0/i1 and the weight of i1. */
export interface Taps {
  readonly i0: Int32Array;
  readonly i1: Int32Array;
  readonly w1: Float64Array;
}

/**
 * Taps of torch.nn.functional.interpolate(mode='bilinear', align_corners=False): the source coordinate
 * is (i + 0.5) * in/out - 0.5, clamped below at 0 (aten's area_pixel_compute_source_index), and the
 * upper neighbour is clamped to the last index.
 */
export function taps(inSize: number, outSize: number): Taps {
  const i0 = new Int32Array(outSize);
  const i1 = new Int32Array(outSize);
  const w1 = new Float64Array(outSize);
  const scale = inSize / outSize;
  for (let i = 0; i < outSize; i++) {
    const src = Math.max(0, (i + 0.5) * scale - 0.5);
    const lo = Math.min(Math.floor(src), inSize - 1);
    i0[i] = lo;
    i1[i] = lo < inSize - 1 ? lo + 1 : lo;
    w1[i] = src - lo;
  }
  return { i0, i1, w1 };
}

/**
 * Bilinear resize with half-pixel centres (align_corners=False, no antialias) of a sub-rectangle of a
 * single-channel image, into a new Float32Array of outW x outH. Values are computed in double and
 * stored as float32, in torch's order: rows first weighted by x, then blended by y.
 */
export function resizeBilinear(
  src: ArrayLike<number>,
  srcStride: number,
  rect: { x: number; y: number; width: number; height: number },
  outW: number,
  outH: number,
): Float32Array {
  const out = new Float32Array(outW * outH);
  const tx = taps(rect.width, outW);
  const ty = taps(rect.height, outH);
  for (let oy = 0; oy < outH; oy++) {
    const wy1 = ty.w1[oy]!;
    const wy0 = 1 - wy1;
    const r0 = (rect.y + ty.i0[oy]!) * srcStride + rect.x;
    const r1 = (rect.y + ty.i1[oy]!) * srcStride + rect.x;
    const o = oy * outW;
    for (let ox = 0; ox < outW; ox++) {
      const x0 = tx.i0[ox]!;
      const x1 = tx.i1[ox]!;
      const wx1 = tx.w1[ox]!;
      const wx0 = 1 - wx1;
      out[o + ox] =
        wy0 * (wx0 * src[r0 + x0]! + wx1 * src[r0 + x1]!) + wy1 * (wx0 * src[r1 + x0]! + wx1 * src[r1 + x1]!);
    }
  }
  return out;
}
