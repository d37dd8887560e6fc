import type { Worker } from 'node:worker_threads';
import { siblingWorkerUrl, spawnModuleWorker } from '../util/module-worker.js';
import { loadCard, type LoadedCard } from './card.js';
import { DEFAULT_CRF, type CrfParams } from './crf.js';
import { SegmentError } from './errors.js';
import type { StageTimings } from './kernel.js';
import { checkFrame } from './preprocess.js';
import type { FromWorker, ToWorker } from './protocol.js';
import type { ProviderName, ProviderOption } from './session.js';

export interface PoolOptions {
  /** Model card path (models/<name>.json) or an already loaded card. */
  readonly model: string | LoadedCard;
  /** Worker threads, each with its own ORT session (default 1). */
  readonly workers?: number;
  /** ORT intra-op threads per worker (default 1). */
  readonly intraOpThreads?: number;
  readonly provider?: ProviderOption;
  /** CRF refinement for every frame: true = DEFAULT_CRF, or explicit parameters (default off). */
  readonly crf?: boolean | CrfParams;
  /** One-line notices (which provider runs, worker replaced). Default: none. */
  readonly log?: (line: string) => void;
  /** Worker entry module; default this folder's worker. Tests point it at a wrapper that can fail. */
  readonly workerUrl?: URL;
}

/** One frame's label. `pixels` is the frame's own pixel buffer, transferred back after use. */
export interface SegmentResult {
  readonly width: number;
  readonly height: number;
  readonly label: Uint8Array;
  readonly pixels: Uint8Array;
  readonly timings: StageTimings;
}

interface Job {
  readonly id: number;
  readonly msg: Extract<ToWorker, { type: 'frame' }>;
  readonly resolve: (r: SegmentResult) => void;
  readonly reject: (e: SegmentError) => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  job: Job | undefined;
}

function defaultWorkerUrl(): URL {
  return siblingWorkerUrl(import.meta.url, 'worker');
}

/**
 * A pool of segmentation workers. Frames queue FIFO and go to the first idle worker; pixel buffers are
 * transferred (the caller's `data` is detached by segment() and comes back as `result.pixels`). A worker
 * that dies rejects its frame with SEG_WORKER_DIED and is replaced.
 */
export class SegmentPool {
  readonly card: LoadedCard;
  readonly size: number;
  private readonly opts: PoolOptions;
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  private crf: CrfParams | null;
  private providerName: ProviderName = 'cpu';
  private restartCount = 0;
  private providerLogged = false;

  private constructor(card: LoadedCard, opts: PoolOptions) {
    this.card = card;
    this.opts = opts;
    this.size = Math.max(1, Math.floor(opts.workers ?? 1));
    this.crf = opts.crf === true ? DEFAULT_CRF : opts.crf ? opts.crf : null;
  }

  /** Loads the card, starts the workers and waits until each has opened the model. */
  static async create(opts: PoolOptions): Promise<SegmentPool> {
    const card = typeof opts.model === 'string' ? await loadCard(opts.model) : opts.model;
    const pool = new SegmentPool(card, opts);
    try {
      await Promise.all(Array.from({ length: pool.size }, () => pool.startSlot()));
    } catch (e) {
      await pool.close();
      throw e;
    }
    return pool;
  }

  /** The execution provider the workers run on. */
  get provider(): ProviderName {
    return this.providerName;
  }

  /** Workers replaced after dying. */
  get restarts(): number {
    return this.restartCount;
  }

  /** Frames being segmented right now. */
  get busy(): number {
    return this.slots.filter((s) => s.job !== undefined).length;
  }

  /** Frames waiting for a worker. */
  get queued(): number {
    return this.queue.length;
  }

  /**
   * Segments one 8-bit frame of any size (the card's crop/resize adapt it). The frame's buffer is
   * transferred when the view spans all of it, else copied once. `crf` overrides the pool setting.
   */
  segment(
    frame: { width: number; height: number; data: ArrayBufferView },
    opts: { crf?: boolean | CrfParams } = {},
  ): Promise<SegmentResult> {
    return new Promise<SegmentResult>((resolve, reject) => {
      if (this.closed) throw new SegmentError('SEG_CLOSED', 'segmentation pool is closed');
      checkFrame(frame);
      const d = frame.data;
      const whole =
        d.byteOffset === 0 && d.byteLength === d.buffer.byteLength && d.buffer instanceof ArrayBuffer;
      const data = whole ? d : d.slice();
      const crf = opts.crf === undefined ? this.crf : opts.crf === true ? DEFAULT_CRF : opts.crf || null;
      const id = this.nextId++;
      const msg = { type: 'frame', id, width: frame.width, height: frame.height, data, crf } as const;
      this.queue.push({ id, msg, resolve, reject });
      this.pump();
    });
  }

  /** Stops every worker; queued and in-flight frames reject with SEG_CLOSED. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const err = new SegmentError('SEG_CLOSED', 'segmentation pool closed');
    for (const job of this.queue.splice(0)) job.reject(err);
    await Promise.all(
      this.slots.splice(0).map(async (s) => {
        s.job?.reject(err);
        s.job = undefined;
        await s.worker.terminate();
      }),
    );
  }

  private log(line: string): void {
    this.opts.log?.(line);
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (!slot.ready || slot.job) continue;
      const job = this.queue.shift()!;
      slot.job = job;
      slot.worker.postMessage(job.msg, [job.msg.data.buffer as ArrayBuffer]);
    }
  }

  /** Starts one worker; resolves once it has opened the model, rejects with its SegmentError. */
  private startSlot(): Promise<void> {
    const worker = spawnModuleWorker(this.opts.workerUrl ?? defaultWorkerUrl());
    const slot: Slot = { worker, ready: false, job: undefined };
    this.slots.push(slot);
    const provider = this.opts.provider ?? 'cpu';
    const init: ToWorker = {
      type: 'init',
      onnxPath: this.card.onnxPath,
      card: this.card.card,
      provider,
      intraOpThreads: this.opts.intraOpThreads ?? 1,
    };
    worker.postMessage(init);
    return new Promise<void>((resolve, reject) => {
      worker.on('message', (m: FromWorker) => {
        if (m.type === 'ready') {
          slot.ready = true;
          this.providerName = m.provider;
          // Every worker probes the providers the same way: report the outcome once.
          if (!this.providerLogged) for (const line of m.log) this.log(line);
          this.providerLogged = true;
          resolve();
          this.pump();
        } else if (m.type === 'init-error') {
          reject(new SegmentError(m.error.code, m.error.message));
        } else {
          const job = slot.job;
          if (!job || job.id !== m.id) return;
          slot.job = undefined;
          if (m.type === 'result') {
            job.resolve({
              width: job.msg.width,
              height: job.msg.height,
              label: m.label,
              pixels: m.pixels,
              timings: m.timings,
            });
          } else {
            job.reject(new SegmentError(m.error.code, m.error.message));
          }
          this.pump();
        }
      });
      worker.on('error', (e) => this.died(slot, e, reject));
      worker.on('exit', (code) => this.died(slot, new Error(`exit code ${code}`), reject));
    });
  }

  private died(slot: Slot, cause: Error, rejectStart: (e: SegmentError) => void): void {
    const i = this.slots.indexOf(slot);
    if (i < 0) return; // already handled ('error' is followed by 'exit') or closed
    this.slots.splice(i, 1);
    const err = new SegmentError('SEG_WORKER_DIED', `segmentation worker died: ${cause.message}`, { cause });
    rejectStart(err);
    if (slot.job) {
      slot.job.reject(err);
      slot.job = undefined;
    }
    if (this.closed || !slot.ready) return;
    this.restartCount++;
    this.log(`segment: worker died (${cause.message}); starting a replacement`);
    this.startSlot().catch((e: unknown) => {
      this.log(`segment: replacement worker failed: ${e instanceof Error ? e.message : String(e)}`);
      if (this.slots.length === 0) for (const job of this.queue.splice(0)) job.reject(err);
    });
  }
}
