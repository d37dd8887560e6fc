import { describe, expect, it } from 'vitest';
import { SendQueue } from '../../src/igtlink/backpressure.js';
import { IgtlNetError, parseHostPort } from '../../src/igtlink/connection-errors.js';
import { backoffDelay } from '../../src/igtlink/reconnect.js';

const frame = (n: number, liveKey?: string) => ({
  bytes: new Uint8Array(n),
  ...(liveKey ? { liveKey } : {}),
});

describe('SendQueue (drop-oldest for live streams)', () => {
  it('keeps only the newest waiting frame of a live stream by default and counts the drops', () => {
    const q = new SendQueue();
    expect(q.push(frame(10, 'IMAGE\0A'))).toBe(0);
    expect(q.push(frame(20, 'IMAGE\0A'))).toBe(1);
    expect(q.push(frame(30, 'IMAGE\0A'))).toBe(1);
    expect(q.length).toBe(1);
    expect(q.bytes).toBe(30);
    expect(q.dropped).toBe(2);
    expect(q.shift()!.bytes.byteLength).toBe(30);
    expect(q.bytes).toBe(0);
  });

  it('drops per stream, never other streams or non-live messages, and keeps order', () => {
    const q = new SendQueue({ maxLivePerStream: 2 });
    q.push(frame(1, 'IMAGE\0A'));
    q.push(frame(2));
    q.push(frame(3, 'IMAGE\0B'));
    q.push(frame(4, 'IMAGE\0A'));
    q.push(frame(5, 'IMAGE\0A')); // drops 1, the oldest of A
    q.push(frame(6));
    const sizes: number[] = [];
    for (let f = q.shift(); f; f = q.shift()) sizes.push(f.bytes.byteLength);
    expect(sizes).toEqual([2, 3, 4, 5, 6]);
    expect(q.dropped).toBe(1);
  });
});

describe('backoffDelay', () => {
  it('grows exponentially up to the cap, jitter within [base*(1-jitter), base]', () => {
    const opts = { initialMs: 100, maxMs: 1000, factor: 2, jitter: 0.5 };
    expect([0, 1, 2, 3, 4, 5].map((a) => backoffDelay(a, opts, () => 0))).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
    expect(backoffDelay(2, opts, () => 0.999999)).toBeCloseTo(200, 3);
    for (let i = 0; i < 100; i++) {
      const d = backoffDelay(3, opts);
      expect(d).toBeGreaterThan(400);
      expect(d).toBeLessThanOrEqual(800);
    }
  });
});

describe('parseHostPort', () => {
  it('parses host, port and bracketed IPv6; defaults to 18944', () => {
    expect(parseHostPort('127.0.0.1:18944')).toEqual({ host: '127.0.0.1', port: 18944 });
    expect(parseHostPort('plus-host')).toEqual({ host: 'plus-host', port: 18944 });
    expect(parseHostPort('[::1]:1234')).toEqual({ host: '::1', port: 1234 });
  });

  it.each(['', ':18944', 'host:0', 'host:70000', 'host:abc', 'a:b:c'])(
    'rejects %j with BAD_ADDRESS',
    (text) => {
      let err: unknown;
      try {
        parseHostPort(text);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(IgtlNetError);
      expect((err as IgtlNetError).code).toBe('BAD_ADDRESS');
    },
  );
});
