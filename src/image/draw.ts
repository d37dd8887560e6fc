import { ImageError } from './errors.js';
import { checkRaster, createRaster, type Raster } from './raster.js';

/** An RGB colour, 0-255 per channel. */
export type Rgb = readonly [number, number, number];

/** Gray (1 channel) to RGB; RGB passes through as a copy. */
export function toRgb(image: Raster): Raster {
  checkRaster(image);
  if (image.channels === 3) return { ...image, data: image.data.slice() };
  const out = createRaster(image.width, image.height, 3);
  const n = image.width * image.height;
  for (let i = 0; i < n; i++) {
    const s = i * image.channels;
    if (image.channels <= 2) {
      const g = image.data[s]!;
      out.data[i * 3] = out.data[i * 3 + 1] = out.data[i * 3 + 2] = g;
    } else {
      out.data[i * 3] = image.data[s]!;
      out.data[i * 3 + 1] = image.data[s + 1]!;
      out.data[i * 3 + 2] = image.data[s + 2]!;
    }
  }
  return out;
}

/**
 * Tints an image where `mask` is non-zero: out = (1 - alpha)·pixel + alpha·colour.
 * `mask` is a gray raster of the same size; returns a new RGB raster.
 */
export function overlayMask(image: Raster, mask: Raster, color: Rgb, alpha = 0.5): Raster {
  if (mask.width !== image.width || mask.height !== image.height || mask.channels !== 1) {
    throw new ImageError('IMAGE_BAD_SIZE', 'mask must be a 1-channel raster of the image size');
  }
  const out = toRgb(image);
  for (let i = 0; i < mask.data.length; i++) {
    if (mask.data[i] === 0) continue;
    for (let c = 0; c < 3; c++) {
      const o = i * 3 + c;
      out.data[o] = Math.round((1 - alpha) * out.data[o]! + alpha * color[c]!);
    }
  }
  return out;
}

/** Bilinear resize to an exact size (same channel count). */
export function resize(image: Raster, width: number, height: number): Raster {
  checkRaster(image);
  const out = createRaster(width, height, image.channels);
  const ch = image.channels;
  const sx = image.width / width;
  const sy = image.height / height;
  const src = image.data;
  // Column taps are the same for every row: computed once (this loop is per output byte).
  const x0s = new Int32Array(width),
    x1s = new Int32Array(width),
    wxs = new Float64Array(width);
  for (let x = 0; x < width; x++) {
    const fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), image.width - 1);
    x0s[x] = Math.floor(fx);
    x1s[x] = Math.min(x0s[x]! + 1, image.width - 1);
    wxs[x] = fx - x0s[x]!;
  }
  for (let y = 0; y < height; y++) {
    const fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), image.height - 1);
    const y0 = Math.floor(fy);
    const wy = fy - y0;
    const r0 = y0 * image.width * ch;
    const r1 = Math.min(y0 + 1, image.height - 1) * image.width * ch;
    for (let x = 0; x < width; x++) {
      const a = x0s[x]! * ch,
        b = x1s[x]! * ch,
        wx = wxs[x]!;
      for (let c = 0; c < ch; c++) {
        const top = src[r0 + a + c]! * (1 - wx) + src[r0 + b + c]! * wx;
        const bottom = src[r1 + a + c]! * (1 - wx) + src[r1 + b + c]! * wx;
        out.data[(y * width + x) * ch + c] = Math.round(top * (1 - wy) + bottom * wy);
      }
    }
  }
  return out;
}

/** Copies `src` into `dst` with its top-left corner at (x, y), clipped to `dst`. Channel counts must match. */
export function paste(dst: Raster, src: Raster, x: number, y: number): void {
  if (dst.channels !== src.channels)
    throw new ImageError('IMAGE_BAD_SIZE', 'paste needs equal channel counts');
  const ch = src.channels;
  for (let j = 0; j < src.height; j++) {
    const ty = y + j;
    if (ty < 0 || ty >= dst.height) continue;
    const x0 = Math.max(0, -x);
    const x1 = Math.min(src.width, dst.width - x);
    if (x1 <= x0) continue;
    dst.data.set(
      src.data.subarray((j * src.width + x0) * ch, (j * src.width + x1) * ch),
      (ty * dst.width + x + x0) * ch,
    );
  }
}

/** Fills a rectangle (clipped) with a colour; `color` has one entry per channel used. */
export function fillRect(
  dst: Raster,
  x: number,
  y: number,
  w: number,
  h: number,
  color: readonly number[],
): void {
  for (let j = Math.max(0, y); j < Math.min(dst.height, y + h); j++) {
    for (let i = Math.max(0, x); i < Math.min(dst.width, x + w); i++) {
      for (let c = 0; c < dst.channels; c++)
        dst.data[(j * dst.width + i) * dst.channels + c] = color[c] ?? color[0]!;
    }
  }
}

// 5x7 bitmap glyphs, one string of 7 rows x 5 bits per character, for sheet captions.
const GLYPHS: Readonly<Record<string, readonly number[]>> = {
  A: [14, 17, 17, 31, 17, 17, 17],
  B: [30, 17, 17, 30, 17, 17, 30],
  C: [14, 17, 16, 16, 16, 17, 14],
  D: [30, 17, 17, 17, 17, 17, 30],
  E: [31, 16, 16, 30, 16, 16, 31],
  F: [31, 16, 16, 30, 16, 16, 16],
  G: [14, 17, 16, 23, 17, 17, 15],
  H: [17, 17, 17, 31, 17, 17, 17],
  I: [14, 4, 4, 4, 4, 4, 14],
  J: [7, 2, 2, 2, 2, 18, 12],
  K: [17, 18, 20, 24, 20, 18, 17],
  L: [16, 16, 16, 16, 16, 16, 31],
  M: [17, 27, 21, 21, 17, 17, 17],
  N: [17, 17, 25, 21, 19, 17, 17],
  O: [14, 17, 17, 17, 17, 17, 14],
  P: [30, 17, 17, 30, 16, 16, 16],
  Q: [14, 17, 17, 17, 21, 18, 13],
  R: [30, 17, 17, 30, 20, 18, 17],
  S: [15, 16, 16, 14, 1, 1, 30],
  T: [31, 4, 4, 4, 4, 4, 4],
  U: [17, 17, 17, 17, 17, 17, 14],
  V: [17, 17, 17, 17, 17, 10, 4],
  W: [17, 17, 17, 21, 21, 21, 10],
  X: [17, 17, 10, 4, 10, 17, 17],
  Y: [17, 17, 10, 4, 4, 4, 4],
  Z: [31, 1, 2, 4, 8, 16, 31],
  '0': [14, 17, 19, 21, 25, 17, 14],
  '1': [4, 12, 4, 4, 4, 4, 14],
  '2': [14, 17, 1, 2, 4, 8, 31],
  '3': [31, 2, 4, 2, 1, 17, 14],
  '4': [2, 6, 10, 18, 31, 2, 2],
  '5': [31, 16, 30, 1, 1, 17, 14],
  '6': [6, 8, 16, 30, 17, 17, 14],
  '7': [31, 1, 2, 4, 8, 8, 8],
  '8': [14, 17, 17, 14, 17, 17, 14],
  '9': [14, 17, 17, 15, 1, 2, 12],
  '-': [0, 0, 0, 31, 0, 0, 0],
  '.': [0, 0, 0, 0, 0, 12, 12],
  ':': [0, 12, 12, 0, 12, 12, 0],
  '/': [1, 1, 2, 4, 8, 16, 16],
  '(': [2, 4, 8, 8, 8, 4, 2],
  ')': [8, 4, 2, 2, 2, 4, 8],
  '+': [0, 4, 4, 31, 4, 4, 0],
  '=': [0, 0, 31, 0, 31, 0, 0],
  ' ': [0, 0, 0, 0, 0, 0, 0],
};

/** Draws upper-case text with a 5x7 font scaled by `scale`; unknown characters draw as blanks. */
export function drawText(
  dst: Raster,
  text: string,
  x: number,
  y: number,
  color: readonly number[],
  scale = 2,
): void {
  let cx = x;
  for (const ch of text.toUpperCase()) {
    const g = GLYPHS[ch] ?? GLYPHS[' ']!;
    for (let r = 0; r < 7; r++) {
      for (let c = 0; c < 5; c++) {
        if ((g[r]! >> (4 - c)) & 1) fillRect(dst, cx + c * scale, y + r * scale, scale, scale, color);
      }
    }
    cx += 6 * scale;
  }
}
