import { logitThreshold, type ModelCard } from './card.js';
import { removeSmallComponents } from './components.js';
import { SegmentError } from './errors.js';
import { effectiveCrop } from './preprocess.js';
import { taps } from './resize.js';

/**
 * Model logits [H*W] -> full-frame 0/1 label: bilinear resize (half-pixel centres) to the crop size,
 * threshold on the logit (sigmoid(z) > t), paste into a zero frame, drop 8-connected components
 * smaller than the card's minComponentArea.
 */
export function postprocess(
  card: ModelCard,
  logits: Float32Array,
  frameWidth: number,
  frameHeight: number,
): Uint8Array {
  const { width: W, height: H } = card.input;
  if (logits.length !== W * H) {
    throw new SegmentError(
      'SEG_SHAPE',
      `model ${card.name} output has ${logits.length} values, want ${W}x${H}`,
    );
  }
  const crop = effectiveCrop(card, frameWidth, frameHeight);
  const z = logitThreshold(card);
  const label = new Uint8Array(frameWidth * frameHeight);
  // Resize and threshold fused, separably: blend the two source rows once per output row (W values),
  // then each output pixel is one 2-tap blend of that row. Same weights as torch's interpolate; the
  // different summation order moves values by an ulp at most, which only matters at an exact tie.
  const tx = taps(W, crop.width);
  const ty = taps(H, crop.height);
  const row = new Float64Array(W);
  for (let y = 0; y < crop.height; y++) {
    const wy1 = ty.w1[y]!;
    const wy0 = 1 - wy1;
    const r0 = ty.i0[y]! * W;
    const r1 = ty.i1[y]! * W;
    for (let x = 0; x < W; x++) row[x] = wy0 * logits[r0 + x]! + wy1 * logits[r1 + x]!;
    const o = (crop.y + y) * frameWidth + crop.x;
    for (let x = 0; x < crop.width; x++) {
      const wx1 = tx.w1[x]!;
      label[o + x] = (1 - wx1) * row[tx.i0[x]!]! + wx1 * row[tx.i1[x]!]! > z ? 1 : 0;
    }
  }
  removeSmallComponents(label, frameWidth, frameHeight, card.postprocess.minComponentArea);
  return label;
}
