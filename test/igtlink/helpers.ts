import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { IgtlMessage } from '../../src/igtlink/index.js';
import { CAPTURES } from '../fixtures/igtlink/captures.js';
import { GOLDEN, hexBytes } from '../fixtures/igtlink/golden.js';

const CAPTURE_DIR = fileURLToPath(new URL('../fixtures/igtlink/captures/', import.meta.url));

export function readCapture(file: string): Uint8Array {
  return new Uint8Array(readFileSync(`${CAPTURE_DIR}${file}`));
}

/** Every fixture message as wire bytes: the C++ captures, then the hand-written golden rows. */
export function allFixtureBytes(): { name: string; bytes: Uint8Array }[] {
  return [
    ...CAPTURES.map(([file]) => ({ name: file, bytes: readCapture(`${file}.bin`) })),
    ...GOLDEN.map((r) => ({ name: r.name, bytes: hexBytes(r.hex) })),
  ];
}

/** Deterministic PRNG (mulberry32) so fuzz failures reproduce from the printed seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) (out.set(p, at), (at += p.length));
  return out;
}

/** Message fields in a form toEqual compares exactly (typed arrays -> plain arrays, Map -> entries). */
export function plain(m: IgtlMessage): unknown {
  return JSON.parse(
    JSON.stringify(m, (_k, v: unknown) => {
      if (typeof v === 'bigint') return `${v}n`;
      if (v instanceof Map) return [...(v as Map<string, unknown>).entries()];
      if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number>);
      return v;
    }),
  );
}
