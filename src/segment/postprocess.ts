import { logitThreshold, type ModelCard } from './card.js';
import { removeSmallComponents } from './components.js';
import { SegmentError } from './errors.js';
import { effectiveCrop } from './preprocess.js';
import { resizeBilinear } from './resize.js';

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
  const up = resizeBilinear(logits, W, { x: 0, y: 0, width: W, height: H }, crop.width, crop.height);
  const z = logitThreshold(card);
  const label = new Uint8Array(frameWidth * frameHeight);
  for (let y = 0; y < crop.height; y++) {
    const o = (crop.y + y) * frameWidth + crop.x;
    const r = y * crop.width;
    for (let x = 0; x < crop.width; x++) label[o + x] = up[r + x]! > z ? 1 : 0;
  }
  removeSmallComponents(label, frameWidth, frameHeight, card.postprocess.minComponentArea);
  return label;
}
