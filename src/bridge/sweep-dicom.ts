import { join } from 'node:path';
import {
  deliverToPacs,
  exportSweep,
  loadSweep,
  writeExportFiles,
  type FlushResult,
  type PatientInfo,
} from '../dicom/index.js';
import { SOFTWARE_VERSION } from '../version.js';
import { LABELS_FILE, SWEEP_FILE } from './recorder.js';

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
  o: { pacs?: string; patient?: PatientInfo; log?: (line: string) => void } = {},
): Promise<SweepDicom> {
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
