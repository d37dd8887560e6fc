import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { BUNDLE_PATH, VIEWER_DIR, ensureBundle } from './bundle.js';
import { ClientLink } from './client-link.js';
import { TOKEN_COOKIE, hasToken, isLoopback } from './access.js';
import { ViewerError } from './errors.js';
import { encodeFrame, type ViewerFrame } from './frame-codec.js';
import { encodeSurface, type ViewerMesh } from './surface-codec.js';
import { encodeVolume, type ViewerVolume } from './volume-codec.js';
import { encodeTextMessage, isAck } from './text-messages.js';

export interface ViewerServerOptions {
  /** 0 picks a free port. */
  readonly port: number;
  /** Defaults to loopback: listening beyond it is the caller's explicit choice, and needs `token`. */
  readonly host?: string;
  /**
   * Required on every request (`?token=` in the URL given to the user, then a cookie) when set; the
   * server refuses to listen beyond loopback without one.
   */
  readonly token?: string;
  readonly log?: (line: string) => void;
}

/** The browser only ever sends acks; anything bigger is garbage (ws closes with 1009). */
const MAX_CLIENT_MESSAGE = 1024;
const LIVE_PATH = '/live';

/**
 * HTTP + WebSocket server for the browser viewer: GET / (the page), GET /app.js (the bundle), GET
 * /coronal.png (the last coronal projection, once there is one), and
 * WebSocket /live streaming frames (acknowledged, newest wins), the surface, the measurement and the
 * status. The last surface, measurement, status and frame are remembered for clients joining later.
 */
export class ViewerServer {
  private readonly links = new Map<WebSocket, ClientLink>();
  private lastFrame: Uint8Array | undefined;
  private lastSurface: Uint8Array | undefined;
  private lastVolume: Uint8Array | undefined;
  private lastMeasurement: string | undefined;
  private lastStatus: string | undefined;
  private coronal: { png: Uint8Array; message: string } | undefined;
  private coronalVersion = 0;

  private constructor(
    private readonly http: Server,
    private readonly wss: WebSocketServer,
    private readonly log: (line: string) => void,
    readonly port: number,
    readonly url: string,
  ) {
    wss.on('connection', (ws) => this.accept(ws));
  }

  static async start(o: ViewerServerOptions): Promise<ViewerServer> {
    const log = o.log ?? (() => {});
    const host = o.host ?? '127.0.0.1';
    if (!isLoopback(host) && !o.token) {
      throw new ViewerError(
        'VIEWER_NO_TOKEN',
        `listening on ${host} (beyond loopback) needs an access token`,
      );
    }
    await ensureBundle(log);
    const [html, js] = await Promise.all([readFile(join(VIEWER_DIR, 'index.html')), readFile(BUNDLE_PATH)]);
    const files = { html, js, coronal: () => server?.coronal?.png };
    let server: ViewerServer | undefined;
    const token = o.token;
    const http = createServer((req, res) => {
      if (token === undefined) return serve(req, res, files);
      if (!hasToken(req, token)) {
        res
          .writeHead(401, { 'content-type': 'text/plain; charset=utf-8' })
          .end('open the URL with its token\n');
        return;
      }
      // The page's own requests (bundle, image, WebSocket) then carry the token as a cookie.
      res.setHeader('set-cookie', `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`);
      serve(req, res, files);
    });
    // Listen before attaching the WebSocket server: it re-emits the HTTP server's errors, and a busy
    // port would then surface as an unhandled 'error' event instead of this rejection.
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(o.port, host, () => {
        http.off('error', reject);
        resolve();
      });
    });
    const wss = new WebSocketServer({
      server: http,
      path: LIVE_PATH,
      maxPayload: MAX_CLIENT_MESSAGE,
      verifyClient:
        token === undefined ? undefined : ({ req }: { req: IncomingMessage }) => hasToken(req, token),
    });
    wss.on('error', (e) => log(`viewer: ${e.message}`));
    const port = (http.address() as AddressInfo).port;
    const urlHost = host.includes(':') ? `[${host}]` : host;
    const url = `http://${urlHost}:${port}/${token === undefined ? '' : `?token=${token}`}`;
    server = new ViewerServer(http, wss, log, port, url);
    return server;
  }

  /** Newest wins: each client has at most 2 unacknowledged frames; older unsent frames are dropped. */
  pushFrame(f: ViewerFrame): void {
    const bytes = encodeFrame(f);
    this.lastFrame = bytes;
    for (const link of this.links.values()) link.sendFrame(bytes);
  }

  /** Any JSON-able value (e.g. a SpineMeasurement); remembered for clients that connect later. */
  pushMeasurement(m: unknown): void {
    this.lastMeasurement = encodeTextMessage({ type: 'measurement', data: m });
    for (const link of this.links.values()) link.sendLatest('measurement', this.lastMeasurement);
  }

  /** The bone surface, sent binary; remembered for clients that connect later. */
  pushSurface(mesh: ViewerMesh): void {
    this.lastSurface = encodeSurface(mesh);
    for (const link of this.links.values()) link.sendLatest('surface', this.lastSurface);
  }

  /** The reconstructed volume with its labels, for the slice view; remembered for clients that connect later. */
  pushVolume(v: ViewerVolume): void {
    this.lastVolume = encodeVolume(v);
    for (const link of this.links.values()) link.sendLatest('volume', this.lastVolume);
  }

  /** Small JSON status (frames segmented, latency...); the latest is remembered. */
  pushStatus(s: Record<string, unknown>): void {
    this.lastStatus = encodeTextMessage({ type: 'status', data: s });
    for (const link of this.links.values()) link.sendLatest('status', this.lastStatus);
  }

  /** The X-ray-like coronal projection with the curve drawn (PNG), served at GET /coronal.png. */
  pushCoronal(png: Uint8Array): void {
    const message = encodeTextMessage({ type: 'coronal', data: { version: ++this.coronalVersion } });
    this.coronal = { png, message };
    for (const link of this.links.values()) link.sendLatest('coronal', message);
  }

  /** Number of connected browsers. */
  get clients(): number {
    return this.links.size;
  }

  async close(): Promise<void> {
    for (const ws of this.links.keys()) ws.terminate();
    this.links.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  private accept(ws: WebSocket): void {
    const link = new ClientLink(ws);
    this.links.set(ws, link);
    this.log(`viewer: client connected (${this.links.size})`);
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (!isBinary && isAck(rawText(data)) && link.ack()) return;
      // A malformed message ends this connection only; the others keep streaming.
      this.log(`viewer: closing a client that sent ${isBinary ? 'binary data' : 'an unexpected message'}`);
      ws.close(1008, 'expected ack');
    });
    ws.on('error', (e) => this.log(`viewer: client error: ${e.message}`));
    ws.on('close', () => {
      this.links.delete(ws);
      this.log(`viewer: client disconnected (${this.links.size})`);
    });
    if (this.lastSurface !== undefined) link.sendLatest('surface', this.lastSurface);
    if (this.lastVolume !== undefined) link.sendLatest('volume', this.lastVolume);
    if (this.lastMeasurement !== undefined) link.sendLatest('measurement', this.lastMeasurement);
    if (this.lastStatus !== undefined) link.sendLatest('status', this.lastStatus);
    if (this.coronal !== undefined) link.sendLatest('coronal', this.coronal.message);
    if (this.lastFrame !== undefined) link.sendFrame(this.lastFrame);
  }
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}

interface Files {
  readonly html: Buffer;
  readonly js: Buffer;
  readonly coronal: () => Uint8Array | undefined;
}

const TYPES = { html: 'text/html; charset=utf-8', js: 'text/javascript; charset=utf-8', png: 'image/png' };

function serve(req: IncomingMessage, res: ServerResponse, files: Files): void {
  const path = (req.url ?? '/').split('?')[0];
  const [body, type] =
    path === '/' || path === '/index.html'
      ? [files.html, TYPES.html]
      : path === '/app.js'
        ? [files.js, TYPES.js]
        : path === '/coronal.png'
          ? [files.coronal(), TYPES.png]
          : [undefined, ''];
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }
  if (body === undefined) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
    return;
  }
  res.writeHead(200, { 'content-type': type, 'content-length': body.length, 'cache-control': 'no-store' });
  res.end(req.method === 'HEAD' ? undefined : body);
}
