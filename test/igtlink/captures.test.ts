import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage, IgtlFramer } from '../../src/igtlink/index.js';
import { CAPTURES } from '../fixtures/igtlink/captures.js';
import { plain, readCapture } from './helpers.js';

// Bytes written by libOpenIGTLink 1.11 (test/fixtures/igtlink/cpp/make_fixtures.cxx). That library
// zero-fills every padding byte it leaves (names, STT_TDATA), so whole messages compare byte for byte.
describe('C++ reference captures', () => {
  for (const [file, message] of CAPTURES) {
    describe(file, () => {
      const bytes = readCapture(`${file}.bin`);

      it('decodes to the fields the C++ generator set', () => {
        expect(plain(decodeMessage(bytes))).toEqual(plain(message));
      });

      it('encodes those fields to the identical bytes', () => {
        expect(Buffer.from(encodeMessage(message)).toString('hex')).toBe(Buffer.from(bytes).toString('hex'));
      });

      it('round-trips through the framer', () => {
        const [m, ...rest] = new IgtlFramer().push(bytes);
        expect(rest).toHaveLength(0);
        expect(encodeMessage(m!)).toEqual(bytes);
      });
    });
  }

  it('decodes IMAGE pixels as a view of the received bytes, not a copy', () => {
    const bytes = readCapture('image_uint8.bin');
    const m = decodeMessage(bytes);
    if (m.type !== 'IMAGE') throw new Error('expected IMAGE');
    expect(m.data.buffer).toBe(bytes.buffer);
    expect(m.data.byteOffset).toBe(58 + 72);
  });
});
