import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { timestampToSeconds } from '../igtlink/index.js';
import { SequenceWriter } from '../sequence/index.js';
import type { LabelledFrame } from './live-bridge.js';

/** File names of a recorded sweep inside its folder. */
export const SWEEP_FILE = 'sweep.igs.mha';
export const LABELS_FILE = 'labels.igs.mha';

/**
 * Records a live sweep as two PLUS sequence files side by side, written as they come (crash-safe):
 * `sweep.igs.mha` (the B-mode frames) and `labels.igs.mha` (0/1 labels), each frame carrying
 * `ImageToReferenceTransform` (pixels -> mm) so PLUS, Slicer and `spinebridge reconstruct` can use them.
 */
export class SweepRecorder {
  private chain: Promise<void> = Promise.resolve();
  private failure: unknown;
  private closing = false;
  /** Frames offered after close() began (not written). */
  late = 0;

  private constructor(
    readonly dir: string,
    private readonly frames: SequenceWriter,
    private readonly labels: SequenceWriter,
  ) {}

  static async open(dir: string, width: number, height: number): Promise<SweepRecorder> {
    await mkdir(dir, { recursive: true });
    const layout = { frameSize: [width, height, 1] as const, elementType: 'uint8' as const };
    const frames = await SequenceWriter.open(join(dir, SWEEP_FILE), { layout });
    const labels = await SequenceWriter.open(join(dir, LABELS_FILE), { layout, compress: true });
    return new SweepRecorder(dir, frames, labels);
  }

  /** Queues one labelled frame; writes happen in order, off the caller's path. */
  add(f: LabelledFrame): void {
    if (this.closing) {
      this.late++;
      return;
    }
    const meta = {
      transforms: new Map([
        [
          'ImageToReference',
          {
            matrix: f.frame.imageToReference,
            status: f.frame.poseValid ? ('OK' as const) : ('INVALID' as const),
          },
        ],
      ]),
      timestamp: timestampToSeconds(f.frame.timestamp),
    };
    this.chain = this.chain
      .then(async () => {
        await this.frames.append({ pixels: f.frame.pixels, ...meta });
        await this.labels.append({ pixels: f.label, ...meta });
      })
      .catch((e: unknown) => {
        this.failure ??= e;
      });
  }

  /** Finishes both files; rethrows the first write error, if any. */
  async close(): Promise<number> {
    this.closing = true;
    await this.chain;
    const n = await this.frames.close();
    await this.labels.close();
    if (this.failure) throw this.failure;
    return n;
  }
}
