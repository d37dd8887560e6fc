import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromRowMajor } from '../../src/math/index.js';
import { openSequence, readSequence, readVolume } from '../../src/sequence/index.js';
import { BASELINES, BONE, EXPECTED, SPINE } from './paths.js';

const sum = (a: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]!;
  return s;
};

const same = (a: ArrayBufferView, b: ArrayBufferView) =>
  Buffer.compare(
    Buffer.from(a.buffer, a.byteOffset, a.byteLength),
    Buffer.from(b.buffer, b.byteOffset, b.byteLength),
  ) === 0;

describe.each([
  ['BoneUltrasound_L14', BONE, EXPECTED.BoneUltrasound_L14],
  ['SpinePhantomFreehand', SPINE, EXPECTED.SpinePhantomFreehand],
])('real PLUS recording %s', (_name, file, want) => {
  it('has the frame count, size, orientation and pixel checksums Python/zlib computed', async () => {
    const seq = await readSequence(file);
    expect([...seq.info.frameSize.slice(0, 2), seq.info.frameCount]).toEqual(want.dims);
    expect(seq.info.frameSize[2]).toBe(1);
    expect(seq.info.elementType).toBe('uint8');
    expect(seq.info.encoding).toBe('zlib');
    expect(seq.info.orientation).toBe(want.orientation);
    expect(seq.frames.map((f) => sum(f.pixels))).toEqual(want.frameSums);
    const hash = createHash('sha256');
    for (const f of seq.frames) hash.update(f.pixels);
    expect(hash.digest('hex')).toBe(want.sha256);
    const p = want.frame0Pixel;
    expect(seq.frames[0]!.pixels[p.y * want.dims[0] + p.x]).toBe(p.value);
  });

  it('gives frame 0 transforms, statuses, timestamp equal to the header text', async () => {
    const seq = await openSequence(file, { count: 1 });
    const frames = [];
    for await (const f of seq.frames()) frames.push(f);
    const f0 = frames[0]!;
    for (const name of ['ProbeToTracker', 'ReferenceToTracker', 'StylusToTracker']) {
      const text = want.frame0[`${name}Transform`]!;
      expect(f0.transforms.get(name)!.matrix).toEqual(fromRowMajor(text.trim().split(/\s+/).map(Number)));
      expect(f0.transforms.get(name)!.status).toBe(want.frame0[`${name}TransformStatus`]);
    }
    expect(f0.timestamp).toBe(Number(want.frame0['Timestamp']));
    expect(f0.imageStatus).toBe(want.frame0['ImageStatus']);
    expect(frames).toHaveLength(1);
  });

  it('streams the same frames as the whole read, from any starting frame', async () => {
    const whole = await readSequence(file);
    const src = await openSequence(file, { first: 15 });
    const streamed = [];
    for await (const f of src.frames()) streamed.push(f);
    expect(streamed.map((f) => f.index)).toEqual([15, 16, 17, 18, 19, 20]);
    streamed.forEach((f) => expect(same(f.pixels, whole.frames[f.index]!.pixels)).toBe(true));
    expect(streamed.at(-1)!.timestamp).toBe(want.lastTimestamp);
  });
});

describe('PLUS baseline volumes', () => {
  it.each(Object.entries(EXPECTED.baselines))(
    '%s has the dims, spacing, origin and voxels Python read',
    async (name, want) => {
      const v = await readVolume(join(BASELINES, name));
      expect([...v.dims]).toEqual(want.dims);
      expect([...v.spacing]).toEqual(want.spacing);
      expect([...v.origin]).toEqual(want.origin);
      expect(v.elementType).toBe(want.elementType);
      expect(sum(v.data)).toBeCloseTo(want.sum, 2);
      expect(Array.from(v.data).filter((x) => x !== 0).length).toBe(want.nonzero);
    },
  );
});

describe('orientation on read', () => {
  it('flips to UF as PLUS does (x mirrored) and keeps MFA == MF without a flip', async () => {
    const mf = await readSequence(SPINE, { count: 1, orientation: 'MF' });
    const uf = await readSequence(SPINE, { count: 1, orientation: 'UF' });
    const [w, h] = mf.info.frameSize;
    expect(mf.info.orientation).toBe('MF');
    expect(uf.info.orientation).toBe('UF');
    const a = mf.frames[0]!.pixels;
    const b = uf.frames[0]!.pixels;
    for (const [x, y] of [
      [0, 0],
      [200, 100],
      [w - 1, h - 1],
      [433, 301],
    ] as const) {
      expect(b[y * w + (w - 1 - x)]).toBe(a[y * w + x]);
    }
    const raw = await readSequence(SPINE, { count: 1 });
    expect(same(raw.frames[0]!.pixels, a)).toBe(true);
  });
});
