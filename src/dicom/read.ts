import dicomParser from 'dicom-parser';
import { DICTIONARY, type Keyword } from './dictionary.js';
import { DicomError } from './errors.js';
import type { FramePlane } from './geometry.js';
import { unpackBits } from './seg.js';

/** What the round-trip reader gives back: our own types, never the parser's objects. */
export interface DicomImage {
  readonly sopClassUid: string;
  readonly sopInstanceUid: string;
  readonly studyUid: string;
  readonly seriesUid: string;
  readonly frameOfReferenceUid: string | undefined;
  readonly modality: string;
  readonly patientName: string;
  readonly patientId: string;
  readonly rows: number;
  readonly columns: number;
  readonly bitsAllocated: number;
  /** [between rows, between columns] from the shared Pixel Measures, mm. */
  readonly spacing: readonly [number, number] | undefined;
  /** Per-frame Plane Position/Orientation (Patient), LPS, as written. */
  readonly planes: readonly Omit<FramePlane, 'spacing'>[];
  /** Pixels per frame, rows*columns, x fastest; SEG frames as 0/1. */
  readonly frames: readonly Uint8Array[];
  /** SEG only: the source frame number (1-based) each frame derives from. */
  readonly sourceFrameNumbers: readonly (number | undefined)[];
}

const tagOf = (k: Keyword) => `x${DICTIONARY[k][0].toString(16).padStart(8, '0')}`;

/**
 * Parses a Part 10 file written by this module (8-bit or BINARY 1-bit, uncompressed) with dicom-parser,
 * an implementation independent of our encoder, so a round trip checks the encoding too.
 */
export function readDicom(bytes: Uint8Array, name = 'DICOM file'): DicomImage {
  let ds: dicomParser.DataSet;
  try {
    ds = dicomParser.parseDicom(bytes);
  } catch (e) {
    throw new DicomError('DICOM_PARSE', `${name}: not a readable DICOM file (${String(e)})`, { cause: e });
  }
  const str = (d: dicomParser.DataSet, k: Keyword) => d.string(tagOf(k));
  const need = (k: Keyword) => {
    const v = str(ds, k);
    if (v === undefined) throw new DicomError('DICOM_PARSE', `${name}: ${k} is missing`);
    return v;
  };
  const rows = ds.uint16(tagOf('Rows'));
  const columns = ds.uint16(tagOf('Columns'));
  const bits = ds.uint16(tagOf('BitsAllocated'));
  if (rows === undefined || columns === undefined || bits === undefined)
    throw new DicomError('DICOM_PARSE', `${name}: Rows, Columns or BitsAllocated is missing`);
  const count = ds.intString(tagOf('NumberOfFrames')) ?? 1;
  const items = (d: dicomParser.DataSet, k: Keyword) => d.elements[tagOf(k)]?.items ?? [];
  const first = (d: dicomParser.DataSet, k: Keyword) => items(d, k)[0]?.dataSet;
  const nums = (d: dicomParser.DataSet | undefined, k: Keyword, n: number) => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push(d?.floatString(tagOf(k), i) ?? NaN);
    return out;
  };
  const shared = first(ds, 'SharedFunctionalGroupsSequence');
  const measures = shared && first(shared, 'PixelMeasuresSequence');
  const spacing = measures ? (nums(measures, 'PixelSpacing', 2) as [number, number]) : undefined;
  const perFrame = items(ds, 'PerFrameFunctionalGroupsSequence').map((i) => i.dataSet!);
  const planes = perFrame.map((f) => ({
    position: nums(first(f, 'PlanePositionSequence'), 'ImagePositionPatient', 3) as [number, number, number],
    orientation: nums(first(f, 'PlaneOrientationSequence'), 'ImageOrientationPatient', 6) as [
      number,
      number,
      number,
      number,
      number,
      number,
    ],
  }));
  const sourceFrameNumbers = perFrame.map((f) => {
    const derivation = first(f, 'DerivationImageSequence');
    const src = derivation && first(derivation, 'SourceImageSequence');
    return src?.intString(tagOf('ReferencedFrameNumber'));
  });
  const pixelElement = ds.elements[tagOf('PixelData')];
  if (pixelElement === undefined) throw new DicomError('DICOM_PARSE', `${name}: no PixelData`);
  const n = rows * columns;
  const data = bytes.subarray(pixelElement.dataOffset, pixelElement.dataOffset + pixelElement.length);
  let frames: Uint8Array[];
  if (bits === 1) {
    if (data.length * 8 < n * count) throw new DicomError('DICOM_PARSE', `${name}: PixelData is short`);
    frames = unpackBits(data, n, count);
  } else if (bits === 8) {
    if (data.length < n * count) throw new DicomError('DICOM_PARSE', `${name}: PixelData is short`);
    frames = Array.from({ length: count }, (_, k) => data.slice(k * n, (k + 1) * n));
  } else throw new DicomError('DICOM_PARSE', `${name}: BitsAllocated ${bits} is not read here`);
  return {
    sopClassUid: need('SOPClassUID'),
    sopInstanceUid: need('SOPInstanceUID'),
    studyUid: need('StudyInstanceUID'),
    seriesUid: need('SeriesInstanceUID'),
    frameOfReferenceUid: str(ds, 'FrameOfReferenceUID'),
    modality: need('Modality'),
    patientName: str(ds, 'PatientName') ?? '',
    patientId: str(ds, 'PatientID') ?? '',
    rows,
    columns,
    bitsAllocated: bits,
    spacing,
    planes,
    frames,
    sourceFrameNumbers,
  };
}
