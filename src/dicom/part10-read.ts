import { DicomError } from './errors.js';

/** The File Meta Information of a Part 10 file and where its data set starts (PS3.10 7.1). */
export interface Part10Meta {
  readonly sopClassUid: string;
  readonly sopInstanceUid: string;
  readonly transferSyntaxUid: string;
  /** The data set after the meta group, as it goes over the network (PS3.7 9.3.1: no preamble, no meta). */
  readonly dataset: Uint8Array;
}

const META_UIDS: Record<number, keyof Omit<Part10Meta, 'dataset'>> = {
  0x0002: 'sopClassUid',
  0x0003: 'sopInstanceUid',
  0x0010: 'transferSyntaxUid',
};

/** Splits a Part 10 file into its meta information and data set; the meta group is always explicit VR LE. */
export function splitPart10(bytes: Uint8Array, name = 'file'): Part10Meta {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = String.fromCharCode(...bytes.subarray(128, 132));
  if (bytes.length < 144 || magic !== 'DICM')
    throw new DicomError('DICOM_PARSE', `${name}: not a DICOM Part 10 file (no DICM at byte 128)`);
  const found: Partial<Record<keyof Omit<Part10Meta, 'dataset'>, string>> = {};
  let at = 132;
  while (at + 8 <= bytes.length && view.getUint16(at, true) === 0x0002) {
    const element = view.getUint16(at + 2, true);
    const vr = String.fromCharCode(bytes[at + 4]!, bytes[at + 5]!);
    const long = vr === 'OB' || vr === 'OW' || vr === 'UN' || vr === 'SQ' || vr === 'UT';
    const length = long ? view.getUint32(at + 8, true) : view.getUint16(at + 6, true);
    const start = at + (long ? 12 : 8);
    if (start + length > bytes.length) throw new DicomError('DICOM_PARSE', `${name}: truncated meta header`);
    const key = META_UIDS[element];
    if (key)
      found[key] = new TextDecoder().decode(bytes.subarray(start, start + length)).replace(/[\0 ]+$/, '');
    at = start + length;
  }
  const { sopClassUid, sopInstanceUid, transferSyntaxUid } = found;
  if (!sopClassUid || !sopInstanceUid || !transferSyntaxUid)
    throw new DicomError(
      'DICOM_PARSE',
      `${name}: the meta header lacks a SOP class, instance or transfer syntax`,
    );
  return { sopClassUid, sopInstanceUid, transferSyntaxUid, dataset: bytes.subarray(at) };
}
