import { DICTIONARY, type Keyword, type Vr } from './dictionary.js';
import type { Dataset, ElementValue } from './dataset.js';
import { DicomError } from './errors.js';
import { formatDs } from './numbers.js';

/** VRs with a 2-byte reserved field and a 4-byte length in explicit VR (PS3.5 7.1.2); ours are OB and SQ. */
const LONG_VRS = new Set<Vr>(['OB', 'SQ']);

/** Maximum lengths in characters per value (PS3.5 Table 6.2-1). */
const MAX_CHARS: Partial<Record<Vr, number>> = {
  CS: 16,
  DA: 8,
  DS: 16,
  IS: 12,
  LO: 64,
  PN: 64,
  SH: 16,
  ST: 1024,
  TM: 14,
  UI: 64,
};

const utf8 = new TextEncoder();

/**
 * Encodes a data set in Explicit VR Little Endian (PS3.5 7.1.2), elements sorted by tag, sequences and
 * items with defined lengths. Pure: the same data set always gives the same bytes.
 */
export function encodeDataset(ds: Dataset): Uint8Array {
  const parts: Uint8Array[] = [];
  const keys = (Object.keys(ds) as Keyword[]).sort((a, b) => DICTIONARY[a][0] - DICTIONARY[b][0]);
  for (const k of keys) {
    const v = ds[k];
    if (v !== undefined) parts.push(encodeElement(k, v));
  }
  return concat(parts);
}

function encodeElement(keyword: Keyword, value: ElementValue): Uint8Array {
  const [tag, vr] = DICTIONARY[keyword];
  const body = encodeValue(keyword, vr, value);
  const long = LONG_VRS.has(vr);
  const head = new DataView(new ArrayBuffer(long ? 12 : 8));
  head.setUint16(0, tag >>> 16, true);
  head.setUint16(2, tag & 0xffff, true);
  head.setUint8(4, vr.charCodeAt(0));
  head.setUint8(5, vr.charCodeAt(1));
  if (long) head.setUint32(8, body.length, true);
  else {
    if (body.length > 0xffff)
      throw new DicomError('DICOM_BAD_VALUE', `${keyword}: ${body.length} bytes do not fit a ${vr} value`);
    head.setUint16(6, body.length, true);
  }
  return concat([new Uint8Array(head.buffer), body]);
}

function encodeValue(keyword: Keyword, vr: Vr, value: ElementValue): Uint8Array {
  switch (vr) {
    case 'SQ':
      return encodeItems(keyword, value);
    case 'OB':
      if (!(value instanceof Uint8Array)) throw badValue(keyword, vr, value);
      return value.length % 2 === 0 ? value : concat([value, new Uint8Array(1)]);
    case 'US':
    case 'UL':
    case 'AT':
      return encodeBinary(keyword, vr, value);
    default:
      return encodeText(keyword, vr, value);
  }
}

function encodeItems(keyword: Keyword, value: ElementValue): Uint8Array {
  if (!Array.isArray(value)) throw badValue(keyword, 'SQ', value);
  const parts: Uint8Array[] = [];
  for (const item of value as readonly Dataset[]) {
    if (typeof item !== 'object' || item === null) throw badValue(keyword, 'SQ', value);
    const body = encodeDataset(item);
    // Item tag (FFFE,E000) with its defined length (PS3.5 7.5.2).
    const head = new DataView(new ArrayBuffer(8));
    head.setUint16(0, 0xfffe, true);
    head.setUint16(2, 0xe000, true);
    head.setUint32(4, body.length, true);
    parts.push(new Uint8Array(head.buffer), body);
  }
  return concat(parts);
}

function encodeBinary(keyword: Keyword, vr: 'US' | 'UL' | 'AT', value: ElementValue): Uint8Array {
  const values = typeof value === 'number' ? [value] : value;
  if (!Array.isArray(values) || values.some((x) => typeof x !== 'number')) throw badValue(keyword, vr, value);
  const nums = values as readonly number[];
  const size = vr === 'US' ? 2 : 4;
  const max = vr === 'US' ? 0xffff : 0xffffffff;
  const out = new DataView(new ArrayBuffer(nums.length * size));
  nums.forEach((x, i) => {
    if (!Number.isInteger(x) || x < 0 || x > max) throw badValue(keyword, vr, x);
    if (vr === 'US') out.setUint16(i * 2, x, true);
    else if (vr === 'UL') out.setUint32(i * 4, x, true);
    else {
      // AT: a tag as group then element, each uint16 (PS3.5 6.2).
      out.setUint16(i * 4, x >>> 16, true);
      out.setUint16(i * 4 + 2, x & 0xffff, true);
    }
  });
  return new Uint8Array(out.buffer);
}

function encodeText(keyword: Keyword, vr: Vr, value: ElementValue): Uint8Array {
  if (value instanceof Uint8Array || (Array.isArray(value) && value.some((x) => typeof x === 'object')))
    throw badValue(keyword, vr, value);
  const values = (Array.isArray(value) ? value : [value]) as readonly (string | number)[];
  const texts = values.map((x) => textOf(keyword, vr, x));
  const text = texts.join('\\');
  const bytes = utf8.encode(text);
  if (bytes.length % 2 === 0) return bytes;
  // Pad to even length: UIDs with NUL, every other string VR with a space (PS3.5 6.2).
  return concat([bytes, Uint8Array.of(vr === 'UI' ? 0 : 0x20)]);
}

function textOf(keyword: Keyword, vr: Vr, x: string | number): string {
  let s: string;
  if (typeof x === 'number') {
    if (vr === 'DS') s = formatDs(x);
    else if (vr === 'IS' && Number.isInteger(x)) s = String(x);
    else throw badValue(keyword, vr, x);
  } else s = x;
  const max = MAX_CHARS[vr];
  if (max !== undefined && [...s].length > max)
    throw new DicomError('DICOM_BAD_VALUE', `${keyword} (${vr}) is longer than ${max} characters: '${s}'`);
  if (s.includes('\\') && vr !== 'ST')
    throw new DicomError('DICOM_BAD_VALUE', `${keyword} must not contain a backslash: '${s}'`);
  if (vr === 'UI' && s !== '' && !/^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$/.test(s))
    throw new DicomError('DICOM_BAD_VALUE', `${keyword} is not a valid UID: '${s}'`);
  if (vr === 'DA' && s !== '' && !/^\d{8}$/.test(s))
    throw new DicomError('DICOM_BAD_VALUE', `${keyword} must be YYYYMMDD: '${s}'`);
  if (vr === 'TM' && s !== '' && !/^\d{2}(\d{2}(\d{2}(\.\d{1,6})?)?)?$/.test(s))
    throw new DicomError('DICOM_BAD_VALUE', `${keyword} must be HHMMSS[.FFFFFF]: '${s}'`);
  return s;
}

function badValue(keyword: Keyword, vr: Vr, value: unknown): DicomError {
  const shown = value instanceof Uint8Array ? `${value.length} bytes` : JSON.stringify(value)?.slice(0, 80);
  return new DicomError('DICOM_BAD_VALUE', `${keyword}: ${shown} is not a ${vr} value`);
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
