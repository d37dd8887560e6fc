import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encodePng } from '../image/index.js';
import { writeVolume } from '../sequence/index.js';
import {
  coronalProjection,
  decimateMesh,
  encodeStl,
  extractSurface,
  measureSpineOffThread,
  smoothMesh,
  VolumeError,
  type VolumeReconstructor,
  type Mesh,
  type VolumeGrid,
  type SpineMeasurement,
} from '../volume/index.js';

/** What one finished sweep produced on disk, and the measured curve. */
export interface SweepOutputs {
  readonly dir: string;
  readonly files: readonly string[];
  readonly measurement: SpineMeasurement | undefined;
  /** The bone surface written to surface.stl (smoothed, decimated), when the labels had any. */
  readonly surface?: Mesh;
  /** The grids as written (intensity hole-filled), for the viewer's slices. */
  readonly volumes: { readonly intensity: VolumeGrid; readonly labels?: VolumeGrid };
  /** coronal.png's bytes, when there is a measurement. */
  readonly coronalPng?: Uint8Array;
  /** Why there is no measurement (e.g. too little bone), when there is none. */
  readonly measurementError?: string;
}

/**
 * Writes the reconstruction of a sweep: intensity and label volumes (MetaImage, Reference frame =
 * RAS as Slicer reads it), the bone surface (STL), the measurement (JSON) and its coronal projection (PNG).
 */
export async function writeSweepOutputs(
  reconstructor: VolumeReconstructor,
  dir: string,
): Promise<SweepOutputs> {
  await mkdir(dir, { recursive: true });
  const snap = reconstructor.snapshot({ fillHoles: true });
  const files: string[] = [];
  const volume = join(dir, 'volume.mha');
  await writeVolume(volume, snap.intensity, { compress: true });
  files.push(volume);
  let measurement: SpineMeasurement | undefined;
  let measurementError: string | undefined;
  let surface: Mesh | undefined;
  let coronalPng: Uint8Array | undefined;
  if (snap.labels) {
    const labels = join(dir, 'labels.mha');
    await writeVolume(labels, snap.labels, { compress: true });
    files.push(labels);
    const mesh = extractSurface(snap.labels, 0.5);
    if (mesh.triangles.length > 0) {
      const cell = Math.max(...snap.labels.spacing) * 1.5;
      const stl = join(dir, 'surface.stl');
      surface = decimateMesh(smoothMesh(mesh), cell);
      await writeFile(stl, encodeStl(surface));
      files.push(stl);
    }
    try {
      measurement = await measureSpineOffThread(snap.labels);
      // The X-ray-like view a clinician checks the angle on: bone labels, curve and end-vertebra lines.
      const png = join(dir, 'coronal.png');
      coronalPng = encodePng(coronalProjection(snap.labels, measurement, { mode: 'max' }));
      await writeFile(png, coronalPng);
      files.push(png);
    } catch (e) {
      if (!(e instanceof VolumeError)) throw e;
      measurementError = e.message;
    }
  }
  const json = join(dir, 'measurement.json');
  await writeFile(json, JSON.stringify({ measurement, measurementError }, null, 2) + '\n');
  files.push(json);
  return {
    dir,
    files,
    volumes: { intensity: snap.intensity, ...(snap.labels ? { labels: snap.labels } : {}) },
    measurement,
    ...(surface ? { surface } : {}),
    ...(coronalPng ? { coronalPng } : {}),
    ...(measurementError ? { measurementError } : {}),
  };
}
