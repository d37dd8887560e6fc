/**
 * Segmentation runtime (src/segment) with the default model on 640x480 frames:
 *  - forward pass only: onnxruntime-node vs PyTorch (bench/segment_torch.py, same model and input,
 *    torch.set_num_threads = ORT intra-op threads), ratio = torch ms / ours (> 1: we are faster);
 *  - whole pipeline (pre + network + post [+ CRF]) through the worker pool, 1 and 2 workers, CRF off/on,
 *    frames/s with frames kept queued (throughput), vs PyTorch's pipeline (models/pipeline.py) per frame;
 *  - a live 30 / 60 fps feed through the newest-frame-wins policy: frames skipped, latency p50/p95/p99;
 *  - the CRF's Dice gain on simulator frames (`spinebridge simulate --seed 11`: a patient not used to pick
 *    DEFAULT_CRF, which came from seed 7) and its cost per frame.
 * Goal: >= 30 frames/s with the default model on this 2-core CPU, and at least as fast as PyTorch.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodePng } from '../src/image/index.js';
import {
  LiveSegmenter,
  loadCard,
  openModel,
  overlap,
  SegmentPool,
  type SegmentResult,
} from '../src/segment/index.js';
import type { BenchRow } from './run.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const CARD = process.env['SEGMENT_BENCH_MODEL'] ?? join(ROOT, 'models', 'ugbnet-lite.json');
const W = 640;
const H = 480;
const FRAMES = Number(process.env['SEGMENT_BENCH_FRAMES'] ?? 60);

function frame(): Uint8Array {
  const d = new Uint8Array(W * H);
  for (let i = 0; i < d.length; i++) d[i] = (i * 2654435761) >>> 24; // same bytes as segment_torch.py
  return d;
}

/** Frames/s of the pool with `2 x workers` frames always queued. */
async function throughput(
  pool: SegmentPool,
  n: number,
  crf: boolean,
): Promise<{ ms: number; stages: string }> {
  const src = frame();
  const run = async (count: number): Promise<SegmentResult[]> => {
    const all: Promise<SegmentResult>[] = [];
    const inFlight = new Set<Promise<SegmentResult>>();
    for (let i = 0; i < count; i++) {
      const p = pool.segment({ width: W, height: H, data: src.slice() }, { crf });
      all.push(p);
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
      if (inFlight.size >= 2 * pool.size) await Promise.race(inFlight);
    }
    return Promise.all(all);
  };
  await run(2 * pool.size); // warm-up
  const t0 = performance.now();
  const rs = await run(n);
  const ms = (performance.now() - t0) / n;
  const avg = (k: 'preMs' | 'inferMs' | 'crfMs' | 'postMs') =>
    (rs.reduce((s, r) => s + r.timings[k], 0) / n).toFixed(1);
  return {
    ms,
    stages: `pre ${avg('preMs')} / net ${avg('inferMs')} / crf ${avg('crfMs')} / post ${avg('postMs')}`,
  };
}

function torch(frames: number): { threads: number; forwardMs: number; pipelineMs: number }[] | undefined {
  try {
    const out = execFileSync(
      '/usr/bin/python3',
      [join(ROOT, 'bench', 'segment_torch.py'), CARD, '--frames', String(frames), '--threads', '1,2'],
      { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    return (JSON.parse(out) as { rows: { threads: number; forwardMs: number; pipelineMs: number }[] }).rows;
  } catch (e) {
    process.stderr.write(
      `segment bench: PyTorch reference unavailable: ${(e as Error).message.split('\n')[0]}\n`,
    );
    return undefined;
  }
}

/** A camera-like feed at `fps` for `seconds` through the live policy (newest frame wins). */
async function live(pool: SegmentPool, fps: number, seconds: number): Promise<BenchRow> {
  const src = frame();
  const seg = new LiveSegmenter(pool, { onLabel: () => {} });
  const n = Math.round(fps * seconds);
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const due = t0 + (i * 1000) / fps;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    seg.push({ width: W, height: H, data: src.slice() }, undefined);
  }
  await seg.idle();
  const s = seg.stats();
  return {
    case: `live ${fps} fps feed, ${pool.size} worker(s), ${seconds} s`,
    received: s.received,
    segmented: s.segmented,
    skipped: s.skipped,
    p50Ms: s.latency.p50,
    p95Ms: s.latency.p95,
    p99Ms: s.latency.p99,
  };
}

async function crfOnSim(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'seg-bench-sim-'));
  try {
    execFileSync(
      'npx',
      ['tsx', join(ROOT, 'src/cli/main.ts'), 'simulate', '--out', dir, '--frames', '40', '--seed', '11'],
      {
        cwd: ROOT,
        stdio: 'ignore',
      },
    );
    const names = readdirSync(join(dir, 'frames'))
      .filter((f) => f.endsWith('.png'))
      .sort();
    const pool = await SegmentPool.create({ model: CARD, workers: 2 });
    const rows: BenchRow[] = [];
    try {
      for (const crf of [false, true]) {
        let dice = 0;
        let crfMs = 0;
        for (const name of names) {
          const img = decodePng(readFileSync(join(dir, 'frames', name)));
          const mask = decodePng(readFileSync(join(dir, 'masks', name)));
          const r = await pool.segment({ width: img.width, height: img.height, data: img.data }, { crf });
          dice += overlap(r.label, mask.data).dice;
          crfMs += r.timings.crfMs;
        }
        rows.push({
          case: `simulator test frames (${names.length}), CRF ${crf ? 'on' : 'off'}`,
          dice: dice / names.length,
          crfMsPerFrame: crfMs / names.length,
        });
      }
    } finally {
      await pool.close();
    }
    const gain = (rows[1]!['dice'] as number) - (rows[0]!['dice'] as number);
    rows.push({ case: 'CRF Dice gain', dice: gain, crfMsPerFrame: rows[1]!['crfMsPerFrame']! });
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export default async function bench(): Promise<BenchRow[]> {
  if (!existsSync(CARD)) throw new Error(`segment bench: no model card ${CARD}`);
  const { card, onnxPath } = await loadCard(CARD);
  const rows: BenchRow[] = [];
  const ref = torch(Math.max(10, Math.round(FRAMES / 2)));
  // Forward pass only, in this thread, same threads as torch.
  for (const threads of [1, 2]) {
    const model = await openModel(onnxPath, card, { intraOpThreads: threads });
    const x = new Float32Array(card.input.width * card.input.height).fill(0.1);
    for (let i = 0; i < 5; i++) await model.infer(x);
    const t0 = performance.now();
    for (let i = 0; i < FRAMES; i++) await model.infer(x);
    const ms = (performance.now() - t0) / FRAMES;
    await model.dispose();
    const t = ref?.find((r) => r.threads === threads);
    rows.push({
      case: `${card.name} forward ${card.input.width}x${card.input.height}, ${threads} thread(s)`,
      oursMs: ms,
      torchMs: t?.forwardMs ?? NaN,
      ratio: t ? t.forwardMs / ms : NaN,
    });
  }
  for (const workers of [1, 2]) {
    const pool = await SegmentPool.create({ model: CARD, workers });
    try {
      for (const crf of [false, true]) {
        const { ms, stages } = await throughput(pool, FRAMES, crf);
        // Torch's pipeline with as many threads as we have workers (its best use of the same cores).
        const t = crf ? undefined : ref?.find((r) => r.threads === workers);
        rows.push({
          case: `pipeline 640x480, ${workers} worker(s), CRF ${crf ? 'on' : 'off'}`,
          msPerFrame: ms,
          framesPerSec: 1000 / ms,
          torchMsPerFrame: t?.pipelineMs ?? NaN,
          ratio: t ? t.pipelineMs / ms : NaN,
          stagesMs: stages,
        });
      }
    } finally {
      await pool.close();
    }
  }
  const pool = await SegmentPool.create({ model: CARD, workers: 2 });
  try {
    for (const fps of [30, 60]) rows.push(await live(pool, fps, 4));
  } finally {
    await pool.close();
  }
  rows.push(...(await crfOnSim()));
  return rows;
}
