import type { Mat4 } from '../math/index.js';
import { SequenceError } from './errors.js';
import { fmt } from './header.js';

/** PLUS tool/transform status strings as they appear in `…TransformStatus` fields. */
export type TransformStatus =
  'OK' | 'INVALID' | 'MISSING' | 'OUT_OF_VIEW' | 'OUT_OF_VOLUME' | 'REQ_TIMEOUT' | 'UNKNOWN';

export interface FrameTransform {
  /** Row-major 4x4, as PLUS writes it. */
  readonly matrix: Mat4;
  readonly status: TransformStatus;
}

/** Everything a sequence file says about one frame besides its pixels. */
export interface FrameMeta {
  /** Keyed by PLUS transform name without the 'Transform' suffix, e.g. 'ProbeToTracker'. */
  readonly transforms: ReadonlyMap<string, FrameTransform>;
  /** Seconds (PLUS `Timestamp`); undefined when the file has none. */
  readonly timestamp: number | undefined;
  /** PLUS `ImageStatus` ('OK' or 'INVALID'); 'OK' when absent. */
  readonly imageStatus: string;
  /** Every other per-frame field (FrameNumber, UnfilteredTimestamp, custom ones), raw text, in file order. */
  readonly fields: ReadonlyMap<string, string>;
}

const STATUSES = new Set<TransformStatus>([
  'OK',
  'INVALID',
  'MISSING',
  'OUT_OF_VIEW',
  'OUT_OF_VOLUME',
  'REQ_TIMEOUT',
  'UNKNOWN',
]);

/** Parses 16 numbers of a row-major matrix; `where` names the file and field in the error. */
export function parseMatrix(text: string, where: string): Mat4 {
  const parts = text.trim().split(/\s+/);
  const nums = parts.map(Number);
  if (parts.length !== 16 || nums.some((n) => !Number.isFinite(n))) {
    throw new SequenceError(
      'SEQ_MATRIX',
      `${where}: a transform must be 16 numbers (row-major 4x4), got '${text.trim().slice(0, 120)}'`,
    );
  }
  return Float64Array.from(nums);
}

export function formatMatrix(m: Mat4): string {
  return Array.from(m, fmt).join(' ');
}

/** Splits the raw fields of frame `index` into transforms, timestamp, status and the rest. */
export function parseFrameMeta(raw: ReadonlyMap<string, string>, file: string, index: number): FrameMeta {
  const transforms = new Map<string, FrameTransform>();
  const fields = new Map<string, string>();
  let timestamp: number | undefined;
  let imageStatus = 'OK';
  for (const [key, value] of raw) {
    const where = `${file}: Seq_Frame${String(index).padStart(4, '0')}_${key}`;
    if (key.endsWith('TransformStatus')) continue;
    if (key.endsWith('Transform')) {
      const name = key.slice(0, -'Transform'.length);
      const statusText = (raw.get(`${key}Status`) ?? 'OK').trim().toUpperCase();
      const status = STATUSES.has(statusText as TransformStatus)
        ? (statusText as TransformStatus)
        : 'UNKNOWN';
      transforms.set(name, { matrix: parseMatrix(value, where), status });
    } else if (key === 'Timestamp') {
      timestamp = Number(value);
      if (!Number.isFinite(timestamp))
        throw new SequenceError('SEQ_HEADER', `${where} is not a number: '${value}'`);
    } else if (key === 'ImageStatus') {
      imageStatus = value.trim();
    } else {
      fields.set(key, value);
    }
  }
  // A status without its matrix still says the tool was not seen (PLUS writes MISSING frames that way too).
  for (const [key, value] of raw) {
    if (!key.endsWith('TransformStatus')) continue;
    const name = key.slice(0, -'TransformStatus'.length);
    if (!transforms.has(name)) fields.set(key, value);
  }
  return { transforms, timestamp, imageStatus, fields };
}

/** The raw per-frame fields PLUS writes for `meta`: transforms with statuses, custom fields, Timestamp, ImageStatus. */
export function formatFrameMeta(meta: FrameMeta): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, t] of meta.transforms) {
    out.set(`${name}Transform`, formatMatrix(t.matrix));
    out.set(`${name}TransformStatus`, t.status);
  }
  for (const [k, v] of meta.fields) out.set(k, v);
  if (meta.timestamp !== undefined) out.set('Timestamp', fmt(meta.timestamp));
  out.set('ImageStatus', meta.imageStatus);
  return out;
}
