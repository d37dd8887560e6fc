import { runLiveSession } from '../../bridge/index.js';
import { senderFor } from '../../dicom/index.js';
import { pacsSummary } from '../pacs-summary.js';
import { DEFAULT_MODEL } from '../../segment/index.js';
import {
  buildPhantom,
  imageGeometry,
  makeSweep,
  PlusSimServer,
  type PhantomParams,
} from '../../sim/index.js';
import { geometryFromFrames } from '../../volume/index.js';
import { CliError } from '../parse.js';
import { defineCommand } from '../spec.js';
import { holdViewer, httpBindOption, httpOption, startViewer } from '../viewer-option.js';

/**
 * The embedded default: the built-in simulator plays PlusServer on a loopback port, and the bridge
 * connects to it exactly as it would to a real one (OpenIGTLink over TCP), segments, sends labels
 * back, reconstructs and measures.
 */
export const demoCommand = defineCommand({
  name: ['demo'],
  summary: 'simulator -> OpenIGTLink -> segmentation -> labels back -> 3D reconstruction -> Cobb angle',
  options: {
    frames: {
      kind: 'number',
      value: 'N',
      help: 'frames to segment (one sweep up the back is 600)',
      default: 600,
    },
    exit: {
      kind: 'boolean',
      help: 'exit after N frames (default: keep sweeping until Ctrl-C; with --http, one sweep of N frames, then the viewer stays up until Ctrl-C)',
    },
    http: httpOption,
    'http-bind': httpBindOption,
    out: {
      kind: 'string',
      value: 'DIR',
      help: 'where volumes, surface and measurement go',
      default: 'out/demo',
    },
    fps: { kind: 'number', value: 'N', help: 'simulator frame rate', default: 30 },
    seed: { kind: 'number', value: 'S', help: 'simulated patient seed', default: 1 },
    cobb: {
      kind: 'number',
      value: 'DEG',
      help: 'true Cobb angle of the simulated T5-T12 curve',
      default: 30,
    },
    spacing: { kind: 'number', value: 'MM', help: 'reconstruction voxel size', default: 1 },
    workers: { kind: 'number', value: 'N', help: 'segmentation worker threads', default: 2 },
    model: { kind: 'string', value: 'FILE', help: 'model card', default: DEFAULT_MODEL },
    pacs: {
      kind: 'string',
      value: 'URL',
      help: 'send the sweep DICOM (DIR/dicom) to a PACS: DICOMweb root http://… or HOST:PORT:AET (C-STORE)',
    },
    json: { kind: 'boolean', help: 'print the summary as JSON' },
  },
  run: async ({ options, io }) => {
    if (!(options.frames > 0)) throw new CliError('CLI_BAD_VALUE', '--frames must be positive');
    if (!(options.spacing > 0)) throw new CliError('CLI_BAD_VALUE', '--spacing must be positive');
    // A malformed PACS address fails now, not after the sweep.
    if (options.pacs) senderFor(options.pacs);
    const viewer = await startViewer(options.http, io, options['http-bind']);
    try {
      const phantomParams: PhantomParams = {
        curves:
          options.cobb === 0
            ? []
            : [{ upperEnd: 'T5', lowerEnd: 'T12', cobbDeg: options.cobb, convexity: 'right' }],
      };
      const sim = await PlusSimServer.start({
        port: 0,
        fps: options.fps,
        seed: options.seed,
        phantom: phantomParams,
      });
      try {
        // The simulator's sweep is deterministic for the seed, so its extent gives the live grid up front.
        const phantom = buildPhantom(phantomParams);
        const geometry = imageGeometry();
        const sweep = makeSweep(phantom, geometry, options.seed, { frames: 600 });
        const grid = geometryFromFrames(
          sweep.frames.map((f) => f.imageToReference),
          geometry.width,
          geometry.height,
          [options.spacing, options.spacing, options.spacing],
        );
        io.err(
          `demo: simulator on 127.0.0.1:${sim.port}; grid ${grid.dims.join('x')} at ${options.spacing} mm`,
        );
        const result = await runLiveSession({
          igtl: `127.0.0.1:${sim.port}`,
          model: options.model,
          workers: options.workers,
          pairing: { imageName: 'Image_Reference' },
          reconstruction: {
            spacing: [options.spacing, options.spacing, options.spacing],
            origin: grid.origin,
            dims: grid.dims,
            interpolation: 'nearest',
            compounding: 'maximum',
            arithmetic: 'float',
          },
          // With a viewer, one sweep: its surface and angles then stay on screen.
          ...(options.exit || viewer ? { frames: options.frames } : {}),
          stop: io.stopped,
          ...(viewer ? { viewer } : {}),
          outDir: options.out,
          ...(options.pacs ? { pacs: options.pacs } : {}),
          log: io.err,
          onStats: (s) => io.progress('segmented', Math.min(s.segmented, options.frames), options.frames),
        });
        const truth = phantom.cobb.reduce((a, b) => (b.cobbDeg > a.cobbDeg ? b : a));
        const m = result.outputs?.measurement?.main;
        const summary = {
          provider: result.provider,
          frames: result.stats,
          trueCobbDeg: truth.cobbDeg,
          measuredCobbDeg: m?.cobbDeg,
          outputs: [...(result.outputs?.files ?? []), ...(result.dicom?.files ?? [])],
          pacs: pacsSummary(result.dicom?.pacs),
          measurementError: result.outputs?.measurementError,
        };
        if (options.json) {
          io.out(JSON.stringify(summary));
        } else {
          const s = result.stats;
          io.out(
            `frames received ${s.framesReceived}, segmented ${s.segmented}, skipped ${s.skipped}, labels sent ${s.labelsSent}`,
          );
          io.out(
            `latency p50 ${s.latency.p50.toFixed(1)} ms, p95 ${s.latency.p95.toFixed(1)} ms (${result.provider})`,
          );
          io.out(
            `Cobb angle: true ${truth.cobbDeg.toFixed(1)} deg (${truth.upperEnd}-${truth.lowerEnd}), measured ${m ? m.cobbDeg.toFixed(1) + ' deg' : 'n/a'}`,
          );
          for (const f of summary.outputs) io.out(`wrote ${f}`);
          if (summary.pacs) io.out(`PACS: sent ${summary.pacs.sent}, queued ${summary.pacs.queued}`);
        }
      } finally {
        await sim.close();
      }
      await holdViewer(viewer, io, options.exit === true);
      return 0;
    } finally {
      await viewer?.close();
    }
  },
});
