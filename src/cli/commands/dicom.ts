import {
  exportSweep,
  loadSweep,
  writeExportFiles,
  type ExportResult,
  type PatientInfo,
} from '../../dicom/index.js';
import { defineCommand, type Command } from '../spec.js';

/** SoftwareVersions written into the files; kept in step with package.json. */
const SOFTWARE_VERSION = 'spinebridge 0.1.0';

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
    const summary = summaryOf(result, files, sweep.frames.length);
    if (options.json) io.out(JSON.stringify(summary));
    else {
      io.out(`wrote ${files.join(' and ')}`);
      io.out(
        `frames written ${summary.framesWritten} of ${summary.framesIn}${summary.skipped.length ? `, skipped ${summary.skipped.length} without a valid transform (frames ${summary.skipped.map((s) => s.index).join(', ')})` : ''}${result.seg ? `, ${summary.framesWithBone} with bone` : ''}`,
      );
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

/** The `dicom …` commands, registered together. */
export const dicomCommands: readonly Command[] = [dicomExportCommand];
