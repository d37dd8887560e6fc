import { describe, expect, it } from 'vitest';
import { crc64 } from '../../src/igtlink/index.js';
import { readCapture } from './helpers.js';

// captures/crc64.txt: values printed by libOpenIGTLink's own crc64() (make_fixtures.cxx).
const REFERENCE = new TextDecoder()
  .decode(readCapture('crc64.txt'))
  .trim()
  .split('\n')
  .map((l) => l.split(' ') as [string, string]);

function pattern(n: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = (i * 131 + 7) % 251;
  return b;
}

describe('crc64', () => {
  it('matches the C library on every reference vector', () => {
    expect(REFERENCE.length).toBeGreaterThan(5);
    for (const [name, hex] of REFERENCE) {
      const data = name.startsWith('pattern')
        ? pattern(Number(name.slice('pattern'.length)))
        : new TextEncoder().encode(name);
      expect(crc64(data).toString(16).padStart(16, '0'), name).toBe(hex);
    }
  });

  it('is the ECMA-182 catalogue check value', () => {
    expect(crc64(new TextEncoder().encode('123456789'))).toBe(0x6c40df5f0b497347n);
  });

  it('continues across pieces exactly as over the whole', () => {
    const data = pattern(1000);
    for (const cut of [0, 1, 7, 8, 9, 500, 999, 1000]) {
      expect(crc64(data.subarray(cut), crc64(data.subarray(0, cut)))).toBe(crc64(data));
    }
  });
});
