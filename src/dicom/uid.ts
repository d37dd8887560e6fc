import { randomUUID } from 'node:crypto';

/**
 * A new UID under the 2.25 root: the decimal value of a random UUID (PS3.5 B.2, ISO/IEC 9834-8),
 * at most 44 characters, so no registered organisation root is needed.
 */
export function newUid(): string {
  return `2.25.${BigInt(`0x${randomUUID().replaceAll('-', '')}`).toString(10)}`;
}

/** DICOM DA and TM of a moment in local time: ['YYYYMMDD', 'HHMMSS']. */
export function dicomDateTime(d: Date): [string, string] {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return [
    `${p(d.getFullYear(), 4)}${p(d.getMonth() + 1)}${p(d.getDate())}`,
    `${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`,
  ];
}
