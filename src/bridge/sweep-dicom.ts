import { join } from 'node:path';
import {
  deliverToPacs,
  exportSweep,
  loadSweep,
  writeExportFiles,
  type FlushResult,
  type PatientInfo,
} from '../dicom/index.js';
import { openSequence } from '../sequence/index.js';
import { SOFTWARE_VERSION } from '../version.js';
import { LABELS_FILE, SWEEP_FILE } from './recorder.js';

/**
 * Pixel bytes above which a sweep is not exported in one go: one multi-frame instance is held in memory
 * and its Pixel Data length is a 32-bit field. At 640x480 this is ~3500 frames (about 2 minutes at 30 fps).
 */
export const MAX_DICOM_PIXEL_BYTES = 1 << 30;

export interface SweepDicom {
  /** source.dcm and seg.dcm under DIR/dicom. */
  readonly files: readonly string[];
  readonly framesWritten: number;
  readonly framesSkipped: number;
  /** What reached the PACS and what stays queued in DIR/dicom/outbox, when a PACS was given. */
  readonly pacs?: FlushResult;
}

/**
 * The recorded sweep (DIR/sweep.igs.mha + labels.igs.mha) as DICOM under DIR/dicom: the multi-frame SC
 * of the B-mode frames and the SEG of the bone labels; then, with `pacs` (a DICOMweb root or
 * HOST:PORT:AET), queued in DIR/dicom/outbox and sent. A PACS that is down leaves the files queued.
 */
export async function writeSweepDicom(
  dir: string,
  o: {
    pacs?: string;
    patient?: PatientInfo;
    log?: (line: string) => void;
    maxPixelBytes?: number;
  } = {},
): Promise<SweepDicom | undefined> {
  const info = (await openSequence(join(dir, SWEEP_FILE))).info;
  const bytes = info.frameCount * info.frameSize[0] * info.frameSize[1] * info.frameSize[2];
  const max = o.maxPixelBytes ?? MAX_DICOM_PIXEL_BYTES;
  if (bytes > max) {
    o.log?.(
      `DICOM not written: the sweep has ${info.frameCount} frames (${(bytes / 2 ** 20).toFixed(0)} MiB), over ` +
        `${(max / 2 ** 20).toFixed(0)} MiB for one instance; the sequence files in ${dir} keep everything`,
    );
    return undefined;
  }
  const sweep = await loadSweep(join(dir, SWEEP_FILE), join(dir, LABELS_FILE));
  const result = exportSweep({
    ...sweep,
    ...(o.patient ? { patient: o.patient } : {}),
    softwareVersion: SOFTWARE_VERSION,
  });
  const out = join(dir, 'dicom');
  const files = await writeExportFiles(out, result);
  const pacs = o.pacs
    ? await deliverToPacs(join(out, 'outbox'), o.pacs, { files, ...(o.log ? { log: o.log } : {}) })
    : undefined;
  return {
    files,
    framesWritten: result.written.length,
    framesSkipped: result.skipped.length,
    ...(pacs ? { pacs } : {}),
  };
}
