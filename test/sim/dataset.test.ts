import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodePng } from '../../src/image/index.js';
import { imageToReference, invert, multiply } from '../../src/math/index.js';
import { readPlusConfig, readSequence } from '../../src/sequence/index.js';
import { TRUTH_FORMAT, writeDataset } from '../../src/sim/index.js';

const dir = mkdtempSync(join(tmpdir(), 'spinebridge-sim-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('simulated dataset', () => {
  it('writes frames, masks, truth.json, a PLUS sequence and config that agree with each other', async () => {
    const progress: number[] = [];
    const summary = await writeDataset({
      out: dir,
      seed: 11,
      phantom: { curves: [{ upperEnd: 'T6', lowerEnd: 'T12', cobbDeg: 27 }] },
      image: { width: 320, height: 240, depthMm: 60 },
      sweep: { frames: 16, dropoutPer100: 20 },
      progress: (d) => progress.push(d),
    });
    expect(progress.at(-1)).toBe(16);
    expect(readdirSync(join(dir, 'frames'))).toHaveLength(16);
    const truth = JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8'));
    expect(truth.format).toBe(TRUTH_FORMAT);
    expect(truth.cobb.find((c: { upperEnd: string }) => c.upperEnd === 'T6').cobbDeg).toBeCloseTo(27, 6);
    expect(summary.cobb.some((c) => c.lowerEnd === 'T12' && Math.abs(c.cobbDeg - 27) < 0.5)).toBe(true);
    expect(truth.frames).toHaveLength(16);
    expect(truth.image.spacingMm[0]).toBeCloseTo(0.25, 9);

    const seq = await readSequence(join(dir, 'sweep.igs.mha'));
    expect(seq.frames).toHaveLength(16);
    const config = await readPlusConfig(join(dir, 'plus-config.xml'));
    const imageToProbe = config.transforms.find((t) => t.from === 'Image' && t.to === 'Probe')!.matrix;
    let invalid = 0;
    for (let k = 0; k < 16; k++) {
      const f = seq.frames[k]!;
      const png = decodePng(readFileSync(join(dir, 'frames', truth.frames[k].file)));
      const mask = decodePng(readFileSync(join(dir, 'masks', truth.frames[k].file)));
      expect([png.width, png.height, png.channels]).toEqual([320, 240, 1]);
      expect(Buffer.from(png.data).equals(Buffer.from(f.pixels as Uint8Array))).toBe(true);
      expect(mask.data.every((v) => v === 0 || v === 255)).toBe(true);
      expect(f.timestamp).toBeCloseTo(truth.frames[k].timestamp, 5);
      const probe = f.transforms.get('ProbeToTracker')!;
      expect(probe.status).toBe(truth.frames[k].probeToTrackerStatus);
      if (probe.status !== 'OK') {
        invalid++;
        continue;
      }
      // PLUS's chain on the tracked (noisy) transforms lands within ~1 mm of the true pose.
      const tracked = imageToReference(
        f.transforms.get('ReferenceToTracker')!.matrix,
        probe.matrix,
        imageToProbe,
      );
      const trueM = Float64Array.from(truth.frames[k].imageToReference as number[]);
      const err = multiply(invert(trueM), tracked);
      for (const [x, y] of [
        [0, 0],
        [319, 239],
      ] as const) {
        const a = [err[0]! * x + err[1]! * y + err[3]!, err[4]! * x + err[5]! * y + err[7]!] as const;
        expect(Math.hypot(a[0] - x, a[1] - y) * 0.25).toBeLessThan(1.5);
      }
    }
    expect(invalid).toBe(summary.invalidTransformFrames);
  });
});
