import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ViewerServer } from '../../src/viewer/index.js';
import { LiveClient, gradientFrame, tetrahedron, until } from './live-client.js';

let server: ViewerServer;
const clients: LiveClient[] = [];
beforeAll(async () => {
  server = await ViewerServer.start({ port: 0 });
});
afterAll(async () => {
  for (const c of clients) c.close();
  await server.close();
});

async function client(): Promise<LiveClient> {
  const c = await LiveClient.open(server.url);
  // ws emits 'connection' on the server before the 101 reaches the client, so the link exists now.
  clients.push(c);
  return c;
}

describe('ViewerServer', () => {
  it('serves the page and the bundle on loopback, 404 elsewhere', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await fetch(server.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('/app.js');
    const js = await fetch(new URL('app.js', server.url));
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect((await js.text()).length).toBeGreaterThan(10_000);
    expect((await fetch(new URL('src/viewer/server.ts', server.url))).status).toBe(404);
  });

  it('rejects, rather than crashing the process, when its port is taken', async () => {
    const err = await ViewerServer.start({ port: server.port }).catch((e: unknown) => e);
    expect((err as NodeJS.ErrnoException).code).toBe('EADDRINUSE');
  });

  it('keeps 2 frames in flight and only the newest pending one for a client that does not ack', async () => {
    const c = await client();
    for (let i = 1; i <= 12; i++) server.pushFrame(gradientFrame(i, 4, 4));
    await until(() => c.frames.length >= 2);
    await new Promise((r) => setTimeout(r, 100));
    expect(c.frames).toEqual([1, 2]);
    c.send('ack');
    await until(() => c.frames.length >= 3);
    c.send(JSON.stringify({ type: 'ack' }));
    c.send('ack');
    await new Promise((r) => setTimeout(r, 100));
    // Frames 3..11 were dropped for this client: it was never more than 2 behind.
    expect(c.frames).toEqual([1, 2, 12]);
    c.close();
  });

  it('sends the last surface, measurement, status and frame to a late client', async () => {
    server.pushSurface(tetrahedron());
    server.pushMeasurement({ cobbDeg: 21.5, upperEnd: 'T6', lowerEnd: 'T12' });
    server.pushStatus({ frames: 12 });
    server.pushStatus({ frames: 13 });
    const late = await client();
    await until(() => late.surfaces.length === 1 && late.texts.length === 2 && late.frames.length === 1);
    expect(late.surfaces).toEqual([4]);
    expect(late.texts).toEqual([
      { type: 'measurement', data: { cobbDeg: 21.5, upperEnd: 'T6', lowerEnd: 'T12' } },
      { type: 'status', data: { frames: 13 } },
    ]);
    expect(late.frames).toEqual([12]);
    late.close();
  });

  it('sends the last volume to clients connected and to come', async () => {
    const c = await client();
    const volume = {
      dims: [3, 2, 2] as const,
      spacing: [1, 1, 1] as const,
      origin: [0, 0, 0] as const,
      intensity: new Uint8Array(12).fill(7),
      labels: new Uint8Array(12),
    };
    server.pushVolume(volume);
    await until(() => c.volumes.length === 1);
    const late = await client();
    await until(() => late.volumes.length === 1);
    expect([c.volumes, late.volumes]).toEqual([[[3, 2, 2]], [[3, 2, 2]]]);
    c.close();
    late.close();
  });

  it('serves the last coronal projection and tells each client its version', async () => {
    const png = (await fetch(new URL('coronal.png', server.url))).status;
    expect(png).toBe(404);
    const c = await client();
    const first = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1]);
    const second = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 2]);
    server.pushCoronal(first);
    server.pushCoronal(second);
    await until(() =>
      c.texts.some((t) => t.type === 'coronal' && (t.data as { version: number }).version === 2),
    );
    const res = await fetch(new URL('coronal.png?v=2', server.url));
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(second);
    const late = await client();
    await until(() => late.texts.some((t) => t.type === 'coronal'));
    expect(late.texts.filter((t) => t.type === 'coronal')).toEqual([
      { type: 'coronal', data: { version: 2 } },
    ]);
    c.close();
    late.close();
  });

  it('closes only the client that sends garbage or an unexpected ack', async () => {
    const good = await client();
    const garbage = await client();
    const eager = await client();
    await until(() => good.frames.length === 1 && eager.frames.length === 1);
    garbage.send(new Uint8Array([1, 2, 3, 4, 5]));
    eager.send('ack');
    eager.send('ack');
    expect(await garbage.whenClosed()).toBe(1008);
    expect(await eager.whenClosed()).toBe(1008);
    good.send('ack');
    server.pushFrame(gradientFrame(40, 4, 4));
    await until(() => good.frames.includes(40));
    const huge = await client();
    huge.send('x'.repeat(100_000));
    expect(await huge.whenClosed()).toBe(1009);
    server.pushFrame(gradientFrame(41, 4, 4));
    await until(() => good.frames.includes(41));
  });
});
