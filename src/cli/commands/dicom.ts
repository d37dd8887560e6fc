import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  deliverToPacs,
  stowInstances,
  cStore,
  parseDimseTarget,
  type FlushResult,
  type StowFile,
  exportSweep,
  loadSweep,
  writeExportFiles,
  type ExportResult,
  type PatientInfo,
} from '../../dicom/index.js';
import { SOFTWARE_VERSION } from '../../version.js';
import { CliError } from '../parse.js';
import { defineCommand, type Command } from '../spec.js';

export const dicomExportCommand = defineCommand({
  name: ['dicom', 'export'],
  summary: 'tracked sweep (+ bone labels) to DICOM: DIR/source.dcm (multi-frame SC) and DIR/seg.dcm (SEG)',
  positionals: [{ name: 'IN.igs.mha', help: '8-bit tracked B-mode sweep (.igs.mha / .igs.nrrd)' }],
  options: {
    seg: {
      kind: 'string',
      value: 'LABELS.igs.mha',
      help: 'bone labels, one frame per sweep frame (nonzero = bone); without it only source.dcm is written',
    },
    out: { kind: 'string', value: 'DIR', help: 'output folder (created)', required: true },
    'patient-name': {
      kind: 'string',
      value: 'N',
      help: "PatientName, DICOM PN 'Family^Given' (default Anonymous)",
    },
    'patient-id': { kind: 'string', value: 'ID', help: 'PatientID (default ANON)' },
    algorithm: { kind: 'string', value: 'NAME', help: 'SegmentAlgorithmName of the SEG (default UGBNet)' },
    pacs: {
      kind: 'string',
      value: 'URL',
      help: 'also STOW-RS both files to this DICOMweb root (queued in DIR/outbox until acknowledged)',
    },
    json: { kind: 'boolean', help: 'print the summary as JSON' },
  },
  run: async ({ positionals, options, io }) => {
    const input = positionals[0]!;
    const sweep = await loadSweep(input, options.seg, (done, total) =>
      io.progress('reading frames', done, total),
    );
    const patient: PatientInfo = { name: options['patient-name'], id: options['patient-id'] };
    const result = exportSweep({
      ...sweep,
      patient,
      algorithmName: options.algorithm,
      softwareVersion: SOFTWARE_VERSION,
    });
    const files = await writeExportFiles(options.out, result);
    const pacs = options.pacs
      ? await deliver(
          join(options.out, OUTBOX),
          options.pacs,
          io,
          (b) => stowInstances(options.pacs!, b),
          files,
        )
      : undefined;
    const summary = { ...summaryOf(result, files, sweep.frames.length), pacs: pacs && flushJson(pacs) };
    if (options.json) io.out(JSON.stringify(summary));
    else {
      io.out(`wrote ${files.join(' and ')}`);
      io.out(
        `frames written ${summary.framesWritten} of ${summary.framesIn}${summary.skipped.length ? `, skipped ${summary.skipped.length} without a valid transform (frames ${summary.skipped.map((s) => s.index).join(', ')})` : ''}${result.seg ? `, ${summary.framesWithBone} with bone` : ''}`,
      );
      if (pacs) io.out(`PACS: sent ${pacs.sent.length}, queued ${pacs.queued.length}`);
    }
    return 0;
  },
});

function summaryOf(r: ExportResult, files: readonly string[], framesIn: number) {
  return {
    files,
    framesIn,
    framesWritten: r.written.length,
    skipped: r.skipped,
    framesWithBone: r.seg ? r.framesWithBone : undefined,
    studyInstanceUid: r.uids.study,
    frameOfReferenceUid: r.uids.frameOfReference,
    source: { seriesInstanceUid: r.uids.sourceSeries, sopInstanceUid: r.uids.sourceInstance },
    seg: r.seg ? { seriesInstanceUid: r.uids.segSeries, sopInstanceUid: r.uids.segInstance } : undefined,
  };
}

/** Where `export --pacs` queues files, inside the export folder. */
const OUTBOX = 'outbox';

export const dicomSendCommand = defineCommand({
  name: ['dicom', 'send'],
  summary:
    'deliver queued DICOM files (DIR/outbox, or DIR itself) by STOW-RS or C-STORE; each is removed once acknowledged',
  positionals: [
    { name: 'DIR', help: 'an export folder with an outbox/ inside, or an outbox folder of .dcm files' },
  ],
  options: {
    pacs: { kind: 'string', value: 'URL', help: 'DICOMweb root, e.g. http://127.0.0.1:8042/dicom-web' },
    dimse: {
      kind: 'string',
      value: 'HOST:PORT:AET',
      help: 'send by DIMSE C-STORE instead (calling AE SPINEBRIDGE)',
    },
    json: { kind: 'boolean', help: 'print the result as JSON' },
  },
  run: async ({ positionals, options, io }) => {
    const dir = positionals[0]!;
    if ((options.pacs === undefined) === (options.dimse === undefined))
      throw new CliError('CLI_MISSING', 'give exactly one of --pacs URL or --dimse HOST:PORT:AET');
    const inner = join(dir, OUTBOX);
    const outbox = (await stat(inner).catch(() => undefined))?.isDirectory() ? inner : dir;
    const target = options.dimse === undefined ? undefined : parseDimseTarget(options.dimse);
    const send = target
      ? (b: readonly StowFile[]) => cStore(target, b)
      : (b: readonly StowFile[]) => stowInstances(options.pacs!, b);
    const r = await deliver(outbox, options.dimse ?? options.pacs!, io, send);
    if (options.json) io.out(JSON.stringify(flushJson(r)));
    else io.out(`sent ${r.sent.length}, still queued ${r.queued.length} in ${outbox}`);
    // Files left queued are a failure of this command (its whole job), unlike export --pacs.
    if (r.error) throw r.error;
    return 0;
  },
});

/** Queues `files` (when given) in `outbox` and tries to deliver everything queued there (src/dicom). */
function deliver(
  outbox: string,
  pacs: string,
  io: { err: (line: string) => void; progress: (label: string, done: number, total: number) => void },
  send: (files: readonly StowFile[]) => Promise<ReadonlySet<string>>,
  files: readonly string[] = [],
): Promise<FlushResult> {
  return deliverToPacs(outbox, pacs, {
    files,
    send,
    log: (line) => io.err(`spinebridge: ${line}`),
    progress: (done, total) => io.progress('sending', done, total),
  });
}

/** A FlushResult for --json: the error as its message. */
const flushJson = (r: FlushResult) => ({ sent: r.sent, queued: r.queued, error: r.error?.message });

/** The `dicom …` commands, registered together. */
export const dicomCommands: readonly Command[] = [dicomExportCommand, dicomSendCommand];
