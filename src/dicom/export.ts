import { commonAttributes } from './common.js';
import { concat } from './encode.js';
import { DicomError } from './errors.js';
import { planeOf, type FramePlane } from './geometry.js';
import { encodePart10 } from './part10.js';
import { packBits, segDataset } from './seg.js';
import { sourceDataset } from './source.js';
import type { ExportRequest, ExportResult, ExportUids, SkipReason } from './types.js';
import { newUid } from './uid.js';

/** A typical elevational beam width of a linear spine probe; the SEG's Pixel Measures require a value. */
const DEFAULT_SLICE_THICKNESS_MM = 1;

/** Largest relative difference in pixel spacing between frames that still shares one Pixel Measures. */
const SPACING_TOLERANCE = 1e-3;

/**
 * Builds the source SC and (with labels) the SEG of one sweep, as Part 10 bytes. Pure apart from new
 * UIDs and the clock, both of which `req.uids` and `req.date` can fix. Frames without a usable transform
 * are left out of both files and listed in `skipped`; no usable frame at all is DICOM_NO_VALID_FRAMES.
 */
export function exportSweep(req: ExportRequest): ExportResult {
  const { width, height, frames, labels } = req;
  checkInput(req);
  const uids = completeUids(req.uids);
  const planes: FramePlane[] = [];
  const written: number[] = [];
  const skipped: { index: number; reason: SkipReason }[] = [];
  frames.forEach((f, index) => {
    if (f.imageToReference === undefined) return skipped.push({ index, reason: 'no-transform' });
    const plane = planeOf(f.imageToReference);
    if (plane === undefined) return skipped.push({ index, reason: 'bad-transform' });
    planes.push(plane);
    written.push(index);
  });
  if (planes.length === 0)
    throw new DicomError(
      'DICOM_NO_VALID_FRAMES',
      `none of the ${frames.length} frames has a valid ImageToReference transform`,
    );
  const spacing = planes[0]!.spacing;
  for (const [k, p] of planes.entries()) {
    if (p.spacing.some((s, a) => Math.abs(s - spacing[a]!) > SPACING_TOLERANCE * spacing[a]!))
      throw new DicomError(
        'DICOM_BAD_INPUT',
        `frame ${written[k]}: pixel spacing ${p.spacing.join(' x ')} mm differs from frame ${written[0]}'s ${spacing.join(' x ')} mm (one shared Pixel Measures is written)`,
      );
  }
  const sliceThickness = req.sliceThickness ?? DEFAULT_SLICE_THICKNESS_MM;
  const common = commonAttributes(req, uids, req.softwareVersion ?? 'unknown');
  const source = encodePart10(
    sourceDataset({
      common,
      seriesUid: uids.sourceSeries,
      instanceUid: uids.sourceInstance,
      rows: height,
      columns: width,
      planes,
      spacing,
      sliceThickness,
      pixels: concat(written.map((i) => frames[i]!.pixels)),
    }),
  );
  let seg: Uint8Array | undefined;
  let framesWithBone = 0;
  if (labels !== undefined) {
    const segFrames = written.map((i) => labels[i]!);
    framesWithBone = segFrames.filter((f) => f.some((x) => x !== 0)).length;
    seg = encodePart10(
      segDataset({
        common,
        seriesUid: uids.segSeries,
        instanceUid: uids.segInstance,
        dimensionOrganizationUid: uids.dimensionOrganization,
        source: { seriesUid: uids.sourceSeries, instanceUid: uids.sourceInstance },
        rows: height,
        columns: width,
        planes,
        spacing,
        sliceThickness,
        packedPixels: packBits(segFrames, width * height),
        algorithmName: req.algorithmName ?? 'UGBNet',
      }),
    );
  }
  return { source, seg, written, skipped, uids, framesWithBone };
}

function completeUids(u: ExportUids = {}): Required<ExportUids> {
  return {
    study: u.study ?? newUid(),
    frameOfReference: u.frameOfReference ?? newUid(),
    sourceSeries: u.sourceSeries ?? newUid(),
    sourceInstance: u.sourceInstance ?? newUid(),
    segSeries: u.segSeries ?? newUid(),
    segInstance: u.segInstance ?? newUid(),
    dimensionOrganization: u.dimensionOrganization ?? newUid(),
  };
}

function checkInput(req: ExportRequest): void {
  const { width, height, frames, labels } = req;
  // Rows and Columns are US (PS3.3 C.7.6.3): at most 65535.
  if (![width, height].every((n) => Number.isInteger(n) && n > 0 && n <= 0xffff))
    throw new DicomError('DICOM_BAD_INPUT', `frame size ${width}x${height} cannot be a DICOM image`);
  if (frames.length === 0) throw new DicomError('DICOM_BAD_INPUT', 'the sweep has no frames');
  const n = width * height;
  frames.forEach((f, i) => {
    if (!(f.pixels instanceof Uint8Array) || f.pixels.length !== n)
      throw new DicomError(
        'DICOM_BAD_INPUT',
        `frame ${i}: expected ${n} 8-bit pixels (${width}x${height}), got ${f.pixels.length}`,
      );
  });
  if (labels === undefined) return;
  if (labels.length !== frames.length)
    throw new DicomError(
      'DICOM_MISMATCH',
      `the labels have ${labels.length} frames, the sweep has ${frames.length}`,
    );
  labels.forEach((l, i) => {
    if (!(l instanceof Uint8Array) || l.length !== n)
      throw new DicomError(
        'DICOM_MISMATCH',
        `label frame ${i}: expected ${n} 8-bit pixels (${width}x${height}), got ${l.length}`,
      );
  });
}
