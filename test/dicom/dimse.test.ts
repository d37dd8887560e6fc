import { execFile } from 'node:child_process';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cStore,
  DicomError,
  exportSweep,
  parseDimseTarget,
  splitPart10,
  writeExportFiles,
} from '../../src/dicom/index.js';
import { encodeCStoreRq, decodeCommand } from '../../src/dicom/dimse/command.js';
import { decodePData, encodeAssociateRq, encodePData } from '../../src/dicom/dimse/pdu.js';
import { PduReader } from '../../src/dicom/dimse/pdu-reader.js';
import { freePort, TestOrthanc } from './orthanc.js';
import { syntheticSweep } from './sweep-fixture.js';

const exec = promisify(execFile);

describe('DICOM upper layer and DIMSE codecs (PS3.8, PS3.7)', () => {
  it('A-ASSOCIATE-RQ header: type 1, big-endian length, version 1, padded AE titles', () => {
    const rq = encodeAssociateRq({
      callingAe: 'ME',
      calledAe: 'PACS',
      contexts: [{ id: 1, abstractSyntax: '1.2', transferSyntaxes: ['1.2.840.10008.1.2.1'] }],
      implementationClassUid: '2.25.9',
      implementationVersionName: 'X',
    });
    const view = new DataView(rq.buffer, rq.byteOffset);
    expect(rq[0]).toBe(0x01);
    expect(view.getUint32(2)).toBe(rq.length - 6);
    expect(view.getUint16(6)).toBe(1);
    expect(Buffer.from(rq.subarray(10, 42)).toString('latin1')).toBe('PACS'.padEnd(16) + 'ME'.padEnd(16));
    expect(() =>
      encodeAssociateRq({
        ...{ callingAe: 'x'.repeat(17) },
        calledAe: 'P',
        contexts: [],
        implementationClassUid: '1',
        implementationVersionName: 'X',
      }),
    ).toThrow(DicomError);
  });

  it('P-DATA-TF fragments respect the peer maximum and mark the last fragment', () => {
    const data = new Uint8Array(25).map((_, i) => i);
    const pdus = encodePData(3, false, data, 16);
    expect(pdus).toHaveLength(3); // 10 + 10 + 5 bytes of value per PDV
    const pdvs = pdus.flatMap((p) => decodePData(p.subarray(6)));
    expect(pdvs.map((p) => p.control)).toEqual([0, 0, 2]);
    expect(Buffer.concat(pdvs.map((p) => p.value))).toEqual(Buffer.from(data));
    pdus.forEach((p) => expect(p.length - 6).toBeLessThanOrEqual(16));
  });

  it('the PDU reader reassembles PDUs split at every offset', () => {
    const pdus = [
      ...encodePData(1, true, new Uint8Array(9).fill(7), 0),
      ...encodePData(1, false, Uint8Array.of(1, 2), 0),
    ];
    const stream = Buffer.concat(pdus);
    for (let cut = 0; cut <= stream.length; cut++) {
      const reader = new PduReader();
      const got = [...reader.push(stream.subarray(0, cut)), ...reader.push(stream.subarray(cut))];
      expect(got.map((p) => p.type)).toEqual([4, 4]);
      expect(Buffer.concat(got.map((p) => p.body))).toEqual(Buffer.concat(pdus.map((p) => p.subarray(6))));
    }
    expect(() => new PduReader().push(Uint8Array.of(4, 0, 0x7f, 0, 0, 0))).toThrow(/PDU/);
  });

  it('a C-STORE-RQ command set is implicit VR LE with its group length; responses are read back', () => {
    const cmd = encodeCStoreRq(5, '1.2', '1.2.3');
    const view = new DataView(cmd.buffer, cmd.byteOffset);
    expect([view.getUint16(0, true), view.getUint16(2, true), view.getUint32(4, true)]).toEqual([0, 0, 4]);
    expect(view.getUint32(8, true)).toBe(cmd.length - 12);
    // (0000,0002) UI "1.2" padded to 4 bytes with NUL, straight after the group length.
    expect(Buffer.from(cmd.subarray(12, 24)).toString('hex')).toBe('00000200' + '04000000' + '312e3200');
    // A C-STORE-RSP: Command Field 8001, Message ID Being Responded To 5, Status B000 (warning = stored).
    const el = (elem: number, v: number) =>
      Uint8Array.of(0, 0, elem & 0xff, elem >> 8, 2, 0, 0, 0, v & 0xff, v >> 8);
    const rsp = Buffer.concat([el(0x0100, 0x8001), el(0x0120, 5), el(0x0900, 0xb000)]);
    expect(decodeCommand(rsp)).toEqual({ field: 0x8001, respondingTo: 5, status: 0xb000 });
    expect(() => decodeCommand(cmd)).toThrow(DicomError); // a request has no Status
  });

  it('parses HOST:PORT:AET', () => {
    expect(parseDimseTarget('127.0.0.1:4242:ORTHANC')).toEqual({
      host: '127.0.0.1',
      port: 4242,
      calledAe: 'ORTHANC',
    });
    expect(() => parseDimseTarget('host:99999:X')).toThrow(DicomError);
  });
});

describe('C-STORE to a real Orthanc', () => {
  let orthanc: TestOrthanc;
  beforeAll(async () => {
    orthanc = await TestOrthanc.create({ dicom: true });
    await orthanc.start();
  });
  afterAll(() => orthanc.stop());

  it('stores source and SEG; Orthanc keeps the data sets we sent', async () => {
    const r = exportSweep(syntheticSweep(20, 10, 3));
    const files = [
      { sopInstanceUid: r.uids.sourceInstance, bytes: r.source },
      { sopInstanceUid: r.uids.segInstance, bytes: r.seg! },
    ];
    const stored = await cStore({ host: '127.0.0.1', port: orthanc.dicomPort, calledAe: 'SBTEST' }, files);
    expect([...stored].sort()).toEqual([r.uids.sourceInstance, r.uids.segInstance].sort());
    const ids = await orthanc.get<string[]>('/instances');
    expect(ids).toHaveLength(2);
    for (const id of ids) {
      const res = await fetch(`${orthanc.url}/instances/${id}/file`);
      const back = splitPart10(new Uint8Array(await res.arrayBuffer()));
      const sent = files.find((f) => f.sopInstanceUid === back.sopInstanceUid)!;
      expect(Buffer.from(back.dataset).equals(Buffer.from(splitPart10(sent.bytes).dataset))).toBe(true);
    }
  });

  it('a peer that rejects the association is DICOM_PACS (this Orthanc takes only SPINEBRIDGE)', async () => {
    const r = exportSweep(syntheticSweep(8, 6, 2));
    const files = [{ sopInstanceUid: r.uids.sourceInstance, bytes: r.source }];
    const target = { host: '127.0.0.1', port: orthanc.dicomPort, calledAe: 'SBTEST' };
    await expect(cStore({ ...target, callingAe: 'INTRUDER' }, files)).rejects.toMatchObject({
      code: 'DICOM_PACS',
    });
    await expect(cStore({ ...target, calledAe: 'WRONGAE' }, files)).rejects.toMatchObject({
      code: 'DICOM_PACS',
    });
  });

  it('CLI: dicom send --dimse empties the outbox; a closed port is DICOM_PACS and keeps the files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sb-dimse-'));
    await writeExportFiles(dir, exportSweep(syntheticSweep(8, 6, 2)));
    const cli = (...args: string[]) =>
      exec('node', ['--import', 'tsx', 'src/cli/main.ts', 'dicom', 'send', dir, ...args]).catch(
        (e: { code: number; stdout: string; stderr: string }) => e,
      );
    const down = await cli('--dimse', `127.0.0.1:${await freePort()}:SBTEST`);
    expect('code' in down ? down.code : 0).not.toBe(0);
    expect(down.stderr).toMatch(/unreachable.*\[DICOM_PACS\]/);
    expect((await readdir(dir)).sort()).toEqual(['seg.dcm', 'source.dcm']);
    const up = await cli('--dimse', `127.0.0.1:${orthanc.dicomPort}:SBTEST`, '--json');
    expect('code' in up ? up.code : 0, up.stderr).toBe(0);
    expect(await readdir(dir)).toEqual([]);
  });
});
