import { describe, expect, it } from 'vitest';
import { DicomError } from '../../src/dicom/index.js';
import type { Dataset } from '../../src/dicom/dataset.js';
import { encodeDataset } from '../../src/dicom/encode.js';
import { formatDs } from '../../src/dicom/numbers.js';
import { packBits, unpackBits } from '../../src/dicom/seg.js';

const hex = (s: string) =>
  Uint8Array.from(
    s
      .replace(/\s+/g, '')
      .match(/../g)!
      .map((b) => parseInt(b, 16)),
  );

/** Explicit VR little endian element encodings (PS3.5 7.1.2), one field per comment. */
const ROWS: readonly { name: string; ds: Dataset; bytes: string }[] = [
  {
    name: 'US, short header',
    ds: { Rows: 480 },
    bytes: '2800 1000' /* tag (0028,0010) */ + '5553' /* "US" */ + '0200' /* length 2 */ + 'e001' /* 480 */,
  },
  {
    name: 'UI padded with NUL to even length',
    ds: { SOPInstanceUID: '2.25.1' },
    bytes: '0800 1800' + '5549' /* "UI" */ + '0600' + '322e32352e31' /* "2.25.1" */,
  },
  {
    name: 'UI of odd length gets one NUL',
    ds: { SOPInstanceUID: '2.25.12' },
    bytes: '0800 1800' + '5549' + '0800' + '322e32352e3132' + '00',
  },
  {
    name: 'CS multi-valued, padded with a space',
    ds: { ImageType: ['DERIVED', 'PRIMARY'] },
    bytes: '0800 0800' + '4353' + '1000' + '44455249564544' /* DERIVED */ + '5c' + '5052494d415259' + '20',
  },
  {
    name: 'DS numbers as text',
    ds: { PixelSpacing: [0.25, 0.3] },
    bytes: '2800 3000' + '4453' + '0800' + '302e32355c302e33' /* "0.25\0.3" */,
  },
  {
    name: 'AT: group then element',
    ds: { DimensionIndexPointer: 0x00200032 },
    bytes: '2000 6591' + '4154' + '0400' + '2000 3200',
  },
  {
    name: 'empty type 2 value',
    ds: { AccessionNumber: '' },
    bytes: '0800 5000' + '5348' + '0000',
  },
  {
    name: 'SQ with one item, defined lengths; 2 reserved bytes and a 4-byte length',
    ds: { SegmentIdentificationSequence: [{ ReferencedSegmentNumber: 1 }] },
    bytes:
      '6200 0a00' +
      '5351' /* "SQ" */ +
      '0000' /* reserved */ +
      '12000000' /* 18 */ +
      'feff 00e0' /* item */ +
      '0a000000' /* 10 */ +
      '6200 0b00 5553 0200 0100',
  },
  {
    name: 'OB padded with a zero byte; elements sorted by tag',
    ds: { PixelData: Uint8Array.of(7, 8, 9), Columns: 3 },
    bytes: '2800 1100 5553 0200 0300' + 'e07f 1000' + '4f42' + '0000' + '04000000' + '07080900',
  },
];

describe('encodeDataset golden rows', () => {
  it.each(ROWS)('$name', ({ ds, bytes }) => {
    expect(Buffer.from(encodeDataset(ds)).toString('hex')).toBe(Buffer.from(hex(bytes)).toString('hex'));
  });

  it.each([
    ['UID with a leading zero component', { StudyInstanceUID: '1.02' }],
    ['UID longer than 64', { StudyInstanceUID: '1.' + '2'.repeat(63) }],
    ['SH longer than 16', { StudyID: 'x'.repeat(17) }],
    ['backslash inside a value', { PatientID: 'a\\b' }],
    ['DA not YYYYMMDD', { StudyDate: '2026-01-01' }],
    ['US out of range', { Rows: 70000 }],
    ['IS not an integer', { InstanceNumber: 1.5 }],
    ['DS not finite', { SliceThickness: NaN }],
  ] as [string, Dataset][])('refuses %s with DICOM_BAD_VALUE', (_n, ds) => {
    expect(() => encodeDataset(ds)).toThrow(DicomError);
    try {
      encodeDataset(ds);
    } catch (e) {
      expect((e as DicomError).code).toBe('DICOM_BAD_VALUE');
    }
  });
});

describe('formatDs keeps a DS within 16 characters', () => {
  it.each([
    [0, '0'],
    [-0, '0'],
    [0.25, '0.25'],
    [-51.04438257985748, '-51.044382579857'],
    [0.14562636613845825, '0.14562636613846'],
    [1e-20, '1e-20'],
    [123456789012345680000, '1.2345678901e+20'],
  ])('%s -> %s', (x, s) => {
    expect(formatDs(x)).toBe(s);
    expect(s.length).toBeLessThanOrEqual(16);
  });

  it('keeps at least 10 significant digits of random values', () => {
    for (let i = 0; i < 1000; i++) {
      const x = (Math.random() - 0.5) * 10 ** Math.floor(Math.random() * 8 - 3);
      const s = formatDs(x);
      expect(s.length).toBeLessThanOrEqual(16);
      expect(Math.abs(Number(s) - x)).toBeLessThanOrEqual(Math.abs(x) * 1e-10);
    }
  });
});

describe('BINARY SEG bit packing (PS3.5 8.1.1: first pixel in the least significant bit)', () => {
  it('packs frames back to back without per-frame padding', () => {
    const a = Uint8Array.of(1, 0, 0, 0, 0, 0, 0, 0, 0, 1); // 10 pixels
    const b = Uint8Array.of(0, 0, 0, 0, 0, 0, 255, 0, 0, 0);
    // bits 0 and 9, then frame b's pixel 6 is bit 16.
    expect(Array.from(packBits([a, b], 10))).toEqual([0x01, 0x02, 0x01]);
    expect(unpackBits(packBits([a, b], 10), 10, 2)).toEqual([a, b.map((x) => (x ? 1 : 0))]);
  });
});
