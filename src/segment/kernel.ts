import type { ModelCard } from './card.js';
import { crfRefine, type CrfParams } from './crf.js';
import { postprocess } from './postprocess.js';
import { preprocess, type GrayFrame } from './preprocess.js';

/** Milliseconds spent in each stage of one frame. */
export interface StageTimings {
  readonly preMs: number;
  readonly inferMs: number;
  readonly crfMs: number;
  readonly postMs: number;
}

/**
 * The whole per-frame pipeline as one function of tensors: preprocess -> network -> optional CRF on the
 * logits at model resolution (guided by the resized grey frame) -> postprocess to a full-frame 0/1 label.
 * `infer` is the only effect; the worker passes ORT's, tests can pass their own.
 */
export async function segmentFrame(
  card: ModelCard,
  frame: GrayFrame,
  infer: (input: Float32Array) => Promise<Float32Array>,
  crf: CrfParams | null = null,
): Promise<{ label: Uint8Array; timings: StageTimings }> {
  const t0 = performance.now();
  const { input, grey } = preprocess(card, frame);
  const t1 = performance.now();
  let logits = await infer(input);
  const t2 = performance.now();
  if (crf) logits = crfRefine(logits, grey, card.input.width, card.input.height, crf);
  const t3 = performance.now();
  const label = postprocess(card, logits, frame.width, frame.height);
  const t4 = performance.now();
  return { label, timings: { preMs: t1 - t0, inferMs: t2 - t1, crfMs: t3 - t2, postMs: t4 - t3 } };
}
