import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodePng } from '../../src/image/index.js';
import { LiveClient, until } from '../viewer/live-client.js';

const isLive = (m: unknown) => typeof m === 'object' && m !== null && (m as { live?: unknown }).live === true;

describe('demo --http: the viewer is fed by the live session', () => {
  it('streams segmented frames and status, then the surface and the angles, and stays up until Ctrl-C', async () => {
    const out = await mkdtemp(join(tmpdir(), 'sb-demo-viewer-'));
    const child = spawn(
      'node',
      [
        '--import',
        'tsx',
        'src/cli/main.ts',
        'demo',
        '--frames',
        '90',
        '--workers',
        '1',
        '--spacing',
        '2',
        '--http',
        '0',
        '--out',
        out,
        '--json',
      ],
      { stdio: 'pipe' },
    );
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    let client: LiveClient | undefined;
    try {
      await until(() => /viewer: (http:\/\/127\.0\.0\.1:\d+\/)/.test(stderr), 30_000, 'the viewer URL');
      const url = /viewer: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stderr)![1]!;
      const c = await LiveClient.open(url);
      client = c;
      // Acknowledge every frame as a page does after drawing it, or the server stops at 2 in flight.
      let acked = 0;
      const acker = setInterval(() => {
        while (acked < c.frames.length) {
          c.send('ack');
          acked++;
        }
      }, 10);
      try {
        // Angles of the sweep so far may come first (every 3 s); the final one has no `live` flag.
        await until(
          () => c.texts.some((t) => t.type === 'measurement' && !isLive(t.data)),
          120_000,
          'the final angle',
        );
      } finally {
        clearInterval(acker);
      }
      expect(c.frames.length).toBeGreaterThan(0);
      // Frame indices count segmented frames in order; dropped ones leave gaps, never go back.
      expect([...c.frames].sort((a, b) => a - b)).toEqual(c.frames);
      const statuses = c.texts
        .filter((t) => t.type === 'status')
        .map((t) => t.data as Record<string, number>);
      // Frames already in the worker when the 90th completes are finished too.
      expect(statuses.at(-1)).toMatchObject({ sweep: 'done' });
      expect(statuses.at(-1)!.segmented).toBeGreaterThanOrEqual(90);
      expect(c.surfaces.length).toBe(1);
      expect(c.surfaces[0]).toBeGreaterThan(100);
      // The reconstruction's grid, for the slices.
      await until(() => c.volumes.length === 1, 10_000, 'the volume');
      const grid = /grid (\d+)x(\d+)x(\d+)/.exec(stderr)!.slice(1).map(Number);
      expect(c.volumes[0]).toEqual(grid);
      // The X-ray-like view with the curve drawn, as written to OUT/coronal.png.
      await until(() => c.texts.some((t) => t.type === 'coronal'), 10_000, 'the coronal view');
      const png = new Uint8Array(await (await fetch(new URL('coronal.png', url))).arrayBuffer());
      expect(png).toEqual(new Uint8Array(await readFile(join(out, 'coronal.png'))));
      expect(decodePng(png).width).toBeGreaterThan(50);
      // The sweep is over but the process keeps serving: the outputs are written and it waits for Ctrl-C.
      await until(() => stderr.includes('still serving'), 30_000, 'the hold message');
      const late = await LiveClient.open(url);
      await until(() => late.surfaces.length === 1 && late.texts.some((t) => t.type === 'measurement'));
      late.close();
      child.kill('SIGINT');
      expect(await exited).toBe(0);
      const summary = JSON.parse(stdout.trim().split('\n').pop()!) as { frames: { segmented: number } };
      expect(summary.frames.segmented).toBe(statuses.at(-1)!.segmented);
    } finally {
      client?.close();
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 180_000);

  it('fails at once with one clear line when the port is taken, before any sweep', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as { port: number }).port;
    try {
      const child = spawn('node', ['--import', 'tsx', 'src/cli/main.ts', 'demo', '--http', String(port)], {
        stdio: 'pipe',
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
      expect(code).not.toBe(0);
      expect(stderr).toContain(`--http ${port}: the port is in use`);
      expect(stderr).not.toContain('simulator on');
    } finally {
      blocker.close();
    }
  }, 60_000);
});
