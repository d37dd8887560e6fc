/**
 * Interop with libOpenIGTLink's own example programs (Debian openigtlink-examples 1.11, built unmodified by
 * test/interop/peers.ts). They speak header v1 only. Note: the example servers bind every interface (the
 * library's ServerSocket::CreateServer); they run for a second on a random free port.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  IgtlClient,
  IgtlServer,
  encodeMessage,
  imageDirections,
  imageSpacing,
  timestampFromSeconds,
  type IgtlImage,
  type IgtlMessage,
  type IgtlTransform,
} from '../../src/igtlink/index.js';
import { buildPeers, freePort, IMAGER_IMAGE_DIR, startPeer, type Peer } from '../interop/peers.js';
import { imageMsg, statusMsg, transformMsg, until } from './net-helpers.js';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

beforeAll(async () => {
  await buildPeers();
}, 300_000);

async function peer(program: Parameters<typeof startPeer>[0], args: string[]): Promise<Peer> {
  const p = await startPeer(program, args);
  cleanup.push(() => p.stop());
  return p;
}

/** The 4x4 matrices igtl::PrintMatrix wrote (between "=============" lines, 6 significant digits). */
function printedMatrices(text: string): number[][][] {
  const out: number[][][] = [];
  const blocks = text.split('=============');
  for (const b of blocks) {
    const rows = b
      .trim()
      .split('\n')
      .filter((l) => /^-?[\d.e+-]+(, -?[\d.e+-]+){3}$/.test(l.trim()))
      .map((l) => l.split(',').map(Number));
    if (rows.length === 4) out.push(rows);
  }
  return out;
}

function expectMatrixClose(ours: ArrayLike<number>, printed: number[][]): void {
  for (let r = 0; r < 4; r++) {
    for (let c = 0; c < 4; c++)
      expect(Math.abs(ours[r * 4 + c]! - printed[r]![c]!)).toBeLessThan(
        1e-4 * Math.max(1, Math.abs(printed[r]![c]!)),
      );
  }
}

const testImage = (i: number) => readFileSync(join(IMAGER_IMAGE_DIR, `igtlTestImage${(i % 5) + 1}.raw`));

function expectImagerFrame(m: IgtlMessage, i: number): asserts m is IgtlImage {
  expect(m.type).toBe('IMAGE');
  const img = m as IgtlImage;
  expect(img.deviceName).toBe('ImagerClient');
  expect(img.headerVersion).toBe(1);
  expect([img.scalarType, img.components, img.coordinate, [...img.size]]).toEqual([
    'uint8',
    1,
    'RAS',
    [256, 256, 1],
  ]);
  // Imager*.cxx: spacing (1, 1, 5); matrix columns (1,0,0), (0,-1,0), (0,0,1); translation 0 = the centre.
  expect(imageSpacing(img)).toEqual([1, 1, 5]);
  expect(imageDirections(img).map((d) => d.map((v) => v + 0))).toEqual([
    [1, 0, 0],
    [0, -1, 0],
    [0, 0, 1],
  ]);
  expect([img.matrix[9], img.matrix[10], img.matrix[11]]).toEqual([0, 0, 0]);
  expect(Buffer.from(img.data).equals(testImage(i))).toBe(true);
}

describe('our client <- libOpenIGTLink example servers', () => {
  it('receives ImagerServer frames: geometry and the test images byte for byte', async () => {
    const port = await freePort();
    await peer('ImagerServer', [String(port), '100', IMAGER_IMAGE_DIR]);
    const got: IgtlMessage[] = [];
    const c = new IgtlClient(`127.0.0.1:${port}`, { backoff: { initialMs: 20, maxMs: 100 } });
    cleanup.push(() => c.close());
    c.on('message', (m) => got.push(m));
    c.start();
    await until(() => got.length >= 12, 10_000, 'twelve images');
    got.slice(0, 12).forEach((m, i) => expectImagerFrame(m, i));
  });

  it('receives TrackerServer transforms equal to the matrices it prints', async () => {
    const port = await freePort();
    const server = await peer('TrackerServer', [String(port), '100']);
    const got: IgtlTransform[] = [];
    const c = new IgtlClient(`127.0.0.1:${port}`, { backoff: { initialMs: 20, maxMs: 100 } });
    cleanup.push(() => c.close());
    c.on('message', (m) => m.type === 'TRANSFORM' && got.push(m));
    c.start();
    await until(
      () => got.length >= 10 && printedMatrices(server.stdout()).length >= 10,
      10_000,
      'ten transforms',
    );
    const printed = printedMatrices(server.stdout());
    expect(got[0]!.deviceName).toBe('Tracker');
    for (let i = 0; i < 10; i++) expectMatrixClose(got[i]!.matrix, printed[i]!);
    // The first pose is phi = theta = 0: position (50, 0, 50); the matrices are not all alike.
    expect([got[0]!.matrix[3], got[0]!.matrix[7], got[0]!.matrix[11]]).toEqual([50, 0, 50]);
    expect(got[1]!.matrix[3]).not.toBe(50);
  });
});

describe('libOpenIGTLink example clients -> our server', () => {
  it('receives ImagerClient images (our CRC check on) equal to its test images', async () => {
    const srv = await IgtlServer.listen({ port: 0, log: () => {} });
    cleanup.push(() => srv.close());
    const got: IgtlMessage[] = [];
    srv.on('message', (m) => got.push(m));
    const client = await peer('ImagerClient', ['127.0.0.1', String(srv.port), '200', IMAGER_IMAGE_DIR]);
    await until(() => got.length >= 10, 10_000, 'ten images');
    got.slice(0, 10).forEach((m, i) => expectImagerFrame(m, i));
    await client.stop();
  });

  it('receives TrackerClient transforms equal to the matrices it prints', async () => {
    const srv = await IgtlServer.listen({ port: 0, log: () => {} });
    cleanup.push(() => srv.close());
    const got: IgtlTransform[] = [];
    srv.on('message', (m) => m.type === 'TRANSFORM' && got.push(m));
    const client = await peer('TrackerClient', ['127.0.0.1', String(srv.port), '200']);
    await until(
      () => got.length >= 10 && printedMatrices(client.stdout()).length >= 10,
      10_000,
      'ten transforms',
    );
    const printed = printedMatrices(client.stdout());
    for (let i = 0; i < 10; i++) expectMatrixClose(got[i]!.matrix, printed[i]!);
  });

  it('ReceiveClient unpacks what our server sends with its CRC check, and rejects a corrupted CRC', async () => {
    const srv = await IgtlServer.listen({ port: 0, log: () => {} });
    cleanup.push(() => srv.close());
    const client = await peer('ReceiveClient', ['127.0.0.1', String(srv.port)]);
    await until(() => srv.clients.length === 1, 5000, 'ReceiveClient to connect');
    const conn = srv.clients[0]!.connection;
    const image = imageMsg(0, 64, 32, 'Image_Reference');
    const transform = transformMsg(3);
    const ts = timestampFromSeconds(1700000123.5);
    conn.send({ ...transform, timestamp: ts });
    conn.send(image);
    conn.send(statusMsg(1, { code: 1, errorName: 'NoError', message: 'from spinebridge' }));
    conn.send({ type: 'STRING', deviceName: 'Text', timestamp: 0n, encoding: 3, value: 'hello C++' });
    conn.send({
      type: 'POSITION',
      deviceName: 'Stylus',
      timestamp: 0n,
      position: [1.5, -2.25, 3],
      quaternion: [0, 0.6, 0, 0.8],
    });
    // A TRANSFORM whose CRC field is wrong: the library must refuse to unpack it (prints no matrix).
    const bad = encodeMessage({ ...transformMsg(9), deviceName: 'Corrupt' });
    bad[57] = bad[57]! ^ 0xff;
    conn.sendBytes(bad);
    conn.send(statusMsg(2, { code: 1, errorName: 'Last', message: 'after the corrupt one' }));
    await until(() => client.stderr().includes('after the corrupt one'), 10_000, 'ReceiveClient output');
    const err = client.stderr();
    expect(err).toContain('Time stamp: 1700000123.500000000');
    expect(err).toContain('Device Name           : Image_Reference');
    expect(err).toContain('Dimensions            : (64, 32, 1)');
    expect(err).toContain('Spacing               : (0.2, 0.2, 1)');
    expect(err).toContain(' Status    : from spinebridge');
    expect(err).toContain(' Error Name: NoError');
    expect(err).toContain('position   = (1.5, -2.25, 3)');
    expect(err).toContain('quaternion = (0, 0.6, 0, 0.8)');
    // Matrices printed (stdout) for the good TRANSFORM only: translation 3 in the first row.
    const printed = printedMatrices(client.stdout());
    expect(printed.length).toBe(1);
    expectMatrixClose(transform.matrix, printed[0]!);
    expect((err.match(/Receiving TRANSFORM data type/g) ?? []).length).toBe(2);
  });
});
