import {
  openSequence,
  SequenceError,
  TransformRepository,
  type SequenceFrame,
  type SequenceInfo,
  type SequenceSource,
} from '../sequence/index.js';
import { DicomError } from './errors.js';
import type { TrackedImage } from './types.js';

/** A sweep (and its labels) read from PLUS sequence files, ready for exportSweep. */
export interface LoadedSweep {
  readonly width: number;
  readonly height: number;
  readonly frames: readonly TrackedImage[];
  readonly labels: readonly Uint8Array[] | undefined;
}

/**
 * Reads an 8-bit tracked sweep and optional 8-bit label sequence (PLUS .igs.mha/.igs.nrrd) frame by frame.
 * Each frame's ImageToReference is the file's own or composed from its transforms (PLUS names 'Image'
 * and 'Reference'); a frame whose image or transform status is not OK gets none. Sequence errors
 * become DicomErrors naming the file.
 */
export async function loadSweep(
  sweepFile: string,
  labelsFile: string | undefined,
  onProgress: (done: number, total: number) => void = () => {},
): Promise<LoadedSweep> {
  const sweep = await open(sweepFile);
  const labelSource = labelsFile === undefined ? undefined : await open(labelsFile);
  checkByteFrames(sweep.info);
  const [width, height] = sweep.info.frameSize;
  if (labelSource !== undefined) {
    const l = labelSource.info;
    checkByteFrames(l);
    if (l.frameCount !== sweep.info.frameCount)
      throw new DicomError(
        'DICOM_MISMATCH',
        `${l.file} has ${l.frameCount} frames, ${sweepFile} has ${sweep.info.frameCount}`,
      );
    if (l.frameSize[0] !== width || l.frameSize[1] !== height)
      throw new DicomError(
        'DICOM_MISMATCH',
        `${l.file} frames are ${l.frameSize[0]}x${l.frameSize[1]}, ${sweepFile} frames are ${width}x${height}`,
      );
  }
  const total = sweep.info.frameCount * (labelSource ? 2 : 1);
  const repo = new TransformRepository();
  const frames: TrackedImage[] = [];
  for await (const f of read(sweep)) {
    frames.push({ pixels: f.pixels as Uint8Array, imageToReference: transformOf(repo, f) });
    onProgress(frames.length, total);
  }
  let labels: Uint8Array[] | undefined;
  if (labelSource !== undefined) {
    labels = [];
    for await (const f of read(labelSource)) {
      labels.push(f.pixels as Uint8Array);
      onProgress(frames.length + labels.length, total);
    }
  }
  return { width, height, frames, labels };
}

function transformOf(repo: TransformRepository, f: SequenceFrame): Float64Array | undefined {
  if (f.imageStatus.toUpperCase() !== 'OK') return undefined;
  try {
    repo.setFrameTransforms(f.transforms);
    const t = repo.getTransform('Image', 'Reference');
    return t.status === 'OK' ? t.matrix : undefined;
  } catch (e) {
    if (e instanceof SequenceError) return undefined;
    throw e;
  }
}

function checkByteFrames(info: SequenceInfo): void {
  const [, , depth] = info.frameSize;
  if (info.elementType !== 'uint8' || info.channels !== 1 || depth !== 1)
    throw new DicomError(
      'DICOM_BAD_INPUT',
      `${info.file}: frames must be 2D, 8-bit, one channel (got ${info.frameSize.join('x')} ${info.elementType} x${info.channels})`,
    );
}

async function open(file: string): Promise<SequenceSource> {
  try {
    return await openSequence(file);
  } catch (e) {
    throw wrap(e);
  }
}

async function* read(source: SequenceSource): AsyncGenerator<SequenceFrame> {
  try {
    yield* source.frames();
  } catch (e) {
    throw wrap(e);
  }
}

function wrap(e: unknown): unknown {
  if (!(e instanceof SequenceError)) return e;
  return new DicomError(e.code === 'SEQ_IO' ? 'DICOM_IO' : 'DICOM_BAD_INPUT', e.message, { cause: e });
}
