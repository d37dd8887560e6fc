import { EventEmitter } from 'node:events';
import { createServer, isIP, type Server, type Socket } from 'node:net';
import { IgtlNetError } from './connection-errors.js';
import { encodeForVersion, IgtlConnection, type IgtlConnectionOptions } from './connection.js';
import type { IgtlMessage } from './types.js';

export interface IgtlServerOptions extends IgtlConnectionOptions {
  /** Default 18944 (the OpenIGTLink port); 0 picks a free one (see `port` after listen()). */
  readonly port?: number;
  /** Default '127.0.0.1'. Any non-loopback address also needs `allowRemote: true`. */
  readonly host?: string;
  readonly allowRemote?: boolean;
  /** Further clients are refused (closed at once) beyond this many (default 64). */
  readonly maxClients?: number;
  /** Where the reasons connections end go, one line each (default: stderr). */
  readonly log?: (line: string) => void;
}

/** One connected client of an IgtlServer. */
export interface IgtlServerClient {
  /** 1, 2, ... in order of connection. */
  readonly id: number;
  readonly connection: IgtlConnection;
}

interface ServerEvents {
  client: [client: IgtlServerClient];
  message: [msg: IgtlMessage, client: IgtlServerClient];
  /** `reason` is undefined for an orderly close; otherwise an IgtlNetError (PROTOCOL, QUEUE_OVERFLOW, ...). */
  disconnect: [client: IgtlServerClient, reason: IgtlNetError | undefined];
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));
}

/**
 * OpenIGTLink TCP server: many clients, each with its own send queue (live IMAGE streams drop their oldest
 * waiting frame for a slow client, counted per client), answering each client in the header version it
 * speaks. A malformed stream closes only that client's connection, with the reason logged and reported.
 */
export class IgtlServer extends EventEmitter<ServerEvents> {
  private readonly server: Server;
  private readonly connected = new Map<number, IgtlServerClient>();
  private nextId = 1;
  private listening = false;

  private constructor(private readonly options: IgtlServerOptions) {
    super();
    this.server = createServer((socket) => this.accept(socket));
  }

  /** Creates a server and starts listening; rejects with BAD_ADDRESS or LISTEN_FAILED. */
  static async listen(options: IgtlServerOptions = {}): Promise<IgtlServer> {
    const host = options.host ?? '127.0.0.1';
    if (!isLoopback(host) && !options.allowRemote) {
      throw new IgtlNetError(
        'BAD_ADDRESS',
        `refusing to listen on ${host}: only loopback unless allowRemote is set`,
      );
    }
    const s = new IgtlServer(options);
    await new Promise<void>((resolve, reject) => {
      s.server.once('error', (e) =>
        reject(
          new IgtlNetError(
            'LISTEN_FAILED',
            `cannot listen on ${host}:${options.port ?? 18944}: ${e.message}`,
            { cause: e },
          ),
        ),
      );
      s.server.listen(options.port ?? 18944, host, () => resolve());
    });
    s.listening = true;
    s.server.on('error', (e) => s.log(`server error: ${e.message}`));
    return s;
  }

  /** The port actually bound. */
  get port(): number {
    const a = this.server.address();
    return a !== null && typeof a === 'object' ? a.port : 0;
  }

  get clients(): readonly IgtlServerClient[] {
    return [...this.connected.values()];
  }

  /**
   * Sends `msg` to every client (encoded at most once per header version in use). IMAGE frames to a client
   * that is not keeping up replace its older waiting frame of the same device (see stats.dropped).
   */
  broadcast(msg: IgtlMessage): void {
    const encoded: (Uint8Array | undefined)[] = [];
    const live = (this.options.isLive ?? ((m: IgtlMessage) => m.type === 'IMAGE'))(msg);
    const key = live ? `${msg.type}\0${msg.deviceName}` : undefined;
    for (const c of this.connected.values()) {
      const v = c.connection.headerVersion;
      const bytes = (encoded[v] ??= encodeForVersion(msg, v));
      c.connection.sendBytes(bytes, key);
    }
  }

  /** Stops listening and closes every client (queued data is dropped). */
  async close(): Promise<void> {
    for (const c of this.connected.values()) c.connection.destroy();
    if (!this.listening) return;
    this.listening = false;
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private log(line: string): void {
    (this.options.log ?? ((l: string) => process.stderr.write(`igtl server: ${l}\n`)))(line);
  }

  private accept(socket: Socket): void {
    if (this.connected.size >= (this.options.maxClients ?? 64)) {
      this.log(`refusing ${socket.remoteAddress}:${socket.remotePort}: too many clients`);
      socket.destroy();
      return;
    }
    const connection = new IgtlConnection(socket, { followPeerVersion: true, ...this.options });
    const client: IgtlServerClient = { id: this.nextId++, connection };
    this.connected.set(client.id, client);
    connection.on('message', (m) => this.emit('message', m, client));
    connection.once('close', (reason) => {
      this.connected.delete(client.id);
      if (reason)
        this.log(`client ${client.id} (${connection.remote}) closed: ${reason.message} [${reason.code}]`);
      this.emit('disconnect', client, reason);
    });
    this.emit('client', client);
  }
}
