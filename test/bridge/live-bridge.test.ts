import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BridgeError, FramePairer, runLiveSession, type LiveSessionOptions } from '../../src/bridge/index.js';
import {
  IgtlServer,
  imageMatrixFromImageToReference,
  timestampFromSeconds,
  type IgtlImage,
  type IgtlPolyData,
  type IgtlTransform,
} from '../../src/igtlink/index.js';
import { identity, invert, multiply, type Mat4 } from '../../src/math/index.js';
import { readVolume } from '../../src/sequence/index.js';
import { DEFAULT_MODEL } from '../../src/segment/index.js';
import { buildPhantom, createBmodeRenderer, imageGeometry, makeSweep } from '../../src/sim/index.js';
import { geometryFromFrames } from '../../src/volume/index.js';

function image(name: string, t: bigint, pose: Mat4, size: [number, number, number] = [4, 3, 1]): IgtlImage {
  return {
    type: 'IMAGE',
    deviceName: name,
    timestamp: t,
    scalarType: 'uint8',
    components: 1,
    endianness: 'big',
    coordinate: 'RAS',
    size,
    matrix: imageMatrixFromImageToReference(pose, size),
    data: new Uint8Array(size[0] * size[1] * size[2]),
  };
}

const scaled = (s: number): Mat4 => {
  const m = identity();
  m[0] = m[5] = m[10] = s;
  return m;
};

describe('FramePairer', () => {
  it('takes the pose embedded in the IMAGE (PlusServer Image_Reference)', () => {
    const pose = scaled(0.2);
    pose[3] = 10;
    const frames = new FramePairer({ imageName: 'Image_Reference' }).push(image('Image_Reference', 5n, pose));
    expect(frames).toHaveLength(1);
    expect(frames[0]!.imageToReference[0]).toBeCloseTo(0.2, 6);
    expect(frames[0]!.imageToReference[3]).toBeCloseTo(10, 4);
  });

  it('pairs IMAGE with its pose TRANSFORM by identical timestamp, in either order', () => {
    const p = new FramePairer({ poseTransformName: 'ImageToReference' });
    const shift = identity();
    shift[7] = 42;
    const tf = (t: bigint): IgtlTransform => ({
      type: 'TRANSFORM',
      deviceName: 'ImageToReference',
      timestamp: t,
      matrix: shift,
    });
    expect(p.push(image('Image', 1n, scaled(0.5)))).toEqual([]);
    expect(p.push(tf(2n))).toEqual([]);
    const a = p.push(tf(1n));
    const b = p.push(image('Image', 2n, scaled(0.5)));
    for (const f of [...a, ...b]) {
      // The TRANSFORM is in mm; the pairer applies the IMAGE's pixel spacing.
      expect(f.imageToReference[0]).toBeCloseTo(0.5, 6);
      expect(f.imageToReference[7]).toBeCloseTo(42, 6);
    }
    expect(a.map((f) => f.timestamp)).toEqual([1n]);
    expect(b.map((f) => f.timestamp)).toEqual([2n]);
  });

  it('rejects frames it cannot segment with a typed error', () => {
    const img = {
      ...image('Image', 1n, identity()),
      scalarType: 'float32' as const,
      data: new Uint8Array(48),
    };
    expect(() => new FramePairer().push(img)).toThrow(BridgeError);
    try {
      new FramePairer().push(img);
    } catch (e) {
      expect((e as BridgeError).code).toBe('UNSUPPORTED_IMAGE');
    }
  });
});

describe('live session over a real socket', () => {
  let server: IgtlServer;
  const sent = new Map<bigint, IgtlImage>();
  const labels: IgtlImage[] = [];
  const surfaces: IgtlPolyData[] = [];
  let timer: NodeJS.Timeout;
  const phantom = buildPhantom();
  const geometry = imageGeometry();
  const sweep = makeSweep(phantom, geometry, 7, { frames: 120 });
  const renderer = createBmodeRenderer(phantom, geometry, 7);

  beforeAll(async () => {
    server = await IgtlServer.listen({ port: 0 });
    server.on('message', (m) => {
      if (m.type === 'IMAGE' && m.deviceName === 'Image_Segmentation') labels.push(m);
      if (m.type === 'POLYDATA') surfaces.push(m);
    });
    let i = 0;
    const size = [geometry.width, geometry.height, 1] as const;
    timer = setInterval(() => {
      if (server.clients.length === 0) return;
      const f = sweep.frames[i++ % sweep.frames.length]!;
      const t = timestampFromSeconds(1000 + i / 30);
      const img: IgtlImage = {
        ...image('Image_Reference', t, f.imageToReference, [...size]),
        data: renderer.render({ imageToReference: f.imageToReference, index: i, poorContact: false }).image,
      };
      sent.set(t, img);
      server.broadcast(img);
      server.broadcast({
        type: 'TRANSFORM',
        deviceName: 'ProbeToReference',
        timestamp: t,
        matrix: multiply(f.imageToReference, identity()),
      });
    }, 1000 / 30);
  });

  afterAll(async () => {
    clearInterval(timer);
    await server.close();
  });

  // The simulator's sweep is known up front, so the live grid is too (as in `demo`), at 2 mm.
  const grid = geometryFromFrames(
    sweep.frames.map((f) => f.imageToReference),
    geometry.width,
    geometry.height,
    [2, 2, 2],
  );
  const sessionOn = (g: typeof grid, frames: number, outDir: string): LiveSessionOptions => ({
    igtl: `127.0.0.1:${server.port}`,
    model: DEFAULT_MODEL,
    workers: 1,
    frames,
    pairing: { imageName: 'Image_Reference' },
    reconstruction: {
      spacing: [2, 2, 2],
      origin: g.origin,
      dims: g.dims,
      interpolation: 'nearest',
      compounding: 'maximum',
    },
    outDir,
  });

  it('segments frames, sends labels back on the source geometry and reconstructs them', async () => {
    const out = await mkdtemp(join(tmpdir(), 'sb-bridge-'));
    const result = await runLiveSession(sessionOn(grid, 12, out));
    expect(result.stats.segmented).toBeGreaterThanOrEqual(12);
    expect(result.stats.pasted).toBe(result.stats.segmented);
    // Labels went back over the wire before the client closed: same timestamp and geometry as their source.
    await new Promise((r) => setTimeout(r, 200));
    expect(labels.length).toBeGreaterThanOrEqual(10);
    for (const l of labels) {
      const src = sent.get(l.timestamp);
      expect(src).toBeDefined();
      expect(Array.from(l.matrix)).toEqual(Array.from(src!.matrix));
      expect(l.size).toEqual(src!.size);
      expect(l.data.every((v) => v === 0 || v === 1)).toBe(true);
    }
    expect((await readdir(out)).sort()).toEqual(
      expect.arrayContaining(['labels.mha', 'measurement.json', 'volume.mha']),
    );
    const vol = await readVolume(join(out, 'volume.mha'));
    expect(vol.dims).toEqual(grid.dims);
    expect(vol.data.some((v) => v > 0)).toBe(true);
    // The bone surface came back as one POLYDATA, the same triangles as surface.stl, inside the volume.
    expect(surfaces).toHaveLength(1);
    const poly = surfaces[0]!;
    expect(poly.deviceName).toBe('SpineSurface');
    const stl = await readFile(join(out, 'surface.stl'));
    const stlTriangles = stl.readUInt32LE(80);
    expect(stlTriangles).toBeGreaterThan(0);
    expect(poly.polygons.length).toBe(4 * stlTriangles);
    expect(poly.polygons.filter((_, i) => i % 4 === 0).every((v) => v === 3)).toBe(true);
    const lo = grid.origin.map((o) => o - 2);
    const hi = grid.origin.map((o, a) => o + grid.dims[a]! * 2);
    for (let i = 0; i < poly.points.length; i++) {
      expect(poly.points[i]!).toBeGreaterThanOrEqual(lo[i % 3]!);
      expect(poly.points[i]!).toBeLessThanOrEqual(hi[i % 3]!);
    }
  });

  it('feeds a viewer: every segmented frame with its pose, the angle so far, then the final outputs', async () => {
    const pushed: { kind: string; value: unknown }[] = [];
    const record = (kind: string) => (value: unknown) => pushed.push({ kind, value });
    const result = await runLiveSession({
      ...sessionOn(grid, 60, await mkdtemp(join(tmpdir(), 'sb-bridge-viewer-'))),
      liveMeasureMs: 250,
      viewer: {
        pushFrame: record('frame'),
        pushMeasurement: record('measurement'),
        pushSurface: record('surface'),
        pushStatus: record('status'),
        pushCoronal: record('coronal'),
        pushVolume: record('volume'),
      },
    });
    const of = (kind: string) => pushed.filter((p) => p.kind === kind).map((p) => p.value);
    const frames = of('frame') as { index: number; imageToReference: ArrayLike<number> }[];
    expect(frames.map((f) => f.index)).toEqual([...Array(result.stats.segmented).keys()]);
    // The pose as paired (PlusServer's Image_Reference), so the browser can place the label in 3D.
    expect(frames.every((f) => f.imageToReference.length === 16 && f.imageToReference[15] === 1)).toBe(true);
    const measurements = of('measurement') as { live?: boolean }[];
    // Several angles of the sweep so far (60 frames take 2 s), then the final one, last.
    expect(measurements.filter((m) => m.live === true).length).toBeGreaterThanOrEqual(2);
    expect(measurements.at(-1)!.live).toBeUndefined();
    expect(pushed.at(-1)!.kind).toBe('measurement');
    expect((of('volume') as { dims: number[] }[]).map((v) => v.dims)).toEqual([grid.dims]);
    expect(of('status').at(-1)).toMatchObject({ sweep: 'done', segmented: result.stats.segmented });
  });
});
