// Minimal MetaImage reading for the PLUS parity tests, kept independent of src/sequence so the
// reconstruction kernel is checked against PLUS's files without trusting our own reader.
import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { imageToReference, fromRowMajor, type Mat4 } from '../../src/math/index.js';

export const PLUS_SPINE = fileURLToPath(new URL('../../../shared/data/plus-spine/', import.meta.url));

export interface RawMha {
  readonly fields: Map<string, string>;
  readonly dims: number[];
  readonly data: Uint8Array;
}

export function readMha(path: string): RawMha {
  const bytes = readFileSync(path);
  const end = bytes.indexOf('ElementDataFile');
  const nl = bytes.indexOf(0x0a, end);
  const fields = new Map<string, string>();
  for (const line of bytes.subarray(0, nl).toString('latin1').split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) fields.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
  }
  const body = bytes.subarray(nl + 1);
  const data = fields.get('CompressedData') === 'True' ? inflateSync(body) : body;
  const dims = fields.get('DimSize')!.split(/\s+/).map(Number);
  return { fields, dims, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

export const IMAGE_TO_PROBE = fromRowMajor([
  -0.00157821, 0.0785919, -0.00803285, 15.3978, -0.0839128, 0.00372697, 0.0153803, 49.5705, 0.0159024,
  0.00714276, 0.0803604, -8.63446, 0, 0, 0, 1,
]);

/** The sweep's frames with ImageToReference composed as PLUS does. */
export function spineFrames(): {
  width: number;
  height: number;
  pixels: Uint8Array;
  imageToReference: Mat4;
}[] {
  const seq = readMha(PLUS_SPINE + 'SpinePhantomFreehand.igs.mha');
  const [w, h, n] = seq.dims as [number, number, number];
  const mat = (k: string) => fromRowMajor(seq.fields.get(k)!.split(/\s+/).map(Number));
  const frames = [];
  for (let f = 0; f < n; f++) {
    const id = String(f).padStart(4, '0');
    const p2t = mat(`Seq_Frame${id}_ProbeToTrackerTransform`);
    const r2t = mat(`Seq_Frame${id}_ReferenceToTrackerTransform`);
    frames.push({
      width: w,
      height: h,
      pixels: seq.data.subarray(f * w * h, (f + 1) * w * h),
      imageToReference: imageToReference(r2t, p2t, IMAGE_TO_PROBE),
    });
  }
  return frames;
}

/** Agreement on voxels nonzero in either volume (the plus-spine README's criterion). */
export function compareNonzero(
  a: Uint8Array,
  b: Uint8Array,
): { within2: number; meanAbs: number; exact: number; union: number } {
  let union = 0,
    within = 0,
    exact = 0,
    sum = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === 0 && b[i] === 0) continue;
    union++;
    const d = Math.abs(a[i]! - b[i]!);
    if (d <= 2) within++;
    if (d === 0) exact++;
    sum += d;
  }
  return { within2: within / union, meanAbs: sum / union, exact: exact / union, union };
}
