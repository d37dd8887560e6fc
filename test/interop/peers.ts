/**
 * Builds the C++ interop peers (test/interop/CMakeLists.txt: the library's example programs, our igtl_peer,
 * the codec benchmark) once into .cache/interop-build and locates them. Safe to call from several vitest
 * workers at once: a mkdir lock serialises the build and a stamp of the sources skips it when up to date.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const buildDir = join(root, '.cache/interop-build');
const lockDir = join(root, '.cache/interop-build.lock');
const stampFile = join(buildDir, 'spinebridge.stamp');

/** Where Debian's openigtlink-examples puts the example sources and test images. */
export const EXAMPLES_DIR = '/usr/share/doc/openigtlink-examples/examples';
export const IMAGER_IMAGE_DIR = join(EXAMPLES_DIR, 'Imager/img');

const SOURCES = [
  'test/interop/CMakeLists.txt',
  'test/interop/cpp/igtl_peer.cxx',
  'test/interop/cpp/peer_wire.cxx',
  'test/interop/cpp/peer_wire.h',
  'test/interop/cpp/peer_describe.cxx',
  'bench/cpp/igtlink_bench.cxx',
];

export const PROGRAMS = [
  'ImagerServer',
  'ImagerClient',
  'TrackerServer',
  'TrackerClient',
  'ReceiveClient',
  'igtl_peer',
  'igtlink_bench',
] as const;
export type Program = (typeof PROGRAMS)[number];

function stamp(): string {
  const h = createHash('sha256');
  for (const s of SOURCES) h.update(s).update(readFileSync(join(root, s)));
  return h.digest('hex');
}

function upToDate(want: string): boolean {
  return (
    existsSync(stampFile) &&
    readFileSync(stampFile, 'utf8') === want &&
    PROGRAMS.every((p) => existsSync(join(buildDir, p)))
  );
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function acquireLock(): Promise<void> {
  for (;;) {
    try {
      mkdirSync(lockDir, { recursive: false });
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      // A build takes well under a minute here; a lock older than 5 minutes is left over from a killed run.
      if (Date.now() - statSync(lockDir).mtimeMs > 300_000) rmSync(lockDir, { recursive: true, force: true });
      await sleep(250);
    }
  }
}

let built: Promise<string> | undefined;

/** Builds (if needed) and returns the build directory. Throws with cmake's output when the build fails. */
export function buildPeers(): Promise<string> {
  built ??= (async () => {
    if (!existsSync('/usr/lib/openigtlink/OpenIGTLinkConfig.cmake')) {
      throw new Error('libopenigtlink-dev is not installed (scripts/install-deps.sh installs it)');
    }
    const want = stamp();
    if (upToDate(want)) return buildDir;
    mkdirSync(join(root, '.cache'), { recursive: true });
    await acquireLock();
    try {
      if (upToDate(want)) return buildDir;
      mkdirSync(buildDir, { recursive: true });
      const opts = { cwd: buildDir, maxBuffer: 16 << 20 };
      await run(
        'cmake',
        ['-S', join(root, 'test/interop'), '-B', buildDir, '-DCMAKE_BUILD_TYPE=Release'],
        opts,
      );
      await run('cmake', ['--build', buildDir, '-j', '2'], opts);
      writeFileSync(stampFile, want);
      return buildDir;
    } finally {
      rmSync(lockDir, { recursive: true, force: true });
    }
  })();
  return built;
}

/** Absolute path of one built program. */
export async function peerPath(program: Program): Promise<string> {
  return join(await buildPeers(), program);
}

/** A running C++ program with its output collected; `stop()` kills it (SIGTERM) and waits. */
export interface Peer {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal name) once the process is gone. */
  readonly exited: Promise<number | string>;
  stop(): Promise<number | string>;
}

export async function startPeer(program: Program, args: readonly string[]): Promise<Peer> {
  const child = spawn(await peerPath(program), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<number | string>((res) => {
    child.once('exit', (code, signal) => res(code ?? signal ?? -1));
  });
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Waits until `test()` holds (polling), or throws after `ms`. */
export async function waitFor(test: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(20);
  }
}

/** A loopback port nobody listens on right now (the examples take a fixed port argument). */
export async function freePort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((res, rej) => {
    const s = net.createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
  });
}
