import { concat } from '../encode.js';
import { DicomError } from '../errors.js';

/** Command Field values (PS3.7 E.1). */
export const C_STORE_RQ = 0x0001;
export const C_STORE_RSP = 0x8001;

const ascii = new TextEncoder();

/** One command element in implicit VR little endian, the only encoding of command sets (PS3.7 6.3.1). */
function element(tag: number, value: Uint8Array): Uint8Array {
  const head = new DataView(new ArrayBuffer(8));
  head.setUint16(0, tag >>> 16, true);
  head.setUint16(2, tag & 0xffff, true);
  head.setUint32(4, value.length, true);
  return concat([new Uint8Array(head.buffer), value]);
}

const us = (x: number) => Uint8Array.of(x & 0xff, x >> 8);
const uid = (s: string) => {
  const b = ascii.encode(s);
  return b.length % 2 ? concat([b, Uint8Array.of(0)]) : b;
};

/** C-STORE-RQ command set (PS3.7 9.3.1.1), medium priority, with a data set following. */
export function encodeCStoreRq(messageId: number, sopClassUid: string, sopInstanceUid: string): Uint8Array {
  const body = concat([
    element(0x00000002, uid(sopClassUid)), // Affected SOP Class UID
    element(0x00000100, us(C_STORE_RQ)), // Command Field
    element(0x00000110, us(messageId)), // Message ID
    element(0x00000700, us(0)), // Priority: medium
    element(0x00000800, us(0x0000)), // Command Data Set Type: anything but 0x0101 = a data set follows
    element(0x00001000, uid(sopInstanceUid)), // Affected SOP Instance UID
  ]);
  const length = new DataView(new ArrayBuffer(4));
  length.setUint32(0, body.length, true);
  return concat([element(0x00000000, new Uint8Array(length.buffer)), body]); // Command Group Length
}

/** Command Field, Message ID Being Responded To and Status of a response command set (PS3.7 9.3.1.2). */
export function decodeCommand(bytes: Uint8Array): { field: number; respondingTo: number; status: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values = new Map<number, number>();
  for (let at = 0; at + 8 <= bytes.length;) {
    const tag = (view.getUint16(at, true) << 16) | view.getUint16(at + 2, true);
    const len = view.getUint32(at + 4, true);
    if (at + 8 + len > bytes.length) throw new DicomError('DICOM_PACS', 'DIMSE response: truncated command');
    if (len === 2) values.set(tag >>> 0, view.getUint16(at + 8, true));
    at += 8 + len;
  }
  const field = values.get(0x00000100);
  const status = values.get(0x00000900);
  if (field === undefined || status === undefined)
    throw new DicomError('DICOM_PACS', 'DIMSE response without Command Field or Status');
  return { field, respondingTo: values.get(0x00000120) ?? -1, status };
}
