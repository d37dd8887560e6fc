import { codeItem, type Dataset } from './dataset.js';
import { DICTIONARY } from './dictionary.js';
import { pixelMeasures, planeGroups, type MultiFrameParts } from './source.js';
import { MULTIFRAME_GRAYSCALE_BYTE_SC, SEGMENTATION_STORAGE } from './sop-classes.js';

/** Plane of SEG frame k = plane of source frame k (frame numbers are 1-based in the references). */
export interface SegParts extends MultiFrameParts {
  readonly dimensionOrganizationUid: string;
  readonly source: { readonly seriesUid: string; readonly instanceUid: string };
  /** BINARY frames packed by packBits. */
  readonly packedPixels: Uint8Array;
  readonly algorithmName: string;
}

/** The one segment: bone, SNOMED CT coded (PS3.16 CID 7150 category, CID 7151/7166 type). */
export const BONE_SEGMENT = {
  number: 1,
  label: 'Bone',
  category: ['91723000', 'SCT', 'Anatomical structure'],
  type: ['3138006', 'SCT', 'Bone'],
  /** CIELab of a bone white, scaled to 0..65535 as PS3.3 C.10.7.1.1 asks. */
  cieLab: [58000, 32896, 37000],
} as const;

/**
 * The Segmentation data set (PS3.3 A.51) for a BINARY bone mask with one SEG frame per source frame,
 * empty ones included, so SEG frame k always derives from source frame k.
 */
export function segDataset(p: SegParts): Dataset {
  const n = p.planes.length;
  const b = BONE_SEGMENT;
  return {
    ...p.common,
    ImageType: ['DERIVED', 'PRIMARY'],
    SOPClassUID: SEGMENTATION_STORAGE,
    SOPInstanceUID: p.instanceUid,
    Modality: 'SEG',
    SeriesDescription: 'Bone segmentation',
    SeriesInstanceUID: p.seriesUid,
    SeriesNumber: 2,
    DeviceSerialNumber: '0',
    // Common Instance Reference (C.12.2): the series and instance every frame derives from.
    ReferencedSeriesSequence: [
      {
        SeriesInstanceUID: p.source.seriesUid,
        ReferencedInstanceSequence: [
          {
            ReferencedSOPClassUID: MULTIFRAME_GRAYSCALE_BYTE_SC,
            ReferencedSOPInstanceUID: p.source.instanceUid,
          },
        ],
      },
    ],
    ContentLabel: 'BONE',
    ContentDescription: 'Bone in each tracked ultrasound frame',
    ContentCreatorName: '',
    SegmentationType: 'BINARY',
    SegmentSequence: [
      {
        SegmentNumber: b.number,
        SegmentLabel: b.label,
        SegmentAlgorithmType: 'AUTOMATIC',
        SegmentAlgorithmName: p.algorithmName,
        SegmentedPropertyCategoryCodeSequence: [codeItem(...b.category)],
        SegmentedPropertyTypeCodeSequence: [codeItem(...b.type)],
        RecommendedDisplayCIELabValue: b.cieLab,
      },
    ],
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    NumberOfFrames: n,
    Rows: p.rows,
    Columns: p.columns,
    BitsAllocated: 1,
    BitsStored: 1,
    HighBit: 0,
    PixelRepresentation: 0,
    LossyImageCompression: '00',
    // Multi-frame Dimension (C.7.6.17): frames indexed by segment, then by plane position in sweep order.
    DimensionOrganizationSequence: [{ DimensionOrganizationUID: p.dimensionOrganizationUid }],
    DimensionIndexSequence: [
      dimension(p, 'ReferencedSegmentNumber', 'SegmentIdentificationSequence', 'Segment Number'),
      dimension(p, 'ImagePositionPatient', 'PlanePositionSequence', 'Image Position Patient'),
    ],
    SharedFunctionalGroupsSequence: [
      {
        PixelMeasuresSequence: [pixelMeasures(p)],
        SegmentIdentificationSequence: [{ ReferencedSegmentNumber: b.number }],
      },
    ],
    PerFrameFunctionalGroupsSequence: p.planes.map((plane, k) => ({
      DerivationImageSequence: [
        {
          DerivationCodeSequence: [codeItem('113076', 'DCM', 'Segmentation')],
          SourceImageSequence: [
            {
              ReferencedSOPClassUID: MULTIFRAME_GRAYSCALE_BYTE_SC,
              ReferencedSOPInstanceUID: p.source.instanceUid,
              ReferencedFrameNumber: k + 1,
              PurposeOfReferenceCodeSequence: [
                codeItem('121322', 'DCM', 'Source image for image processing operation'),
              ],
            },
          ],
        },
      ],
      FrameContentSequence: [{ DimensionIndexValues: [b.number, k + 1] }],
      ...planeGroups(plane),
    })),
    PixelData: p.packedPixels,
  };
}

function dimension(
  p: SegParts,
  pointer: keyof typeof DICTIONARY,
  group: keyof typeof DICTIONARY,
  label: string,
): Dataset {
  return {
    DimensionOrganizationUID: p.dimensionOrganizationUid,
    DimensionIndexPointer: DICTIONARY[pointer][0],
    FunctionalGroupPointer: DICTIONARY[group][0],
    DimensionDescriptionLabel: label,
  };
}

/**
 * BINARY SEG pixels (PS3.5 8.1.1, PS3.3 C.8.20.2): one bit per pixel, least significant bit first,
 * frames packed back to back with no per-frame padding; nonzero label = 1.
 */
export function packBits(frames: readonly Uint8Array[], pixelsPerFrame: number): Uint8Array {
  const total = frames.length * pixelsPerFrame;
  const out = new Uint8Array(Math.ceil(total / 8));
  let bit = 0;
  for (const f of frames) {
    for (let i = 0; i < pixelsPerFrame; i++, bit++) if (f[i]! !== 0) out[bit >> 3]! |= 1 << (bit & 7);
  }
  return out;
}

/** The inverse of packBits: `count` frames of 0/1 bytes. */
export function unpackBits(packed: Uint8Array, pixelsPerFrame: number, count: number): Uint8Array[] {
  const frames: Uint8Array[] = [];
  let bit = 0;
  for (let k = 0; k < count; k++) {
    const f = new Uint8Array(pixelsPerFrame);
    for (let i = 0; i < pixelsPerFrame; i++, bit++) f[i] = (packed[bit >> 3]! >> (bit & 7)) & 1;
    frames.push(f);
  }
  return frames;
}
