import { writeFile } from 'node:fs/promises';
import {
  readPlusConfig,
  readSequence,
  TransformRepository,
  writeVolume,
  type Sequence,
} from '../../sequence/index.js';
import {
  decimateMesh,
  encodeStl,
  encodeVtp,
  extractSurface,
  paramsFromPlusConfig,
  smoothMesh,
  VolumeReconstructor,
  type FrameInput,
  type ReconstructionParams,
} from '../../volume/index.js';
import { CliError } from '../parse.js';
import { defineCommand } from '../spec.js';

export const reconstructCommand = defineCommand({
  name: ['reconstruct'],
  summary: 'freehand 3D reconstruction of a tracked sequence (PLUS-compatible) to MHA/NRRD',
  positionals: [{ name: 'IN.igs.mha', help: 'tracked ultrasound sequence (.igs.mha / .igs.nrrd)' }],
  options: {
    config: {
      kind: 'string',
      value: 'PLUS.xml',
      help: 'PLUS device-set config (ImageToProbe, VolumeReconstruction)',
    },
    spacing: { kind: 'number', value: 'MM', help: 'output voxel size (overrides the config; default 0.5)' },
    interp: { kind: 'string', value: 'nn|linear', help: 'interpolation (overrides the config; default nn)' },
    compound: {
      kind: 'string',
      value: 'latest|max|mean',
      help: 'compounding (overrides the config; default mean)',
    },
    'fill-holes': { kind: 'boolean', help: 'fill holes (STICK kernel unless the config lists kernels)' },
    out: { kind: 'string', value: 'VOL.mha|.nrrd', help: 'output volume', required: true },
    surface: { kind: 'string', value: 'OUT.stl|.vtp', help: 'also write the iso-surface (intensity >= 128)' },
    json: { kind: 'boolean', help: 'print the result as JSON' },
  },
  run: async ({ positionals, options, io }) => {
    const input = positionals[0]!;
    if (!/\.(mha|nrrd)$/i.test(options.out))
      throw new CliError('CLI_BAD_VALUE', '--out must end in .mha or .nrrd');
    const config = options.config ? await readPlusConfig(options.config) : undefined;
    let params: ReconstructionParams = config?.volumeReconstruction
      ? paramsFromPlusConfig(config.volumeReconstruction)
      : { spacing: [0.5, 0.5, 0.5], interpolation: 'nearest', compounding: 'mean' };
    const interp = { nn: 'nearest', linear: 'linear' } as const;
    const compound = { latest: 'latest', max: 'maximum', mean: 'mean' } as const;
    if (options.interp !== undefined) {
      if (!(options.interp in interp)) throw new CliError('CLI_BAD_VALUE', '--interp must be nn or linear');
      params = { ...params, interpolation: interp[options.interp as keyof typeof interp] };
    }
    if (options.compound !== undefined) {
      if (!(options.compound in compound))
        throw new CliError('CLI_BAD_VALUE', '--compound must be latest, max or mean');
      params = { ...params, compounding: compound[options.compound as keyof typeof compound] };
    }
    if (options.spacing !== undefined) {
      const s = options.spacing;
      params = { ...params, spacing: [s, s, s] };
    }
    if (options['fill-holes']) params = { ...params, fillHoles: true };
    const seq = await readSequence(input);
    const frames = sequenceFrames(seq, config);
    if (!(seq.frames[0]?.pixels instanceof Uint8Array)) {
      throw new CliError(
        'CLI_BAD_VALUE',
        `${input}: only 8-bit frames are reconstructed (got ${seq.info.elementType})`,
      );
    }
    const rec = VolumeReconstructor.fromFrames(frames, params, (done) =>
      io.progress('pasting', done, frames.length),
    );
    const snap = rec.snapshot();
    await writeVolume(options.out, snap.intensity);
    let triangles: number | undefined;
    if (options.surface) {
      const mesh = decimateMesh(
        smoothMesh(extractSurface(snap.intensity, 128), 10),
        snap.intensity.spacing[0] * 2,
      );
      await writeFile(
        options.surface,
        options.surface.toLowerCase().endsWith('.vtp') ? encodeVtp(mesh) : encodeStl(mesh),
      );
      triangles = mesh.triangles.length / 3;
    }
    const result = {
      out: options.out,
      ...snap.intensity,
      data: undefined,
      framesPasted: snap.framesPasted,
      skipped: snap.skipped,
      triangles,
    };
    if (options.json) io.out(JSON.stringify(result));
    else {
      io.out(
        `${options.out}: ${snap.intensity.dims.join('x')} voxels of ${snap.intensity.spacing.join(' ')} mm at ${snap.intensity.origin.map((v) => v.toFixed(3)).join(' ')}`,
      );
      io.out(
        `frames pasted ${snap.framesPasted}, skipped ${JSON.stringify(snap.skipped)}${triangles !== undefined ? `, surface ${triangles} triangles` : ''}`,
      );
    }
    return 0;
  },
});

/**
 * The sequence's frames with ImageToReference composed as PLUS does (from the config's transforms and
 * VolumeReconstruction frame names, or the sequence's own ImageToReference); frames whose transform is
 * missing or not OK are marked invalid (the reconstructor skips and counts them).
 */
export function sequenceFrames(
  seq: Sequence,
  config: Awaited<ReturnType<typeof readPlusConfig>> | undefined,
): FrameInput[] {
  const vr = config?.volumeReconstruction;
  const repo = new TransformRepository(config?.transforms ?? []);
  const imageFrame = vr?.imageCoordinateFrame ?? 'Image';
  const refFrame = vr?.referenceCoordinateFrame ?? 'Reference';
  const [w, h] = seq.info.frameSize;
  return seq.frames.map((f) => {
    repo.setFrameTransforms(f.transforms);
    let m: Float64Array = new Float64Array(16).fill(NaN);
    let valid = f.imageStatus === 'OK';
    try {
      const t = repo.getTransform(imageFrame, refFrame);
      m = t.matrix;
      valid = valid && t.status === 'OK';
    } catch {
      valid = false;
    }
    return {
      width: w,
      height: h,
      pixels: f.pixels as Uint8Array,
      imageToReference: m,
      transformValid: valid,
    };
  });
}
