import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  effectiveCrop,
  loadCard,
  parseCard,
  postprocess,
  preprocess,
  removeSmallComponents,
  resizeBilinear,
  SegmentError,
  type ModelCard,
} from '../../src/segment/index.js';
import { hasTorch, rng, TORCH_PYTHON } from './helpers.js';

function card(over: Partial<Record<string, unknown>> = {}): ModelCard {
  return parseCard({
    name: 't',
    onnx: 't.onnx',
    input: { width: 2, height: 2, channels: 1, layout: 'NCHW', mean: 0.5, std: 0.25 },
    crop: null,
    output: { kind: 'logits', channels: 1, threshold: 0.5 },
    postprocess: { minComponentArea: 0 },
    ...over,
  });
}

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return e instanceof SegmentError ? e.code : `not a SegmentError: ${String(e)}`;
  }
  return undefined;
}

const whole = (w: number, h: number) => ({ x: 0, y: 0, width: w, height: h });

describe('bilinear resize (half-pixel centres)', () => {
  it('upsamples 2x2 to 4x4 as computed by hand', () => {
    const out = resizeBilinear([0, 10, 20, 30], 2, whole(2, 2), 4, 4);
    expect(Array.from(out)).toEqual([
      0, 2.5, 7.5, 10, 5, 7.5, 12.5, 15, 15, 17.5, 22.5, 25, 20, 22.5, 27.5, 30,
    ]);
  });

  it('downsamples 4x1 to 2x1 by averaging pixel pairs', () => {
    expect(Array.from(resizeBilinear([0, 10, 20, 30], 4, whole(4, 1), 2, 1))).toEqual([5, 25]);
  });

  it('reads only the given sub-rectangle', () => {
    const src = Array.from({ length: 16 }, (_, i) => i);
    expect(Array.from(resizeBilinear(src, 4, { x: 1, y: 2, width: 2, height: 2 }, 2, 2))).toEqual([
      9, 10, 13, 14,
    ]);
  });

  it.skipIf(!hasTorch())('matches torch interpolate(bilinear, align_corners=False)', () => {
    const r = rng(42);
    const sizes = [
      [7, 5, 13, 11],
      [13, 11, 7, 5],
      [40, 30, 320, 240],
      [640, 480, 256, 192],
      [33, 17, 20, 40],
      [1, 1, 3, 2],
    ] as const;
    const cases = sizes.map(([w, h, ow, oh]) => ({
      w,
      h,
      ow,
      oh,
      data: Array.from({ length: w * h }, () => Math.round(r() * 255)),
    }));
    const py = fileURLToPath(new URL('./torch_interp.py', import.meta.url));
    const res = spawnSync(TORCH_PYTHON, [py], { input: JSON.stringify(cases), maxBuffer: 64 << 20 });
    expect(res.status, res.stderr?.toString()).toBe(0);
    const ref = JSON.parse(res.stdout.toString()) as number[][];
    cases.forEach((c, k) => {
      const ours = resizeBilinear(c.data, c.w, whole(c.w, c.h), c.ow, c.oh);
      const want = ref[k]!;
      expect(ours.length).toBe(want.length);
      let worst = 0;
      for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(ours[i]! - want[i]!));
      expect(worst, `case ${c.w}x${c.h}->${c.ow}x${c.oh}`).toBeLessThan(1e-3);
    });
  });
});

describe('preprocess', () => {
  it('crops, resizes and normalises (v/255 - mean)/std', () => {
    const data = Uint8Array.from({ length: 16 }, (_, i) => i * 10);
    const c = card({ crop: { x: 1, y: 1, width: 2, height: 2 } });
    const { input, grey } = preprocess(c, { width: 4, height: 4, data });
    expect(Array.from(grey)).toEqual([50, 60, 90, 100]);
    const want = [50, 60, 90, 100].map((v) => Math.fround((v / 255 - 0.5) / 0.25));
    expect(Array.from(input)).toEqual(want);
  });

  it('refuses other pixel types and impossible frames with codes', () => {
    const c = card();
    const bad = (data: unknown, w = 4, h = 4) =>
      codeOf(() => preprocess(c, { width: w, height: h, data } as never));
    expect(bad(new Uint16Array(16))).toBe('SEG_PIXEL_TYPE');
    expect(bad(new Float32Array(16))).toBe('SEG_PIXEL_TYPE');
    expect(bad(new Uint8Array(48))).toBe('SEG_PIXEL_TYPE'); // RGB
    expect(bad(new Uint8Array(16), 0, 4)).toBe('SEG_FRAME');
  });

  it('clips the crop to smaller frames and refuses a crop entirely outside', () => {
    const c = card({ crop: { x: 10, y: 10, width: 100, height: 50 } });
    expect(effectiveCrop(c, 60, 40)).toEqual({ x: 10, y: 10, width: 50, height: 30 });
    expect(codeOf(() => effectiveCrop(c, 8, 8))).toBe('SEG_FRAME');
  });
});

describe('postprocess', () => {
  const logits = Float32Array.from([1, -1, -1, 1]);

  it('resizes logits to the crop, thresholds at logit 0 and pastes into the frame', () => {
    const c = card({ crop: { x: 1, y: 1, width: 4, height: 2 } });
    const label = postprocess(c, logits, 6, 4);
    // Upsampled rows: [1, .5, -.5, -1] and [-1, -.5, .5, 1].
    expect(Array.from(label)).toEqual([
      0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0,
    ]);
  });

  it('thresholds on the logit of the card threshold', () => {
    const c = card({
      crop: { x: 1, y: 1, width: 4, height: 2 },
      output: { kind: 'logits', channels: 1, threshold: 0.7 },
    });
    const label = postprocess(c, logits, 6, 4);
    expect(label.reduce((s, v) => s + v, 0)).toBe(2); // only the two |logit| = 1 corners exceed 0.847
  });

  it('removes 8-connected components below minComponentArea', () => {
    const keep = postprocess(
      card({ crop: { x: 1, y: 1, width: 4, height: 2 }, postprocess: { minComponentArea: 4 } }),
      logits,
      6,
      4,
    );
    expect(keep.reduce((s, v) => s + v, 0)).toBe(4); // the two runs touch diagonally: one component
    const drop = postprocess(
      card({ crop: { x: 1, y: 1, width: 4, height: 2 }, postprocess: { minComponentArea: 5 } }),
      logits,
      6,
      4,
    );
    expect(drop.reduce((s, v) => s + v, 0)).toBe(0);
  });

  it('refuses logits of the wrong length', () => {
    expect(codeOf(() => postprocess(card(), new Float32Array(5), 4, 4))).toBe('SEG_SHAPE');
  });
});

describe('small-component removal', () => {
  it('counts diagonal neighbours as connected and removes only the small blobs', () => {
    // 6x5: a 2-pixel diagonal pair, a 1-pixel speck, and a 6-pixel L.
    const m = Uint8Array.from([
      1,
      0,
      0,
      0,
      0,
      0, //
      0,
      1,
      0,
      0,
      1,
      0, //
      0,
      0,
      0,
      0,
      0,
      0, //
      1,
      1,
      1,
      1,
      0,
      0, //
      0,
      0,
      0,
      1,
      1,
      0,
    ]);
    expect(removeSmallComponents(m, 6, 5, 3)).toBe(2);
    expect(m.reduce((s, v) => s + v, 0)).toBe(6);
    expect(m[0]).toBe(0);
    expect(m[3 * 6]).toBe(1);
  });
});

/** Reference: per-pixel BFS labelling, 8-connected, the obvious way. */
function naiveRemove(m: Uint8Array, w: number, h: number, minArea: number): Uint8Array {
  const out = m.slice();
  const seen = new Uint8Array(m.length);
  for (let s = 0; s < m.length; s++) {
    if (!m[s] || seen[s]) continue;
    const comp = [s];
    seen[s] = 1;
    for (let k = 0; k < comp.length; k++) {
      const p = comp[k]!;
      const x = p % w;
      const y = Math.floor(p / w);
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          const yy = y + dy;
          const q = yy * w + xx;
          if (xx >= 0 && yy >= 0 && xx < w && yy < h && m[q] && !seen[q]) {
            seen[q] = 1;
            comp.push(q);
          }
        }
      }
    }
    if (comp.length < minArea) for (const p of comp) out[p] = 0;
  }
  return out;
}

describe('small-component removal against a per-pixel flood fill', () => {
  it('agrees on random masks of several densities', () => {
    const r = rng(5);
    for (const density of [0.1, 0.3, 0.45, 0.6]) {
      const w = 57;
      const h = 41;
      const m = Uint8Array.from({ length: w * h }, () => (r() < density ? 1 : 0));
      for (const minArea of [2, 5, 30]) {
        const ours = m.slice();
        removeSmallComponents(ours, w, h, minArea);
        expect(ours, `density ${density} minArea ${minArea}`).toEqual(naiveRemove(m, w, h, minArea));
      }
    }
  });
});

describe('model card', () => {
  it('validates fields with SEG_CARD naming the field', () => {
    expect(codeOf(() => parseCard({ name: 'x', onnx: 'x.onnx' }))).toBe('SEG_CARD');
    const noStd = { name: 'x', onnx: 'x', input: { width: 2, height: 2, channels: 1, mean: 0 }, output: {} };
    expect(() => parseCard(noStd)).toThrow(/input\.std/);
    expect(codeOf(() => card({ output: { kind: 'logits', channels: 1, threshold: 1.5 } }))).toBe('SEG_CARD');
    expect(codeOf(() => card({ crop: { x: -1, y: 0, width: 2, height: 2 } }))).toBe('SEG_CARD');
  });

  it('loads from disk, resolving the ONNX path beside the card; bad files are SEG_CARD', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'seg-card-'));
    writeFileSync(join(dir, 'a.json'), JSON.stringify({ ...card(), onnx: 'a.onnx' }));
    writeFileSync(join(dir, 'bad.json'), '{ not json');
    const loaded = await loadCard(join(dir, 'a.json'));
    expect(loaded.onnxPath).toBe(join(dir, 'a.onnx'));
    await expect(loadCard(join(dir, 'bad.json'))).rejects.toMatchObject({ code: 'SEG_CARD' });
    await expect(loadCard(join(dir, 'missing.json'))).rejects.toMatchObject({ code: 'SEG_CARD' });
  });
});
