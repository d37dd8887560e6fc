import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encodePng } from '../image/index.js';
import type { Mat4 } from '../math/index.js';
import { SequenceWriter } from '../sequence/index.js';
import { createBmodeRenderer, type BmodeParams } from './bmode.js';
import { SimError } from './errors.js';
import { imageGeometry, type ImageGeometryParams } from './geometry.js';
import { buildPhantom, type PhantomParams } from './phantom.js';
import { makeSweep, type SweepParams } from './sweep.js';
import { plusConfigXml } from './plus-config.js';

/** One simulated patient and sweep written as a training/test set. */
export interface DatasetOptions {
  readonly out: string;
  readonly seed: number;
  readonly phantom?: PhantomParams;
  readonly image?: ImageGeometryParams;
  readonly sweep?: SweepParams;
  readonly bmode?: BmodeParams;
  /** Also write DIR/sweep.igs.mha (default true). */
  readonly sequence?: boolean;
  readonly progress?: (done: number, total: number) => void;
}

export interface DatasetSummary {
  readonly dir: string;
  readonly frames: number;
  readonly cobb: readonly { upperEnd: string; lowerEnd: string; cobbDeg: number }[];
  readonly labelledFrames: number;
  readonly poorContactFrames: number;
  readonly invalidTransformFrames: number;
}

/** Format tag of truth.json; bump on incompatible changes. */
export const TRUTH_FORMAT = 'spinebridge-sim-truth/1';

const rowMajor = (m: Mat4) => Array.from(m, (v) => Math.round(v * 1e6) / 1e6);

/**
 * Writes DIR/frames/frame_NNNNN.png (8-bit grey), DIR/masks/frame_NNNNN.png (0/255 bone surface band),
 * DIR/truth.json, DIR/sweep.igs.mha (PLUS sequence: ProbeToTracker, ReferenceToTracker, timestamps)
 * and DIR/plus-config.xml (ImageToProbe and a VolumeReconstruction element).
 */
export async function writeDataset(o: DatasetOptions): Promise<DatasetSummary> {
  const phantom = buildPhantom(o.phantom);
  const geometry = imageGeometry(o.image);
  const sweep = makeSweep(phantom, geometry, o.seed, o.sweep);
  const renderer = createBmodeRenderer(phantom, geometry, o.seed, o.bmode);
  try {
    await mkdir(join(o.out, 'frames'), { recursive: true });
    await mkdir(join(o.out, 'masks'), { recursive: true });
  } catch (e) {
    throw new SimError('SIM_IO', `cannot create ${o.out}: ${(e as Error).message}`, { cause: e });
  }
  const { width, height } = geometry;
  const seq =
    o.sequence === false
      ? undefined
      : await SequenceWriter.open(join(o.out, 'sweep.igs.mha'), {
          layout: { frameSize: [width, height, 1], orientation: 'MF', imageType: 'BRIGHTNESS' },
          compress: true,
        });
  const frames = [];
  let labelled = 0;
  const total = sweep.frames.length;
  for (const f of sweep.frames) {
    const r = renderer.render({
      imageToReference: f.imageToReference,
      index: f.index,
      poorContact: f.poorContact,
    });
    const name = `frame_${String(f.index).padStart(5, '0')}.png`;
    let labelPixels = 0;
    for (let i = 0; i < r.label.length; i++) if (r.label[i] !== 0) labelPixels++;
    if (labelPixels > 0) labelled++;
    await writeFile(
      join(o.out, 'frames', name),
      encodePng({ width, height, channels: 1, data: r.image }, { level: 4 }),
    );
    await writeFile(
      join(o.out, 'masks', name),
      encodePng({ width, height, channels: 1, data: r.label }, { level: 4 }),
    );
    await seq?.append({
      pixels: r.image,
      timestamp: f.timestamp,
      transforms: new Map([
        ['ProbeToTracker', { matrix: f.probeToTracker, status: f.probeToTrackerStatus }],
        ['ReferenceToTracker', { matrix: f.referenceToTracker, status: 'OK' }],
      ]),
    });
    frames.push({
      index: f.index,
      file: name,
      timestamp: f.timestamp,
      imageToReference: rowMajor(f.imageToReference),
      probeToTrackerStatus: f.probeToTrackerStatus,
      poorContact: f.poorContact,
      labelPixels,
    });
    o.progress?.(f.index + 1, total);
  }
  await seq?.close();
  const truth = {
    format: TRUTH_FORMAT,
    seed: o.seed,
    referenceFrame:
      'Reference = patient frame, mm, RAS: +x patient right, +y anterior, +z cranial; origin at the L5 body centre',
    cobb: phantom.cobb,
    requestedCurves: phantom.params.curves,
    phantom: phantom.params,
    levels: phantom.levels.map((l) => ({
      name: l.name,
      center: l.center.map(round3),
      axes: l.axes.map((a) => a.map(round6)),
      coronalTiltDeg: round6(l.coronalTiltDeg),
      sagittalTiltDeg: round6(l.sagittalTiltDeg),
      axialRotationDeg: round6(l.axialRotationDeg),
      spinousTip: l.spinousTip.map(round3),
    })),
    image: {
      width,
      height,
      spacingMm: [geometry.spacingMm, geometry.spacingMm],
      depthMm: geometry.depthMm,
      probeWidthMm: geometry.probeWidthMm,
      activeColumns: [geometry.colStart, geometry.colEnd],
      orientation: 'MF',
      pixelToImage: 'pixel (i, j) = point (i, j, 0) of the Image frame; ImageToReference maps it to mm',
    },
    probe: {
      type: 'linear',
      orientation: sweep.params.orientation,
      imageToProbe: rowMajor(sweep.imageToProbe),
    },
    sweep: sweep.params,
    frames,
  };
  await writeFile(join(o.out, 'truth.json'), JSON.stringify(truth, null, 1));
  await writeFile(join(o.out, 'plus-config.xml'), plusConfigXml(sweep.imageToProbe, geometry));
  return {
    dir: o.out,
    frames: total,
    cobb: phantom.cobb.map((c) => ({ upperEnd: c.upperEnd, lowerEnd: c.lowerEnd, cobbDeg: c.cobbDeg })),
    labelledFrames: labelled,
    poorContactFrames: sweep.frames.filter((f) => f.poorContact).length,
    invalidTransformFrames: sweep.frames.filter((f) => f.probeToTrackerStatus !== 'OK').length,
  };
}

const round3 = (v: number) => Math.round(v * 1e3) / 1e3;
const round6 = (v: number) => Math.round(v * 1e6) / 1e6;
