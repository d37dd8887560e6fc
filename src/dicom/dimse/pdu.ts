import { concat } from '../encode.js';
import { DicomError } from '../errors.js';

/** PDU types of the DICOM Upper Layer (PS3.8 9.3). */
export const PDU = {
  ASSOCIATE_RQ: 0x01,
  ASSOCIATE_AC: 0x02,
  ASSOCIATE_RJ: 0x03,
  P_DATA_TF: 0x04,
  RELEASE_RQ: 0x05,
  RELEASE_RP: 0x06,
  ABORT: 0x07,
} as const;

/** DICOM Application Context Name (PS3.7 A.2.1). */
const APPLICATION_CONTEXT = '1.2.840.10008.3.1.1.1';
/** Our largest P-DATA-TF variable field; announced to the peer (PS3.8 D.1). */
export const OUR_MAX_PDU = 65536;

const ascii = new TextEncoder();

export interface PresentationContextRq {
  /** Odd, 1..255 (PS3.8 9.3.2.2). */
  readonly id: number;
  readonly abstractSyntax: string;
  readonly transferSyntaxes: readonly string[];
}

export interface AssociateRq {
  readonly callingAe: string;
  readonly calledAe: string;
  readonly contexts: readonly PresentationContextRq[];
  readonly implementationClassUid: string;
  readonly implementationVersionName: string;
}

/** A PDU: type byte, reserved byte, 4-byte big-endian length, then the body (PS3.8 9.3.1). */
function pdu(type: number, body: Uint8Array): Uint8Array {
  const head = new DataView(new ArrayBuffer(6));
  head.setUint8(0, type);
  head.setUint32(2, body.length);
  return concat([new Uint8Array(head.buffer), body]);
}

/** A variable item: type, reserved, 2-byte big-endian length, body (PS3.8 9.3.2). */
function item(type: number, body: Uint8Array): Uint8Array {
  const head = new DataView(new ArrayBuffer(4));
  head.setUint8(0, type);
  head.setUint16(2, body.length);
  return concat([new Uint8Array(head.buffer), body]);
}

/** An AE title field: 16 bytes, space padded (PS3.8 9.3.2). */
function aeField(ae: string): Uint8Array {
  if (!/^[\x20-\x7e]{1,16}$/.test(ae) || ae.trim() === '' || ae.includes('\\'))
    throw new DicomError('DICOM_BAD_VALUE', `AE title must be 1-16 printable characters: '${ae}'`);
  return ascii.encode(ae.padEnd(16, ' '));
}

/** A-ASSOCIATE-RQ (PS3.8 9.3.2) with one presentation context per abstract syntax and our user info. */
export function encodeAssociateRq(rq: AssociateRq): Uint8Array {
  const fixed = new Uint8Array(68);
  fixed[1] = 0x01; // protocol version 1
  fixed.set(aeField(rq.calledAe), 4);
  fixed.set(aeField(rq.callingAe), 20);
  const contexts = rq.contexts.map((c) =>
    item(
      0x20,
      concat([
        Uint8Array.of(c.id, 0, 0, 0),
        item(0x30, ascii.encode(c.abstractSyntax)),
        ...c.transferSyntaxes.map((t) => item(0x40, ascii.encode(t))),
      ]),
    ),
  );
  const maxLength = new DataView(new ArrayBuffer(4));
  maxLength.setUint32(0, OUR_MAX_PDU);
  const userInfo = item(
    0x50,
    concat([
      item(0x51, new Uint8Array(maxLength.buffer)),
      item(0x52, ascii.encode(rq.implementationClassUid)),
      item(0x55, ascii.encode(rq.implementationVersionName)),
    ]),
  );
  return pdu(
    PDU.ASSOCIATE_RQ,
    concat([fixed, item(0x10, ascii.encode(APPLICATION_CONTEXT)), ...contexts, userInfo]),
  );
}

export interface AssociateAc {
  /** Accepted contexts: id -> transfer syntax (result 0 only; PS3.8 9.3.3.2). */
  readonly accepted: ReadonlyMap<number, string>;
  /** The peer's largest P-DATA-TF variable field; 0 = no limit. */
  readonly maxPdu: number;
}

/** Reads the body of an A-ASSOCIATE-AC (after the 6-byte PDU header). */
export function decodeAssociateAc(body: Uint8Array): AssociateAc {
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const accepted = new Map<number, string>();
  let maxPdu = 0;
  let at = 68;
  const text = (a: number, n: number) =>
    new TextDecoder().decode(body.subarray(a, a + n)).replace(/\0+$/, '');
  while (at + 4 <= body.length) {
    const type = body[at]!;
    const len = view.getUint16(at + 2);
    const start = at + 4;
    if (start + len > body.length) throw new DicomError('DICOM_PACS', 'A-ASSOCIATE-AC: truncated item');
    if (type === 0x21 && body[start + 2] === 0) {
      // Presentation context (AC): id, reserved, result, reserved, then one transfer syntax sub-item.
      const sub = start + 4;
      if (body[sub] === 0x40) accepted.set(body[start]!, text(sub + 4, view.getUint16(sub + 2)));
    } else if (type === 0x50) {
      for (let s = start; s + 4 <= start + len; s += 4 + view.getUint16(s + 2)) {
        if (body[s] === 0x51) maxPdu = view.getUint32(s + 4);
      }
    }
    at = start + len;
  }
  return { accepted, maxPdu };
}

/**
 * P-DATA-TF PDUs carrying one message part (command or data set), split so that no PDU's variable field
 * exceeds `maxPdu` (PS3.8 9.3.5; E.2 message control header: bit 0 command, bit 1 last fragment).
 */
export function encodePData(
  contextId: number,
  command: boolean,
  bytes: Uint8Array,
  maxPdu: number,
): Uint8Array[] {
  const limit = Math.min(maxPdu > 0 ? maxPdu : OUR_MAX_PDU, OUR_MAX_PDU) - 6;
  const out: Uint8Array[] = [];
  for (let at = 0; at < bytes.length || at === 0; at += limit) {
    const chunk = bytes.subarray(at, at + limit);
    const last = at + limit >= bytes.length;
    const head = new DataView(new ArrayBuffer(6));
    head.setUint32(0, chunk.length + 2);
    head.setUint8(4, contextId);
    head.setUint8(5, (command ? 1 : 0) | (last ? 2 : 0));
    out.push(pdu(PDU.P_DATA_TF, concat([new Uint8Array(head.buffer), chunk])));
    if (last) break;
  }
  return out;
}

/** A-RELEASE-RQ / A-ABORT bodies are 4 reserved bytes (PS3.8 9.3.6, 9.3.8). */
export const releaseRq = (): Uint8Array => pdu(PDU.RELEASE_RQ, new Uint8Array(4));
export const abortRq = (): Uint8Array => pdu(PDU.ABORT, new Uint8Array(4));

/** The PDVs of a P-DATA-TF body: context id, control header and value (PS3.8 9.3.5.1). */
export function decodePData(body: Uint8Array): { contextId: number; control: number; value: Uint8Array }[] {
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const pdvs: { contextId: number; control: number; value: Uint8Array }[] = [];
  for (let at = 0; at + 6 <= body.length;) {
    const len = view.getUint32(at);
    if (len < 2 || at + 4 + len > body.length)
      throw new DicomError('DICOM_PACS', 'P-DATA-TF: bad PDV length');
    pdvs.push({
      contextId: body[at + 4]!,
      control: body[at + 5]!,
      value: body.subarray(at + 6, at + 4 + len),
    });
    at += 4 + len;
  }
  return pdvs;
}
