import { EventEmitter } from 'node:events';
import type { IgtlImage, IgtlMessage } from '../igtlink/index.js';
import {
  LiveSegmenter,
  type LatencySummary,
  type SegmentPool,
  type SegmentResult,
} from '../segment/index.js';
import { VolumeReconstructor, type ReconstructionParams } from '../volume/index.js';
import { BridgeError } from './errors.js';
import { FramePairer, type PairingOptions, type TrackedFrame } from './tracked-frame.js';

/** Where segmented frames go besides the volume: recorders, the viewer, tests. */
export interface LabelledFrame {
  readonly frame: TrackedFrame;
  readonly label: Uint8Array;
  readonly latencyMs: number;
}

export interface LiveBridgeOptions {
  readonly pairing?: PairingOptions;
  /**
   * Sends each label back (e.g. IgtlClient.send to the PlusServer/Slicer connection). Errors are
   * counted, not thrown: a peer that went away must not stop segmentation.
   */
  readonly sendBack?: (msg: IgtlMessage) => void;
  /** Device name of the label IMAGE sent back (default "Image_Segmentation"). */
  readonly labelDeviceName?: string;
  /** Live reconstruction: on the given grid (origin + dims), else on a grid that grows with the sweep. */
  readonly reconstruction?: ReconstructionParams;
  /** CRF refinement on every frame (default off: it costs more than the network on this CPU). */
  readonly crf?: boolean;
  readonly log?: (line: string) => void;
}

export interface BridgeStats {
  readonly framesReceived: number;
  readonly segmented: number;
  /** Frames skipped because a newer one arrived while the workers were busy (newest wins). */
  readonly skipped: number;
  readonly failed: number;
  readonly unpaired: number;
  readonly rejected: number;
  readonly labelsSent: number;
  readonly sendErrors: number;
  readonly pasted: number;
  readonly latency: LatencySummary;
}

interface BridgeEvents {
  labelled: [frame: LabelledFrame];
}

/**
 * The live pipeline for one sweep: OpenIGTLink messages in, tracked frames paired, segmented with the
 * newest-wins policy, labels sent back as an IMAGE with the source's geometry and timestamp (so Slicer
 * overlays them on the live image), and intensity + label pasted into the reconstruction as they come.
 */
export class LiveBridge extends EventEmitter<BridgeEvents> {
  readonly reconstructor: VolumeReconstructor | undefined;
  private readonly pairer: FramePairer;
  private readonly live: LiveSegmenter<TrackedFrame>;
  private readonly opts: LiveBridgeOptions;
  private received = 0;
  private rejected = 0;
  private sent = 0;
  private sendErrors = 0;
  private pasted = 0;

  constructor(pool: SegmentPool, opts: LiveBridgeOptions = {}) {
    super();
    this.opts = opts;
    this.pairer = new FramePairer(opts.pairing);
    const r = opts.reconstruction;
    // A configured extent gives a fixed grid; without one (a plain PLUS stream) the grid grows with the sweep.
    this.reconstructor = !r
      ? undefined
      : r.origin && r.dims
        ? new VolumeReconstructor({ ...r, withLabels: true })
        : VolumeReconstructor.growing({ ...r, withLabels: true });
    this.live = new LiveSegmenter<TrackedFrame>(pool, {
      onLabel: (r, frame, latencyMs) => this.onLabel(r, frame, latencyMs),
      onError: (e) => opts.log?.(`segmentation failed: ${e.message} [${e.code}]`),
      ...(opts.crf ? { crf: true } : {}),
    });
  }

  /** Feeds one received message (call from the OpenIGTLink client's 'message' event). */
  push(msg: IgtlMessage): void {
    let frames: TrackedFrame[];
    try {
      frames = this.pairer.push(msg);
    } catch (e) {
      if (!(e instanceof BridgeError)) throw e;
      if (this.rejected++ === 0) this.opts.log?.(`${e.message} [${e.code}] (further ones counted)`);
      return;
    }
    for (const frame of frames) {
      this.received++;
      // The worker receives (and detaches) its own copy-or-transfer; the frame keeps a reference that
      // the result hands back as `pixels`.
      this.live.push({ width: frame.width, height: frame.height, data: frame.pixels }, frame);
    }
  }

  /** Resolves once every frame handed in so far has been segmented (or skipped). */
  idle(): Promise<void> {
    return this.live.idle();
  }

  stats(): BridgeStats {
    const s = this.live.stats();
    return {
      framesReceived: this.received,
      segmented: s.segmented,
      skipped: s.skipped,
      failed: s.failed,
      unpaired: this.pairer.unpaired,
      rejected: this.rejected,
      labelsSent: this.sent,
      sendErrors: this.sendErrors,
      pasted: this.pasted,
      latency: s.latency,
    };
  }

  private onLabel(r: SegmentResult, frame: TrackedFrame, latencyMs: number): void {
    // The worker handed the pixels back in a fresh buffer; the frame's own view may be detached.
    const done: TrackedFrame = { ...frame, pixels: r.pixels };
    if (this.opts.sendBack) {
      try {
        this.opts.sendBack(
          labelImage(frame.source, r.label, this.opts.labelDeviceName ?? 'Image_Segmentation'),
        );
        this.sent++;
      } catch {
        this.sendErrors++;
      }
    }
    if (this.reconstructor && done.poseValid) {
      const ok = this.reconstructor.paste({
        width: done.width,
        height: done.height,
        pixels: done.pixels,
        labels: r.label,
        imageToReference: done.imageToReference,
      });
      if (ok) this.pasted++;
    }
    this.emit('labelled', { frame: done, label: r.label, latencyMs });
  }
}

/** The label as an OpenIGTLink IMAGE on the source's grid, 0/1 uint8, same timestamp (Slicer pairs them). */
export function labelImage(source: IgtlImage, label: Uint8Array, deviceName: string): IgtlImage {
  return {
    type: 'IMAGE',
    deviceName,
    timestamp: source.timestamp,
    ...(source.headerVersion ? { headerVersion: source.headerVersion } : {}),
    scalarType: 'uint8',
    components: 1,
    endianness: source.endianness,
    coordinate: source.coordinate,
    size: source.size,
    matrix: source.matrix,
    data: label,
  };
}
