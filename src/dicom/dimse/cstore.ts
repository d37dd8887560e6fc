import { connect, type Socket } from 'node:net';
import { DicomError } from '../errors.js';
import { IMPLEMENTATION_CLASS_UID, IMPLEMENTATION_VERSION_NAME } from '../part10.js';
import { splitPart10 } from '../part10-read.js';
import type { StowFile } from '../stow.js';
import { C_STORE_RSP, decodeCommand, encodeCStoreRq } from './command.js';
import {
  abortRq,
  decodeAssociateAc,
  decodePData,
  encodeAssociateRq,
  encodePData,
  PDU,
  releaseRq,
} from './pdu.js';
import { PduReader } from './pdu-reader.js';

/** A DIMSE peer: HOST:PORT:AET. */
export interface DimseTarget {
  readonly host: string;
  readonly port: number;
  readonly calledAe: string;
  /** Our AE title (default SPINEBRIDGE). */
  readonly callingAe?: string;
  /** Per-step timeout (connect, each answer), default 30 s. */
  readonly timeoutMs?: number;
}

/** Parses 'HOST:PORT:AET' (the --dimse flag). */
export function parseDimseTarget(text: string): DimseTarget {
  const m = /^(.+):(\d{1,5}):([^:]{1,16})$/.exec(text);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535)
    throw new DicomError('DICOM_BAD_VALUE', `a DIMSE peer is HOST:PORT:AET, got '${text}'`);
  return { host: m[1]!, port: Number(m[2]), calledAe: m[3]! };
}

/** C-STORE statuses that mean stored (PS3.4 B.2.3: success 0000, warnings B000, B006, B007). */
const STORED = new Set([0x0000, 0xb000, 0xb006, 0xb007]);

/**
 * Sends each Part 10 file by C-STORE over one association (PS3.7 9.1.1, PS3.8) and returns the SOP
 * Instance UIDs the peer stored. The data set goes in the file's own transfer syntax (ours: explicit VR
 * little endian); a context the peer rejects leaves those files unacknowledged. Association rejection,
 * abort, network errors and timeouts are DICOM_PACS.
 */
export async function cStore(target: DimseTarget, files: readonly StowFile[]): Promise<Set<string>> {
  const parts = files.map((f) => splitPart10(f.bytes, f.sopInstanceUid));
  const keys = [...new Set(parts.map((p) => `${p.sopClassUid}|${p.transferSyntaxUid}`))];
  if (keys.length > 128) throw new DicomError('DICOM_BAD_INPUT', 'more than 128 presentation contexts');
  const contexts = keys.map((k, i) => {
    const [abstractSyntax, transferSyntax] = k.split('|') as [string, string];
    return { id: 2 * i + 1, abstractSyntax, transferSyntaxes: [transferSyntax] };
  });
  const link = await Link.open(target);
  const stored = new Set<string>();
  try {
    link.send(
      encodeAssociateRq({
        callingAe: target.callingAe ?? 'SPINEBRIDGE',
        calledAe: target.calledAe,
        contexts,
        implementationClassUid: IMPLEMENTATION_CLASS_UID,
        implementationVersionName: IMPLEMENTATION_VERSION_NAME,
      }),
    );
    const answer = await link.next();
    if (answer.type === PDU.ASSOCIATE_RJ)
      throw new DicomError(
        'DICOM_PACS',
        `${target.calledAe}@${target.host}:${target.port} rejected the association (result ${answer.body[1]}, source ${answer.body[2]}, reason ${answer.body[3]})`,
      );
    if (answer.type !== PDU.ASSOCIATE_AC) throw unexpected(answer.type, 'A-ASSOCIATE-AC');
    const ac = decodeAssociateAc(answer.body);
    for (const [k, p] of parts.entries()) {
      const ctx = contexts.find(
        (c) => c.abstractSyntax === p.sopClassUid && c.transferSyntaxes[0] === p.transferSyntaxUid,
      )!;
      if (ac.accepted.get(ctx.id) !== p.transferSyntaxUid) continue;
      const messageId = (k + 1) & 0xffff;
      for (const pdu of encodePData(
        ctx.id,
        true,
        encodeCStoreRq(messageId, p.sopClassUid, p.sopInstanceUid),
        ac.maxPdu,
      ))
        link.send(pdu);
      for (const pdu of encodePData(ctx.id, false, p.dataset, ac.maxPdu)) link.send(pdu);
      const rsp = decodeCommand(await link.command());
      if (rsp.field !== C_STORE_RSP || rsp.respondingTo !== messageId)
        throw new DicomError('DICOM_PACS', `expected C-STORE-RSP to message ${messageId}`);
      if (STORED.has(rsp.status)) stored.add(p.sopInstanceUid);
    }
    link.send(releaseRq());
    const release = await link.next();
    if (release.type !== PDU.RELEASE_RP) throw unexpected(release.type, 'A-RELEASE-RP');
  } catch (e) {
    link.send(abortRq());
    throw e;
  } finally {
    link.close();
  }
  return stored;
}

function unexpected(type: number, wanted: string): DicomError {
  return new DicomError(
    'DICOM_PACS',
    type === PDU.ABORT ? 'the peer aborted the association' : `expected ${wanted}, got PDU type ${type}`,
  );
}

/** A socket with a PDU queue: `next()` resolves with the next PDU or rejects on error/close/timeout. */
class Link {
  private readonly reader = new PduReader();
  private readonly queue: { type: number; body: Uint8Array }[] = [];
  private waiter:
    { resolve: (p: { type: number; body: Uint8Array }) => void; reject: (e: Error) => void } | undefined;
  private failure: DicomError | undefined;

  private constructor(
    private readonly socket: Socket,
    private readonly where: string,
    private readonly timeoutMs: number,
  ) {
    socket.on('data', (chunk: Buffer) => {
      try {
        for (const p of this.reader.push(chunk)) this.queue.push(p);
      } catch (e) {
        this.fail(e as DicomError);
        return;
      }
      this.wake();
    });
    socket.on('error', (e) =>
      this.fail(new DicomError('DICOM_PACS', `${where}: ${e.message}`, { cause: e })),
    );
    socket.on('close', () => this.fail(new DicomError('DICOM_PACS', `${where} closed the connection`)));
  }

  static open(t: DimseTarget): Promise<Link> {
    const where = `DIMSE peer ${t.calledAe}@${t.host}:${t.port}`;
    const timeoutMs = t.timeoutMs ?? 30_000;
    return new Promise((resolve, reject) => {
      const socket = connect({ host: t.host, port: t.port, timeout: timeoutMs });
      const onError = (e: Error & { code?: string }) =>
        reject(new DicomError('DICOM_PACS', `${where} unreachable (${e.code ?? e.message})`, { cause: e }));
      socket.once('error', onError);
      socket.once('timeout', () => {
        socket.destroy();
        reject(new DicomError('DICOM_PACS', `${where}: connect timed out`));
      });
      socket.once('connect', () => {
        socket.off('error', onError);
        socket.setTimeout(0);
        resolve(new Link(socket, where, timeoutMs));
      });
    });
  }

  send(bytes: Uint8Array): void {
    if (!this.socket.destroyed) this.socket.write(bytes);
  }

  next(): Promise<{ type: number; body: Uint8Array }> {
    const ready = this.queue.shift();
    if (ready) return Promise.resolve(ready);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => this.fail(new DicomError('DICOM_PACS', `${this.where}: no answer in ${this.timeoutMs} ms`)),
        this.timeoutMs,
      );
      this.waiter = {
        resolve: (p) => (clearTimeout(timer), resolve(p)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      };
    });
  }

  /** The next complete command set (its PDVs may span several P-DATA-TF PDUs). */
  async command(): Promise<Uint8Array> {
    const parts: Uint8Array[] = [];
    for (;;) {
      const p = await this.next();
      if (p.type !== PDU.P_DATA_TF) throw unexpected(p.type, 'P-DATA-TF');
      for (const pdv of decodePData(p.body)) {
        if (!(pdv.control & 1)) continue;
        parts.push(pdv.value);
        if (pdv.control & 2) return Buffer.concat(parts);
      }
    }
  }

  close(): void {
    this.socket.destroy();
  }

  private wake(): void {
    const w = this.waiter;
    const p = w && this.queue.shift();
    if (w && p) {
      this.waiter = undefined;
      w.resolve(p);
    }
  }

  private fail(e: DicomError): void {
    this.failure ??= e;
    const w = this.waiter;
    this.waiter = undefined;
    w?.reject(this.failure);
    this.socket.destroy();
  }
}
