import { writeFile } from 'node:fs/promises';
import { encodePng } from '../../image/index.js';
import { readPlusConfig, readSequence, readVolume } from '../../sequence/index.js';
import {
  coronalProjection,
  measureSpine,
  VolumeReconstructor,
  type CobbMeasure,
  type SpineMeasurement,
  type VolumeGrid,
} from '../../volume/index.js';
import { CliError } from '../parse.js';
import { defineCommand } from '../spec.js';
import { sequenceFrames } from './reconstruct.js';

/** A label sequence is reconstructed at this voxel size before measuring (labels are ~1 mm thick bands). */
const SEQUENCE_SPACING_MM = 1;

export const measureCommand = defineCommand({
  name: ['measure'],
  summary: 'Cobb-style scoliosis angles from a bone label volume or a tracked label sequence',
  positionals: [
    {
      name: 'VOL_OR_SEQUENCE',
      help: 'label volume (.mha/.nrrd, nonzero = bone) or label sequence (.igs.mha/.igs.nrrd, reconstructed first)',
    },
  ],
  options: {
    config: { kind: 'string', value: 'PLUS.xml', help: 'PLUS config for a sequence (ImageToProbe etc.)' },
    png: { kind: 'string', value: 'OUT.png', help: 'write a coronal projection with the curve and angles' },
    intensity: {
      kind: 'string',
      value: 'VOL',
      help: 'project this intensity volume (same Reference frame) for --png instead of the labels',
    },
    mean: { kind: 'boolean', help: 'mean instead of maximum intensity projection for --png' },
    json: { kind: 'boolean', help: 'print the result as JSON' },
    'landmarks-only': {
      kind: 'boolean',
      help: 'level tilts from the landmark lines only, without the 3D mirror fit (~0.2 s instead of ~5 s; less accurate)',
    },
  },
  run: async ({ positionals, options, io }) => {
    const input = positionals[0]!;
    let labels: VolumeGrid;
    let intensity: VolumeGrid | undefined;
    if (/\.igs\.(mha|nrrd)$/i.test(input)) {
      const config = options.config ? await readPlusConfig(options.config) : undefined;
      const seq = await readSequence(input);
      if (!(seq.frames[0]?.pixels instanceof Uint8Array))
        throw new CliError(
          'CLI_BAD_VALUE',
          `${input}: label frames must be 8-bit (got ${seq.info.elementType})`,
        );
      const frames = sequenceFrames(seq, config);
      const s = SEQUENCE_SPACING_MM;
      const rec = VolumeReconstructor.fromFrames(
        frames,
        { spacing: [s, s, s], interpolation: 'nearest', compounding: 'maximum', arithmetic: 'float' },
        (done) => io.progress('reconstructing', done, frames.length),
      );
      labels = rec.snapshot().intensity;
    } else {
      labels = await gridOf(input);
    }
    if (options.intensity) intensity = await gridOf(options.intensity);
    const m = measureSpine(labels, { mirror: !options['landmarks-only'] });
    if (options.png) {
      const img = coronalProjection(intensity ?? labels, m, { mode: options.mean ? 'mean' : 'max' });
      await writeFile(options.png, encodePng(img));
    }
    if (options.json) io.out(JSON.stringify(toJson(m)));
    else for (const line of report(m)) io.out(line);
    return 0;
  },
});

async function gridOf(file: string): Promise<VolumeGrid> {
  const v = await readVolume(file);
  if ((v.channels ?? 1) !== 1) throw new CliError('CLI_BAD_VALUE', `${file}: expected one channel`);
  const d = v.direction;
  if (d.some((x, i) => Math.abs(x - (i % 4 === 0 ? 1 : 0)) > 1e-6))
    throw new CliError('CLI_BAD_VALUE', `${file}: only volumes with an identity direction are measured`);
  const data =
    v.data instanceof Uint8Array
      ? v.data
      : Uint8Array.from(v.data as ArrayLike<number>, (x) => (x > 0 ? Math.min(255, x) : 0));
  return { dims: v.dims, spacing: v.spacing, origin: v.origin, data };
}

const round = (x: number) => Math.round(x * 10) / 10;

function curveJson(c: CobbMeasure | undefined) {
  return c
    ? {
        cobbDeg: round(c.cobbDeg),
        upperLevel: c.upperLevel + 1,
        lowerLevel: c.lowerLevel + 1,
        convexity: c.convexity,
      }
    : null;
}

function toJson(m: SpineMeasurement) {
  return {
    main: curveJson(m.main),
    secondary: curveJson(m.secondary),
    levels: m.levels.map((l, k) => ({
      level: k + 1,
      tiltDeg: round(l.tiltDeg),
      landmarkTiltDeg: round(l.landmarkTiltDeg),
      rotationDeg: l.mirrorRotationDeg === undefined ? null : round(l.mirrorRotationDeg),
      mirrorCostMm2: l.mirrorCost === undefined ? null : Math.round(l.mirrorCost * 100) / 100,
      curveTangentDeg: round(l.curveTangentDeg),
      inCobb: l.inCobb,
      left: l.left.map(round),
      right: l.right.map(round),
    })),
    axes: m.axes.map((a) => a.map((x) => Math.round(x * 1000) / 1000)),
  };
}

function report(m: SpineMeasurement): string[] {
  const c = (name: string, x: CobbMeasure | undefined) =>
    x
      ? `${name}: ${x.cobbDeg.toFixed(1)} deg between levels ${x.upperLevel + 1} and ${x.lowerLevel + 1} (convex to ${x.convexity})`
      : `${name}: none`;
  return [
    c('main curve', m.main),
    c('secondary curve', m.secondary),
    `${m.levels.length} levels found (numbered cranial to caudal; tilt = lean of the level towards +lateral):`,
    ...m.levels.map(
      (l, k) =>
        `  level ${String(k + 1).padStart(2)}  tilt ${l.tiltDeg.toFixed(1).padStart(6)} deg` +
        (l.mirrorRotationDeg === undefined
          ? ''
          : `  rotation ${l.mirrorRotationDeg.toFixed(1).padStart(6)} deg`) +
        (l.inCobb ? '' : '  (not used as an end vertebra: a poorly fitting spike)'),
    ),
  ];
}
