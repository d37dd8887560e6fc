import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage } from '../../src/igtlink/index.js';
import { GOLDEN, hexBytes } from '../fixtures/igtlink/golden.js';
import { plain } from './helpers.js';

describe('golden bytes (header v1 and v2 with metadata, COMMAND, raw)', () => {
  for (const row of GOLDEN) {
    describe(row.name, () => {
      const bytes = hexBytes(row.hex);
      it('decodes', () => {
        expect(plain(decodeMessage(bytes))).toEqual(plain(row.message));
      });
      it('encodes', () => {
        expect(Buffer.from(encodeMessage(row.message)).toString('hex')).toBe(
          Buffer.from(bytes).toString('hex'),
        );
      });
      it('round-trips', () => {
        expect(encodeMessage(decodeMessage(bytes))).toEqual(bytes);
      });
    });
  }
});
