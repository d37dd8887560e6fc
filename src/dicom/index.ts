export { DicomError } from './errors.js';
export type { DicomErrorCode } from './errors.js';
export type {
  TrackedImage,
  PatientInfo,
  StudyInfo,
  ExportUids,
  ExportRequest,
  ExportResult,
  SkipReason,
} from './types.js';
export type { FramePlane } from './geometry.js';
export { planeOf } from './geometry.js';
export { exportSweep } from './export.js';
export { MULTIFRAME_GRAYSCALE_BYTE_SC, SEGMENTATION_STORAGE } from './sop-classes.js';
export { BONE_SEGMENT } from './seg.js';
export type { DicomImage } from './read.js';
export { readDicom } from './read.js';
export type { LoadedSweep } from './load-sweep.js';
export { loadSweep } from './load-sweep.js';
export { writeExportFiles, SOURCE_FILE, SEG_FILE } from './write-files.js';
export type { StowFile, StowOptions } from './stow.js';
export { stowInstances } from './stow.js';
export { stowBody, parseStowResponse } from './multipart.js';
export type { FlushResult } from './outbox.js';
export { enqueue, flushOutbox } from './outbox.js';
export type { DimseTarget } from './dimse/cstore.js';
export { cStore, parseDimseTarget } from './dimse/cstore.js';
export type { Part10Meta } from './part10-read.js';
export { splitPart10 } from './part10-read.js';
export type { DeliverOptions } from './deliver.js';
export { deliverToPacs, senderFor } from './deliver.js';
