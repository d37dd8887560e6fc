export type { Raster } from './raster.js';
export { createRaster, checkRaster } from './raster.js';
export type { PngEncodeOptions } from './png.js';
export { encodePng, decodePng } from './png.js';
export type { Rgb } from './draw.js';
export { toRgb, overlayMask, resize, paste, fillRect, drawText } from './draw.js';
export type { ImageErrorCode } from './errors.js';
export { ImageError } from './errors.js';
