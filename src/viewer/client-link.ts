import type { WebSocket } from 'ws';

/** The kinds of message for which only the newest unsent one matters. */
export type LatestKind = 'surface' | 'measurement' | 'status' | 'coronal' | 'volume';

/**
 * Flow control for one browser. Frames: at most `maxFramesInFlight` unacknowledged, and of the
 * frames that arrive meanwhile only the newest waits (without acks, latency grew to ~0.7 s at 512²).
 * Surfaces, measurements and status: one write at a time each, newest waiting. Memory per client is
 * therefore bounded whatever the client's speed.
 */
export class ClientLink {
  private framesInFlight = 0;
  private pendingFrame: Uint8Array | undefined;
  private readonly writing = new Set<LatestKind>();
  private readonly pending = new Map<LatestKind, Uint8Array | string>();

  constructor(
    private readonly socket: WebSocket,
    private readonly maxFramesInFlight = 2,
  ) {}

  sendFrame(bytes: Uint8Array): void {
    if (this.framesInFlight >= this.maxFramesInFlight) {
      this.pendingFrame = bytes;
      return;
    }
    this.framesInFlight++;
    this.socket.send(bytes, { binary: true });
  }

  /** Returns false when nothing was in flight: the client broke the protocol. */
  ack(): boolean {
    if (this.framesInFlight === 0) return false;
    this.framesInFlight--;
    const next = this.pendingFrame;
    if (next !== undefined) {
      this.pendingFrame = undefined;
      this.sendFrame(next);
    }
    return true;
  }

  sendLatest(kind: LatestKind, data: Uint8Array | string): void {
    if (this.writing.has(kind)) {
      this.pending.set(kind, data);
      return;
    }
    this.writing.add(kind);
    // The callback fires once ws has handed the message to the socket (or failed): then the next may go.
    this.socket.send(data, { binary: typeof data !== 'string' }, () => {
      this.writing.delete(kind);
      const next = this.pending.get(kind);
      if (next === undefined || this.socket.readyState !== this.socket.OPEN) return;
      this.pending.delete(kind);
      this.sendLatest(kind, next);
    });
  }

  /** Frames sent but not yet acknowledged, and whether a newer one waits (for tests and status). */
  get framesUnacknowledged(): number {
    return this.framesInFlight;
  }
}
