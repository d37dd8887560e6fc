/**
 * Interop with test/interop/cpp/igtl_peer (built against libOpenIGTLink 1.11) for what the library's
 * examples do not cover: every message type both ways, header v2 with metadata both ways, IMAGE geometry
 * read back equal. The library unpacks (with its CRC check) every message; header v2 framing, which 1.11
 * predates, is done by igtl_peer's own C++ following OpenIGTLink 3's igtlMessageBase.cxx layout.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  encodeMessage,
  encodeRtsStatusBody,
  encodeSttTdataBody,
  IgtlClient,
  IgtlServer,
  matrix4ToImage,
  type IgtlMessage,
} from '../../src/igtlink/index.js';
import { fromRowMajor } from '../../src/math/index.js';
import { buildPeers, startPeer, waitFor, type Peer } from '../interop/peers.js';
import { describeLikePeer, expectPeerEqual, peerLines } from './interop-describe.js';
import { transformMsg, until } from './net-helpers.js';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});
beforeAll(async () => {
  await buildPeers();
}, 300_000);

/** The library's script (igtl_peer.cxx sendScript) has this many messages. */
const PEER_SCRIPT_LENGTH = 17;

const ts = (i: number) => (BigInt(1710000000 + i) << 32n) | BigInt(i * 0x01000000);
const pixels = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 13 + 5) & 0xff);

/** Every message type we have, as we would send it (IMAGE geometry from a 4x4 IJK-to-RAS). */
function ourScript(): IgtlMessage[] {
  const rot = (a: number, t: [number, number, number], s: [number, number, number]) =>
    fromRowMajor([
      Math.cos(a) * s[0], -Math.sin(a) * s[1], 0, t[0],
      Math.sin(a) * s[0], Math.cos(a) * s[1], 0, t[1],
      0, 0, s[2], t[2],
      0, 0, 0, 1,
    ]); // prettier-ignore
  return [
    {
      type: 'IMAGE', deviceName: 'Image_Reference', timestamp: ts(0), scalarType: 'uint8', components: 1,
      endianness: 'big', coordinate: 'RAS', size: [8, 6, 3],
      matrix: matrix4ToImage(rot(0.4, [-12.5, 30, 7.25], [0.3, 0.3, 1.5]), [8, 6, 3]), data: pixels(8 * 6 * 3),
    },
    {
      type: 'IMAGE', deviceName: 'Image_Sub', timestamp: ts(1), scalarType: 'int16', components: 3,
      endianness: 'little', coordinate: 'LPS', size: [5, 4, 3], subvolumeOffset: [1, 1, 2], subvolumeSize: [3, 2, 1],
      matrix: matrix4ToImage(rot(-2, [1, 2, 3], [2, 0.5, 1]), [5, 4, 3]), data: pixels(3 * 2 * 1 * 3 * 2),
    },
    {
      type: 'IMAGE', deviceName: 'Image_F64', timestamp: ts(2), scalarType: 'float64', components: 1,
      endianness: 'big', coordinate: 'RAS', size: [2, 2, 1],
      matrix: matrix4ToImage(rot(0, [0, 0, 0], [1, 1, 1]), [2, 2, 1]), data: pixels(2 * 2 * 8),
    },
    { ...transformMsg(5), timestamp: ts(3) },
    { type: 'POSITION', deviceName: 'Stylus', timestamp: ts(4), position: [1, -2, 3.5], quaternion: [0.5, 0.5, 0.5, 0.5] },
    { type: 'STATUS', deviceName: 'Status', timestamp: ts(5), code: 13, subcode: -7n, errorName: 'Busy', message: 'later' },
    { type: 'STRING', deviceName: 'Text', timestamp: ts(6), encoding: 106, value: 'Grüße aus TypeScript' },
    {
      type: 'POINT', deviceName: 'Fiducials', timestamp: ts(7),
      points: [
        { name: 'L1', group: 'Landmark', rgba: [1, 2, 3, 4], position: [1.5, 2.5, 3.5], radius: 2, owner: 'Image_Reference' },
        { name: 'L2', group: 'Landmark', rgba: [255, 0, 0, 255], position: [-1, 0, 9], radius: 0.5, owner: '' },
      ],
    },
    {
      type: 'TDATA', deviceName: 'Tracker', timestamp: ts(8),
      elements: [
        { name: 'Probe', instrumentType: 2, matrix: rot(1, [4, 5, 6], [1, 1, 1]) },
        { name: 'Reference', instrumentType: 1, matrix: rot(-0.5, [0, 0, 0], [1, 1, 1]) },
      ],
    },
    {
      type: 'POLYDATA', deviceName: 'Surface', timestamp: ts(9),
      points: Float32Array.of(0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 1, 0.5),
      vertices: Uint32Array.of(1, 0), lines: Uint32Array.of(2, 0, 1), polygons: Uint32Array.of(3, 0, 1, 2, 3, 1, 2, 3),
      triangleStrips: Uint32Array.of(4, 0, 1, 2, 3),
      attributes: [{ kind: 0, components: 1, name: 'Thickness', data: Float32Array.of(0.5, 1, 1.5, 2) }],
    },
    { type: 'CAPABILITY', deviceName: 'Bridge', timestamp: ts(10), types: ['IMAGE', 'TRANSFORM', 'STATUS', 'POLYDATA'] },
    { type: 'QUERY', deviceName: 'Image_Reference', timestamp: ts(11), wireType: 'GET_IMAGE', prefix: 'GET', body: new Uint8Array() },
    { type: 'QUERY', deviceName: 'Tracker', timestamp: ts(12), wireType: 'STT_TDATA', prefix: 'STT', body: encodeSttTdataBody(33, 'RAS') },
    { type: 'QUERY', deviceName: 'Tracker', timestamp: ts(13), wireType: 'STP_TDATA', prefix: 'STP', body: new Uint8Array() },
    { type: 'QUERY', deviceName: 'Tracker', timestamp: ts(14), wireType: 'RTS_TDATA', prefix: 'RTS', body: encodeRtsStatusBody(0) },
    {
      type: 'COMMAND', deviceName: 'Cmd', timestamp: ts(15), commandId: 42, commandName: 'StartRecording',
      encoding: 3, command: '<Command Name="StartRecording"/>',
    },
    { type: 'RAW', deviceName: 'Custom', timestamp: ts(16), wireType: 'NDARRAY', body: pixels(20) },
  ] as IgtlMessage[]; // prettier-ignore
}

/** What the library shows for one of ours; COMMAND (protocol v3) is unknown to 1.11, so it sees raw bytes. */
function expectedFromOurs(m: IgtlMessage, version: 1 | 2): Record<string, unknown> {
  const withVersion = { ...m, headerVersion: version } as IgtlMessage;
  if (m.type !== 'COMMAND') return describeLikePeer(withVersion);
  const content = encodeMessage({ ...m, headerVersion: 1 }).subarray(58);
  const base = describeLikePeer({
    type: 'RAW', wireType: 'COMMAND', deviceName: m.deviceName, timestamp: m.timestamp, body: content,
    ...(version === 2 ? { headerVersion: 2, metadata: m.metadata, messageId: m.messageId } : {}),
  } as IgtlMessage); // prettier-ignore
  return base;
}

function withMetadata(msgs: IgtlMessage[]): IgtlMessage[] {
  return msgs.map((m, i) => ({
    ...m,
    messageId: 500 + i,
    metadata: new Map([
      ['Index', { encoding: 3, value: String(i) }],
      ['Ünïcode', { encoding: 106, value: `wert ${i} °` }],
    ]),
  }));
}

async function peer(args: string[]): Promise<Peer> {
  const p = await startPeer('igtl_peer', args);
  cleanup.push(() => p.stop());
  return p;
}

function expectAllCrcOk(stdout: string, version: 1 | 2): void {
  const lines = stdout.split('\n').filter((l) => l.startsWith('{'));
  for (const l of lines)
    expect(JSON.parse(l), l.slice(0, 120)).toMatchObject({ crcOk: true, headerVersion: version });
}

describe('our client <- igtl_peer (libOpenIGTLink packs every type)', () => {
  it.each([1, 2] as const)(
    'decodes the whole script sent with header v%i field for field',
    async (version) => {
      const p = await peer(['listen', '0', '--send', `v${version}`]);
      await waitFor(() => p.stdout().startsWith('listening '), 5000, 'igtl_peer to listen');
      const port = Number(/^listening (\d+)/.exec(p.stdout())![1]);
      const got: IgtlMessage[] = [];
      const c = new IgtlClient(`127.0.0.1:${port}`, { reconnect: false });
      cleanup.push(() => c.close());
      c.on('message', (m) => got.push(m));
      c.start();
      await until(() => got.length === PEER_SCRIPT_LENGTH, 10_000, 'the whole script');
      const sent = peerLines(p.stdout(), 'sent');
      expect(sent.length).toBe(PEER_SCRIPT_LENGTH);
      expectAllCrcOk(p.stdout().split('\n').slice(1).join('\n'), version);
      got.forEach((m, i) => {
        expect(m.headerVersion).toBe(version);
        expectPeerEqual(sent[i], describeLikePeer(m), `message ${i} (${String(sent[i]!['type'])})`);
      });
      expect(
        new Set(got.map((m) => (m.type === 'QUERY' || m.type === 'RAW' ? m.wireType : m.type))).size,
      ).toBe(15); // 17 messages: three IMAGEs, then one of each other type
    },
  );
});

describe('igtl_peer (libOpenIGTLink unpacks with its CRC check) <- our client', () => {
  it.each([1, 2] as const)('gets every type our client sends with header v%i', async (version) => {
    const script = withMetadata(ourScript());
    const p = await peer(['listen', '0', '--recv', String(script.length)]);
    await waitFor(() => p.stdout().startsWith('listening '), 5000, 'igtl_peer to listen');
    const port = Number(/^listening (\d+)/.exec(p.stdout())![1]);
    const c = await IgtlClient.connect(`127.0.0.1:${port}`, { reconnect: false, headerVersion: version });
    cleanup.push(() => c.close());
    script.forEach((m) => c.send(m));
    await waitFor(
      () => peerLines(p.stdout(), 'recv').length === script.length,
      10_000,
      'the peer to read all',
    );
    c.close();
    expect(await p.exited).toBe(0);
    expectAllCrcOk(p.stdout().split('\n').slice(1).join('\n'), version);
    const recv = peerLines(p.stdout(), 'recv');
    script.forEach((m, i) =>
      expectPeerEqual(recv[i], expectedFromOurs(m, version), `message ${i} (${m.type})`),
    );
  });
});

describe('igtl_peer (libOpenIGTLink unpacks with its CRC check) <- our server', () => {
  it('gets every type in header v1 from a v1 client, metadata left out', async () => {
    const srv = await IgtlServer.listen({ port: 0, log: () => {} });
    cleanup.push(() => srv.close());
    const script = withMetadata(ourScript());
    srv.on('client', (c) => script.forEach((m) => c.connection.send(m)));
    const p = await peer(['connect', '127.0.0.1', String(srv.port), '--recv', String(script.length)]);
    expect(await p.exited).toBe(0);
    expectAllCrcOk(p.stdout(), 1);
    const recv = peerLines(p.stdout(), 'recv');
    script.forEach((m, i) => expectPeerEqual(recv[i], expectedFromOurs(m, 1), `message ${i} (${m.type})`));
  });

  it('answers a client that spoke v2 in v2, metadata and message IDs both ways', async () => {
    const srv = await IgtlServer.listen({ port: 0, log: () => {} });
    cleanup.push(() => srv.close());
    const script = withMetadata(ourScript());
    const heard: IgtlMessage[] = [];
    srv.on('message', (m, client) => {
      heard.push(m);
      // Reply once the peer's whole v2 script is in: by then the connection follows its header version.
      if (heard.length === PEER_SCRIPT_LENGTH) script.forEach((s) => client.connection.send(s));
    });
    const p = await peer([
      'connect',
      '127.0.0.1',
      String(srv.port),
      '--send',
      'v2',
      '--recv',
      String(script.length),
    ]);
    expect(await p.exited).toBe(0);
    expectAllCrcOk(p.stdout(), 2);
    const sent = peerLines(p.stdout(), 'sent');
    heard.forEach((m, i) => expectPeerEqual(sent[i], describeLikePeer(m), `peer message ${i}`));
    const recv = peerLines(p.stdout(), 'recv');
    expect(recv.length).toBe(script.length);
    script.forEach((m, i) => expectPeerEqual(recv[i], expectedFromOurs(m, 2), `message ${i} (${m.type})`));
    expect(recv[6]!['metadata']).toEqual({
      Index: { encoding: 3, value: '6' },
      Ünïcode: { encoding: 106, value: 'wert 6 °' },
    });
  });
});
