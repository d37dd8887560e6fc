import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planSegment, segmentCommand } from '../../src/cli/commands/segment.js';
import type { CliIo } from '../../src/cli/spec.js';
import { readSequence, writeSequence } from '../../src/sequence/index.js';
import { ellipseFrame, TINY_CARD } from './helpers.js';

function io(): CliIo & { lines: string[]; progressed: number } {
  const lines: string[] = [];
  const o = {
    lines,
    progressed: 0,
    out: (l: string) => lines.push(l),
    err: () => {},
    progress: () => {
      o.progressed++;
    },
    stopped: new Promise<void>(() => {}),
  };
  return o;
}

describe('spinebridge segment', () => {
  it('plans: refuses bad values before touching files', () => {
    const base = { out: 'o.igs.mha', workers: 2, threads: 1, provider: 'cpu' };
    expect(planSegment(['in.igs.mha'], base)).toMatchObject({ workers: 2, crf: false, provider: 'cpu' });
    expect(() => planSegment([], base)).toThrow(/missing/);
    expect(() => planSegment(['a'], { ...base, out: 'x.png' })).toThrow(/--out/);
    expect(() => planSegment(['a'], { ...base, workers: 0 })).toThrow(/--workers/);
    expect(() => planSegment(['a'], { ...base, provider: 'gpu' })).toThrow(/--provider/);
  });

  it('writes a label sequence with the same transforms and reports metrics against the truth', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'seg-cli-'));
    const W = 160;
    const H = 120;
    const shots = [0, 1, 2].map((i) => ellipseFrame(W, H, 60 + 20 * i, 60, 40, 25, i + 1));
    const transforms = (i: number) =>
      new Map([['ProbeToTracker', Float64Array.from([1, 0, 0, i, 0, 1, 0, 2 * i, 0, 0, 1, 3, 0, 0, 0, 1])]]);
    const layout = { frameSize: [W, H, 1] as const, spacing: [0.2, 0.3, 1] as const };
    await writeSequence(
      join(dir, 'in.igs.mha'),
      layout,
      shots.map((s, i) => ({ pixels: s.frame.data, transforms: transforms(i), timestamp: 10 + i })),
    );
    await writeSequence(
      join(dir, 'truth.igs.mha'),
      layout,
      shots.map((s) => ({ pixels: s.mask })),
    );
    const out = join(dir, 'labels.igs.mha');
    const o = io();
    const options = {
      out,
      model: TINY_CARD,
      truth: join(dir, 'truth.igs.mha'),
      workers: 2,
      threads: 1,
      provider: 'cpu',
      json: true,
    };
    const code = await segmentCommand.run({
      positionals: [join(dir, 'in.igs.mha')],
      options: options as never,
      io: o,
    });
    expect(code).toBe(0);
    const summary = JSON.parse(o.lines.join('\n')) as { frames: number; metrics: Record<string, number> };
    expect(summary.frames).toBe(3);
    expect(summary.metrics['dice']).toBeGreaterThan(0.9);
    expect(summary.metrics['hausdorffMm']).toBeLessThan(summary.metrics['hausdorffPx']!); // 0.2-0.3 mm pixels
    const labels = await readSequence(out);
    expect(labels.info.frameSize).toEqual([W, H, 1]);
    expect(labels.info.spacing).toEqual([0.2, 0.3, 1]);
    labels.frames.forEach((f, i) => {
      expect(f.timestamp).toBe(10 + i);
      expect(Array.from(f.transforms.get('ProbeToTracker')!.matrix)).toEqual(
        Array.from(transforms(i).get('ProbeToTracker')!),
      );
      expect(f.pixels.every((v) => v === 0 || v === 1)).toBe(true);
    });
  });

  it('refuses a 16-bit sequence with SEG_PIXEL_TYPE', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'seg-cli-'));
    await writeSequence(join(dir, 'in.igs.mha'), { frameSize: [4, 4, 1] }, [{ pixels: new Uint16Array(16) }]);
    const options = {
      out: join(dir, 'o.igs.mha'),
      workers: 1,
      threads: 1,
      provider: 'cpu',
      model: TINY_CARD,
    };
    await expect(
      segmentCommand.run({ positionals: [join(dir, 'in.igs.mha')], options: options as never, io: io() }),
    ).rejects.toMatchObject({ code: 'SEG_PIXEL_TYPE' });
  });
});
