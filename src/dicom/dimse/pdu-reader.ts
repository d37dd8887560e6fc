import { DicomError } from '../errors.js';

/** Largest PDU we accept from a peer (its length field is read before any allocation). */
const MAX_INCOMING_PDU = 16 << 20;

/**
 * A small bounded framer: socket chunks in, whole PDUs out (type + body). Chunks are kept as they came
 * and copied once per PDU, not concatenated on every read.
 */
export class PduReader {
  private chunks: Uint8Array[] = [];
  private buffered = 0;

  push(chunk: Uint8Array): { type: number; body: Uint8Array }[] {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const out: { type: number; body: Uint8Array }[] = [];
    for (;;) {
      if (this.buffered < 6) return out;
      const head = this.peek(6);
      const length = new DataView(head.buffer, head.byteOffset, 6).getUint32(2);
      if (length > MAX_INCOMING_PDU) {
        this.chunks = [];
        this.buffered = 0;
        throw new DicomError('DICOM_PACS', `the peer sent a ${length}-byte PDU (limit ${MAX_INCOMING_PDU})`);
      }
      if (this.buffered < 6 + length) return out;
      const whole = this.take(6 + length);
      out.push({ type: whole[0]!, body: whole.subarray(6) });
    }
  }

  private peek(n: number): Uint8Array {
    const first = this.chunks[0]!;
    if (first.length >= n) return first.subarray(0, n);
    return this.gather(n, false);
  }

  private take(n: number): Uint8Array {
    return this.gather(n, true);
  }

  private gather(n: number, consume: boolean): Uint8Array {
    const out = new Uint8Array(n);
    let got = 0;
    let i = 0;
    while (got < n) {
      const c = this.chunks[i]!;
      const part = c.subarray(0, Math.min(c.length, n - got));
      out.set(part, got);
      got += part.length;
      if (consume && part.length === c.length) this.chunks.shift();
      else if (consume) this.chunks[0] = c.subarray(part.length);
      else i++;
    }
    if (consume) this.buffered -= n;
    return out;
  }
}
