import { connect as tcpConnect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  encodeMessage,
  IgtlClient,
  IgtlFramer,
  IgtlNetError,
  IgtlServer,
  type IgtlMessage,
  type IgtlServerClient,
} from '../../src/igtlink/index.js';
import { frameIndex, imageMsg, sleep, statusMsg, transformMsg, until } from './net-helpers.js';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function server(
  opts: Parameters<typeof IgtlServer.listen>[0] = {},
): Promise<{ srv: IgtlServer; logs: string[] }> {
  const logs: string[] = [];
  const srv = await IgtlServer.listen({ port: 0, log: (l) => logs.push(l), ...opts });
  cleanup.push(() => srv.close());
  return { srv, logs };
}

async function client(port: number, opts: ConstructorParameters<typeof IgtlClient>[1] = {}) {
  const received: IgtlMessage[] = [];
  const c = new IgtlClient(`127.0.0.1:${port}`, { backoff: { initialMs: 20, maxMs: 100 }, ...opts });
  c.on('message', (m) => received.push(m));
  cleanup.push(() => c.close());
  const up = new Promise<void>((r) => c.once('connect', () => r()));
  c.start();
  await up;
  return { c, received };
}

function rawSocket(port: number): Promise<Socket> {
  return new Promise((res, rej) => {
    const s = tcpConnect({ host: '127.0.0.1', port }, () => res(s));
    s.once('error', rej);
    cleanup.push(() => s.destroy());
  });
}

describe('IgtlServer + IgtlClient over loopback', () => {
  it('serves many clients: each gets every broadcast in order, and the server hears each of them', async () => {
    const { srv } = await server();
    const heard: [number, string][] = [];
    srv.on('message', (m, from) => heard.push([from.id, m.deviceName]));
    const clients = await Promise.all([0, 1, 2, 3, 4].map(() => client(srv.port)));
    await until(() => srv.clients.length === 5, 2000, 'five clients');
    for (let i = 0; i < 20; i++) srv.broadcast(i % 2 ? transformMsg(i) : statusMsg(i));
    for (const { received } of clients) {
      await until(() => received.length === 20, 5000, 'all broadcasts');
      expect(
        received.map((m) =>
          m.type === 'STATUS' ? Number(m.subcode) : m.type === 'TRANSFORM' ? m.matrix[3] : -1,
        ),
      ).toEqual([...Array(20).keys()]);
    }
    clients.forEach(({ c }, i) => c.send(statusMsg(0, { deviceName: `client${i}` })));
    await until(() => heard.length === 5, 2000, 'messages from clients');
    expect(new Set(heard.map(([id]) => id)).size).toBe(5);
    expect(heard.map(([, d]) => d).sort()).toEqual(['client0', 'client1', 'client2', 'client3', 'client4']);
  });

  it('drops the oldest IMAGE frames for a client that does not read while a fast client gets every frame', async () => {
    const { srv } = await server();
    const fast = await client(srv.port);
    const slowSocket = await rawSocket(srv.port);
    slowSocket.pause(); // reads nothing until resumed
    await until(() => srv.clients.length === 2, 2000, 'two clients');
    const byRemotePort = (c: IgtlServerClient) => c.connection.socket.remotePort === slowSocket.localPort;
    const slowConn = srv.clients.find(byRemotePort)!.connection;

    // Loopback buffers can take tens of MB (tcp_rmem autotuning), so send 1 MB frames until the slow client's
    // queue has had to drop a few, bounded so a broken policy fails instead of looping.
    let frames = 0;
    while (slowConn.stats.dropped < 3 && frames < 200) {
      srv.broadcast(imageMsg(frames, 1024, 1024));
      frames++;
      await until(() => fast.received.length === frames, 5000, `fast client frame ${frames}`);
    }
    expect(fast.received.map(frameIndex)).toEqual([...Array(frames).keys()]);
    const fastConn = srv.clients.find((c) => !byRemotePort(c))!.connection;
    expect(fastConn.stats.dropped).toBe(0);
    const dropped = slowConn.stats.dropped;
    expect(dropped).toBeGreaterThanOrEqual(3);
    expect(slowConn.stats.queued).toBe(1); // only the newest frame waits

    // The slow reader now catches up: it gets every frame that was not dropped, ending with the newest.
    const framer = new IgtlFramer();
    const got: number[] = [];
    slowSocket.on('data', (chunk: Buffer) => got.push(...framer.push(chunk).map(frameIndex)));
    slowSocket.resume();
    await until(() => got.length === frames - dropped, 5000, 'slow client catching up');
    await sleep(50);
    expect(got.length).toBe(frames - dropped);
    expect(got.at(-1)).toBe(frames - 1);
    expect([...got].sort((a, b) => a - b)).toEqual(got); // order kept
  });

  it('closes a client that sends garbage, logs the codec reason, and keeps serving the others', async () => {
    const { srv, logs } = await server();
    const good = await client(srv.port);
    const reasons: (IgtlNetError | undefined)[] = [];
    srv.on('disconnect', (_c, r) => reasons.push(r));
    const bad = await rawSocket(srv.port);
    const badClosed = new Promise<void>((r) => bad.once('close', () => r()));
    bad.on('error', () => {});
    bad.write(Buffer.concat([Buffer.from([0x00, 0x07]), Buffer.alloc(70, 0x41)])); // header version 7
    await badClosed;
    await until(() => reasons.length === 1, 2000, 'disconnect event');
    expect(reasons[0]).toBeInstanceOf(IgtlNetError);
    expect(reasons[0]!.code).toBe('PROTOCOL');
    expect((reasons[0]!.cause as { code: string }).code).toBe('BAD_HEADER_VERSION');
    expect(logs.some((l) => l.includes('BAD_HEADER_VERSION'))).toBe(true);

    // A header announcing a 4 GiB body is refused before anything is allocated for it.
    const huge = await rawSocket(srv.port);
    huge.on('error', () => {});
    const hugeClosed = new Promise<void>((r) => huge.once('close', () => r()));
    const header = Buffer.from(encodeMessage(statusMsg(0)).subarray(0, 58));
    header.writeBigUInt64BE(4n << 30n, 42);
    huge.write(header);
    await hugeClosed;
    await until(() => reasons.length === 2, 2000, 'second disconnect event');
    expect((reasons[1]!.cause as { code: string }).code).toBe('BODY_TOO_LARGE');

    srv.broadcast(statusMsg(7));
    await until(() => good.received.length === 1, 2000, 'broadcast after the bad client');
    const late = await client(srv.port);
    await until(() => srv.clients.length === 2, 2000, 'a new client');
    srv.broadcast(statusMsg(8));
    await until(() => late.received.length === 1 && good.received.length === 2, 2000, 'second broadcast');
  });

  it('delivers its last message when it closes while the peer is still streaming and slow to read', async () => {
    // A raw peer like PlusServer: streams TRANSFORMs without pause, and reads only after a while.
    const { createServer } = await import('node:net');
    let got = Buffer.alloc(0);
    let peerSaw: string | undefined;
    const peer = createServer((s) => {
      s.pause();
      const stream = setInterval(() => s.writable && s.write(encodeMessage(transformMsg(1))), 2);
      setTimeout(() => s.resume(), 400);
      s.on('data', (d: Buffer) => (got = Buffer.concat([got, d])));
      s.on('error', (e: NodeJS.ErrnoException) => (peerSaw = e.code));
      s.on('end', () => {
        peerSaw ??= 'end';
        clearInterval(stream);
        s.destroy();
      });
      s.on('close', () => clearInterval(stream));
    });
    await new Promise<void>((r) => peer.listen(0, '127.0.0.1', () => r()));
    cleanup.push(() => new Promise<void>((r) => peer.close(() => r())));
    const { c } = await client((peer.address() as { port: number }).port);
    await sleep(100); // the peer's frames pile up unread on our side
    const last = imageMsg(7, 256, 256, 'Last');
    c.send(last);
    c.close();
    await until(() => peerSaw !== undefined, 5000, 'the peer to see the close');
    expect(peerSaw).toBe('end');
    const framer = new IgtlFramer();
    const msgs = framer.push(new Uint8Array(got));
    expect(msgs.map((m) => m.deviceName)).toEqual(['Last']);
  });

  it('reconnects with backoff after the server restarts on the same port', async () => {
    const first = await IgtlServer.listen({ port: 0, log: () => {} });
    const port = first.port;
    const { c, received } = await client(port);
    const downs: { reason: IgtlNetError | undefined; willReconnect: boolean }[] = [];
    c.on('disconnect', (d) => downs.push(d));
    await first.close();
    await until(() => downs.length >= 1, 2000, 'disconnect');
    expect(downs[0]!.willReconnect).toBe(true);
    expect(downs[0]!.reason?.code).toBe('CONNECTION_LOST');
    await sleep(150); // a few refused attempts while nobody listens
    const reconnected = new Promise<void>((r) => c.once('connect', () => r()));
    const { srv: second } = await server({ port });
    await reconnected;
    expect(downs.length).toBeGreaterThan(1);
    expect(downs.slice(1).every((d) => d.reason?.code === 'CONNECT_FAILED')).toBe(true);
    await until(() => second.clients.length === 1, 2000, 'client on the new server');
    second.broadcast(statusMsg(3));
    await until(() => received.length === 1, 2000, 'message from the new server');
  });

  it('answers each client in the header version it speaks (v2 keeps metadata, v1 gets plain v1)', async () => {
    const { srv } = await server();
    const heard: IgtlMessage[] = [];
    srv.on('message', (m) => heard.push(m));
    const v2 = await client(srv.port, { headerVersion: 2 });
    const v1 = await client(srv.port);
    const metadata = new Map([['Grüße', { encoding: 106, value: 'ünïcode' }]]);
    v2.c.send(statusMsg(1, { metadata, messageId: 77 }));
    v1.c.send(statusMsg(2));
    await until(() => heard.length === 2, 2000, 'both hellos');
    expect(heard.find((m) => m.type === 'STATUS' && m.subcode === 1n)!.headerVersion).toBe(2);
    srv.broadcast(statusMsg(3, { metadata, messageId: 5 }));
    await until(() => v1.received.length === 1 && v2.received.length === 1, 2000, 'replies');
    expect(v2.received[0]!.headerVersion).toBe(2);
    expect(v2.received[0]!.metadata?.get('Grüße')).toEqual({ encoding: 106, value: 'ünïcode' });
    expect(v2.received[0]!.messageId).toBe(5);
    expect(v1.received[0]!.headerVersion).toBe(1);
    expect(v1.received[0]!.metadata ?? new Map()).toEqual(new Map());
  });

  it('treats silence as a dead link, unless the server sends STATUS keep-alives', async () => {
    const { srv: silent } = await server();
    const a = await client(silent.port, { receiveTimeoutMs: 200, reconnect: false });
    const down = await new Promise<IgtlNetError | undefined>((r) =>
      a.c.once('disconnect', (d) => r(d.reason)),
    );
    expect(down?.code).toBe('RECEIVE_TIMEOUT');

    const { srv: alive } = await server({ keepAliveMs: 50 });
    const b = await client(alive.port, { receiveTimeoutMs: 200, reconnect: false });
    let lost = false;
    b.c.on('disconnect', () => (lost = true));
    await sleep(700);
    expect(lost).toBe(false);
    expect(b.received.filter((m) => m.type === 'STATUS' && m.code === 1).length).toBeGreaterThanOrEqual(5);
  });

  it('rejects with CONNECT_FAILED when nothing listens and reconnect is off; refuses non-loopback binds', async () => {
    const { srv } = await server();
    const port = srv.port;
    await srv.close();
    await expect(IgtlClient.connect(`127.0.0.1:${port}`, { reconnect: false })).rejects.toMatchObject({
      code: 'CONNECT_FAILED',
    });
    await expect(IgtlServer.listen({ host: '0.0.0.0', port: 0 })).rejects.toMatchObject({
      code: 'BAD_ADDRESS',
    });
    expect(() => new IgtlClient('127.0.0.1:x')).toThrow(IgtlNetError);
  });
});
