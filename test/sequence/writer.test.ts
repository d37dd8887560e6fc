import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fromRowMajor } from '../../src/math/index.js';
import { finalizeSequence, readSequence, SequenceWriter } from '../../src/sequence/index.js';
import { ROOT } from './paths.js';

const dir = mkdtempSync(join(tmpdir(), 'seq-writer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const frame = (i: number) => ({
  pixels: new Uint16Array(20 * 10).map((_, k) => k * 3 + i),
  timestamp: 10 + i,
  transforms: new Map([['ProbeToReference', fromRowMajor([1, 0, 0, i, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1])]]),
});

describe('SequenceWriter', () => {
  it.each([
    ['rec.igs.mha', false],
    ['recz.igs.mha', true],
    ['rec.igs.nrrd', true],
  ])(
    '%s: readable after every checkpoint, one self-contained file after close (compress %s)',
    async (name, compress) => {
      const file = join(dir, name);
      const w = await SequenceWriter.open(file, {
        layout: { frameSize: [20, 10, 1], spacing: [0.1, 0.1, 1] },
        compress,
        checkpointMs: 60_000,
      });
      expect((await readSequence(file)).frames).toHaveLength(0);
      for (let i = 0; i < 3; i++) await w.append(frame(i));
      await w.checkpoint();
      const mid = await readSequence(file);
      expect(mid.frames.map((f) => f.timestamp)).toEqual([10, 11, 12]);
      expect(readFileSync(file, 'latin1')).toMatch(/(ElementDataFile = |data file: )rec[z]?\.igs\.raw/);
      for (let i = 3; i < 5; i++) await w.append(frame(i));
      expect(await w.close()).toBe(5);
      expect(existsSync(w.dataFile)).toBe(false);
      const done = await readSequence(file);
      expect(done.info.encoding).toBe(compress ? (name.endsWith('mha') ? 'zlib' : 'gzip') : 'raw');
      expect(done.frames).toHaveLength(5);
      done.frames.forEach((f, i) => {
        expect(Array.from(f.pixels)).toEqual(Array.from(frame(i).pixels));
        expect(f.transforms.get('ProbeToReference')!.matrix[3]).toBe(i);
      });
    },
  );

  it('refuses a frame of another size with SEQ_SIZE and leaves nothing behind when no frame came', async () => {
    const file = join(dir, 'bad.igs.mha');
    const w = await SequenceWriter.open(file, { layout: { frameSize: [20, 10, 1] } });
    await expect(w.append({ pixels: new Uint8Array(7) })).rejects.toMatchObject({ code: 'SEQ_SIZE' });
    expect(await w.close()).toBe(0);
    expect(existsSync(file)).toBe(false);
    await expect(w.append(frame(0))).rejects.toMatchObject({ code: 'SEQ_STATE' });
  });

  it('a recorder killed with SIGKILL leaves a readable file missing at most the last checkpoint interval', async () => {
    const file = join(dir, 'killed.igs.mha');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'test/fixtures/sequence/record-child.ts'), file],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let last = -1;
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        last = Number(d.toString().trim().split('\n').at(-1));
        if (last >= 40) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', () => (last < 40 ? reject(new Error('recorder exited early')) : resolve()));
    });
    await new Promise((r) => child.once('exit', r));
    const seq = await readSequence(file);
    const n = seq.frames.length;
    // 100 ms checkpoints at ~100 frames/s: at most ~10 frames (generously 30 on a loaded CI machine) are lost.
    expect(n).toBeGreaterThan(last - 30);
    expect(n).toBeLessThanOrEqual(last + 1);
    seq.frames.forEach((f, i) => {
      expect(f.timestamp).toBe(i);
      expect(f.pixels[0]).toBe(i % 256);
      expect(f.pixels[f.pixels.length - 1]).toBe(i % 256);
    });
    // The leftover header + .raw pair becomes one compressed file with the same frames.
    expect(existsSync(file.replace(/mha$/, 'raw'))).toBe(true);
    expect(await finalizeSequence(file, { compress: true })).toBe(n);
    expect(existsSync(file.replace(/mha$/, 'raw'))).toBe(false);
    const merged = await readSequence(file);
    expect(merged.info.encoding).toBe('zlib');
    expect(merged.frames.map((f) => f.timestamp)).toEqual(seq.frames.map((f) => f.timestamp));
    merged.frames.forEach((f, i) => expect(f.pixels[7]).toBe(i % 256));
  }, 30_000);
});
