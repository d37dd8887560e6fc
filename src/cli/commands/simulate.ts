import { join } from 'node:path';
import { randomPatient, writeDataset, type DatasetSummary, type PhantomParams } from '../../sim/index.js';
import { CliError } from '../parse.js';
import { defineCommand } from '../spec.js';

export const simulateCommand = defineCommand({
  name: ['simulate'],
  summary: 'simulated tracked spine sweep(s): PNG frames + bone masks, truth.json, PLUS .igs.mha',
  options: {
    out: { kind: 'string', value: 'DIR', help: 'output folder', required: true },
    frames: { kind: 'number', value: 'N', help: 'frames per sweep', default: 300 },
    seed: { kind: 'number', value: 'S', help: 'random seed (same seed, same data)', default: 1 },
    cobb: {
      kind: 'number',
      value: 'DEG',
      help: 'Cobb angle of a right thoracic T5-T12 curve (0 = straight); default: 30, or random with --patients',
    },
    patients: {
      kind: 'number',
      value: 'K',
      help: 'write K patients to DIR/patient_000 … with varied anatomy and curves (seed S+k)',
    },
    width: { kind: 'number', value: 'W', help: 'image width, pixels', default: 640 },
    height: { kind: 'number', value: 'H', help: 'image height, pixels', default: 480 },
    depth: { kind: 'number', value: 'MM', help: 'imaging depth', default: 70 },
    gain: { kind: 'number', value: 'DB', help: 'overall gain', default: 0 },
    sagittal: { kind: 'boolean', help: 'hold the probe sagittally (default: transverse)' },
    'no-sequence': { kind: 'boolean', help: 'skip sweep.igs.mha' },
    json: { kind: 'boolean', help: 'print a summary as JSON' },
  },
  run: async ({ options, io }) => {
    const count = options.patients ?? 1;
    if (!Number.isInteger(count) || count < 1 || count > 10000)
      throw new CliError('CLI_BAD_VALUE', '--patients must be 1..10000');
    if (!Number.isInteger(options.seed)) throw new CliError('CLI_BAD_VALUE', '--seed must be an integer');
    const summaries: DatasetSummary[] = [];
    for (let k = 0; k < count; k++) {
      const seed = options.seed + k;
      let phantom: PhantomParams = options.patients !== undefined ? randomPatient(seed) : {};
      if (options.cobb !== undefined) {
        phantom = {
          ...phantom,
          curves:
            options.cobb === 0
              ? []
              : [{ upperEnd: 'T5', lowerEnd: 'T12', cobbDeg: options.cobb, convexity: 'right' }],
        };
      }
      const dir =
        options.patients !== undefined
          ? join(options.out, `patient_${String(k).padStart(3, '0')}`)
          : options.out;
      const label = count > 1 ? `patient ${k + 1}/${count}` : 'simulate';
      summaries.push(
        await writeDataset({
          out: dir,
          seed,
          phantom,
          image: { width: options.width, height: options.height, depthMm: options.depth },
          sweep: { frames: options.frames, orientation: options.sagittal ? 'sagittal' : 'transverse' },
          bmode: { gainDb: options.gain },
          sequence: !options['no-sequence'],
          progress: (done, total) => io.progress(label, done, total),
        }),
      );
    }
    if (options.json) io.out(JSON.stringify(count === 1 ? summaries[0] : summaries, null, 2));
    else {
      for (const s of summaries) {
        const cobb =
          s.cobb.map((c) => `${c.upperEnd}-${c.lowerEnd} ${c.cobbDeg.toFixed(1)}°`).join(', ') || 'straight';
        io.out(`${s.dir}: ${s.frames} frames (${s.labelledFrames} with bone), Cobb ${cobb}`);
      }
    }
    return 0;
  },
});
