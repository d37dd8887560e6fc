import { DicomError } from './errors.js';

/**
 * A Decimal String value (PS3.5 Table 6.2-1: at most 16 characters, no NaN/Infinity): the shortest
 * round-trip text when it fits, otherwise the most significant digits that fit (>= 10). -0 is written as 0.
 */
export function formatDs(x: number): string {
  if (!Number.isFinite(x)) throw new DicomError('DICOM_BAD_VALUE', `a DS value must be finite, got ${x}`);
  if (Object.is(x, -0) || x === 0) return '0';
  const plain = String(x);
  if (plain.length <= 16 && !plain.includes('e')) return plain;
  for (let digits = 15; digits >= 1; digits--) {
    // Fixed notation first (what people read); exponent form keeps more digits for tiny or huge values.
    for (const s of [trimZeros(x.toPrecision(digits)), trimZeros(x.toExponential(digits - 1))])
      if (s.length <= 16) return s;
  }
  throw new DicomError('DICOM_BAD_VALUE', `${x} does not fit a 16-character DS`);
}

function trimZeros(s: string): string {
  const [mant, exp] = s.split('e');
  const m = mant!.includes('.') ? mant!.replace(/0+$/, '').replace(/\.$/, '') : mant!;
  return exp === undefined ? m : `${m}e${exp}`;
}
