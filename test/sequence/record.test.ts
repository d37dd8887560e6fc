import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FrameAssembler } from '../../src/cli/commands/record.js';
import type { IgtlImage, IgtlTransform } from '../../src/igtlink/index.js';
import {
  imageMatrixFromImageToReference,
  IgtlServer,
  timestampFromSeconds,
} from '../../src/igtlink/index.js';
import { fromRowMajor } from '../../src/math/index.js';
import { readSequence } from '../../src/sequence/index.js';
import { ROOT } from './paths.js';

const dir = mkdtempSync(join(tmpdir(), 'seq-record-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const W = 64;
const H = 48;
const imageToRef = (i: number) => fromRowMajor([0.1, 0, 0, i, 0, 0.1, 0, -2, 0, 0, 0.1, 3.5, 0, 0, 0, 1]);
const probeToRef = (i: number) => fromRowMajor([1, 0, 0, 10 + i, 0, 0, -1, 0, 0, 1, 0, 0.25, 0, 0, 0, 1]);

/** Frame i as PlusServer would send it: IMAGE 'Image_Reference' + TRANSFORM 'ProbeToReference', same timestamp. */
function plusFrame(i: number): [IgtlImage, IgtlTransform] {
  const timestamp = timestampFromSeconds(1000 + i / 32);
  const image: IgtlImage = {
    type: 'IMAGE',
    deviceName: 'Image_Reference',
    timestamp,
    scalarType: 'uint8',
    components: 1,
    endianness: 'little',
    coordinate: 'RAS',
    size: [W, H, 1],
    matrix: imageMatrixFromImageToReference(imageToRef(i), [W, H, 1]),
    data: new Uint8Array(W * H).map((_, k) => (k + i * 7) % 256),
  };
  return [image, { type: 'TRANSFORM', deviceName: 'ProbeToReference', timestamp, matrix: probeToRef(i) }];
}

describe('FrameAssembler', () => {
  it('pairs IMAGE and TRANSFORM of one timestamp in either order and marks a dropout MISSING', () => {
    const a = new FrameAssembler();
    const [i0, t0] = plusFrame(0);
    const [i1, t1] = plusFrame(1);
    const [i2] = plusFrame(2);
    const [i3, t3] = plusFrame(3);
    expect([...a.push(t0), ...a.push(i0)]).toHaveLength(0);
    const first = [...a.push(i1), ...a.push(t1)];
    expect(first).toHaveLength(1);
    const f0 = first[0]!.frame;
    expect(f0.timestamp).toBe(1000);
    expect(Array.from((f0.transforms!.get('ProbeToReference') as { matrix: Float64Array }).matrix)).toEqual(
      Array.from(probeToRef(0)),
    );
    const ir = (f0.transforms!.get('ImageToReference') as { matrix: Float64Array }).matrix;
    ir.forEach((v, k) => expect(v).toBeCloseTo(imageToRef(0)[k]!, 5));
    expect([...a.push(i2), ...a.push(i3)].map((f) => f.frame.timestamp)).toEqual([
      1000 + 1 / 32,
      1000 + 2 / 32,
    ]);
    const rest = [...a.push(t3), ...a.flush()];
    expect(rest).toHaveLength(1);
    expect(a.flush()).toHaveLength(0);
    expect(first[0]!.layout.frameSize).toEqual([W, H, 1]);
  });

  it('records only the named image and transforms', () => {
    const a = new FrameAssembler({ image: 'Other', transforms: ['StylusToReference'] });
    const [i0, t0] = plusFrame(0);
    a.push(i0);
    a.push(t0);
    expect(a.flush()).toHaveLength(0);
    const b = new FrameAssembler({ transforms: ['StylusToReference'] });
    b.push(i0);
    b.push(t0);
    const [f] = b.flush();
    expect([...f!.frame.transforms!.keys()]).toEqual(['ImageToReference', 'StylusToReference']);
    expect((f!.frame.transforms!.get('StylusToReference') as { status: string }).status).toBe('MISSING');
  });
});

async function streamAndRecord(
  args: string[],
  until: (frames: number, child: ReturnType<typeof spawn>) => void,
) {
  const server = await IgtlServer.listen({ port: 0, log: () => undefined });
  let sent = 0;
  const timer = setInterval(() => {
    if (server.clients.length === 0) return;
    for (const m of plusFrame(sent)) server.broadcast(m);
    sent++;
    until(sent, child);
  }, 15);
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(ROOT, 'src/cli/main.ts'),
      'record',
      '--igtl',
      `127.0.0.1:${server.port}`,
      ...args,
    ],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
  clearInterval(timer);
  await server.close();
  return { code, out, err, sent };
}

function expectFramesMatchStream(seq: Awaited<ReturnType<typeof readSequence>>): void {
  seq.frames.forEach((f, k) => {
    const i = Math.round((f.timestamp! - 1000) * 32);
    if (k > 0) expect(f.timestamp!).toBeGreaterThan(seq.frames[k - 1]!.timestamp!);
    const [image] = plusFrame(i);
    expect(
      Buffer.compare(
        Buffer.from(f.pixels.buffer, f.pixels.byteOffset, f.pixels.byteLength),
        Buffer.from(image.data),
      ),
    ).toBe(0);
    expect(Array.from(f.transforms.get('ProbeToReference')!.matrix)).toEqual(Array.from(probeToRef(i)));
    f.transforms
      .get('ImageToReference')!
      .matrix.forEach((v, n) => expect(v).toBeCloseTo(imageToRef(i)[n]!, 3)); // float32 on the wire
  });
}

describe('spinebridge record against a live OpenIGTLink server', () => {
  it('--frames 20 --compress writes 20 tracked frames equal to what was sent', async () => {
    const file = join(dir, 'rec.igs.mha');
    const r = await streamAndRecord(
      ['--out', file, '--frames', '20', '--compress', '--json'],
      () => undefined,
    );
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ file, frames: 20, dropped: 0 });
    const seq = await readSequence(file);
    expect(seq.info.encoding).toBe('zlib');
    expect(seq.frames).toHaveLength(20);
    expect([...seq.info.frameSize]).toEqual([W, H, 1]);
    expectFramesMatchStream(seq);
  }, 30_000);

  it('SIGTERM ends a recording cleanly; SIGKILL still leaves a readable file (at most ~1 s lost)', async () => {
    const term = join(dir, 'term.igs.nrrd');
    const t = await streamAndRecord(['--out', term], (sent, child) => sent === 40 && child.kill('SIGTERM'));
    expect(t.code, t.err).toBe(0);
    const a = await readSequence(term);
    expect(a.frames.length).toBeGreaterThan(25);
    expectFramesMatchStream(a);

    const killed = join(dir, 'killed.igs.mha');
    const k = await streamAndRecord(
      ['--out', killed],
      (sent, child) => sent === 150 && child.kill('SIGKILL'),
    );
    expect(k.code).toBe(null);
    const b = await readSequence(killed);
    // ~65 frames/s sent; the writer checkpoints every second, so well over half of 150 frames must be on disk.
    expect(b.frames.length).toBeGreaterThan(40);
    expectFramesMatchStream(b);
  }, 60_000);
});

describe('spinebridge record against libOpenIGTLink (C++ ImagerServer example)', () => {
  it('records its untimestamped 256x256 images as separate frames, byte for byte', async () => {
    const { freePort, IMAGER_IMAGE_DIR, startPeer } = await import('../interop/peers.js');
    const port = await freePort();
    const server = await startPeer('ImagerServer', [String(port), '50', IMAGER_IMAGE_DIR]);
    try {
      const file = join(dir, 'imager.igs.mha');
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          join(ROOT, 'src/cli/main.ts'),
          'record',
          '--igtl',
          `127.0.0.1:${port}`,
          '--out',
          file,
          '--frames',
          '7',
        ],
        {
          cwd: ROOT,
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
      expect(code, err).toBe(0);
      const seq = await readSequence(file);
      expect([...seq.info.frameSize, seq.frames.length]).toEqual([256, 256, 1, 7]);
      const images = [1, 2, 3, 4, 5].map((n) =>
        readFileSync(join(IMAGER_IMAGE_DIR, `igtlTestImage${n}.raw`)),
      );
      seq.frames.forEach((f, i) =>
        expect(
          Buffer.compare(
            Buffer.from(f.pixels.buffer, f.pixels.byteOffset, f.pixels.byteLength),
            images[i % 5]!,
          ),
        ).toBe(0),
      );
    } finally {
      await server.stop();
    }
  }, 300_000);
});
