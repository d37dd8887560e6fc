import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  listedGpuProviders,
  loadCard,
  openModel,
  SegmentError,
  SegmentPool,
  segmentFrame,
} from '../../src/segment/index.js';
import { ellipseFrame, TINY_CARD } from './helpers.js';

const dying = new URL('./dying-worker.ts', import.meta.url);

/** A copy of the tiny card in a temp folder with some fields changed (and optionally another ONNX file). */
async function variant(change: Record<string, unknown>, onnxBytes?: Uint8Array): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'seg-pool-'));
  const card = JSON.parse(await readFile(TINY_CARD, 'utf8')) as Record<string, unknown>;
  if (onnxBytes) writeFileSync(join(dir, 'tiny.onnx'), onnxBytes);
  else copyFileSync(TINY_CARD.replace(/json$/, 'onnx'), join(dir, 'tiny.onnx'));
  writeFileSync(join(dir, 'tiny.json'), JSON.stringify({ ...card, ...change }));
  return join(dir, 'tiny.json');
}

describe('SegmentPool', () => {
  let pool: SegmentPool;
  const logs: string[] = [];

  beforeAll(async () => {
    pool = await SegmentPool.create({
      model: TINY_CARD,
      workers: 2,
      workerUrl: dying,
      log: (l) => logs.push(l),
    });
  });
  afterAll(() => pool.close());

  it('segments like the in-thread kernel, transferring the pixels both ways', async () => {
    const { frame, mask } = ellipseFrame(200, 150, 100, 70, 50, 30);
    const copy = frame.data.slice();
    const loaded = await loadCard(TINY_CARD);
    const model = await openModel(loaded.onnxPath, loaded.card);
    const direct = await segmentFrame(loaded.card, { ...frame, data: copy }, model.infer);
    await model.dispose();
    const r = await pool.segment(frame);
    expect(frame.data.byteLength).toBe(0); // transferred, not copied
    expect(r.pixels).toEqual(copy);
    expect(r.label).toEqual(direct.label);
    let tp = 0;
    let n = 0;
    for (let i = 0; i < mask.length; i++) {
      tp += mask[i]! & r.label[i]!;
      n += mask[i]! + r.label[i]!;
    }
    expect((2 * tp) / n).toBeGreaterThan(0.9); // the tiny net finds the bright ellipse
  });

  it('copies a view on a larger buffer instead of detaching it', async () => {
    const big = new Uint8Array(1000 + 64 * 48);
    const r = await pool.segment({ width: 64, height: 48, data: big.subarray(1000) });
    expect(big.byteLength).toBe(1000 + 64 * 48);
    expect(r.label.length).toBe(64 * 48);
  });

  it('resizes frames of any size through the card pipeline', async () => {
    const sizes = [
      [640, 480],
      [33, 17],
      [1, 1],
    ] as const;
    for (const [w, h] of sizes) {
      const r = await pool.segment({ width: w, height: h, data: new Uint8Array(w * h).fill(250) });
      expect(r.label.length).toBe(w * h);
      expect(r.label.every((v) => v === 1) || w * h < 20).toBe(true);
    }
  });

  it('refuses unsupported pixel types with SEG_PIXEL_TYPE and keeps running', async () => {
    await expect(pool.segment({ width: 4, height: 4, data: new Uint16Array(16) })).rejects.toMatchObject({
      code: 'SEG_PIXEL_TYPE',
    });
    await expect(pool.segment({ width: 4, height: 4, data: new Uint8Array(48) })).rejects.toMatchObject({
      code: 'SEG_PIXEL_TYPE',
    });
    const r = await pool.segment({ width: 8, height: 8, data: new Uint8Array(64) });
    expect(r.label.length).toBe(64);
  });

  it('replaces a worker that exits or throws, rejecting its frame with SEG_WORKER_DIED', async () => {
    const before = pool.restarts;
    const exit = pool.segment({ width: 13, height: 5, data: new Uint8Array(65) });
    await expect(exit).rejects.toMatchObject({ code: 'SEG_WORKER_DIED' });
    const thrown = pool.segment({ width: 14, height: 5, data: new Uint8Array(70) });
    await expect(thrown).rejects.toMatchObject({ code: 'SEG_WORKER_DIED' });
    expect(pool.restarts).toBe(before + 2);
    // The pool is back to full strength: two frames run side by side again.
    const rs = await Promise.all(
      [0, 1, 2, 3].map(() => pool.segment({ width: 20, height: 20, data: new Uint8Array(400) })),
    );
    expect(rs).toHaveLength(4);
    expect(logs.some((l) => /worker died/.test(l))).toBe(true);
  });

  it('keeps the main event loop responsive while the workers are saturated', async () => {
    // Big frames make each one ~50-100 ms of pre/post work. Run in this thread, that work holds the
    // event loop; through the pool the main thread only posts messages. Two measures: a 5 ms interval
    // timer keeps firing with bounded lag, and the event loop's utilisation (busy fraction, which OS
    // scheduling noise on a loaded machine does not inflate the way it inflates timer lag) stays far
    // below that of the same work done in this thread.
    const { frame } = ellipseFrame(1600, 1200, 800, 600, 400, 250);
    const loaded = await loadCard(TINY_CARD);
    const model = await openModel(loaded.onnxPath, loaded.card);
    const measure = async (work: () => Promise<unknown>) => {
      let last = performance.now();
      let worst = 0;
      let ticks = 0;
      const timer = setInterval(() => {
        const now = performance.now();
        worst = Math.max(worst, now - last - 5);
        last = now;
        ticks++;
      }, 5);
      const elu0 = performance.eventLoopUtilization();
      const t0 = performance.now();
      await work();
      const elu = performance.eventLoopUtilization(elu0).utilization;
      clearInterval(timer);
      return { worst, ticks, elu, elapsed: performance.now() - t0 };
    };
    const frames = () => Array.from({ length: 8 }, () => ({ ...frame, data: frame.data.slice() }));
    const inThread = frames();
    const direct = await measure(async () => {
      for (const f of inThread) await segmentFrame(loaded.card, f, model.infer);
    });
    await model.dispose();
    const viaPool = frames();
    const pooled = await measure(() => Promise.all(viaPool.map((f) => pool.segment(f, { crf: true }))));
    expect(pooled.elapsed).toBeGreaterThan(200); // the pool was busy long enough for this to mean something
    expect(direct.elu).toBeGreaterThan(0.5);
    expect(pooled.elu).toBeLessThan(direct.elu / 2);
    // The timer fires far more often per second than while the loop itself does the work.
    expect(pooled.ticks / pooled.elapsed).toBeGreaterThan((2 * direct.ticks) / direct.elapsed);
    expect(pooled.worst).toBeLessThan(1000);
  });
});

describe('bad models and providers', () => {
  it('a missing ONNX file is SEG_MODEL', async () => {
    const card = await variant({ onnx: 'nope.onnx' });
    await expect(SegmentPool.create({ model: card })).rejects.toMatchObject({ code: 'SEG_MODEL' });
  });

  it('a corrupt ONNX file is SEG_MODEL', async () => {
    const card = await variant({}, new TextEncoder().encode('this is not a protobuf model'));
    await expect(SegmentPool.create({ model: card })).rejects.toMatchObject({ code: 'SEG_MODEL' });
  });

  it('a card whose input size disagrees with the graph is SEG_SHAPE', async () => {
    const card = await variant({
      input: { width: 32, height: 32, channels: 1, layout: 'NCHW', mean: 0.5, std: 0.25 },
    });
    await expect(SegmentPool.create({ model: card, workers: 2 })).rejects.toMatchObject({
      code: 'SEG_SHAPE',
    });
  });

  it("'auto' falls back to CPU with one log line naming the provider", async () => {
    const logs: string[] = [];
    const p = await SegmentPool.create({
      model: TINY_CARD,
      workers: 2,
      provider: 'auto',
      log: (l) => logs.push(l),
    });
    try {
      const gpus = listedGpuProviders();
      expect(['cpu', ...gpus]).toContain(p.provider);
      const lines = logs.filter((l) => l.includes('running tiny on'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(p.provider);
      const r = await p.segment({ width: 64, height: 48, data: new Uint8Array(64 * 48) });
      expect(r.label.length).toBe(64 * 48);
    } finally {
      await p.close();
    }
  });

  it("an explicit 'cuda' that cannot load is SEG_PROVIDER (or runs on CUDA where it can)", async () => {
    try {
      const p = await SegmentPool.create({ model: TINY_CARD, provider: 'cuda' });
      expect(p.provider).toBe('cuda');
      await p.close();
    } catch (e) {
      expect(e).toBeInstanceOf(SegmentError);
      expect((e as SegmentError).code).toBe('SEG_PROVIDER');
    }
  });

  it('a closed pool refuses frames with SEG_CLOSED', async () => {
    const p = await SegmentPool.create({ model: TINY_CARD });
    const pending = expect(
      p.segment({ width: 64, height: 48, data: new Uint8Array(64 * 48) }),
    ).rejects.toMatchObject({
      code: 'SEG_CLOSED',
    });
    await p.close();
    await pending;
    await expect(p.segment({ width: 2, height: 2, data: new Uint8Array(4) })).rejects.toMatchObject({
      code: 'SEG_CLOSED',
    });
  });
});
