import { CodedError } from '../util/index.js';

/**
 * Every way the socket layer (client, server, connection) can fail, in one closed union; protocol errors
 * from the framer stay `IgtlError` and travel as the `cause` of a `PROTOCOL` error.
 *
 * - `BAD_ADDRESS`      HOST:PORT cannot be parsed, or a non-loopback bind without `allowRemote`.
 * - `CONNECT_TIMEOUT`  no TCP connection within `connectTimeoutMs`.
 * - `CONNECT_FAILED`   the connection was refused or failed (cause: the system error).
 * - `RECEIVE_TIMEOUT`  nothing received for `receiveTimeoutMs`: the link is taken as dead.
 * - `PROTOCOL`         the peer sent a malformed stream (cause: the codec's IgtlError).
 * - `QUEUE_OVERFLOW`   the peer stopped reading and non-droppable messages exceeded `maxQueuedBytes`.
 * - `CONNECTION_LOST`  the peer closed the connection or the socket failed (cause: the system error).
 * - `NOT_CONNECTED`    send() while no connection is open.
 * - `CLOSED`           the client/server has been closed by its owner.
 * - `LISTEN_FAILED`    the server could not listen (cause: the system error, e.g. EADDRINUSE).
 */
export type IgtlNetErrorCode =
  | 'BAD_ADDRESS'
  | 'CONNECT_TIMEOUT'
  | 'CONNECT_FAILED'
  | 'RECEIVE_TIMEOUT'
  | 'PROTOCOL'
  | 'QUEUE_OVERFLOW'
  | 'CONNECTION_LOST'
  | 'NOT_CONNECTED'
  | 'CLOSED'
  | 'LISTEN_FAILED';

/** The socket layer's error class; `code` says what went wrong, `cause` carries the underlying error. */
export class IgtlNetError extends CodedError<IgtlNetErrorCode> {}

/** Splits "HOST:PORT" (IPv6 as "[::1]:PORT"); throws BAD_ADDRESS. */
export function parseHostPort(text: string, defaultPort = 18944): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]*))(?::(\d+))?$/.exec(text.trim());
  const host = m ? (m[1] ?? m[2] ?? '') : '';
  const port = m?.[3] !== undefined ? Number(m[3]) : defaultPort;
  if (!m || host === '' || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new IgtlNetError('BAD_ADDRESS', `not a HOST:PORT address: '${text}'`);
  }
  return { host, port };
}
