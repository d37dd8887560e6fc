import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { SendQueue } from './backpressure.js';
import { IgtlNetError } from './connection-errors.js';
import { encodeMessage } from './codec.js';
import { IgtlFramer } from './framer.js';
import { timestampFromSeconds } from './timestamp.js';
import type { IgtlMessage } from './types.js';

/** Options shared by IgtlClient and IgtlServer for each open connection. */
export interface IgtlConnectionOptions {
  /** Largest body accepted from the peer (default: the framer's, 64 MiB); a larger announced size ends the connection. */
  readonly maxBodySize?: number;
  /** Check the CRC-64 of every received body (default true). */
  readonly verifyCrc?: boolean;
  /** Header version to send with until the peer shows its own (default 1). */
  readonly headerVersion?: 1 | 2;
  /**
   * Answer in the header version the peer last used (default true on the server, false on the client):
   * PlusServer does the same, so a v1-only peer is never sent v2 and a v2 peer gets its metadata.
   */
  readonly followPeerVersion?: boolean;
  /** Which outgoing messages form droppable live streams (default: every IMAGE). */
  readonly isLive?: (msg: IgtlMessage) => boolean;
  /** Live frames per stream allowed to wait for a slow reader (default 1: only the newest waits). */
  readonly maxQueuedFramesPerStream?: number;
  /** Non-droppable bytes allowed to wait before the peer is given up as not reading (default 64 MiB). */
  readonly maxQueuedBytes?: number;
  /** Close the connection when nothing arrives for this long (default 0: never). Any message counts. */
  readonly receiveTimeoutMs?: number;
  /** Send a STATUS keep-alive (code 1, OK) after this long without sending anything (default 0: never). */
  readonly keepAliveMs?: number;
}

/** Counters of one connection. */
export interface IgtlConnectionStats {
  readonly messagesIn: number;
  readonly bytesIn: number;
  readonly messagesOut: number;
  readonly bytesOut: number;
  /** Live frames dropped because the peer read slower than they were produced. */
  readonly dropped: number;
  /** Messages waiting in our queue now. */
  readonly queued: number;
}

interface ConnectionEvents {
  message: [msg: IgtlMessage];
  /** Once, when the connection ends; `reason` is undefined for an orderly close by either side. */
  close: [reason: IgtlNetError | undefined];
}

const isImage = (m: IgtlMessage) => m.type === 'IMAGE';
/** How long a closed connection waits for the peer to close its side before letting go anyway. */
const LINGER_MS = 2000;

/** Encodes `msg` for a peer speaking `version` (v1 cannot carry metadata or a message ID). */
export function encodeForVersion(msg: IgtlMessage, version: 1 | 2): Uint8Array {
  if (version === 2) return encodeMessage({ ...msg, headerVersion: 2 });
  const { metadata: _m, messageId: _i, ...v1 } = msg;
  return encodeMessage({ ...v1, headerVersion: 1 } as IgtlMessage);
}

/**
 * One open OpenIGTLink TCP connection: framing of what arrives, a send queue with drop-oldest backpressure
 * for live streams, the header version to answer with, receive timeout and keep-alives. Created by
 * IgtlClient and IgtlServer; a malformed stream ends only this connection (event 'close' with the reason).
 */
export class IgtlConnection extends EventEmitter<ConnectionEvents> {
  private readonly framer: IgtlFramer;
  private readonly queue: SendQueue;
  private version: 1 | 2;
  private waitingDrain = false;
  private ended = false;
  private closing = false;
  private lingering: NodeJS.Timeout | undefined;
  private lastIn = Date.now();
  private lastOut = Date.now();
  private timer: NodeJS.Timeout | undefined;
  private counts = { messagesIn: 0, bytesIn: 0, messagesOut: 0, bytesOut: 0 };

  constructor(
    readonly socket: Socket,
    private readonly options: IgtlConnectionOptions = {},
  ) {
    super();
    this.remote = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
    this.version = options.headerVersion ?? 1;
    this.framer = new IgtlFramer({
      ...(options.maxBodySize !== undefined ? { maxBodySize: options.maxBodySize } : {}),
      verifyCrc: options.verifyCrc ?? true,
    });
    this.queue = new SendQueue({ maxLivePerStream: options.maxQueuedFramesPerStream ?? 1 });
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('drain', () => {
      this.waitingDrain = false;
      this.flush();
    });
    socket.on('error', (e: NodeJS.ErrnoException) => {
      // EPIPE / ECONNRESET while we were writing is how a peer's ordinary hang-up often reaches us.
      const hangUp = e.code === 'EPIPE' || e.code === 'ECONNRESET';
      const what = hangUp ? `peer hung up (${e.code})` : `socket error: ${e.message}`;
      this.end(new IgtlNetError('CONNECTION_LOST', what, { cause: e }));
    });
    socket.on('close', () => this.end(undefined));
    const rt = options.receiveTimeoutMs ?? 0;
    const ka = options.keepAliveMs ?? 0;
    if (rt > 0 || ka > 0) {
      // One coarse timer instead of re-arming a timeout on every chunk of a 30 fps image stream.
      const tick = Math.max(10, Math.min(...[rt, ka].filter((t) => t > 0)) / 4);
      this.timer = setInterval(() => this.onTick(rt, ka), tick);
      this.timer.unref();
    }
  }

  /** Header version used for what we send now (follows the peer when `followPeerVersion`). */
  get headerVersion(): 1 | 2 {
    return this.version;
  }

  /** "address:port" of the peer (kept after the socket closes, for log lines). */
  readonly remote: string;

  get closed(): boolean {
    return this.ended;
  }

  get stats(): IgtlConnectionStats {
    return { ...this.counts, dropped: this.queue.dropped, queued: this.queue.length };
  }

  /**
   * Queues one message for sending. Returns false when the connection is already closed. A live frame may
   * later be dropped (counted in stats.dropped) if the peer reads slower than frames are produced.
   */
  send(msg: IgtlMessage): boolean {
    if (this.ended || this.closing) return false;
    const live = (this.options.isLive ?? isImage)(msg);
    this.sendBytes(encodeForVersion(msg, this.version), live ? `${msg.type}\0${msg.deviceName}` : undefined);
    return true;
  }

  /** Queues bytes already encoded (for this connection's header version); see send(). */
  sendBytes(bytes: Uint8Array, liveKey?: string): void {
    if (this.ended || this.closing) return;
    this.queue.push(liveKey === undefined ? { bytes } : { bytes, liveKey });
    if (this.queue.bytes > (this.options.maxQueuedBytes ?? 64 << 20)) {
      this.destroy(
        new IgtlNetError(
          'QUEUE_OVERFLOW',
          `peer ${this.remote} is not reading (${this.queue.bytes} bytes queued)`,
        ),
      );
      return;
    }
    this.flush();
  }

  /** Closes once what is queued has been handed to the socket (send() is refused from now on). */
  close(): void {
    if (this.ended || this.closing) return;
    this.closing = true;
    this.flush();
  }

  /** Closes at once, dropping what is queued; `reason` is reported by the 'close' event. */
  destroy(reason?: IgtlNetError): void {
    if (this.ended) return;
    this.end(reason);
    this.socket.destroy();
  }

  private flush(): void {
    while (!this.waitingDrain && !this.ended && !this.socket.destroyed) {
      const f = this.queue.shift();
      if (!f) {
        // Everything is handed over: send our FIN, then linger, reading and dropping what the peer still
        // streams, until it closes too or LINGER_MS pass. Destroying at once with its frames unread in our
        // receive buffer makes the kernel answer with a reset, and a reset can make the peer throw away
        // our last messages before reading them (a PlusServer streaming on lost the SpineSurface so).
        if (this.closing && !this.lingering) {
          this.lingering = setTimeout(() => this.socket.destroy(), LINGER_MS);
          this.lingering.unref();
          this.socket.end();
        }
        return;
      }
      this.counts.messagesOut++;
      this.counts.bytesOut += f.bytes.byteLength;
      this.lastOut = Date.now();
      // false = the socket's own buffer is over its high-water mark: wait for 'drain' and let frames
      // pile up in our queue, where the live ones can be dropped.
      if (!this.socket.write(f.bytes)) this.waitingDrain = true;
    }
  }

  private onData(chunk: Buffer): void {
    this.lastIn = Date.now();
    this.counts.bytesIn += chunk.byteLength;
    // Closed by us: what still arrives is read only so the socket can close without a reset.
    if (this.closing) return;
    let msgs: IgtlMessage[];
    try {
      msgs = this.framer.push(chunk);
    } catch (e) {
      this.protocolError(e);
      return;
    }
    for (const m of msgs) {
      if (this.ended) return;
      this.counts.messagesIn++;
      if (this.options.followPeerVersion && (m.headerVersion === 1 || m.headerVersion === 2))
        this.version = m.headerVersion;
      this.emit('message', m);
    }
    // Valid messages ahead of a malformed one in the same chunk were delivered above; now close.
    if (this.framer.error && !this.ended) this.protocolError(this.framer.error);
  }

  private protocolError(e: unknown): void {
    const code = (e as { code?: string }).code ?? 'UNKNOWN';
    this.destroy(
      new IgtlNetError(
        'PROTOCOL',
        `malformed stream from ${this.remote}: ${(e as Error).message} [${code}]`,
        {
          cause: e,
        },
      ),
    );
  }

  private onTick(receiveTimeoutMs: number, keepAliveMs: number): void {
    const now = Date.now();
    if (receiveTimeoutMs > 0 && now - this.lastIn > receiveTimeoutMs) {
      this.destroy(
        new IgtlNetError(
          'RECEIVE_TIMEOUT',
          `nothing received from ${this.remote} for ${receiveTimeoutMs} ms`,
        ),
      );
    } else if (keepAliveMs > 0 && now - this.lastOut >= keepAliveMs && this.queue.length === 0) {
      this.send({
        type: 'STATUS',
        deviceName: '',
        timestamp: timestampFromSeconds(now / 1000),
        code: 1,
        subcode: 0n,
        errorName: '',
        message: '',
      });
    }
  }

  private end(reason: IgtlNetError | undefined): void {
    if (this.ended) return;
    this.ended = true;
    if (this.timer) clearInterval(this.timer);
    if (this.lingering) clearTimeout(this.lingering);
    this.queue.clear();
    this.emit('close', reason);
  }
}
