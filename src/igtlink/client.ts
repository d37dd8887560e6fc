import { EventEmitter } from 'node:events';
import { connect as tcpConnect, type Socket } from 'node:net';
import { IgtlNetError, parseHostPort } from './connection-errors.js';
import { IgtlConnection, type IgtlConnectionOptions, type IgtlConnectionStats } from './connection.js';
import type { IgtlMessage } from './types.js';
import { backoffDelay, type BackoffOptions } from './reconnect.js';

export interface IgtlClientOptions extends IgtlConnectionOptions {
  /** Give up one connection attempt after this long (default 5 s). */
  readonly connectTimeoutMs?: number;
  /** Reconnect after a failed attempt or a lost link (default true), with `backoff` between attempts. */
  readonly reconnect?: boolean;
  readonly backoff?: BackoffOptions;
  /** Random source for the backoff jitter (tests). */
  readonly random?: () => number;
}

interface ClientEvents {
  connect: [];
  message: [msg: IgtlMessage];
  /** The link went down (or an attempt failed); `willReconnect` says whether another attempt is scheduled. */
  disconnect: [info: { reason: IgtlNetError | undefined; willReconnect: boolean; attempt: number }];
  /** Emitted only while someone listens (an unheard 'error' must not end the process); 'disconnect' carries it too. */
  error: [err: IgtlNetError];
}

/**
 * OpenIGTLink TCP client: connects to HOST:PORT, reconnects with exponential backoff and jitter, detects a
 * dead link by silence (`receiveTimeoutMs`; PlusServer sends STATUS keep-alives while idle), sends in header
 * v1 unless `headerVersion: 2` is given.
 */
export class IgtlClient extends EventEmitter<ClientEvents> {
  private readonly host: string;
  private readonly port: number;
  private conn: IgtlConnection | undefined;
  private attempt = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private pending: Socket | undefined;
  private stopped = false;
  private lastStats: IgtlConnectionStats | undefined;

  /** `address` is "HOST:PORT" (port default 18944). Call start() (or use IgtlClient.connect) to begin. */
  constructor(
    address: string,
    private readonly options: IgtlClientOptions = {},
  ) {
    super();
    ({ host: this.host, port: this.port } = parseHostPort(address));
  }

  /** Creates a client and resolves once it is connected for the first time (rejects if it cannot and will not retry). */
  static connect(address: string, options: IgtlClientOptions = {}): Promise<IgtlClient> {
    const c = new IgtlClient(address, options);
    return new Promise((resolve, reject) => {
      const onConnect = () => {
        c.off('disconnect', onDown);
        resolve(c);
      };
      const onDown = (i: { reason: IgtlNetError | undefined; willReconnect: boolean }) => {
        if (i.willReconnect) return;
        c.off('connect', onConnect);
        reject(i.reason ?? new IgtlNetError('CONNECT_FAILED', `cannot connect to ${address}`));
      };
      c.once('connect', onConnect);
      c.on('disconnect', onDown);
      c.start();
    });
  }

  /** Starts connecting (idempotent). */
  start(): void {
    if (this.stopped || this.conn || this.pending || this.retryTimer) return;
    this.open();
  }

  get connected(): boolean {
    return this.conn !== undefined && !this.conn.closed;
  }

  /** Counters of the current (or last) connection. */
  get stats(): IgtlConnectionStats | undefined {
    return this.conn?.stats ?? this.lastStats;
  }

  /** Header version we send with (1 unless configured, or following the server when `followPeerVersion`). */
  get headerVersion(): 1 | 2 {
    return this.conn?.headerVersion ?? this.options.headerVersion ?? 1;
  }

  /** Queues a message; throws NOT_CONNECTED (or CLOSED) when there is no open connection. */
  send(msg: IgtlMessage): void {
    if (this.stopped) throw new IgtlNetError('CLOSED', 'client is closed');
    if (!this.conn || !this.conn.send(msg)) {
      throw new IgtlNetError('NOT_CONNECTED', `not connected to ${this.host}:${this.port}`);
    }
  }

  /** Stops reconnecting and closes the connection (after queued messages are handed to the socket). */
  close(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.pending?.destroy();
    this.pending = undefined;
    this.conn?.close();
  }

  private open(): void {
    const socket = tcpConnect({ host: this.host, port: this.port });
    this.pending = socket;
    const timeout = setTimeout(() => {
      fail(
        new IgtlNetError(
          'CONNECT_TIMEOUT',
          `no connection to ${this.host}:${this.port} within ${this.options.connectTimeoutMs ?? 5000} ms`,
        ),
      );
    }, this.options.connectTimeoutMs ?? 5000);
    const fail = (reason: IgtlNetError) => {
      clearTimeout(timeout);
      socket.removeAllListeners();
      socket.on('error', () => {});
      socket.destroy();
      if (this.pending === socket) this.pending = undefined;
      this.down(reason);
    };
    socket.once('error', (e) =>
      fail(
        new IgtlNetError('CONNECT_FAILED', `cannot connect to ${this.host}:${this.port}: ${e.message}`, {
          cause: e,
        }),
      ),
    );
    socket.once('connect', () => {
      clearTimeout(timeout);
      socket.removeAllListeners('error');
      this.pending = undefined;
      if (this.stopped) {
        socket.destroy();
        return;
      }
      this.attempt = 0;
      const conn = new IgtlConnection(socket, this.options);
      this.conn = conn;
      conn.on('message', (m) => this.emit('message', m));
      conn.once('close', (reason) => {
        this.lastStats = conn.stats;
        this.conn = undefined;
        this.down(
          reason ??
            (this.stopped ? undefined : new IgtlNetError('CONNECTION_LOST', 'server closed the connection')),
        );
      });
      this.emit('connect');
    });
  }

  private down(reason: IgtlNetError | undefined): void {
    const willReconnect = !this.stopped && (this.options.reconnect ?? true);
    const attempt = this.attempt;
    if (reason && this.listenerCount('error') > 0) this.emit('error', reason);
    this.emit('disconnect', { reason, willReconnect, attempt });
    // A 'disconnect' listener may have called close().
    if (!willReconnect || this.stopped) return;
    const delay = backoffDelay(this.attempt++, this.options.backoff, this.options.random);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (!this.stopped) this.open();
    }, delay);
  }
}
