import { mkdir, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { DicomError } from './errors.js';
import { splitPart10 } from './part10-read.js';
import type { StowFile } from './stow.js';

/** Files in an outbox end in .dcm; a file being written ends in .partial and is never sent. */
const QUEUED = /\.dcm$/i;

/**
 * Queues Part 10 files for delivery: each is copied into `outbox` through a temporary name and a rename,
 * so a crash leaves either the whole file queued or nothing. Returns the queued paths.
 */
export async function enqueue(outbox: string, files: readonly string[]): Promise<string[]> {
  const queued: string[] = [];
  try {
    await mkdir(outbox, { recursive: true });
    for (const f of files) {
      const target = join(outbox, basename(f));
      await writeFile(`${target}.partial`, await readFile(f));
      await rename(`${target}.partial`, target);
      queued.push(target);
    }
  } catch (e) {
    throw new DicomError('DICOM_IO', `cannot queue into ${outbox}: ${(e as Error).message}`, { cause: e });
  }
  return queued;
}

export interface FlushResult {
  /** Paths delivered and removed. */
  readonly sent: readonly string[];
  /** Paths still queued (PACS down, or an instance it refused). */
  readonly queued: readonly string[];
  /** Why something stays queued; undefined when the outbox is empty now. */
  readonly error: DicomError | undefined;
}

/**
 * Sends every queued file with `send` (which returns the acknowledged SOP Instance UIDs) and removes
 * each file only once the PACS acknowledged its instance. A PACS that is down leaves all of them queued;
 * the error is returned, not thrown, so the caller can log one line and retry later.
 */
export async function flushOutbox(
  outbox: string,
  send: (files: readonly StowFile[]) => Promise<ReadonlySet<string>>,
): Promise<FlushResult> {
  let names: string[];
  try {
    names = (await readdir(outbox)).filter((n) => QUEUED.test(n)).sort();
  } catch (e) {
    throw new DicomError('DICOM_IO', `cannot read outbox ${outbox}: ${(e as Error).message}`, { cause: e });
  }
  const paths = names.map((n) => join(outbox, n));
  if (paths.length === 0) return { sent: [], queued: [], error: undefined };
  const files: (StowFile & { path: string })[] = [];
  for (const path of paths) {
    const bytes = new Uint8Array(await readFile(path));
    files.push({ path, bytes, sopInstanceUid: splitPart10(bytes, path).sopInstanceUid });
  }
  let acked: ReadonlySet<string>;
  try {
    acked = await send(files);
  } catch (e) {
    if (!(e instanceof DicomError)) throw e;
    return { sent: [], queued: paths, error: e };
  }
  const sent: string[] = [];
  const queued: string[] = [];
  for (const f of files) {
    if (acked.has(f.sopInstanceUid)) {
      await unlink(f.path);
      sent.push(f.path);
    } else queued.push(f.path);
  }
  const error =
    queued.length === 0
      ? undefined
      : new DicomError(
          'DICOM_PACS',
          `the PACS did not acknowledge ${queued.map((p) => basename(p)).join(', ')}`,
        );
  return { sent, queued, error };
}
