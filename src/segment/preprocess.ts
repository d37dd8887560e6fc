import type { CropRect, ModelCard } from './card.js';
import { SegmentError } from './errors.js';
import { resizeBilinear } from './resize.js';

/** One ultrasound frame: 8-bit grey, row-major, x fastest (the only pixel type the models take). */
export interface GrayFrame {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/** Throws SEG_PIXEL_TYPE / SEG_FRAME unless `f` is a well-formed 8-bit single-channel frame. */
export function checkFrame(f: { width: number; height: number; data: unknown }): asserts f is GrayFrame {
  if (!Number.isInteger(f.width) || !Number.isInteger(f.height) || f.width < 1 || f.height < 1) {
    throw new SegmentError('SEG_FRAME', `frame size ${f.width}x${f.height} is not a positive integer size`);
  }
  if (!(f.data instanceof Uint8Array)) {
    const kind = ArrayBuffer.isView(f.data) ? f.data.constructor.name : typeof f.data;
    throw new SegmentError('SEG_PIXEL_TYPE', `frame pixels must be 8-bit (Uint8Array), got ${kind}`);
  }
  if (f.data.length !== f.width * f.height) {
    throw new SegmentError(
      'SEG_PIXEL_TYPE',
      `frame ${f.width}x${f.height} needs ${f.width * f.height} single-channel bytes, got ${f.data.length}` +
        (f.data.length % (f.width * f.height) === 0 ? ' (multi-component pixels are not supported)' : ''),
    );
  }
}

/**
 * The card's crop clipped to the frame (frames of another size than the card was made for keep the
 * part of the crop that exists); the whole frame when the card has none.
 */
export function effectiveCrop(card: ModelCard, width: number, height: number): CropRect {
  const c = card.crop;
  if (!c) return { x: 0, y: 0, width, height };
  const x = Math.min(c.x, width);
  const y = Math.min(c.y, height);
  const w = Math.min(c.x + c.width, width) - x;
  const h = Math.min(c.y + c.height, height) - y;
  if (w < 1 || h < 1) {
    throw new SegmentError(
      'SEG_FRAME',
      `crop ${c.width}x${c.height}+${c.x}+${c.y} of model ${card.name} lies outside the ${width}x${height} frame`,
    );
  }
  return { x, y, width: w, height: h };
}

/**
 * The model input of one frame: crop -> bilinear resize to the card's size (half-pixel centres, as
 * torch interpolate align_corners=False) -> (v/255 - mean)/std. Returns the [H*W] float32 plane and the
 * resized grey image before normalisation (the CRF's guide).
 */
export function preprocess(card: ModelCard, frame: GrayFrame): { input: Float32Array; grey: Float32Array } {
  checkFrame(frame);
  const crop = effectiveCrop(card, frame.width, frame.height);
  const { width: W, height: H, mean, std } = card.input;
  const grey = resizeBilinear(frame.data, frame.width, crop, W, H);
  const input = new Float32Array(W * H);
  for (let i = 0; i < input.length; i++) input[i] = (grey[i]! / 255 - mean) / std;
  return { input, grey };
}
