import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { imageToReference, multiply, transformPoint } from '../../src/math/index.js';
import {
  parsePlusConfig,
  readPlusConfig,
  readSequence,
  TransformRepository,
  splitTransformName,
} from '../../src/sequence/index.js';
import { BONE, CONFIGS, DATA, SPINE } from './paths.js';

const IMAGE_TO_PROBE_SPINE = [
  -0.00157821, 0.0785919, -0.00803285, 15.3978, -0.0839128, 0.00372697, 0.0153803, 49.5705, 0.0159024,
  0.00714276, 0.0803604, -8.63446, 0, 0, 0, 1,
];

describe('PLUS configuration XML', () => {
  it('reads BoneUltrasound_L14_config.xml: ImageToProbe and the old Compounding="On" as MEAN', async () => {
    const c = await readPlusConfig(join(DATA, 'plus', 'BoneUltrasound_L14_config.xml'));
    expect(c.transforms).toHaveLength(1);
    const t = c.transforms[0]!;
    expect([t.from, t.to, t.error, t.date]).toEqual(['Image', 'Probe', 0.582721, '2012.02.06 17:57:00']);
    expect(Array.from(t.matrix)).toEqual([
      0.000796231, 0.0854272, 0.000850194, 12.74, -0.0853999, 0.000772721, 0.00233653, 50.76, 0.00232863,
      -0.000871617, 0.0853992, -0.5, 0, 0, 0, 1,
    ]);
    const r = c.volumeReconstruction!;
    expect(r.outputSpacing).toEqual([0.5, 0.5, 0.5]);
    expect(r.clipRectangleOrigin).toEqual([0, 0]);
    expect(r.clipRectangleSize).toEqual([820, 616]);
    expect(r.interpolation).toBe('LINEAR');
    expect(r.compounding).toBe('MEAN');
    expect(r.fillHoles).toBe(false);
    expect(r.optimization).toBe('FULL');
    expect(r.referenceCoordinateFrame).toBe('Reference');
    expect(r.imageCoordinateFrame).toBe('Image');
  });

  const expected: Record<
    string,
    Partial<{ interp: string; comp: string; holes: boolean; fan: boolean; clip: number[] }>
  > = {
    SonixRP_TRUS_D70mm_LN_MEAN: {
      interp: 'LINEAR',
      comp: 'MEAN',
      holes: true,
      fan: true,
      clip: [192, 16, 420, 580],
    },
    SonixRP_TRUS_D70mm_NN_LATE: {
      interp: 'NEAREST_NEIGHBOR',
      comp: 'LATEST',
      holes: false,
      fan: true,
      clip: [192, 16, 420, 580],
    },
    SpinePhantom_LN_LATE: {
      interp: 'LINEAR',
      comp: 'LATEST',
      holes: false,
      fan: false,
      clip: [0, 0, 820, 616],
    },
    SpinePhantom_LN_MAXI: { interp: 'LINEAR', comp: 'MAXIMUM', holes: false, fan: false },
    SpinePhantom_LN_MAXI_OpenCL: { interp: 'LINEAR', comp: 'MAXIMUM', holes: false, fan: false },
    SpinePhantom_NN_MAXI: { interp: 'NEAREST_NEIGHBOR', comp: 'MAXIMUM', holes: true, fan: false },
    SpinePhantom_NN_MAXI_OpenCL: { interp: 'NEAREST_NEIGHBOR', comp: 'MAXIMUM', holes: true, fan: false },
    SpinePhantom_NN_MEAN: { interp: 'NEAREST_NEIGHBOR', comp: 'MEAN', holes: true, fan: false },
  };
  it.each(readdirSync(CONFIGS).filter((f) => f.endsWith('.xml')))('reads %s', async (name) => {
    const c = await readPlusConfig(join(CONFIGS, name));
    const want = expected[name.replace(/^Config_VolumeReconstruction_|\.xml$/g, '')]!;
    const r = c.volumeReconstruction!;
    expect(Array.from(c.transforms.find((t) => t.from === 'Image')!.matrix)).toEqual(IMAGE_TO_PROBE_SPINE);
    expect(c.transforms.map((t) => `${t.from}To${t.to}`)).toEqual(['ImageToProbe', 'PhantomToReference']);
    expect(r.interpolation).toBe(want.interp);
    expect(r.compounding).toBe(want.comp);
    expect(r.fillHoles).toBe(want.holes);
    expect(r.numberOfThreads).toBe(1);
    expect(r.fan !== undefined).toBe(want.fan);
    if (want.clip) expect([...r.clipRectangleOrigin!, ...r.clipRectangleSize!]).toEqual(want.clip);
    if (want.fan)
      expect(r.fan).toEqual({
        anglesDeg: [-45, 45],
        originPixel: [380, 20],
        radiusStartPixel: 120,
        radiusStopPixel: 360,
      });
    if (want.holes)
      expect(r.holeFilling).toEqual([{ type: 'STICK', stickLengthLimit: 9, numberOfSticksToUse: 1 }]);
  });

  it('rejects bad XML and bad attributes with SEQ_XML naming the file and attribute', () => {
    expect(() => parsePlusConfig('<PlusConfiguration><Coordinate', 'x.xml')).toThrow(
      expect.objectContaining({ code: 'SEQ_XML', message: expect.stringContaining('x.xml') }),
    );
    const bad = (attrs: string) =>
      `<PlusConfiguration><VolumeReconstruction OutputSpacing="0.5 0.5 0.5" ${attrs}/></PlusConfiguration>`;
    expect(() => parsePlusConfig(bad('Interpolation="CUBIC"'), 'c.xml')).toThrow(
      /c\.xml: VolumeReconstruction: attribute Interpolation="CUBIC"/,
    );
    expect(() => parsePlusConfig(bad('ClipRectangleSize="820"'), 'c.xml')).toThrow(
      /ClipRectangleSize="820" must be 2 numbers/,
    );
    expect(() => parsePlusConfig(bad('FillHoles="ON"'), 'c.xml')).toThrow(/HoleFilling/);
    expect(() =>
      parsePlusConfig('<PlusConfiguration><VolumeReconstruction/></PlusConfiguration>', 'c.xml'),
    ).toThrow(/OutputSpacing is required/);
    const m =
      '<PlusConfiguration><CoordinateDefinitions><Transform From="Image" To="Probe" Matrix="1 0 0"/></CoordinateDefinitions></PlusConfiguration>';
    expect(() => parsePlusConfig(m, 'm.xml')).toThrow(
      expect.objectContaining({
        code: 'SEQ_MATRIX',
        message: expect.stringMatching(/m\.xml.*ImageToProbe.*Matrix/),
      }),
    );
  });

  it('reads deprecated fan names and Compounding="Off"', () => {
    const c = parsePlusConfig(
      '<PlusConfiguration><VolumeReconstruction OutputSpacing="1 1 1" FanAngles="-30 30" FanOrigin="10 2" FanDepth="400" Compounding="Off" Interpolation="linear"/></PlusConfiguration>',
      'old.xml',
    );
    expect(c.volumeReconstruction!.fan).toEqual({
      anglesDeg: [-30, 30],
      originPixel: [10, 2],
      radiusStartPixel: 0,
      radiusStopPixel: 400,
    });
    expect(c.volumeReconstruction!.compounding).toBe('LATEST');
    expect(c.volumeReconstruction!.interpolation).toBe('LINEAR');
  });
});

describe('TransformRepository', () => {
  it('splits PLUS transform names', () => {
    expect(splitTransformName('ToolToTracker')).toEqual(['Tool', 'Tracker']);
    expect(splitTransformName('ProbeToTrackerTransform')).toEqual(['Probe', 'Tracker']);
    expect(() => splitTransformName('Probe')).toThrow(
      expect.objectContaining({ code: 'SEQ_TRANSFORM_PATH' }),
    );
  });

  it.each([
    ['BoneUltrasound_L14', BONE, join(DATA, 'plus', 'BoneUltrasound_L14_config.xml')],
    ['SpinePhantomFreehand', SPINE, join(CONFIGS, 'Config_VolumeReconstruction_SpinePhantom_NN_MEAN.xml')],
  ])(
    '%s: ImageToReference by graph search equals inv(ReferenceToTracker)·ProbeToTracker·ImageToProbe',
    async (_n, seqFile, cfgFile) => {
      const cfg = await readPlusConfig(cfgFile);
      const seq = await readSequence(seqFile, { count: 3 });
      const repo = new TransformRepository(cfg.transforms);
      const imageToProbe = cfg.transforms.find((t) => t.from === 'Image')!.matrix;
      for (const f of seq.frames) {
        repo.setFrameTransforms(f.transforms);
        const got = repo.getTransform('Image', 'Reference');
        const want = imageToReference(
          f.transforms.get('ReferenceToTracker')!.matrix,
          f.transforms.get('ProbeToTracker')!.matrix,
          imageToProbe,
        );
        expect(got.status).toBe('OK');
        got.matrix.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 9));
        // And back: ReferenceToImage · ImageToReference = identity.
        const round = multiply(repo.getTransform('Reference', 'Image').matrix, got.matrix);
        expect(transformPoint(round, 3, -4, 5).map((v) => Number(v.toFixed(9)))).toEqual([3, -4, 5]);
      }
      expect(() => repo.getTransform('Image', 'Nowhere')).toThrow(
        expect.objectContaining({ code: 'SEQ_TRANSFORM_PATH' }),
      );
    },
  );

  it('a path through a MISSING transform carries that status', () => {
    const repo = new TransformRepository();
    const id = Float64Array.from([1, 0, 0, 1, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
    repo.setTransform('Probe', 'Tracker', id, 'OK');
    repo.setTransform('Reference', 'Tracker', id, 'MISSING');
    expect(repo.getTransform('Probe', 'Reference').status).toBe('MISSING');
    expect(repo.getTransform('Probe', 'Tracker').status).toBe('OK');
  });
});
