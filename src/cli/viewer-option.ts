import { isLoopback, newToken, ViewerServer } from '../viewer/index.js';
import type { CliIo } from './spec.js';
import { CliError } from './parse.js';

/** `--http PORT`, shared by `demo` and `run`. */
export const httpOption = {
  kind: 'number',
  value: 'PORT',
  help: 'serve the browser viewer (live frames + labels, 3D surface, angles) on http://127.0.0.1:PORT/',
} as const;

/** `--http-bind ADDR`: where the viewer listens; beyond loopback it requires the token it prints. */
export const httpBindOption = {
  kind: 'string',
  value: 'ADDR',
  help: 'address the viewer listens on (default 127.0.0.1); any other needs the access token printed in its URL',
} as const;

/** Starts the viewer when --http was given; a busy port fails here, before any sweep. */
export async function startViewer(
  port: number | undefined,
  io: CliIo,
  bind = '127.0.0.1',
): Promise<ViewerServer | undefined> {
  if (port === undefined) return undefined;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new CliError('CLI_BAD_VALUE', `--http ${port}: not a TCP port`);
  // Beyond loopback anyone on the network could watch the patient's scan: a fresh token per run.
  const token = isLoopback(bind) ? undefined : newToken();
  try {
    const viewer = await ViewerServer.start({ port, host: bind, ...(token ? { token } : {}), log: io.err });
    io.err(`viewer: ${viewer.url}`);
    if (token) io.err(`viewer: listening on ${bind}; only that URL (with its token) opens it`);
    return viewer;
  } catch (e) {
    const busy = (e as NodeJS.ErrnoException).code === 'EADDRINUSE';
    throw new CliError(
      'CLI_BAD_VALUE',
      busy
        ? `--http ${port}: the port is in use (choose another, or 0 for any free one)`
        : `--http ${port}: ${(e as Error).message}`,
    );
  }
}

/**
 * After the sweep the viewer keeps showing the surface and the angles until Ctrl-C (the stop promise
 * is already settled when Ctrl-C ended the sweep, so this returns at once then).
 */
export async function holdViewer(viewer: ViewerServer | undefined, io: CliIo, exit: boolean): Promise<void> {
  if (!viewer || exit) return;
  io.err(`viewer: sweep done, still serving ${viewer.url} (Ctrl-C to quit)`);
  await io.stopped;
}
