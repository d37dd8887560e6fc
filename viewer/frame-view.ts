import type { ViewerFrame } from '../src/viewer/frame-codec.js';

/** Bone overlay: a red-orange at half opacity, so the B-mode speckle under the label stays visible. */
export const OVERLAY_RGB = [255, 64, 0] as const;
export const OVERLAY_ALPHA = 0.5;

/** Grey B-mode with every nonzero label pixel blended towards the overlay colour, as RGBA. */
export function frameToRgba(f: Pick<ViewerFrame, 'pixels' | 'label'>, out: Uint8ClampedArray): void {
  const [r, g, b] = OVERLAY_RGB;
  const keep = 1 - OVERLAY_ALPHA;
  for (let i = 0, o = 0; i < f.pixels.length; i++, o += 4) {
    const v = f.pixels[i]!;
    if (f.label[i] === 0) {
      out[o] = out[o + 1] = out[o + 2] = v;
    } else {
      out[o] = keep * v + OVERLAY_ALPHA * r;
      out[o + 1] = keep * v + OVERLAY_ALPHA * g;
      out[o + 2] = keep * v + OVERLAY_ALPHA * b;
    }
    out[o + 3] = 255;
  }
}

/** An image the views draw: grey pixels and a label mask, width·height each, rows top to bottom. */
export type GreyWithLabel = Pick<ViewerFrame, 'width' | 'height' | 'pixels' | 'label'>;

/**
 * Draws live frames and volume slices on a canvas at their native size (CSS scales it), reusing the
 * ImageData while it fits.
 */
export class FrameView {
  private image: ImageData | undefined;
  private readonly context: CanvasRenderingContext2D;

  constructor(private readonly canvas: HTMLCanvasElement) {
    const context = canvas.getContext('2d');
    if (context === null) throw new Error('no 2D canvas context');
    this.context = context;
  }

  draw(f: GreyWithLabel): void {
    if (this.image === undefined || this.image.width !== f.width || this.image.height !== f.height) {
      this.canvas.width = f.width;
      this.canvas.height = f.height;
      this.image = this.context.createImageData(f.width, f.height);
    }
    frameToRgba(f, this.image.data);
    this.context.putImageData(this.image, 0, 0);
  }
}
