import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DicomError } from './errors.js';
import type { ExportResult } from './types.js';

/** File names inside the output folder. */
export const SOURCE_FILE = 'source.dcm';
export const SEG_FILE = 'seg.dcm';

/**
 * Writes DIR/source.dcm and (with a SEG) DIR/seg.dcm, each through a temporary name and a rename,
 * so a reader (or the outbox) never sees half a file. Returns the paths written.
 */
export async function writeExportFiles(dir: string, result: ExportResult): Promise<string[]> {
  const files: [string, Uint8Array][] = [[SOURCE_FILE, result.source]];
  if (result.seg) files.push([SEG_FILE, result.seg]);
  const paths: string[] = [];
  try {
    await mkdir(dir, { recursive: true });
    for (const [name, bytes] of files) {
      const path = join(dir, name);
      await writeFile(`${path}.partial`, bytes);
      await rename(`${path}.partial`, path);
      paths.push(path);
    }
  } catch (e) {
    throw new DicomError('DICOM_IO', `cannot write ${dir}: ${(e as Error).message}`, { cause: e });
  }
  return paths;
}
