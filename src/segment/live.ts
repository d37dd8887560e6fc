import type { CrfParams } from './crf.js';
import type { SegmentError } from './errors.js';
import type { SegmentPool, SegmentResult } from './pool.js';

/** Receive -> label-ready latency summary in milliseconds. */
export interface LatencySummary {
  readonly count: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly mean: number;
  readonly max: number;
}

export interface LiveStats {
  readonly received: number;
  readonly segmented: number;
  /** Frames dropped because a newer one arrived before a worker was free. */
  readonly skipped: number;
  readonly failed: number;
  readonly latency: LatencySummary;
}

/** Nearest-rank percentile of an ascending array (NaN when empty). */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

/** p50/p95/p99/mean/max of a list of latencies. */
export function summarize(latencies: readonly number[]): LatencySummary {
  const s = Float64Array.from(latencies).sort();
  let sum = 0;
  for (const v of s) sum += v;
  return {
    count: s.length,
    p50: percentile(s, 50),
    p95: percentile(s, 95),
    p99: percentile(s, 99),
    mean: s.length ? sum / s.length : NaN,
    max: s.length ? s[s.length - 1]! : NaN,
  };
}

interface Pending<M> {
  readonly frame: { width: number; height: number; data: Uint8Array };
  readonly meta: M;
  readonly received: number;
}

export interface LiveOptions<M> {
  /** Called for every label, in completion order, with the frame's metadata and its latency. */
  readonly onLabel: (result: SegmentResult, meta: M, latencyMs: number) => void;
  /** Called when a frame fails (the pool stays up). */
  readonly onError?: (error: SegmentError, meta: M) => void;
  /** Called with each frame dropped in favour of a newer one (its pixels are handed back). */
  readonly onSkip?: (meta: M, pixels: Uint8Array) => void;
  readonly crf?: boolean | CrfParams;
  /** How many recent latencies feed the percentiles (default 10000). */
  readonly window?: number;
}

/**
 * Live policy over a pool: at most one frame per worker in flight and ONE waiting; a frame that
 * arrives while another is waiting replaces it (newest wins), and the replaced one is counted as
 * skipped. Latency runs from push() to the label being ready on the main thread.
 */
export class LiveSegmenter<M = undefined> {
  private readonly pool: SegmentPool;
  private readonly opts: LiveOptions<M>;
  private waiting: Pending<M> | undefined;
  private inFlight = 0;
  private received = 0;
  private segmented = 0;
  private skipped = 0;
  private failed = 0;
  private readonly latencies: number[] = [];
  private idleWaiters: (() => void)[] = [];

  constructor(pool: SegmentPool, opts: LiveOptions<M>) {
    this.pool = pool;
    this.opts = opts;
  }

  /** Offers a frame (its buffer is transferred to a worker when it runs). */
  push(frame: { width: number; height: number; data: Uint8Array }, meta: M): void {
    this.received++;
    const p: Pending<M> = { frame, meta, received: performance.now() };
    if (this.inFlight < this.pool.size) {
      this.start(p);
      return;
    }
    if (this.waiting) {
      this.skipped++;
      this.opts.onSkip?.(this.waiting.meta, this.waiting.frame.data);
    }
    this.waiting = p;
  }

  stats(): LiveStats {
    return {
      received: this.received,
      segmented: this.segmented,
      skipped: this.skipped,
      failed: this.failed,
      latency: summarize(this.latencies),
    };
  }

  /** Resolves once nothing is in flight or waiting. */
  idle(): Promise<void> {
    if (this.inFlight === 0 && !this.waiting) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private start(p: Pending<M>): void {
    this.inFlight++;
    const opts = this.opts.crf === undefined ? {} : { crf: this.opts.crf };
    this.pool.segment(p.frame, opts).then(
      (r) => {
        const latency = performance.now() - p.received;
        this.segmented++;
        this.latencies.push(latency);
        if (this.latencies.length > (this.opts.window ?? 10_000)) this.latencies.shift();
        this.finish();
        this.opts.onLabel(r, p.meta, latency);
      },
      (e: SegmentError) => {
        this.failed++;
        this.finish();
        this.opts.onError?.(e, p.meta);
      },
    );
  }

  private finish(): void {
    this.inFlight--;
    const next = this.waiting;
    this.waiting = undefined;
    if (next) this.start(next);
    if (this.inFlight === 0 && !this.waiting) for (const w of this.idleWaiters.splice(0)) w();
  }
}
