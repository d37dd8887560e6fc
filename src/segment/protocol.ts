import type { ModelCard } from './card.js';
import type { CrfParams } from './crf.js';
import type { SegmentErrorCode } from './errors.js';
import type { StageTimings } from './kernel.js';
import type { ProviderName, ProviderOption } from './session.js';

/** Messages between the pool (main thread) and a segmentation worker; pixel buffers are transferred. */
export type ToWorker =
  | {
      readonly type: 'init';
      readonly onnxPath: string;
      readonly card: ModelCard;
      readonly provider: ProviderOption;
      readonly intraOpThreads: number;
    }
  | {
      readonly type: 'frame';
      readonly id: number;
      readonly width: number;
      readonly height: number;
      readonly data: Uint8Array;
      readonly crf: CrfParams | null;
    };

export interface WireError {
  readonly code: SegmentErrorCode;
  readonly message: string;
}

export type FromWorker =
  | { readonly type: 'ready'; readonly provider: ProviderName; readonly log: readonly string[] }
  | { readonly type: 'init-error'; readonly error: WireError }
  | {
      readonly type: 'result';
      readonly id: number;
      readonly label: Uint8Array;
      readonly pixels: Uint8Array;
      readonly timings: StageTimings;
    }
  | { readonly type: 'error'; readonly id: number; readonly error: WireError; readonly pixels: Uint8Array };
