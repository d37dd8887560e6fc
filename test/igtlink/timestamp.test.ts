import { describe, expect, it } from 'vitest';
import { timestampFromParts, timestampFromSeconds, timestampToSeconds } from '../../src/igtlink/index.js';

describe('32.32 timestamps', () => {
  it('converts seconds exactly where binary fractions allow', () => {
    expect(timestampFromSeconds(1700000000.25)).toBe((1700000000n << 32n) | 0x40000000n);
    expect(timestampToSeconds((1700000000n << 32n) | 0x80000000n)).toBe(1700000000.5);
    expect(timestampFromParts(1, 2)).toBe((1n << 32n) | 2n);
  });

  it('rounds the fraction to nearest and carries into the seconds', () => {
    expect(timestampFromSeconds(5 + 1 / 2 ** 33)).toBe((5n << 32n) | 1n);
    expect(timestampFromSeconds(5 - 1e-12)).toBe(5n << 32n);
  });

  it('rejects values outside the u32 seconds range', () => {
    expect(() => timestampFromSeconds(-1)).toThrow(RangeError);
    expect(() => timestampFromSeconds(2 ** 32)).toThrow(RangeError);
    expect(() => timestampFromSeconds(Number.NaN)).toThrow(RangeError);
  });
});
