import { decodeBody } from './codec.js';
import { IgtlError } from './errors.js';
import { decodeHeader, IGTL_HEADER_SIZE } from './header.js';
import type { IgtlHeader, IgtlMessage } from './types.js';

export interface IgtlFramerOptions {
  /** Largest body accepted, in bytes (default 64 MiB); a larger announcement fails before allocation. */
  readonly maxBodySize?: number;
  /** Check each body's CRC-64 (default true). */
  readonly verifyCrc?: boolean;
}

export const DEFAULT_MAX_BODY_SIZE = 64 * 1024 * 1024;

/**
 * Streaming OpenIGTLink parser: TCP chunks in, whole messages out, for any split or coalescing.
 * Chunks are kept in a list with a read offset (never concatenated); a body lying inside one chunk is
 * decoded from a view of it, a body spanning chunks is copied once into a buffer of exactly its size.
 * Callers must not modify a chunk after pushing it (Node's socket chunks are fresh buffers).
 *
 * After any error the framer drops what it buffered and refuses input (FRAMER_STOPPED) until reset().
 */
export class IgtlFramer {
  private readonly maxBodySize: number;
  private readonly verifyCrc: boolean;
  private chunks: Uint8Array[] = [];
  /** Read position inside chunks[0]. */
  private offset = 0;
  private buffered = 0;
  private header: IgtlHeader | undefined;
  private failure: IgtlError | undefined;

  constructor(opts: IgtlFramerOptions = {}) {
    this.maxBodySize = opts.maxBodySize ?? DEFAULT_MAX_BODY_SIZE;
    this.verifyCrc = opts.verifyCrc ?? true;
  }

  /** Bytes received but not yet part of a returned message. */
  get bufferedBytes(): number {
    return this.buffered;
  }

  /**
   * Feeds one chunk; returns the messages it completed (possibly none). Throws IgtlError on malformed
   * input; messages completed earlier in the same chunk are then lost with the stream.
   */
  push(chunk: Uint8Array): IgtlMessage[] {
    if (this.failure) {
      throw new IgtlError('FRAMER_STOPPED', `framer stopped after: ${this.failure.message}`, {
        cause: this.failure,
      });
    }
    if (chunk.length > 0) {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
    }
    const out: IgtlMessage[] = [];
    try {
      for (;;) {
        if (!this.header) {
          if (this.buffered < IGTL_HEADER_SIZE) break;
          this.header = decodeHeader(this.take(IGTL_HEADER_SIZE), this.maxBodySize);
        }
        if (this.buffered < this.header.bodySize) break;
        const header = this.header;
        this.header = undefined;
        out.push(decodeBody(header, this.take(header.bodySize), { verifyCrc: this.verifyCrc }));
      }
    } catch (e) {
      this.clear();
      if (!(e instanceof IgtlError)) throw e;
      this.failure = e;
      // Messages completed before the bad one are delivered; the error is reported by `error` now and
      // thrown by the next push(), so nothing valid that arrived in the same chunk is lost.
      if (out.length === 0) throw e;
    }
    return out;
  }

  /** The error that stopped the framer, if any (set when push() returned messages but then met a bad one). */
  get error(): IgtlError | undefined {
    return this.failure;
  }

  /** Forgets buffered bytes and any error; the next push() starts at a message boundary. */
  reset(): void {
    this.clear();
    this.failure = undefined;
  }

  private clear(): void {
    this.chunks = [];
    this.offset = 0;
    this.buffered = 0;
    this.header = undefined;
  }

  /** Removes n buffered bytes (n <= buffered): a view when they lie in one chunk, else one copy. */
  private take(n: number): Uint8Array {
    const first = this.chunks[0];
    if (n === 0) return new Uint8Array(0);
    this.buffered -= n;
    if (first && first.length - this.offset >= n) {
      const view = first.subarray(this.offset, this.offset + n);
      this.offset += n;
      if (this.offset === first.length) {
        this.chunks.shift();
        this.offset = 0;
      }
      return view;
    }
    const out = new Uint8Array(n);
    let filled = 0;
    while (filled < n) {
      const c = this.chunks[0]!;
      const k = Math.min(n - filled, c.length - this.offset);
      out.set(c.subarray(this.offset, this.offset + k), filled);
      filled += k;
      this.offset += k;
      if (this.offset === c.length) {
        this.chunks.shift();
        this.offset = 0;
      }
    }
    return out;
  }
}
