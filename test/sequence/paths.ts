import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** Repo root and the shared data beside the clone (../shared), as CI lays them out. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DATA = join(ROOT, '..', 'shared', 'data');
export const BONE = join(DATA, 'plus', 'BoneUltrasound_L14.igs.mha');
export const SPINE = join(DATA, 'plus-spine', 'SpinePhantomFreehand.igs.mha');
export const BASELINES = join(DATA, 'plus-spine', 'baselines');
export const CONFIGS = join(DATA, 'plus-spine', 'config');

interface ExpectedSequence {
  dims: [number, number, number];
  orientation: string;
  sha256: string;
  frameSums: number[];
  frame0Pixel: { x: number; y: number; value: number };
  frame0: Record<string, string>;
  lastTimestamp: number;
}
interface ExpectedVolume {
  elementType: string;
  dims: number[];
  spacing: number[];
  origin: number[];
  sum: number;
  nonzero: number;
  max: number;
}
/** Values computed by test/fixtures/sequence/make-expected.py (Python + zlib + numpy), not by our reader. */
export const EXPECTED = JSON.parse(
  readFileSync(join(ROOT, 'test/fixtures/sequence/expected.json'), 'utf8'),
) as {
  BoneUltrasound_L14: ExpectedSequence;
  SpinePhantomFreehand: ExpectedSequence;
  baselines: Record<string, ExpectedVolume>;
};
