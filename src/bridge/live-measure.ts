import { encodePng } from '../image/index.js';
import { coronalProjection, measureSpine, VolumeError, type VolumeReconstructor } from '../volume/index.js';
import type { SessionViewer } from './session.js';

/**
 * The angle of the sweep so far, for the viewer: the live label grid is copied (the pasting goes on) and
 * measured; the coronal view follows when there is a curve. Labels with too little bone yet give
 * `{ live: true, error }`. About 0.1 s of main-thread work on a full-spine 1 mm grid, so it runs every few
 * seconds, not per frame.
 */
export function pushMeasurementSoFar(rec: VolumeReconstructor, viewer: SessionViewer): void {
  const labels = rec.snapshot({ fillHoles: false }).labels;
  if (!labels) return;
  try {
    const m = measureSpine(labels);
    viewer.pushMeasurement({
      live: true,
      main: m.main,
      secondary: m.secondary,
      levels: m.levels.map((l) => ({ tiltDeg: l.tiltDeg })),
    });
    viewer.pushCoronal(encodePng(coronalProjection(labels, m, { mode: 'max' })));
  } catch (e) {
    if (!(e instanceof VolumeError)) throw e;
    viewer.pushMeasurement({ live: true, error: e.message });
  }
}
