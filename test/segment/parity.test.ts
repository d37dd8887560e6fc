import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodePng, encodePng } from '../../src/image/index.js';
import { overlap, SegmentPool } from '../../src/segment/index.js';
import { ellipseFrame, hasTorch, rng, TINY_CARD, TORCH_PYTHON } from './helpers.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const pipeline = join(root, 'models', 'pipeline.py');
const liteCard = join(root, 'models', 'ugbnet-lite.json');

/** Fixed 640x480 frames: ellipses of several sizes, a ramp and speckle, so labels have real edges. */
function fixedFrames(): { width: number; height: number; data: Uint8Array }[] {
  const frames = [
    ellipseFrame(640, 480, 320, 240, 200, 60, 1).frame,
    ellipseFrame(640, 480, 150, 330, 90, 120, 2).frame,
    ellipseFrame(640, 480, 500, 100, 40, 25, 3).frame,
  ];
  const r = rng(11);
  const ramp = new Uint8Array(640 * 480);
  for (let y = 0; y < 480; y++) {
    for (let x = 0; x < 640; x++)
      ramp[y * 640 + x] = Math.min(255, Math.round((x * 255) / 639 + (r() - 0.5) * 60));
  }
  frames.push({ width: 640, height: 480, data: ramp });
  return frames;
}

describe.skipIf(!hasTorch() || !existsSync(pipeline))('parity with models/pipeline.py', () => {
  let dir: string;
  const frames = fixedFrames();

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'seg-parity-'));
    mkdirSync(join(dir, 'frames'));
    frames.forEach((f, i) =>
      writeFileSync(join(dir, 'frames', `frame_${i}.png`), encodePng({ ...f, channels: 1 })),
    );
  });

  for (const [name, card] of [
    ['tiny', TINY_CARD],
    ['ugbnet-lite', liteCard],
  ] as const) {
    it.skipIf(!existsSync(card))(
      `labels of ${name} agree with Python (Dice >= 0.999 per frame)`,
      async () => {
        const out = join(dir, `labels-${name}`);
        const py = spawnSync(
          TORCH_PYTHON,
          [pipeline, '--model', card, '--in', join(dir, 'frames'), '--out', out],
          {
            cwd: root,
            encoding: 'utf8',
          },
        );
        expect(py.status, py.stderr).toBe(0);
        const pool = await SegmentPool.create({ model: card });
        try {
          let foreground = 0;
          for (let i = 0; i < frames.length; i++) {
            const f = frames[i]!;
            const ours = await pool.segment({ ...f, data: f.data.slice() });
            const theirs = decodePng(readFileSync(join(out, `frame_${i}.png`)));
            expect([theirs.width, theirs.height]).toEqual([640, 480]);
            const d = overlap(ours.label, theirs.data).dice;
            expect(d, `frame ${i}`).toBeGreaterThanOrEqual(0.999);
            foreground += ours.label.reduce((s, v) => s + v, 0);
          }
          if (name === 'tiny') expect(foreground).toBeGreaterThan(10_000); // not a vacuous all-empty match
        } finally {
          await pool.close();
        }
      },
    );
  }
});
