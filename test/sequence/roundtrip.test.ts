import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fromRowMajor } from '../../src/math/index.js';
import type { Mat4 } from '../../src/math/index.js';
import type { FrameInput, FrameTransform, PixelArray, SequenceFrame } from '../../src/sequence/index.js';
import {
  openSequence,
  readSequence,
  readVolume,
  writeSequence,
  writeVolume,
} from '../../src/sequence/index.js';
import { SPINE } from './paths.js';

const dir = mkdtempSync(join(tmpdir(), 'seq-rt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const bytes = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
const same = (a: ArrayBufferView, b: ArrayBufferView) => Buffer.compare(bytes(a), bytes(b)) === 0;

function synthFrames(n: number, w: number, h: number, make: (len: number) => PixelArray): FrameInput[] {
  return Array.from({ length: n }, (_, i) => {
    const pixels = make(w * h);
    for (let k = 0; k < pixels.length; k++)
      pixels[k] = ((k * 7 + i * 13) % 251) - (pixels instanceof Int16Array ? 100 : 0) + k / 1024;
    const probe = fromRowMajor([1, 0, 0, i + 0.125, 0, 0, -1, 2.5e-7, 0, 1, 0, -3.75, 0, 0, 0, 1]);
    return {
      pixels,
      transforms: new Map<string, FrameTransform | Mat4>([
        ['ProbeToTracker', probe],
        [
          'StylusToTracker',
          {
            matrix: fromRowMajor([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]),
            status: i % 2 ? 'MISSING' : 'OK',
          } as FrameTransform,
        ],
      ]),
      timestamp: 100 + i / 30,
      imageStatus: i === 1 ? 'INVALID' : 'OK',
      fields: new Map([['FrameNumber', String(i)]]),
    } as FrameInput;
  });
}

function expectFramesEqual(got: readonly SequenceFrame[], want: readonly FrameInput[]): void {
  expect(got).toHaveLength(want.length);
  got.forEach((g, i) => {
    const w = want[i]!;
    expect(same(g.pixels, w.pixels)).toBe(true);
    expect(g.pixels.constructor).toBe(w.pixels.constructor);
    expect(g.timestamp).toBe(w.timestamp);
    expect(g.imageStatus).toBe(w.imageStatus);
    expect(g.fields.get('FrameNumber')).toBe(String(i));
    expect(g.transforms.get('ProbeToTracker')).toEqual({
      matrix: w.transforms!.get('ProbeToTracker') as Float64Array,
      status: 'OK',
    });
    expect(g.transforms.get('StylusToTracker')!.status).toBe(i % 2 ? 'MISSING' : 'OK');
  });
}

describe.each([
  ['mha raw', 'a.igs.mha', false, 'raw'],
  ['mha zlib', 'b.igs.mha', true, 'zlib'],
  ['nrrd raw', 'c.igs.nrrd', false, 'raw'],
  ['nrrd gzip', 'd.igs.nrrd', true, 'gzip'],
] as const)('sequence round trip, %s', (_label, name, compress, encoding) => {
  it.each([
    ['uint8', (n: number) => new Uint8Array(n)],
    ['int16', (n: number) => new Int16Array(n)],
    ['float32', (n: number) => new Float32Array(n)],
  ] as const)('%s frames, transforms, statuses, timestamps and custom fields survive', async (type, make) => {
    const file = join(dir, `${type}-${name}`);
    const frames = synthFrames(4, 37, 23, make);
    await writeSequence(
      file,
      { frameSize: [37, 23, 1], spacing: [0.2, 0.3, 1], orientation: 'UN', fields: [['Custom', 'x y']] },
      frames,
      { compress },
    );
    const seq = await readSequence(file);
    expect(seq.info.encoding).toBe(encoding);
    expect(seq.info.elementType).toBe(type);
    expect([...seq.info.frameSize]).toEqual([37, 23, 1]);
    expect([...seq.info.spacing]).toEqual([0.2, 0.3, 1]);
    expect(seq.info.orientation).toBe('UN');
    expect(seq.info.imageType).toBe('BRIGHTNESS');
    expect(seq.info.fields).toContainEqual(['Custom', 'x y']);
    expectFramesEqual(seq.frames, frames);
  });
});

describe('rewriting a real PLUS file', () => {
  it('SpinePhantomFreehand -> .igs.nrrd gzip -> .igs.mha keeps every pixel and transform', async () => {
    const src = await readSequence(SPINE, { count: 5 });
    const nrrd = join(dir, 'spine.igs.nrrd');
    const mha = join(dir, 'spine.igs.mha');
    await writeSequence(nrrd, { ...src.info, orientation: src.info.orientationInFile }, src.frames, {
      compress: true,
    });
    const mid = await readSequence(nrrd);
    await writeSequence(mha, { ...mid.info }, mid.frames);
    const back = await readSequence(mha);
    expect(back.info.orientation).toBe('MFA');
    expect(readFileSync(nrrd, 'latin1')).toContain('Seq_Frame0000_ProbeToTrackerTransform:=');
    expect(readFileSync(nrrd, 'latin1')).toContain('ultrasound image orientation:=MFA');
    back.frames.forEach((f, i) => {
      const s = src.frames[i]!;
      expect(same(f.pixels, s.pixels)).toBe(true);
      expect(f.timestamp).toBe(s.timestamp);
      expect([...f.transforms.keys()]).toEqual([...s.transforms.keys()]);
      for (const [k, t] of s.transforms) expect(f.transforms.get(k)).toEqual(t);
    });
  });
});

describe('volume round trip', () => {
  const dims = [17, 11, 5] as const;
  const data = new Float32Array(dims[0] * dims[1] * dims[2]).map((_, i) => Math.sin(i) * 100);
  const vol = { dims, spacing: [0.5, 0.25, 2] as const, origin: [-57.0272, 168.545, 30.5384] as const, data };
  it.each([
    ['v.mha', false],
    ['vz.mha', true],
    ['v.mhd', false],
    ['vz.mhd', true],
    ['v.nrrd', false],
    ['vz.nrrd', true],
    ['v.nhdr', false],
  ])('%s (compressed: %s)', async (name, compress) => {
    const file = join(dir, name);
    await writeVolume(file, vol, { compress });
    const back = await readVolume(file);
    expect([...back.dims]).toEqual([...dims]);
    expect([...back.spacing]).toEqual([...vol.spacing]);
    expect([...back.origin]).toEqual([...vol.origin]);
    expect(back.elementType).toBe('float32');
    expect(same(back.data, data)).toBe(true);
  });
});

describe('long recordings', () => {
  it('a 3000-frame sequence with a ~1 MB header (past the first 64 KB read) streams back intact', async () => {
    const file = join(dir, 'long.igs.mha');
    const n = 3000;
    const frames: FrameInput[] = Array.from({ length: n }, (_, i) => ({
      pixels: new Uint8Array(12).fill(i % 256),
      timestamp: i * 0.033,
      transforms: new Map<string, Mat4>(
        ['ProbeToTracker', 'ReferenceToTracker', 'StylusToTracker'].map((name, k) => [
          name,
          fromRowMajor([1, 0, 0, i + k / 3, 0, 1, 0, -i / 7, 0, 0, 1, 0.5, 0, 0, 0, 1]),
        ]),
      ),
    }));
    await writeSequence(file, { frameSize: [4, 3, 1] }, frames, { compress: true });
    expect(readFileSync(file).indexOf('ElementDataFile')).toBeGreaterThan(1 << 20);
    const src = await openSequence(file);
    expect(src.info.frameCount).toBe(n);
    let i = 0;
    for await (const f of src.frames()) {
      expect(f.index).toBe(i);
      expect(f.pixels[11]).toBe(i % 256);
      expect(f.transforms.get('ReferenceToTracker')!.matrix[3]).toBe(i + 1 / 3);
      i++;
    }
    expect(i).toBe(n);
  });
});
