import type { Mat4 } from '../math/index.js';

/** One tracked frame to export: 8-bit pixels, x fastest (w*h), and where they lie. */
export interface TrackedImage {
  readonly pixels: Uint8Array;
  /** Row-major 4x4, pixel (i, j) -> mm in the RAS Reference frame; undefined when the tracker had none. */
  readonly imageToReference: Mat4 | undefined;
}

/** Patient attributes; every field defaults to the anonymous patient ('Anonymous', 'ANON', empty rest). */
export interface PatientInfo {
  readonly name?: string;
  readonly id?: string;
  /** YYYYMMDD */
  readonly birthDate?: string;
  readonly sex?: 'M' | 'F' | 'O' | '';
}

export interface StudyInfo {
  readonly id?: string;
  readonly description?: string;
  readonly accessionNumber?: string;
}

/** Every UID an export uses; fixed ones make the output reproducible (golden files), missing ones are new. */
export interface ExportUids {
  readonly study?: string;
  readonly frameOfReference?: string;
  readonly sourceSeries?: string;
  readonly sourceInstance?: string;
  readonly segSeries?: string;
  readonly segInstance?: string;
  readonly dimensionOrganization?: string;
}

/** Everything exportSweep needs; none of it is mutated. */
export interface ExportRequest {
  readonly width: number;
  readonly height: number;
  readonly frames: readonly TrackedImage[];
  /** Bone labels per frame (nonzero = bone), same count and size as `frames`; no SEG without them. */
  readonly labels?: readonly Uint8Array[];
  readonly patient?: PatientInfo;
  readonly study?: StudyInfo;
  readonly uids?: ExportUids;
  /** Study/series/content date and time (default: now). */
  readonly date?: Date;
  /** Nominal SliceThickness in Pixel Measures, mm (default 1: a typical elevational beam width). */
  readonly sliceThickness?: number;
  /** SegmentAlgorithmName of the SEG (default 'UGBNet'). */
  readonly algorithmName?: string;
  /** SoftwareVersions (default: the package version given by the caller, else 'unknown'). */
  readonly softwareVersion?: string;
}

/** Why a frame was left out of both files. */
export type SkipReason = 'no-transform' | 'bad-transform';

export interface ExportResult {
  /** Multi-frame Grayscale Byte SC, Part 10 bytes. */
  readonly source: Uint8Array;
  /** SEG, Part 10 bytes; undefined without labels. */
  readonly seg: Uint8Array | undefined;
  /** Input frame indices written, in order (source frame k+1 and SEG frame k+1 are input frame written[k]). */
  readonly written: readonly number[];
  readonly skipped: readonly { readonly index: number; readonly reason: SkipReason }[];
  /** The UIDs used (given or generated). */
  readonly uids: Required<ExportUids>;
  /** SEG frames with at least one bone pixel. */
  readonly framesWithBone: number;
}
