import { CodedError } from '../util/index.js';

/**
 * Every way the DICOM stage can refuse its input or fail. Messages name the file and the frame.
 * - DICOM_IO: an input file is missing or unreadable, or an output cannot be written.
 * - DICOM_BAD_INPUT: the sweep or labels cannot become this IOD (element type, channels, 3D frames, no frames).
 * - DICOM_MISMATCH: sweep and labels disagree (frame count, frame size).
 * - DICOM_NO_VALID_FRAMES: no frame has a valid, orthogonal ImageToReference transform.
 * - DICOM_BAD_VALUE: a value does not fit its VR (UID too long or malformed, string too long, bad date).
 * - DICOM_PARSE: a file handed to the reader is not DICOM or not what we wrote (missing attribute, bad size).
 * - DICOM_PACS: a PACS refused or did not answer (HTTP status or network error in the message).
 */
export type DicomErrorCode =
  | 'DICOM_IO'
  | 'DICOM_BAD_INPUT'
  | 'DICOM_MISMATCH'
  | 'DICOM_NO_VALID_FRAMES'
  | 'DICOM_BAD_VALUE'
  | 'DICOM_PARSE'
  | 'DICOM_PACS';

export class DicomError extends CodedError<DicomErrorCode> {}
