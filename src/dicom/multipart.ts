import { concat } from './encode.js';

const ascii = new TextEncoder();

/**
 * The body of a STOW-RS request (PS3.18 10.5.1.1): multipart/related with one application/dicom part
 * per Part 10 file (RFC 2387). Pure; the boundary is given so tests can pin the bytes.
 */
export function stowBody(
  files: readonly Uint8Array[],
  boundary: string,
): { body: Uint8Array; contentType: string } {
  const parts: Uint8Array[] = [];
  for (const f of files) {
    parts.push(
      ascii.encode(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`),
      f,
      ascii.encode('\r\n'),
    );
  }
  parts.push(ascii.encode(`--${boundary}--\r\n`));
  return {
    body: concat(parts),
    contentType: `multipart/related; type="application/dicom"; boundary=${boundary}`,
  };
}

/** One instance as the STOW-RS response lists it (tags 0008,1150 / 0008,1155; failures carry 0008,1197). */
export interface StowOutcome {
  readonly stored: ReadonlySet<string>;
  readonly failed: ReadonlyMap<string, number | undefined>;
}

type DicomJson = Record<string, { vr?: string; Value?: unknown[] } | undefined>;

/**
 * Reads the Store Instances Response (PS3.18 10.5.3, application/dicom+json): SOP Instance UIDs in the
 * Referenced SOP Sequence (0008,1199) were stored, those in the Failed SOP Sequence (0008,1198) were not.
 */
export function parseStowResponse(json: unknown): StowOutcome {
  const root = (json ?? {}) as DicomJson;
  const uidsOf = (tag: string) =>
    ((root[tag]?.Value ?? []) as DicomJson[]).map((item) => ({
      uid: String((item['00081155']?.Value ?? [])[0] ?? ''),
      reason: (item['00081197']?.Value ?? [])[0] as number | undefined,
    }));
  return {
    stored: new Set(uidsOf('00081199').map((x) => x.uid)),
    failed: new Map(uidsOf('00081198').map((x) => [x.uid, x.reason])),
  };
}
