import { randomUUID } from 'node:crypto';
import { DicomError } from './errors.js';
import { parseStowResponse, stowBody } from './multipart.js';

/** A Part 10 file to store, with the SOP Instance UID the PACS must acknowledge. */
export interface StowFile {
  readonly sopInstanceUid: string;
  readonly bytes: Uint8Array;
}

export interface StowOptions {
  /** Give up on a PACS that does not answer (default 30 s). */
  readonly timeoutMs?: number;
}

/**
 * STOW-RS (PS3.18 10.5): POSTs the files to `${base}/studies` in one multipart/related request and
 * returns the SOP Instance UIDs the PACS acknowledged as stored. A network error, a timeout or an HTTP
 * status other than 200/202 is DICOM_PACS; partial success (202) returns only what was stored.
 */
export async function stowInstances(
  base: string,
  files: readonly StowFile[],
  options: StowOptions = {},
): Promise<Set<string>> {
  const url = `${base.replace(/\/+$/, '')}/studies`;
  const { body, contentType } = stowBody(
    files.map((f) => f.bytes),
    `spinebridge-${randomUUID()}`,
  );
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': contentType, Accept: 'application/dicom+json' },
      body,
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).message;
    throw new DicomError('DICOM_PACS', `PACS ${url} unreachable (${cause})`, { cause: e });
  }
  const text = await res.text();
  if (res.status !== 200 && res.status !== 202)
    throw new DicomError('DICOM_PACS', `PACS ${url} answered HTTP ${res.status}: ${text.slice(0, 200)}`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new DicomError('DICOM_PACS', `PACS ${url} answered HTTP ${res.status} without a DICOM JSON body`, {
      cause: e,
    });
  }
  const outcome = parseStowResponse(json);
  return new Set(
    files.map((f) => f.sopInstanceUid).filter((uid) => outcome.stored.has(uid) && !outcome.failed.has(uid)),
  );
}
