import type { Dataset } from './dataset.js';
import { concat, encodeDataset } from './encode.js';

/** Explicit VR Little Endian (PS3.5 A.2); the only transfer syntax we write. */
export const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
/** Identifies files written by this implementation (PS3.7 D.3.3.2); fixed, under the 2.25 UUID root. */
export const IMPLEMENTATION_CLASS_UID = '2.25.324232416362789192807490190663432966256';
export const IMPLEMENTATION_VERSION_NAME = 'SPINEBRIDGE_01';

/**
 * A DICOM Part 10 file (PS3.10 7.1): 128-byte zero preamble, "DICM", the File Meta Information group
 * (always explicit VR little endian, with its group length first), then the data set.
 */
export function encodePart10(ds: Dataset): Uint8Array {
  const sopClass = ds.SOPClassUID;
  const sopInstance = ds.SOPInstanceUID;
  if (typeof sopClass !== 'string' || typeof sopInstance !== 'string')
    throw new TypeError('a Part 10 data set needs SOPClassUID and SOPInstanceUID strings');
  const meta = encodeDataset({
    FileMetaInformationVersion: Uint8Array.of(0, 1),
    MediaStorageSOPClassUID: sopClass,
    MediaStorageSOPInstanceUID: sopInstance,
    TransferSyntaxUID: EXPLICIT_VR_LITTLE_ENDIAN,
    ImplementationClassUID: IMPLEMENTATION_CLASS_UID,
    ImplementationVersionName: IMPLEMENTATION_VERSION_NAME,
  });
  const groupLength = encodeDataset({ FileMetaInformationGroupLength: meta.length });
  const preamble = new Uint8Array(132);
  preamble.set([0x44, 0x49, 0x43, 0x4d], 128); // "DICM"
  return concat([preamble, groupLength, meta, encodeDataset(ds)]);
}
