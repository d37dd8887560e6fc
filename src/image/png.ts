import { crc32, deflateSync, inflateSync } from 'node:zlib';
import { ImageError } from './errors.js';
import { checkRaster, type Raster } from './raster.js';

// PNG (ISO/IEC 15948, W3C PNG 2nd ed.) for what this project needs: 8-bit gray, gray+alpha, RGB, RGBA
// and palette images, non-interlaced. Pure functions: bytes in, raster out.

const SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

/** PNG colour types (PNG spec 11.2.2 IHDR). */
const COLOR_GRAY = 0;
const COLOR_RGB = 2;
const COLOR_PALETTE = 3;
const COLOR_GRAY_ALPHA = 4;
const COLOR_RGBA = 6;

const CHANNELS_BY_COLOR: Readonly<Record<number, 1 | 2 | 3 | 4>> = {
  [COLOR_GRAY]: 1,
  [COLOR_RGB]: 3,
  [COLOR_PALETTE]: 1,
  [COLOR_GRAY_ALPHA]: 2,
  [COLOR_RGBA]: 4,
};
const COLOR_BY_CHANNELS = { 1: COLOR_GRAY, 2: COLOR_GRAY_ALPHA, 3: COLOR_RGB, 4: COLOR_RGBA } as const;

/** Guards inflate against a hostile IHDR (width·height can claim gigabytes). */
const MAX_PIXELS = 1 << 28;

export interface PngEncodeOptions {
  /** zlib level 0-9; default 6. Level 1 is ~3x faster and ~10% larger on ultrasound frames. */
  readonly level?: number;
  /** Row filter: 'none' (fast) or 'up' (smaller for smooth images). Default 'up'. */
  readonly filter?: 'none' | 'up';
}

function chunk(type: string, body: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + body.length);
  out.writeUInt32BE(body.length, 0);
  out.write(type, 4, 'latin1');
  out.set(body, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + body.length)), 8 + body.length);
  return out;
}

/** Encodes an 8-bit raster as PNG bytes (colour type from `channels`). */
export function encodePng(image: Raster, options: PngEncodeOptions = {}): Uint8Array {
  checkRaster(image);
  const { width, height, channels, data } = image;
  const stride = width * channels;
  const filter = options.filter ?? 'up';
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    const o = y * (stride + 1);
    const row = y * stride;
    if (filter === 'up' && y > 0) {
      raw[o] = 2;
      for (let i = 0; i < stride; i++) raw[o + 1 + i] = (data[row + i]! - data[row - stride + i]!) & 0xff;
    } else {
      raw[o] = 0;
      raw.set(data.subarray(row, row + stride), o + 1);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = COLOR_BY_CHANNELS[channels];
  // compression 0, filter method 0, interlace 0 (bytes 10-12 already zero)
  const idat = deflateSync(raw, { level: options.level ?? 6 });
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', ihdr),
    chunk('IDAT', idat),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

interface Header {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  interlace: number;
}

function parseHeader(body: Uint8Array): Header {
  if (body.length !== 13) throw new ImageError('IMAGE_BAD_HEADER', `IHDR has ${body.length} bytes, not 13`);
  const v = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const h = {
    width: v.getUint32(0),
    height: v.getUint32(4),
    bitDepth: body[8]!,
    colorType: body[9]!,
    interlace: body[12]!,
  };
  if (h.width < 1 || h.height < 1 || h.width * h.height > MAX_PIXELS) {
    throw new ImageError('IMAGE_BAD_HEADER', `IHDR size ${h.width}x${h.height} is out of range`);
  }
  if (CHANNELS_BY_COLOR[h.colorType] === undefined) {
    throw new ImageError('IMAGE_BAD_HEADER', `IHDR colour type ${h.colorType} is not a PNG colour type`);
  }
  if (h.bitDepth !== 8)
    throw new ImageError('IMAGE_UNSUPPORTED', `bit depth ${h.bitDepth} (only 8 is supported)`);
  if (h.interlace !== 0) throw new ImageError('IMAGE_UNSUPPORTED', 'interlaced (Adam7) PNG is not supported');
  if (body[10] !== 0 || body[11] !== 0) {
    throw new ImageError('IMAGE_BAD_HEADER', 'IHDR compression/filter method must be 0');
  }
  return h;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Reverses the per-row filters (PNG spec 9.2) in place into `out`. */
function unfilter(raw: Uint8Array, out: Uint8Array, height: number, stride: number, bpp: number): void {
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)]!;
    const src = y * (stride + 1) + 1;
    const row = y * stride;
    const prev = row - stride;
    for (let i = 0; i < stride; i++) {
      const x = raw[src + i]!;
      const a = i >= bpp ? out[row + i - bpp]! : 0;
      const b = y > 0 ? out[prev + i]! : 0;
      const c = i >= bpp && y > 0 ? out[prev + i - bpp]! : 0;
      let v: number;
      switch (f) {
        case 0:
          v = x;
          break;
        case 1:
          v = x + a;
          break;
        case 2:
          v = x + b;
          break;
        case 3:
          v = x + ((a + b) >> 1);
          break;
        case 4:
          v = x + paeth(a, b, c);
          break;
        default:
          throw new ImageError('IMAGE_BAD_DATA', `row ${y} has unknown filter type ${f}`);
      }
      out[row + i] = v & 0xff;
    }
  }
}

/**
 * Decodes PNG bytes into an 8-bit raster. Palette images expand to RGB (or RGBA with a tRNS chunk);
 * other colour types keep their channels. Checks every chunk CRC.
 */
export function decodePng(bytes: Uint8Array): Raster {
  if (bytes.length < 8 || !SIGNATURE.every((b, i) => bytes[i] === b)) {
    throw new ImageError('IMAGE_NOT_PNG', 'not a PNG (signature mismatch)');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 8;
  let header: Header | undefined;
  let palette: Uint8Array | undefined;
  let trns: Uint8Array | undefined;
  const idat: Uint8Array[] = [];
  let ended = false;
  while (!ended) {
    if (pos + 12 > bytes.length)
      throw new ImageError('IMAGE_TRUNCATED', `PNG ends inside a chunk at byte ${pos}`);
    const len = view.getUint32(pos);
    const type = String.fromCharCode(bytes[pos + 4]!, bytes[pos + 5]!, bytes[pos + 6]!, bytes[pos + 7]!);
    if (pos + 12 + len > bytes.length) {
      throw new ImageError('IMAGE_TRUNCATED', `chunk ${type} at byte ${pos} runs past the end of the file`);
    }
    const body = bytes.subarray(pos + 8, pos + 8 + len);
    const crc = view.getUint32(pos + 8 + len);
    if (crc32(bytes.subarray(pos + 4, pos + 8 + len)) !== crc) {
      throw new ImageError('IMAGE_BAD_CRC', `chunk ${type} at byte ${pos} fails its CRC`);
    }
    if (header === undefined && type !== 'IHDR')
      throw new ImageError('IMAGE_BAD_HEADER', 'first chunk is not IHDR');
    if (type === 'IHDR') header = parseHeader(body);
    else if (type === 'PLTE') palette = body;
    else if (type === 'tRNS') trns = body;
    else if (type === 'IDAT') idat.push(body);
    else if (type === 'IEND') ended = true;
    else if ((bytes[pos + 4]! & 0x20) === 0) {
      // Upper-case first letter = critical chunk (PNG spec 5.4): one we do not know cannot be skipped.
      throw new ImageError('IMAGE_UNSUPPORTED', `unknown critical chunk ${type}`);
    }
    pos += 12 + len;
  }
  const h = header!;
  const samples = CHANNELS_BY_COLOR[h.colorType]!;
  const stride = h.width * samples;
  let raw: Buffer;
  try {
    raw = inflateSync(Buffer.concat(idat), { maxOutputLength: (stride + 1) * h.height + 1 });
  } catch (e) {
    throw new ImageError('IMAGE_BAD_DATA', 'image data does not inflate', { cause: e });
  }
  if (raw.length !== (stride + 1) * h.height) {
    throw new ImageError(
      'IMAGE_BAD_DATA',
      `image data has ${raw.length} bytes, expected ${(stride + 1) * h.height}`,
    );
  }
  const pixels = new Uint8Array(stride * h.height);
  unfilter(raw, pixels, h.height, stride, samples);
  if (h.colorType !== COLOR_PALETTE)
    return { width: h.width, height: h.height, channels: samples, data: pixels };
  if (!palette || palette.length % 3 !== 0)
    throw new ImageError('IMAGE_BAD_DATA', 'palette image without a valid PLTE');
  const ch = trns ? 4 : 3;
  const out = new Uint8Array(h.width * h.height * ch);
  for (let i = 0; i < pixels.length; i++) {
    const k = pixels[i]!;
    if (k * 3 >= palette.length) throw new ImageError('IMAGE_BAD_DATA', `palette index ${k} out of range`);
    out[i * ch] = palette[k * 3]!;
    out[i * ch + 1] = palette[k * 3 + 1]!;
    out[i * ch + 2] = palette[k * 3 + 2]!;
    if (ch === 4) out[i * ch + 3] = k < trns!.length ? trns![k]! : 255;
  }
  return { width: h.width, height: h.height, channels: ch, data: out };
}
