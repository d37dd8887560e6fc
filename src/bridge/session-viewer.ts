import { encodePng } from '../image/index.js';
import {
  coronalProjection,
  measureSpine,
  VolumeError,
  type Mesh,
  type SpineMeasurement,
  type VolumeReconstructor,
} from '../volume/index.js';
import type { BridgeStats, LiveBridge } from './live-bridge.js';
import type { SweepOutputs } from './sweep-outputs.js';

/**
 * Where a browser viewer (src/viewer) is fed from: structural, so the bridge does not depend on how the
 * viewer serves its clients.
 */
export interface SessionViewer {
  pushFrame(f: {
    width: number;
    height: number;
    pixels: Uint8Array;
    label: Uint8Array;
    index: number;
    /** Row-major ImageToReference; all zeros when the frame has no valid pose. */
    imageToReference: ArrayLike<number>;
  }): void;
  pushMeasurement(m: unknown): void;
  pushSurface(mesh: Mesh): void;
  pushStatus(s: Record<string, unknown>): void;
  pushCoronal(png: Uint8Array): void;
  pushVolume(v: {
    dims: readonly [number, number, number];
    spacing: readonly [number, number, number];
    origin: readonly [number, number, number];
    intensity: Uint8Array;
    labels: Uint8Array;
  }): void;
}

const NO_POSE = new Float64Array(16);

/**
 * During the sweep: every segmented frame with its label and pose, the running figures each second, and
 * every `liveMeasureMs` (0: never) the angle of the sweep so far. Returns the function that stops the timers.
 */
export function feedViewer(
  viewer: SessionViewer,
  bridge: LiveBridge,
  provider: string,
  liveMeasureMs: number,
): () => void {
  let index = 0;
  bridge.on('labelled', (f) => {
    const { width, height, pixels } = f.frame;
    const imageToReference = f.frame.poseValid ? f.frame.imageToReference : NO_POSE;
    viewer.pushFrame({ width, height, pixels, label: f.label, index: index++, imageToReference });
  });
  const status = setInterval(() => viewer.pushStatus(statusOf(bridge.stats(), provider)), 1000);
  const live = bridge.reconstructor;
  const measurer =
    live && liveMeasureMs > 0
      ? setInterval(() => pushMeasurementSoFar(live, viewer), liveMeasureMs)
      : undefined;
  return () => {
    clearInterval(status);
    clearInterval(measurer);
  };
}

/** After the sweep: final figures, surface, coronal view, volume for the slices, and the angles last. */
export function finishViewer(
  viewer: SessionViewer,
  stats: BridgeStats,
  provider: string,
  outputs: SweepOutputs | undefined,
  log?: (line: string) => void,
): void {
  viewer.pushStatus({ ...statusOf(stats, provider), sweep: 'done' });
  if (outputs?.surface) viewer.pushSurface(outputs.surface);
  if (outputs?.coronalPng) viewer.pushCoronal(outputs.coronalPng);
  if (outputs) pushVolume(viewer, outputs, log);
  viewer.pushMeasurement(
    outputs?.measurement
      ? anglesOf(outputs.measurement)
      : { error: outputs?.measurementError ?? 'no reconstruction' },
  );
}

/**
 * The angle of the sweep so far: the live label grid is measured in place (synchronously, so no frame is
 * pasted meanwhile); the coronal view follows when there is a curve. Labels with too little bone yet give
 * `{ live: true, error }`. Landmark tilts only (`mirror: false`): about 0.15 s of main-thread work on a
 * full-spine 1 mm grid, so it runs every few seconds, not per frame; the mirror-symmetry refinement (~3 s, on a worker)
 * is for the final measurement when the sweep ends.
 */
export function pushMeasurementSoFar(rec: VolumeReconstructor, viewer: SessionViewer): void {
  const labels = rec.labelsNow();
  if (!labels) return;
  try {
    const m = measureSpine(labels, { mirror: false });
    viewer.pushMeasurement({ live: true, ...anglesOf(m) });
    viewer.pushCoronal(encodePng(coronalProjection(labels, m, { mode: 'max' })));
  } catch (e) {
    if (!(e instanceof VolumeError)) throw e;
    viewer.pushMeasurement({ live: true, error: e.message });
  }
}

/** The viewer's angles: SpineMeasurement's curves (level indices from 0, cranial first), tilts and landmarks. */
function anglesOf(m: SpineMeasurement): Record<string, unknown> {
  const levels = m.levels.map((l) => ({ tiltDeg: l.tiltDeg, left: [...l.left], right: [...l.right] }));
  return { main: m.main, secondary: m.secondary, levels };
}

/** The sweep's grids for the viewer's slices; one too large for a browser is left out with a log line. */
function pushVolume(viewer: SessionViewer, outputs: SweepOutputs, log?: (line: string) => void): void {
  const { intensity, labels } = outputs.volumes;
  try {
    viewer.pushVolume({
      dims: intensity.dims,
      spacing: intensity.spacing,
      origin: intensity.origin,
      intensity: intensity.data,
      labels: labels?.data ?? new Uint8Array(intensity.data.length),
    });
  } catch (e) {
    log?.(`viewer: volume not sent: ${(e as Error).message}`);
  }
}

function statusOf(s: BridgeStats, provider: string): Record<string, unknown> {
  return {
    received: s.framesReceived,
    segmented: s.segmented,
    skipped: s.skipped,
    labelsSent: s.labelsSent,
    pasted: s.pasted,
    latencyP50Ms: s.latency.p50,
    provider,
  };
}
