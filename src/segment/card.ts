import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { SegmentError } from './errors.js';

/** Region of the full ultrasound frame fed to the model, in full-frame pixels. */
export interface CropRect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** The machine-readable model card (models/<name>.json), as agreed with models/pipeline.py. */
export interface ModelCard {
  readonly name: string;
  /** ONNX file, relative to the card's folder (or absolute). */
  readonly onnx: string;
  readonly architecture: string;
  readonly input: {
    readonly width: number;
    readonly height: number;
    readonly channels: 1;
    readonly layout: 'NCHW';
    readonly mean: number;
    readonly std: number;
  };
  readonly crop: CropRect | null;
  readonly output: { readonly kind: 'logits'; readonly channels: 1; readonly threshold: number };
  readonly postprocess: { readonly minComponentArea: number };
  readonly trainedOn: string;
  readonly metrics: Readonly<Record<string, unknown>>;
}

/** A card together with the absolute path of its ONNX file. */
export interface LoadedCard {
  readonly card: ModelCard;
  readonly cardPath: string;
  readonly onnxPath: string;
}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function num(o: Obj, key: string, where: string, check: (n: number) => boolean, want: string): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isFinite(v) || !check(v)) {
    throw new SegmentError(
      'SEG_CARD',
      `model card ${where}.${key} must be ${want}, got ${JSON.stringify(v)}`,
    );
  }
  return v;
}

function obj(o: Obj, key: string, where: string): Obj {
  const v = o[key];
  if (!isObj(v)) throw new SegmentError('SEG_CARD', `model card ${where}.${key} must be an object`);
  return v;
}

const posInt = (n: number): boolean => Number.isInteger(n) && n >= 1;
const nonNegInt = (n: number): boolean => Number.isInteger(n) && n >= 0;

/** Validates a parsed card (pure); throws SegmentError('SEG_CARD') naming the first bad field. */
export function parseCard(json: unknown): ModelCard {
  if (!isObj(json)) throw new SegmentError('SEG_CARD', 'model card must be a JSON object');
  const name = json['name'];
  const onnx = json['onnx'];
  if (typeof name !== 'string' || name === '') throw new SegmentError('SEG_CARD', 'model card name missing');
  if (typeof onnx !== 'string' || onnx === '') throw new SegmentError('SEG_CARD', 'model card onnx missing');
  const inp = obj(json, 'input', 'card');
  const width = num(inp, 'width', 'input', posInt, 'a positive integer');
  const height = num(inp, 'height', 'input', posInt, 'a positive integer');
  num(inp, 'channels', 'input', (n) => n === 1, '1');
  if (inp['layout'] !== undefined && inp['layout'] !== 'NCHW') {
    throw new SegmentError('SEG_CARD', `model card input.layout must be NCHW, got ${String(inp['layout'])}`);
  }
  const mean = num(inp, 'mean', 'input', () => true, 'a number');
  const std = num(inp, 'std', 'input', (n) => n > 0, 'a positive number');
  let crop: CropRect | null = null;
  if (json['crop'] !== null && json['crop'] !== undefined) {
    const c = obj(json, 'crop', 'card');
    crop = {
      x: num(c, 'x', 'crop', nonNegInt, 'a non-negative integer'),
      y: num(c, 'y', 'crop', nonNegInt, 'a non-negative integer'),
      width: num(c, 'width', 'crop', posInt, 'a positive integer'),
      height: num(c, 'height', 'crop', posInt, 'a positive integer'),
    };
  }
  const out = obj(json, 'output', 'card');
  if (out['kind'] !== 'logits') {
    throw new SegmentError('SEG_CARD', `model card output.kind must be "logits", got ${String(out['kind'])}`);
  }
  num(out, 'channels', 'output', (n) => n === 1, '1');
  const threshold = num(out, 'threshold', 'output', (n) => n > 0 && n < 1, 'in (0, 1)');
  const post = isObj(json['postprocess']) ? json['postprocess'] : {};
  const minComponentArea =
    post['minComponentArea'] === undefined
      ? 0
      : num(post, 'minComponentArea', 'postprocess', nonNegInt, 'a non-negative integer');
  return {
    name,
    onnx,
    architecture: typeof json['architecture'] === 'string' ? json['architecture'] : '',
    input: { width, height, channels: 1, layout: 'NCHW', mean, std },
    crop,
    output: { kind: 'logits', channels: 1, threshold },
    postprocess: { minComponentArea },
    trainedOn: typeof json['trainedOn'] === 'string' ? json['trainedOn'] : '',
    metrics: isObj(json['metrics']) ? json['metrics'] : {},
  };
}

/** Reads and validates a card file; the ONNX path is resolved against the card's folder. */
export async function loadCard(cardPath: string): Promise<LoadedCard> {
  const abs = resolve(cardPath);
  let text: string;
  try {
    text = await readFile(abs, 'utf8');
  } catch (e) {
    throw new SegmentError('SEG_CARD', `cannot read model card ${abs}`, { cause: e });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new SegmentError('SEG_CARD', `model card ${abs} is not valid JSON`, { cause: e });
  }
  const card = parseCard(json);
  const onnxPath = isAbsolute(card.onnx) ? card.onnx : resolve(dirname(abs), card.onnx);
  return { card, cardPath: abs, onnxPath };
}

/** The logit above which a pixel is foreground: sigmoid(z) > t  <=>  z > log(t / (1 - t)). */
export function logitThreshold(card: ModelCard): number {
  const t = card.output.threshold;
  return Math.log(t / (1 - t));
}
