import { describe, expect, it } from 'vitest';
import { crc64, encodeMessage, IgtlError, IgtlFramer, type IgtlMessage } from '../../src/igtlink/index.js';
import { allFixtureBytes, concat, rng } from './helpers.js';

const FIXTURES = allFixtureBytes().map((f) => f.bytes);
const STREAM = concat(FIXTURES);
const SEED = 20261125;

function randomChunks(bytes: Uint8Array, rand: () => number, maxChunk: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0; at < bytes.length;) {
    const n = 1 + Math.floor(rand() * maxChunk);
    out.push(bytes.subarray(at, at + n));
    at += n;
  }
  return out;
}

/** Feeds chunks; returns the messages and the error that ended the stream (anything but IgtlError fails). */
function feed(f: IgtlFramer, chunks: Uint8Array[]): { messages: IgtlMessage[]; error?: IgtlError } {
  const messages: IgtlMessage[] = [];
  for (const c of chunks) {
    try {
      messages.push(...f.push(c));
    } catch (e) {
      if (!(e instanceof IgtlError)) throw e;
      return { messages, error: e };
    }
  }
  return { messages };
}

describe('fuzz', () => {
  it('random splits of a valid stream decode identically', () => {
    const rand = rng(SEED);
    for (let iter = 0; iter < 150; iter++) {
      const { messages, error } = feed(new IgtlFramer(), randomChunks(STREAM, rand, 1 + iter * 3));
      expect(error, `seed ${SEED} iteration ${iter}`).toBeUndefined();
      expect(messages.map((m) => Buffer.from(encodeMessage(m)).toString('hex'))).toEqual(
        FIXTURES.map((b) => Buffer.from(b).toString('hex')),
      );
    }
  });

  it('mutated streams (CRC fixed up, so the decoders see the damage) yield only messages or IgtlError', () => {
    const rand = rng(SEED + 1);
    let errors = 0;
    for (let iter = 0; iter < 3000; iter++) {
      const base = FIXTURES[Math.floor(rand() * FIXTURES.length)]!.slice();
      const flips = 1 + Math.floor(rand() * 4);
      for (let k = 0; k < flips; k++) base[Math.floor(rand() * base.length)] = Math.floor(rand() * 256);
      if (rand() < 0.8 && base.length >= 58) {
        new DataView(base.buffer).setBigUint64(50, crc64(base.subarray(58)));
      }
      const f = new IgtlFramer({ maxBodySize: 1 << 16 });
      const { error } = feed(f, randomChunks(base, rand, 64));
      if (error) errors++;
      // Whatever happened, the framer never holds more than what was pushed.
      expect(f.bufferedBytes).toBeLessThanOrEqual(base.length);
    }
    expect(errors).toBeGreaterThan(100);
  });

  it('random bytes yield only IgtlError, and never buffer past what was pushed', () => {
    const rand = rng(SEED + 2);
    for (let iter = 0; iter < 2000; iter++) {
      const n = Math.floor(rand() * 400);
      const bytes = Uint8Array.from({ length: n }, () => Math.floor(rand() * 256));
      // Half of them get a plausible start so the header checks pass and bodies are parsed.
      if (n >= 58 && rand() < 0.5) {
        const dv = new DataView(bytes.buffer);
        dv.setUint16(0, 1 + Math.floor(rand() * 2));
        const types = ['IMAGE', 'POLYDATA', 'STATUS', 'STRING', 'POSITION', 'TDATA', 'COMMAND', 'POINT'];
        const t = types[Math.floor(rand() * types.length)]!;
        bytes.fill(0, 2, 14);
        for (let i = 0; i < t.length; i++) bytes[2 + i] = t.charCodeAt(i);
        dv.setUint32(42, 0);
        dv.setUint32(46, n - 58);
        dv.setBigUint64(50, crc64(bytes.subarray(58)));
      }
      const f = new IgtlFramer({ maxBodySize: 1 << 20 });
      feed(f, randomChunks(bytes, rand, 100));
      expect(f.bufferedBytes).toBeLessThanOrEqual(n);
    }
  });
});
