import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  metaImageHeaderLength,
  parseFrameMeta,
  parseMetaImageHeader,
  parseNrrdHeader,
  parsePlusConfig,
  SequenceError,
} from '../../src/sequence/index.js';
import { BONE, CONFIGS } from './paths.js';

// Mutated headers must yield a header or a SequenceError, never another exception (style rule 6).
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

function mutate(text: string, r: () => number): string {
  const chars = [...text];
  const edits = 1 + Math.floor(r() * 6);
  const alphabet = ' =\n0123456789-.eE:()_,ABCXYZabcxyz\t';
  for (let k = 0; k < edits; k++) {
    const at = Math.floor(r() * chars.length);
    const op = r();
    if (op < 0.4) chars[at] = alphabet[Math.floor(r() * alphabet.length)]!;
    else if (op < 0.7) chars.splice(at, 1 + Math.floor(r() * 20));
    else chars.splice(at, 0, alphabet[Math.floor(r() * alphabet.length)]!);
  }
  return chars.join('');
}

function onlyTyped(fn: () => unknown): 'ok' | 'typed' {
  try {
    fn();
    return 'ok';
  } catch (e) {
    if (!(e instanceof SequenceError)) throw e;
    return 'typed';
  }
}

describe('fuzz: mutated input yields a result or a SequenceError', () => {
  const bytes = readFileSync(BONE);
  const mha =
    bytes.subarray(0, metaImageHeaderLength(bytes)).toString('latin1').slice(0, 4000) +
    '\nElementDataFile = LOCAL\n';
  const nrrd = [
    'NRRD0004',
    'type: unsigned char',
    'dimension: 3',
    'space dimension: 2',
    'sizes: 820 616 2',
    'space directions: (1,0) (0,1) none',
    'kinds: domain domain list',
    'endian: little',
    'encoding: gzip',
    'space origin: (0,0)',
    'ultrasound image orientation:=MF',
    'Seq_Frame0000_ProbeToTrackerTransform:=1 0 0 0 0 1 0 0 0 0 1 0 0 0 0 1',
    'Seq_Frame0001_Timestamp:=1.5',
    '',
  ].join('\n');
  const xml = readFileSync(`${CONFIGS}/Config_VolumeReconstruction_SonixRP_TRUS_D70mm_LN_MEAN.xml`, 'utf8');

  it.each([
    ['MetaImage header', mha, (t: string) => parseMetaImageHeader(t, 'f.mha')],
    ['NRRD header', nrrd, (t: string) => parseNrrdHeader(t, 'f.nrrd')],
    ['PLUS config', xml, (t: string) => parsePlusConfig(t, 'c.xml')],
  ])('%s: 400 mutations', (_name, text, parse) => {
    const r = rng(42);
    const seen = { ok: 0, typed: 0 };
    for (let i = 0; i < 400; i++) {
      seen[
        onlyTyped(() => {
          const h = parse(mutate(text, r));
          if ('frameFields' in h) h.frameFields.forEach((f, k) => parseFrameMeta(f, 'f', k));
        })
      ]++;
    }
    // Both outcomes occur, so the mutations reach the parser's checks rather than all failing early.
    expect(seen.ok).toBeGreaterThan(0);
    expect(seen.typed).toBeGreaterThan(0);
  });
});
