import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExportRequest, TrackedImage } from '../../src/dicom/index.js';
import { writeSequence, type FrameTransform } from '../../src/sequence/index.js';

/**
 * A small deterministic tracked sweep: frame k is tilted by a k-dependent angle about RAS x and y,
 * translated along S, with 0.3 mm columns and 0.25 mm rows; pixels and labels are simple patterns.
 */
export function syntheticSweep(width: number, height: number, count: number): ExportRequest {
  const frames: TrackedImage[] = [];
  const labels: Uint8Array[] = [];
  for (let k = 0; k < count; k++) {
    const a = 0.1 + 0.05 * k;
    const b = -0.2 + 0.03 * k;
    // R = Ry(b) · Rx(a); columns scaled by spacing; translation in mm (RAS).
    const [ca, sa, cb, sb] = [Math.cos(a), Math.sin(a), Math.cos(b), Math.sin(b)];
    const r = [
      [cb, sb * sa, sb * ca],
      [0, ca, -sa],
      [-sb, cb * sa, cb * ca],
    ];
    const s = [0.3, 0.25, 1];
    const t = [12.5 - k, -40 + 0.5 * k, 100 + 2 * k];
    const m = new Float64Array(16);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) m[i * 4 + j] = r[i]![j]! * s[j]!;
      m[i * 4 + 3] = t[i]!;
    }
    m[15] = 1;
    const pixels = new Uint8Array(width * height);
    const label = new Uint8Array(width * height);
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) {
        pixels[y * width + x] = (x * 17 + y * 31 + k * 7) & 0xff;
        // Frame 0 has no bone (an empty SEG frame); others a band whose depth moves with k.
        label[y * width + x] = k > 0 && Math.abs(y - (k % height)) <= 1 && x % 3 !== 0 ? 1 : 0;
      }
    frames.push({ pixels, imageToReference: m });
    labels.push(label);
  }
  return { width, height, frames, labels };
}

export interface SweepFiles {
  readonly dir: string;
  readonly sweep: string;
  readonly labels: string;
}

/** Writes a synthetic sweep and its labels as PLUS sequences (ImageToReference per frame). */
export async function writeSweepFiles(
  req: ExportRequest,
  edit: (k: number) => FrameTransform | undefined = (k) => ({
    matrix: req.frames[k]!.imageToReference!,
    status: 'OK',
  }),
): Promise<SweepFiles> {
  const dir = await mkdtemp(join(tmpdir(), 'sb-dicom-'));
  const layout = { frameSize: [req.width, req.height, 1] as [number, number, number] };
  const transforms = (k: number) => {
    const t = edit(k);
    return new Map(t ? [['ImageToReference', t]] : []);
  };
  const sweep = join(dir, 'sweep.igs.mha');
  const labels = join(dir, 'labels.igs.mha');
  await writeSequence(
    sweep,
    layout,
    req.frames.map((f, k) => ({ pixels: f.pixels, transforms: transforms(k), timestamp: k * 0.1 })),
  );
  await writeSequence(
    labels,
    layout,
    req.labels!.map((l, k) => ({ pixels: l, transforms: transforms(k), timestamp: k * 0.1 })),
  );
  return { dir, sweep, labels };
}

/** RAS -> LPS of a point or direction, written out independently of src/dicom. */
export const lps = (v: readonly number[]) => [-v[0]!, -v[1]!, v[2]!];
