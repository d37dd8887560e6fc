import { existsSync } from 'node:fs';
import { access } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as ort from 'onnxruntime-node';
import type { ModelCard } from './card.js';
import { SegmentError } from './errors.js';

/** Which ONNX Runtime execution provider runs the model; 'auto' = best available, else CPU. */
export type ProviderOption = 'cpu' | 'cuda' | 'tensorrt' | 'auto';
export type ProviderName = 'cpu' | 'cuda' | 'tensorrt';

export interface SessionOptions {
  readonly provider?: ProviderOption;
  /** ORT intra-op threads for this session (default 1: parallelism comes from the worker pool). */
  readonly intraOpThreads?: number;
}

/** An open model: the ORT session, its card and the provider actually running it. */
export interface OpenModel {
  readonly card: ModelCard;
  readonly provider: ProviderName;
  /** Runs the network on one [H*W] input plane; returns the [H*W] logits. */
  readonly infer: (input: Float32Array) => Promise<Float32Array>;
  readonly dispose: () => Promise<void>;
}

/** The GPU providers the installed onnxruntime-node lists, best first (they may still fail to load). */
export function listedGpuProviders(): ProviderName[] {
  const names = new Set(ort.listSupportedBackends().map((b) => b.name));
  return (['tensorrt', 'cuda'] as const).filter((p) => names.has(p));
}

/**
 * Whether the GPU provider's shared library sits beside the ORT binding (where ORT loads it from).
 * A CPU-only install (ONNXRUNTIME_NODE_INSTALL=skip) lacks it: saying so up front avoids a load attempt
 * whose errors ORT prints to stderr once its logger exists, whatever the session's log level.
 */
export function providerInstalled(p: 'cuda' | 'tensorrt'): boolean {
  let dir: string;
  try {
    const main = createRequire(import.meta.url).resolve('onnxruntime-node');
    dir = join(dirname(main), '..', 'bin', 'napi-v6', process.platform, process.arch);
  } catch {
    return true; // unknown layout: let ORT try
  }
  if (!existsSync(dir)) return true;
  const name =
    process.platform === 'win32' ? `onnxruntime_providers_${p}.dll` : `libonnxruntime_providers_${p}.so`;
  return existsSync(join(dir, name));
}

function message(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0]!.slice(0, 300);
}

/** Throws SEG_SHAPE unless the graph has input "image" / output "logits" shaped [N,1,H,W] as the card says. */
export function checkGraph(
  card: ModelCard,
  inputs: readonly ort.InferenceSession.ValueMetadata[],
  outputs: readonly ort.InferenceSession.ValueMetadata[],
): void {
  const want = [1, card.input.height, card.input.width];
  for (const [kind, list, name] of [
    ['input', inputs, 'image'],
    ['output', outputs, 'logits'],
  ] as const) {
    const m = list.find((v) => v.name === name);
    if (!m) {
      const have = list.map((v) => v.name).join(', ');
      throw new SegmentError('SEG_SHAPE', `model ${card.name} has no ${kind} "${name}" (has: ${have})`);
    }
    if (!m.isTensor || m.type !== 'float32') {
      throw new SegmentError('SEG_SHAPE', `model ${card.name} ${kind} "${name}" is not a float32 tensor`);
    }
    const dims = m.shape.slice(1);
    // Symbolic (string) dims are accepted: the graph then takes whatever size the card feeds it.
    const ok = m.shape.length === 4 && dims.every((d, i) => typeof d === 'string' || d === want[i]);
    if (!ok) {
      throw new SegmentError(
        'SEG_SHAPE',
        `model ${card.name} ${kind} "${name}" is [${m.shape.join(',')}], card says [N,${want.join(',')}]`,
      );
    }
  }
}

async function createSession(
  onnxPath: string,
  provider: ProviderName,
  threads: number,
  quiet: boolean,
): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(onnxPath, {
    executionProviders: [provider],
    // Probing a GPU provider that is not installed makes ORT print a stack of load errors; 'auto'
    // reports the outcome in one line instead (4 = fatal only).
    ...(quiet ? { logSeverityLevel: 4 as const } : {}),
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  });
}

/**
 * Opens the model with the requested provider. 'auto' tries the GPU providers the runtime lists
 * (TensorRT, then CUDA) and falls back to CPU; an explicit 'cuda'/'tensorrt' that cannot load is
 * SEG_PROVIDER. `log` receives one line naming the provider that runs (and why, on fallback).
 */
export async function openModel(
  onnxPath: string,
  card: ModelCard,
  opts: SessionOptions = {},
  log: (line: string) => void = () => {},
): Promise<OpenModel> {
  try {
    await access(onnxPath);
  } catch (e) {
    throw new SegmentError('SEG_MODEL', `model file ${onnxPath} does not exist or cannot be read`, {
      cause: e,
    });
  }
  const want = opts.provider ?? 'cpu';
  const threads = opts.intraOpThreads ?? 1;
  const candidates: ProviderName[] = want === 'auto' ? [...listedGpuProviders(), 'cpu'] : [want];
  const failures: string[] = [];
  let session: ort.InferenceSession | undefined;
  let provider: ProviderName = 'cpu';
  for (const p of candidates) {
    if (p !== 'cpu' && !providerInstalled(p)) {
      const why = `${p}: not installed (onnxruntime-node was installed without its GPU binaries)`;
      if (want !== 'auto') throw new SegmentError('SEG_PROVIDER', `execution provider ${why}`);
      failures.push(why);
      continue;
    }
    try {
      session = await createSession(onnxPath, p, threads, want === 'auto' && p !== 'cpu');
      provider = p;
      break;
    } catch (e) {
      if (p === 'cpu') {
        throw new SegmentError('SEG_MODEL', `cannot load model ${onnxPath}: ${message(e)}`, { cause: e });
      }
      if (want !== 'auto') {
        throw new SegmentError('SEG_PROVIDER', `execution provider ${p} is not usable here: ${message(e)}`, {
          cause: e,
        });
      }
      failures.push(`${p}: ${message(e)}`);
    }
  }
  if (!session) throw new SegmentError('SEG_MODEL', `cannot load model ${onnxPath}`);
  const s = session;
  try {
    checkGraph(card, s.inputMetadata, s.outputMetadata);
  } catch (e) {
    await s.release();
    throw e;
  }
  if (want === 'auto') {
    const why = failures.length ? ` (unavailable: ${failures.map((f) => f.split(':')[0]).join(', ')})` : '';
    log(`segment: running ${card.name} on ${provider}${why}`);
  }
  const { width: W, height: H } = card.input;
  const infer = async (input: Float32Array): Promise<Float32Array> => {
    if (input.length !== W * H) {
      throw new SegmentError('SEG_SHAPE', `input plane has ${input.length} values, model wants ${W}x${H}`);
    }
    let out: ort.InferenceSession.ReturnType;
    try {
      out = await s.run({ image: new ort.Tensor('float32', input, [1, 1, H, W]) });
    } catch (e) {
      throw new SegmentError('SEG_INFERENCE', `inference failed: ${message(e)}`, { cause: e });
    }
    const t = out['logits'];
    if (!t || t.type !== 'float32' || t.size !== W * H) {
      throw new SegmentError('SEG_SHAPE', `model output "logits" is not [1,1,${H},${W}] float32`);
    }
    return t.data as Float32Array;
  };
  return { card, provider, infer, dispose: () => s.release() };
}
