import type { Dataset } from './dataset.js';
import { DICTIONARY } from './dictionary.js';
import type { FramePlane } from './geometry.js';
import { MULTIFRAME_GRAYSCALE_BYTE_SC } from './sop-classes.js';

/** What the source and its SEG share: identity, frame size and the per-frame geometry. */
export interface MultiFrameParts {
  readonly common: Dataset;
  readonly seriesUid: string;
  readonly instanceUid: string;
  readonly rows: number;
  readonly columns: number;
  readonly planes: readonly FramePlane[];
  /** Shared pixel spacing [between rows, between columns], mm. */
  readonly spacing: readonly [number, number];
  /** Nominal slice thickness, mm (the beam's elevational width; PS3.3 C.7.6.16.2.1). */
  readonly sliceThickness: number;
}

export interface SourceParts extends MultiFrameParts {
  /** All frames, each rows*columns bytes, back to back. */
  readonly pixels: Uint8Array;
}

/**
 * The Multi-frame Grayscale Byte Secondary Capture data set (PS3.3 A.8.3) of a tracked sweep:
 * Pixel Measures shared, Plane Position/Orientation (Patient) per frame (A.8.3.4 functional groups),
 * in the Frame of Reference it shares with the SEG.
 */
export function sourceDataset(p: SourceParts): Dataset {
  return {
    ...p.common,
    ImageType: ['ORIGINAL', 'PRIMARY'],
    SOPClassUID: MULTIFRAME_GRAYSCALE_BYTE_SC,
    SOPInstanceUID: p.instanceUid,
    Modality: 'US',
    // WSD: captured at a workstation from a device's stream (PS3.3 C.8.6.1).
    ConversionType: 'WSD',
    SeriesDescription: 'Tracked ultrasound sweep',
    SeriesInstanceUID: p.seriesUid,
    SeriesNumber: 1,
    PatientOrientation: '',
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    NumberOfFrames: p.planes.length,
    Rows: p.rows,
    Columns: p.columns,
    BitsAllocated: 8,
    BitsStored: 8,
    HighBit: 7,
    PixelRepresentation: 0,
    BurnedInAnnotation: 'NO',
    LossyImageCompression: '00',
    PresentationLUTShape: 'IDENTITY',
    // Stored values are the scanner's grey levels, unitless ('US' = unspecified, C.8.6.3).
    RescaleIntercept: 0,
    RescaleSlope: 1,
    RescaleType: 'US',
    // Frames are told apart by their functional groups (C.8.6.3: the pointer may name that sequence).
    FrameIncrementPointer: DICTIONARY.PerFrameFunctionalGroupsSequence[0],
    SharedFunctionalGroupsSequence: [{ PixelMeasuresSequence: [pixelMeasures(p)] }],
    PerFrameFunctionalGroupsSequence: p.planes.map((plane) => planeGroups(plane)),
    PixelData: p.pixels,
  };
}

/** Plane Position and Plane Orientation (Patient) functional groups of one frame (PS3.3 C.7.6.16.2.3-4). */
export function planeGroups(plane: FramePlane): Dataset {
  return {
    PlanePositionSequence: [{ ImagePositionPatient: plane.position }],
    PlaneOrientationSequence: [{ ImageOrientationPatient: plane.orientation }],
  };
}

/** Pixel Measures functional group item (PS3.3 C.7.6.16.2.1), shared by all frames of both files. */
export function pixelMeasures(p: { spacing: readonly [number, number]; sliceThickness: number }): Dataset {
  return { PixelSpacing: p.spacing, SliceThickness: p.sliceThickness };
}
