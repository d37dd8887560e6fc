import { runLiveSession } from '../../bridge/index.js';
import { senderFor } from '../../dicom/index.js';
import { pacsSummary } from '../pacs-summary.js';
import { DEFAULT_MODEL } from '../../segment/index.js';
import { readPlusConfig } from '../../sequence/index.js';
import { paramsFromPlusConfig, type ReconstructionParams } from '../../volume/index.js';
import { CliError } from '../parse.js';
import { defineCommand } from '../spec.js';
import { holdViewer, httpBindOption, httpOption, startViewer } from '../viewer-option.js';

/** The bridge against a real PlusServer or 3D Slicer (OpenIGTLink server side). */
export const runCommand = defineCommand({
  name: ['run'],
  summary: 'bridge a PlusServer/Slicer stream: segment live, send labels back, record, reconstruct, measure',
  options: {
    igtl: {
      kind: 'string',
      value: 'HOST:PORT',
      help: 'PlusServer or Slicer OpenIGTLink server',
      required: true,
    },
    image: {
      kind: 'string',
      value: 'NAME',
      help: 'IMAGE device to segment (default: any IMAGE, e.g. Image_Reference)',
    },
    transform: {
      kind: 'string',
      value: 'NAME',
      help: 'TRANSFORM holding ImageToReference in mm (default: the pose embedded in the IMAGE)',
    },
    model: { kind: 'string', value: 'FILE', help: 'model card', default: DEFAULT_MODEL },
    out: {
      kind: 'string',
      value: 'DIR',
      help: 'recorded sweep, volumes, surface, measurement',
      default: 'out/run',
    },
    config: {
      kind: 'string',
      value: 'PLUS.xml',
      help: 'PLUS config whose VolumeReconstruction sets the grid',
    },
    spacing: { kind: 'number', value: 'MM', help: 'voxel size when the config gives none', default: 1 },
    frames: { kind: 'number', value: 'N', help: 'stop after N segmented frames (default: until Ctrl-C)' },
    workers: { kind: 'number', value: 'N', help: 'segmentation worker threads', default: 2 },
    wait: { kind: 'number', value: 'SEC', help: 'keep retrying the first connection this long', default: 10 },
    'no-send-back': { kind: 'boolean', help: 'do not send Image_Segmentation back to the server' },
    crf: { kind: 'boolean', help: 'CRF refinement of every label' },
    pacs: {
      kind: 'string',
      value: 'URL',
      help: 'send the sweep DICOM (DIR/dicom) to a PACS: DICOMweb root http://… or HOST:PORT:AET (C-STORE)',
    },
    http: httpOption,
    'http-bind': httpBindOption,
    json: { kind: 'boolean', help: 'print the summary as JSON' },
  },
  run: async ({ options, io }) => {
    if (options.frames !== undefined && !(options.frames > 0)) {
      throw new CliError('CLI_BAD_VALUE', '--frames must be positive');
    }
    // A malformed PACS address fails now, not after the sweep.
    if (options.pacs) senderFor(options.pacs);
    const config = options.config ? await readPlusConfig(options.config) : undefined;
    const s = options.spacing;
    const reconstruction: ReconstructionParams = config?.volumeReconstruction
      ? paramsFromPlusConfig(config.volumeReconstruction)
      : { spacing: [s, s, s], interpolation: 'nearest', compounding: 'maximum', arithmetic: 'float' };
    const viewer = await startViewer(options.http, io, options['http-bind']);
    try {
      io.err(`run: connecting to ${options.igtl} (Ctrl-C ends the sweep and writes ${options.out})`);
      const result = await runLiveSession({
        igtl: options.igtl,
        model: options.model,
        connectWaitMs: options.wait * 1000,
        workers: options.workers,
        pairing: {
          ...(options.image ? { imageName: options.image } : {}),
          ...(options.transform ? { poseTransformName: options.transform } : {}),
        },
        sendBack: options['no-send-back'] !== true,
        reconstruction,
        ...(options.frames !== undefined ? { frames: options.frames } : {}),
        stop: io.stopped,
        outDir: options.out,
        ...(options.pacs ? { pacs: options.pacs } : {}),
        crf: options.crf === true,
        ...(viewer ? { viewer } : {}),
        log: io.err,
        onStats: (st) =>
          io.err(
            `segmented ${st.segmented}/${st.framesReceived} (skipped ${st.skipped}), p95 ${st.latency.p95.toFixed(0)} ms`,
          ),
      });
      const m = result.outputs?.measurement?.main;
      if (options.json) {
        io.out(
          JSON.stringify({
            stats: result.stats,
            provider: result.provider,
            cobbDeg: m?.cobbDeg,
            outputs: [...(result.outputs?.files ?? []), ...(result.dicom?.files ?? [])],
            pacs: pacsSummary(result.dicom?.pacs),
          }),
        );
      } else {
        const st = result.stats;
        io.out(
          `frames ${st.framesReceived}, segmented ${st.segmented}, skipped ${st.skipped}, labels sent ${st.labelsSent}`,
        );
        io.out(
          `Cobb angle: ${m ? m.cobbDeg.toFixed(1) + ' deg' : 'n/a (' + (result.outputs?.measurementError ?? 'no reconstruction') + ')'}`,
        );
        for (const f of [...(result.outputs?.files ?? []), ...(result.dicom?.files ?? [])])
          io.out(`wrote ${f}`);
        const p = pacsSummary(result.dicom?.pacs);
        if (p) io.out(`PACS: sent ${p.sent}, queued ${p.queued}`);
      }
      // Ended by --frames: the viewer keeps the result on screen until Ctrl-C.
      await holdViewer(viewer, io, false);
      return 0;
    } finally {
      await viewer?.close();
    }
  },
});
