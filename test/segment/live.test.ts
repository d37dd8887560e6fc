import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveSegmenter, percentile, SegmentPool, summarize } from '../../src/segment/index.js';
import { TINY_CARD } from './helpers.js';

describe('latency percentiles', () => {
  it('uses nearest rank', () => {
    const s = Array.from({ length: 100 }, (_, i) => i + 1);
    expect([percentile(s, 50), percentile(s, 95), percentile(s, 99), percentile(s, 100)]).toEqual([
      50, 95, 99, 100,
    ]);
    const sum = summarize([30, 10, 20]);
    expect(sum).toMatchObject({ count: 3, p50: 20, max: 30, mean: 20 });
    expect(Number.isNaN(summarize([]).p50)).toBe(true);
  });
});

describe('LiveSegmenter', () => {
  let pool: SegmentPool;
  beforeAll(async () => {
    pool = await SegmentPool.create({ model: TINY_CARD, workers: 1 });
  });
  afterAll(() => pool.close());

  it('newest frame wins: a burst keeps the first (in flight) and the last, skipping the rest', async () => {
    const done: number[] = [];
    const skipped: number[] = [];
    const live = new LiveSegmenter<number>(pool, {
      onLabel: (r, meta, latency) => {
        expect(r.label.length).toBe(320 * 240);
        expect(latency).toBeGreaterThan(0);
        done.push(meta);
      },
      onSkip: (meta, pixels) => {
        expect(pixels.length).toBe(320 * 240); // the skipped frame's pixels come back untouched
        skipped.push(meta);
      },
    });
    for (let i = 0; i < 10; i++) live.push({ width: 320, height: 240, data: new Uint8Array(320 * 240) }, i);
    await live.idle();
    expect(done).toEqual([0, 9]);
    expect(skipped).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const s = live.stats();
    expect(s).toMatchObject({ received: 10, segmented: 2, skipped: 8, failed: 0 });
    expect(s.latency.count).toBe(2);
    // Frame 9 waited for frame 0 to finish, so its latency is the larger one.
    expect(s.latency.max).toBeGreaterThanOrEqual(s.latency.p50);
  });

  it('frames spaced wider than the segmentation time are all segmented', async () => {
    const live = new LiveSegmenter(pool, { onLabel: () => {} });
    for (let i = 0; i < 5; i++) {
      live.push({ width: 64, height: 48, data: new Uint8Array(64 * 48) }, undefined);
      await live.idle();
    }
    expect(live.stats()).toMatchObject({ received: 5, segmented: 5, skipped: 0 });
    expect(live.stats().latency.count).toBe(5);
  });

  it('counts failures and keeps going', async () => {
    const errors: string[] = [];
    const live = new LiveSegmenter(pool, { onLabel: () => {}, onError: (e) => errors.push(e.code) });
    live.push({ width: 4, height: 4, data: new Uint8Array(3) }, undefined);
    await live.idle();
    live.push({ width: 4, height: 4, data: new Uint8Array(16) }, undefined);
    await live.idle();
    expect(errors).toEqual(['SEG_PIXEL_TYPE']);
    expect(live.stats()).toMatchObject({ received: 2, segmented: 1, failed: 1 });
  });
});
