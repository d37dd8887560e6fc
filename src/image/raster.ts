import { ImageError } from './errors.js';

/**
 * An 8-bit raster: `channels` interleaved samples per pixel, rows top to bottom, x fastest.
 * 1 = gray, 2 = gray + alpha, 3 = RGB, 4 = RGBA.
 */
export interface Raster {
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 2 | 3 | 4;
  readonly data: Uint8Array;
}

/** Checks that data has exactly width·height·channels bytes and the sizes are sane. */
export function checkRaster(r: Raster): void {
  if (!Number.isInteger(r.width) || !Number.isInteger(r.height) || r.width < 1 || r.height < 1) {
    throw new ImageError(
      'IMAGE_BAD_SIZE',
      `image size ${r.width}x${r.height} is not a positive integer size`,
    );
  }
  const want = r.width * r.height * r.channels;
  if (r.data.length !== want) {
    throw new ImageError(
      'IMAGE_BAD_SIZE',
      `image ${r.width}x${r.height}x${r.channels} needs ${want} bytes, got ${r.data.length}`,
    );
  }
}

/** A new zero-filled raster. */
export function createRaster(width: number, height: number, channels: 1 | 2 | 3 | 4): Raster {
  const r = { width, height, channels, data: new Uint8Array(width * height * channels) };
  checkRaster(r);
  return r;
}
