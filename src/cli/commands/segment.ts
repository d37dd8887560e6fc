import { openSequence, SequenceWriter, type SequenceFrame } from '../../sequence/index.js';
import {
  compareMasks,
  DEFAULT_MODEL,
  meanMetrics,
  SegmentError,
  SegmentPool,
  type MaskMetrics,
  type ProviderOption,
  type SegmentResult,
} from '../../segment/index.js';
import { CliError } from '../parse.js';
import { defineCommand } from '../spec.js';

const PROVIDERS: readonly ProviderOption[] = ['cpu', 'cuda', 'tensorrt', 'auto'];

export interface SegmentPlan {
  readonly input: string;
  readonly out: string;
  readonly model: string;
  readonly truth: string | undefined;
  readonly crf: boolean;
  readonly workers: number;
  readonly threads: number;
  readonly provider: ProviderOption;
  readonly json: boolean;
}

/** Arguments -> plan (pure): checks every value before any file is touched. */
export function planSegment(
  positionals: readonly string[],
  o: {
    out: string;
    model?: string;
    truth?: string;
    crf?: boolean;
    workers: number;
    threads: number;
    provider: string;
    json?: boolean;
  },
): SegmentPlan {
  const input = positionals[0];
  if (!input) throw new CliError('CLI_MISSING', 'missing IN.igs.mha');
  if (!/\.(mha|nrrd)$/i.test(o.out)) throw new CliError('CLI_BAD_VALUE', '--out must end in .mha or .nrrd');
  if (!Number.isInteger(o.workers) || o.workers < 1 || o.workers > 64) {
    throw new CliError('CLI_BAD_VALUE', '--workers must be an integer from 1 to 64');
  }
  if (!Number.isInteger(o.threads) || o.threads < 1 || o.threads > 64) {
    throw new CliError('CLI_BAD_VALUE', '--threads must be an integer from 1 to 64');
  }
  if (!PROVIDERS.includes(o.provider as ProviderOption)) {
    throw new CliError('CLI_BAD_VALUE', `--provider must be one of ${PROVIDERS.join(', ')}`);
  }
  return {
    input,
    out: o.out,
    model: o.model ?? DEFAULT_MODEL,
    truth: o.truth,
    crf: o.crf === true,
    workers: o.workers,
    threads: o.threads,
    provider: o.provider as ProviderOption,
    json: o.json === true,
  };
}

export const segmentCommand = defineCommand({
  name: ['segment'],
  summary: 'bone segmentation of every frame of a sequence (UGBNet, ONNX Runtime) to a label sequence',
  positionals: [{ name: 'IN.igs.mha', help: 'tracked ultrasound sequence (8-bit, .igs.mha / .igs.nrrd)' }],
  options: {
    out: {
      kind: 'string',
      value: 'OUT.igs.mha',
      help: 'label sequence (0/1, same transforms)',
      required: true,
    },
    model: { kind: 'string', value: 'FILE.json', help: 'model card (default models/ugbnet-lite.json)' },
    truth: { kind: 'string', value: 'LABELS.igs.mha', help: 'true labels: print Dice, Hausdorff, ...' },
    crf: { kind: 'boolean', help: 'refine with the fully connected CRF' },
    workers: { kind: 'number', value: 'N', help: 'worker threads', default: 2 },
    threads: { kind: 'number', value: 'N', help: 'ONNX Runtime threads per worker', default: 1 },
    provider: { kind: 'string', value: 'cpu|cuda|tensorrt|auto', help: 'execution provider', default: 'cpu' },
    json: { kind: 'boolean', help: 'print the result as JSON' },
  },
  run: async ({ positionals, options, io }) => {
    const plan = planSegment(positionals, options);
    const source = await openSequence(plan.input);
    const { info } = source;
    if (info.elementType !== 'uint8' || info.channels !== 1 || info.frameSize[2] !== 1) {
      throw new SegmentError(
        'SEG_PIXEL_TYPE',
        `${plan.input}: frames are ${info.elementType} x${info.channels}, depth ${info.frameSize[2]}; ` +
          'segmentation takes 8-bit single-channel 2D frames',
      );
    }
    const truth = plan.truth ? await openSequence(plan.truth) : undefined;
    if (
      truth &&
      (truth.info.frameCount !== info.frameCount || truth.info.frameSize.join() !== info.frameSize.join())
    ) {
      throw new SegmentError(
        'SEG_FRAME',
        `${plan.truth}: ${truth.info.frameCount} frames of ${truth.info.frameSize.join('x')}, ` +
          `input has ${info.frameCount} of ${info.frameSize.join('x')}`,
      );
    }
    const pool = await SegmentPool.create({
      model: plan.model,
      workers: plan.workers,
      intraOpThreads: plan.threads,
      provider: plan.provider,
      crf: plan.crf,
      log: plan.json ? () => {} : io.err,
    });
    const writer = await SequenceWriter.open(plan.out, {
      layout: {
        frameSize: info.frameSize,
        elementType: 'uint8',
        spacing: info.spacing,
        origin: info.origin,
        direction: info.direction,
        orientation: info.orientation,
        imageType: info.imageType,
        fields: info.fields,
      },
      compress: true,
    });
    const [w, h] = info.frameSize;
    const metrics: MaskMetrics[] = [];
    const truthFrames = truth?.frames();
    const t0 = performance.now();
    let done = 0;
    try {
      // Frames stream in order; up to 2 per worker are in flight, labels are written in order.
      const inFlight: { frame: SequenceFrame; result: Promise<SegmentResult> }[] = [];
      const drain = async (): Promise<void> => {
        const head = inFlight.shift()!;
        const r = await head.result;
        if (truthFrames) {
          const t = await truthFrames.next();
          if (t.done) throw new SegmentError('SEG_FRAME', `${plan.truth}: fewer frames than the input`);
          metrics.push(
            compareMasks(r.label, t.value.pixels as Uint8Array, w, h, {
              x: info.spacing[0],
              y: info.spacing[1],
            }),
          );
        }
        const { transforms, timestamp, imageStatus, fields } = head.frame;
        await writer.append({ pixels: r.label, transforms, timestamp, imageStatus, fields });
        done++;
        if (!plan.json) io.progress('segment', done, info.frameCount);
      };
      for await (const frame of source.frames()) {
        const data = frame.pixels as Uint8Array;
        inFlight.push({ frame, result: pool.segment({ width: w, height: h, data }) });
        if (inFlight.length >= 2 * plan.workers) await drain();
      }
      while (inFlight.length) await drain();
      await writer.close();
    } finally {
      await pool.close();
    }
    const seconds = (performance.now() - t0) / 1000;
    const summary = {
      input: plan.input,
      out: plan.out,
      model: pool.card.card.name,
      provider: pool.provider,
      workers: plan.workers,
      crf: plan.crf,
      frames: done,
      seconds,
      framesPerSecond: done / seconds,
      ...(truth ? { metrics: meanMetrics(metrics) } : {}),
    };
    if (plan.json) {
      io.out(
        JSON.stringify(
          summary,
          (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v),
          2,
        ),
      );
    } else {
      io.out(
        `${done} frames segmented with ${summary.model} on ${summary.provider} x${plan.workers}: ` +
          `${summary.framesPerSecond.toFixed(1)} frames/s -> ${plan.out}`,
      );
      if (summary.metrics) {
        const m = summary.metrics;
        const f = (k: string, d = 3): string => (m[k] === undefined ? 'n/a' : m[k]!.toFixed(d));
        io.out(
          `dice ${f('dice')}  jaccard ${f('jaccard')}  precision ${f('precision')}  recall ${f('recall')}`,
        );
        io.out(
          `hausdorff ${f('hausdorffPx', 1)} px / ${f('hausdorffMm', 2)} mm  ` +
            `hd95 ${f('hausdorff95Px', 1)} px  assd ${f('assdPx', 2)} px / ${f('assdMm', 2)} mm`,
        );
      }
    }
    return 0;
  },
});
