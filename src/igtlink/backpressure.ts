/**
 * The per-connection send queue. Frames wait here only while the socket is not draining; a live stream
 * (by default every IMAGE, keyed by type + device name) keeps at most `maxLivePerStream` frames waiting
 * and drops its OLDEST one when a newer arrives, so a slow reader sees fresh images instead of a growing
 * delay. Other messages (STATUS, STRING, TRANSFORM, replies) are never dropped; `bytes` lets the owner
 * give up on a peer that stops reading altogether.
 */
export interface QueuedFrame {
  readonly bytes: Uint8Array;
  /** Set for frames of a live stream (droppable); frames with the same key belong to the same stream. */
  readonly liveKey?: string;
}

export interface SendQueueOptions {
  /** Live frames per stream allowed to wait (default 1: only the newest). */
  readonly maxLivePerStream?: number;
}

export class SendQueue {
  private frames: QueuedFrame[] = [];
  private queuedBytes = 0;
  private droppedFrames = 0;
  private readonly maxLive: number;

  constructor(options: SendQueueOptions = {}) {
    this.maxLive = Math.max(1, options.maxLivePerStream ?? 1);
  }

  /** Appends a frame; returns how many older frames of its stream were dropped to make room (0 or more). */
  push(frame: QueuedFrame): number {
    let dropped = 0;
    if (frame.liveKey !== undefined) {
      let waiting = 0;
      for (const f of this.frames) if (f.liveKey === frame.liveKey) waiting++;
      while (waiting >= this.maxLive) {
        const i = this.frames.findIndex((f) => f.liveKey === frame.liveKey);
        this.queuedBytes -= this.frames[i]!.bytes.byteLength;
        this.frames.splice(i, 1);
        waiting--;
        dropped++;
      }
    }
    this.frames.push(frame);
    this.queuedBytes += frame.bytes.byteLength;
    this.droppedFrames += dropped;
    return dropped;
  }

  shift(): QueuedFrame | undefined {
    const f = this.frames.shift();
    if (f) this.queuedBytes -= f.bytes.byteLength;
    return f;
  }

  clear(): void {
    this.frames = [];
    this.queuedBytes = 0;
  }

  get length(): number {
    return this.frames.length;
  }

  /** Bytes waiting in this queue (not counting what the socket has already buffered). */
  get bytes(): number {
    return this.queuedBytes;
  }

  /** Live frames dropped since creation. */
  get dropped(): number {
    return this.droppedFrames;
  }
}
