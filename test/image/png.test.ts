import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ImageError, createRaster, decodePng, encodePng, type Raster } from '../../src/image/index.js';

function pattern(width: number, height: number, channels: 1 | 2 | 3 | 4): Raster {
  const r = createRaster(width, height, channels);
  for (let i = 0; i < r.data.length; i++) r.data[i] = (i * 37 + ((i / 7) | 0) * 11) & 0xff;
  return r;
}

const PY = '/usr/bin/python3';
const hasPil = existsSync(PY) && spawnSync(PY, ['-c', 'import PIL'], { encoding: 'utf8' }).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'spinebridge-png-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function python(code: string): string {
  const r = spawnSync(PY, ['-c', code], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout;
}

describe('PNG round trip', () => {
  for (const channels of [1, 2, 3, 4] as const) {
    for (const filter of ['none', 'up'] as const) {
      it(`${channels} channel(s), filter ${filter}`, () => {
        const img = pattern(37, 23, channels);
        const back = decodePng(encodePng(img, { filter }));
        expect(back.width).toBe(37);
        expect(back.height).toBe(23);
        expect(back.channels).toBe(channels);
        expect(Buffer.from(back.data).equals(Buffer.from(img.data))).toBe(true);
      });
    }
  }
});

describe('PNG errors', () => {
  const good = encodePng(pattern(8, 8, 1));
  it('rejects a non-PNG', () => {
    expect(() => decodePng(Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9))).toThrowError(
      expect.objectContaining({ code: 'IMAGE_NOT_PNG' }),
    );
  });
  it('rejects a flipped byte by CRC', () => {
    const bad = good.slice();
    bad[40] = bad[40]! ^ 0x10;
    expect(() => decodePng(bad)).toThrowError(expect.objectContaining({ code: 'IMAGE_BAD_CRC' }));
  });
  it('rejects every truncation with a typed error', () => {
    for (let n = 8; n < good.length; n++) {
      let err: unknown;
      try {
        decodePng(good.subarray(0, n));
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ImageError);
    }
  });
  it('rejects a raster whose data does not match its size', () => {
    expect(() => encodePng({ width: 4, height: 4, channels: 1, data: new Uint8Array(15) })).toThrowError(
      expect.objectContaining({ code: 'IMAGE_BAD_SIZE' }),
    );
  });
});

describe.skipIf(!hasPil)('PNG interop with PIL', () => {
  it('decodes PIL-written gray, RGB, RGBA, LA and palette PNGs (all filters via optimize)', () => {
    const out = python(`
import PIL.Image as I, hashlib, sys
d = ${JSON.stringify(dir)}
for mode in ['L', 'RGB', 'RGBA', 'LA', 'P']:
    im = I.new(mode, (53, 29))
    px = im.load()
    for y in range(29):
        for x in range(53):
            v = (x * 7 + y * 13 + x * y) % 256
            if mode == 'L' or mode == 'P': px[x, y] = v
            elif mode == 'LA': px[x, y] = (v, 255 - v)
            elif mode == 'RGB': px[x, y] = (v, (v * 3) % 256, x * 4)
            else: px[x, y] = (v, (v * 3) % 256, x * 4, y * 8)
    if mode == 'P': im.putpalette([(i * 5) % 256 for i in range(768)])
    im.save(f'{d}/pil_{mode}.png', optimize=True)
    conv = im.convert('RGB') if mode == 'P' else im
    print(mode, hashlib.sha256(conv.tobytes()).hexdigest())
`);
    for (const line of out.trim().split('\n')) {
      const [mode, hash] = line.split(' ');
      const img = decodePng(readFileSync(join(dir, `pil_${mode}.png`)));
      expect(img.width).toBe(53);
      expect(img.height).toBe(29);
      expect(createHash('sha256').update(img.data).digest('hex')).toBe(hash);
    }
  });

  it('writes PNGs that PIL reads back pixel for pixel', () => {
    for (const channels of [1, 3] as const) {
      const img = pattern(41, 17, channels);
      const file = join(dir, `ours_${channels}.png`);
      writeFileSync(file, encodePng(img));
      const hex = python(
        `import PIL.Image as I; im = I.open(${JSON.stringify(file)}); print(im.mode, im.tobytes().hex())`,
      );
      const [mode, data] = hex.trim().split(' ');
      expect(mode).toBe(channels === 1 ? 'L' : 'RGB');
      expect(data).toBe(Buffer.from(img.data).toString('hex'));
    }
  });
});
