import type { Dataset } from './dataset.js';
import type { ExportRequest, ExportUids } from './types.js';
import { dicomDateTime } from './uid.js';

export const MANUFACTURER = 'spinebridge';
/** UTF-8 (PS3.3 C.12.1.1.2), so patient names outside ASCII survive. */
export const CHARACTER_SET = 'ISO_IR 192';

/**
 * Patient, General Study, Frame of Reference, General Equipment and SOP Common attributes shared by
 * the source and the SEG (PS3.3 C.7.1.1, C.7.2.1, C.7.4.1, C.7.5.1, C.12.1). Type 2 attributes we have
 * no value for are present and empty, as the IODs require.
 */
export function commonAttributes(req: ExportRequest, uids: Required<ExportUids>, version: string): Dataset {
  const [date, time] = dicomDateTime(req.date ?? new Date());
  const p = req.patient ?? {};
  const s = req.study ?? {};
  return {
    SpecificCharacterSet: CHARACTER_SET,
    InstanceCreationDate: date,
    InstanceCreationTime: time,
    StudyDate: date,
    StudyTime: time,
    SeriesDate: date,
    SeriesTime: time,
    ContentDate: date,
    ContentTime: time,
    AccessionNumber: s.accessionNumber ?? '',
    Manufacturer: MANUFACTURER,
    ManufacturerModelName: MANUFACTURER,
    SoftwareVersions: version,
    ReferringPhysicianName: '',
    StudyDescription: s.description ?? 'Tracked spine ultrasound',
    PatientName: p.name ?? 'Anonymous^',
    PatientID: p.id ?? 'ANON',
    PatientBirthDate: p.birthDate ?? '',
    PatientSex: p.sex ?? '',
    // An unpaired body part, so General Series' Laterality (type 2C) is rightly absent.
    BodyPartExamined: 'SPINE',
    StudyInstanceUID: uids.study,
    StudyID: s.id ?? '1',
    InstanceNumber: 1,
    FrameOfReferenceUID: uids.frameOfReference,
    PositionReferenceIndicator: '',
  };
}
