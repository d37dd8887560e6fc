import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const CLI = ['--import', 'tsx', 'src/cli/main.ts'];

function waitFor(child: ChildProcess, pattern: RegExp): Promise<void> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (d: Buffer) => {
      text += d.toString();
      if (pattern.test(text)) resolve();
    };
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${text}`)));
  });
}

describe('spinebridge run and demo as real processes', () => {
  const children: ChildProcess[] = [];
  afterAll(() => children.forEach((c) => c.kill('SIGKILL')));

  it('segments N frames, records the sweep and writes the reconstruction', async () => {
    const port = 19000 + Math.floor(Math.random() * 500);
    const sim = spawn('node', [...CLI, 'serve-sim', '--port', String(port), '--fps', '20'], {
      stdio: 'pipe',
    });
    children.push(sim);
    await waitFor(sim, /OpenIGTLink on/);
    const out = await mkdtemp(join(tmpdir(), 'sb-run-'));
    const run = spawn(
      'node',
      [
        ...CLI,
        'run',
        '--igtl',
        `127.0.0.1:${port}`,
        '--frames',
        '15',
        '--workers',
        '1',
        '--out',
        out,
        '--json',
      ],
      {
        stdio: 'pipe',
      },
    );
    children.push(run);
    let stdout = '';
    run.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const code = await new Promise<number | null>((r) => run.once('exit', r));
    expect(code).toBe(0);
    const summary = JSON.parse(stdout.trim().split('\n').pop()!) as {
      stats: { segmented: number; labelsSent: number };
    };
    expect(summary.stats.segmented).toBeGreaterThanOrEqual(15);
    expect(summary.stats.labelsSent).toBeGreaterThanOrEqual(15);
    expect((await readdir(out)).sort()).toEqual(
      expect.arrayContaining([
        'labels.igs.mha',
        'labels.mha',
        'measurement.json',
        'sweep.igs.mha',
        'volume.mha',
      ]),
    );
    sim.kill('SIGINT');
    expect(await new Promise((r) => sim.once('exit', r))).toBe(0);
  }, 120_000);

  it('demo: the embedded simulator -> bridge -> outputs, exiting after N frames', async () => {
    const out = await mkdtemp(join(tmpdir(), 'sb-demo-'));
    const demo = spawn(
      'node',
      [
        ...CLI,
        'demo',
        '--frames',
        '20',
        '--exit',
        '--workers',
        '1',
        '--spacing',
        '2',
        '--out',
        out,
        '--json',
      ],
      {
        stdio: 'pipe',
      },
    );
    children.push(demo);
    let stdout = '';
    demo.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    expect(await new Promise((r) => demo.once('exit', r))).toBe(0);
    const summary = JSON.parse(stdout.trim().split('\n').pop()!) as {
      frames: { segmented: number; pasted: number };
      trueCobbDeg: number;
      outputs: string[];
    };
    expect(summary.frames.segmented).toBeGreaterThanOrEqual(20);
    expect(summary.frames.pasted).toBe(summary.frames.segmented);
    expect(summary.trueCobbDeg).toBeCloseTo(30, 0);
    expect(summary.outputs.map((f) => f.slice(out.length + 1)).sort()).toEqual(
      expect.arrayContaining(['labels.mha', 'measurement.json', 'volume.mha']),
    );
  }, 120_000);

  it('fails with one clear line when nothing listens', async () => {
    const run = spawn('node', [...CLI, 'run', '--igtl', '127.0.0.1:1', '--frames', '1', '--wait', '2'], {
      stdio: 'pipe',
    });
    let stderr = '';
    run.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((r) => run.once('exit', r));
    expect(code).toBe(1);
    expect(stderr).toMatch(/spinebridge: .*127\.0\.0\.1:1 within 2 s.*\[NO_SOURCE\]/);
    expect(stderr).not.toMatch(/at .*\.ts:\d+/);
  }, 60_000);
});
