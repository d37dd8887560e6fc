import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { ViewerError, ViewerServer, isLoopback, newToken } from '../../src/viewer/index.js';

describe('viewer access token', () => {
  const token = newToken();
  let server: ViewerServer;
  // Bound to loopback as every test server here; the token is what beyond-loopback listening requires.
  beforeAll(async () => {
    server = await ViewerServer.start({ port: 0, token });
  });
  afterAll(async () => {
    await server.close();
  });

  it('refuses to listen beyond loopback without a token', async () => {
    const err = await ViewerServer.start({ port: 0, host: '0.0.0.0' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ViewerError);
    expect((err as ViewerError).code).toBe('VIEWER_NO_TOKEN');
    expect([isLoopback('127.0.0.1'), isLoopback('::1'), isLoopback('localhost')]).toEqual([true, true, true]);
    expect([isLoopback('0.0.0.0'), isLoopback('192.168.1.4'), isLoopback('::')]).toEqual([
      false,
      false,
      false,
    ]);
  });

  it('serves the page only with the token, then the page requests with its cookie', async () => {
    expect(token).toMatch(/^[0-9a-f]{32}$/);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${token}`);
    const base = `http://127.0.0.1:${server.port}/`;
    expect((await fetch(base)).status).toBe(401);
    expect((await fetch(`${base}?token=${'0'.repeat(32)}`)).status).toBe(401);
    const page = await fetch(server.url);
    expect(page.status).toBe(200);
    const cookie = page.headers.get('set-cookie')!.split(';')[0]!;
    expect(cookie).toBe(`spinebridge_token=${token}`);
    expect((await fetch(`${base}app.js`)).status).toBe(401);
    expect((await fetch(`${base}app.js`, { headers: { cookie } })).status).toBe(200);
  });

  it('accepts the live WebSocket only with the token', async () => {
    const open = (headers: Record<string, string>) =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(`ws://127.0.0.1:${server.port}/live`, { headers });
        ws.once('open', () => {
          ws.close();
          resolve('open');
        });
        ws.once('unexpected-response', (_req, res) => resolve(`refused ${res.statusCode}`));
        ws.once('error', () => {});
      });
    expect(await open({})).toBe('refused 401');
    expect(await open({ cookie: `spinebridge_token=${token}` })).toBe('open');
  });
});
