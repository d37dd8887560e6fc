import { copyFileSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  openSequence,
  readSequence,
  readVolume,
  SequenceError,
  writeSequence,
  writeVolume,
} from '../../src/sequence/index.js';
import { BONE } from './paths.js';

const dir = mkdtempSync(join(tmpdir(), 'seq-err-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const header = (lines: string[]) => lines.join('\n') + '\nElementDataFile = LOCAL\n';
const base = [
  'ObjectType = Image',
  'NDims = 3',
  'DimSize = 4 3 2',
  'Kinds = domain domain list',
  'ElementType = MET_UCHAR',
];

async function failure(p: Promise<unknown>): Promise<SequenceError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(SequenceError);
  return e as SequenceError;
}

describe('bad input gives one typed error naming the file and the field', () => {
  it('a truncated compressed recording (real file cut in half): SEQ_TRUNCATED', async () => {
    const file = join(dir, 'cut.igs.mha');
    copyFileSync(BONE, file);
    truncateSync(file, Math.floor(readFileSync(BONE).length / 2));
    const e = await failure(readSequence(file));
    expect(e.code).toBe('SEQ_TRUNCATED');
    expect(e.message).toContain(file);
    expect(e.message).toContain('CompressedDataSize');
  });

  it('a truncated raw file: SEQ_TRUNCATED, though earlier frames still stream', async () => {
    const file = join(dir, 'raw.igs.mha');
    await writeSequence(
      file,
      { frameSize: [4, 3, 1] },
      [0, 1, 2].map((i) => ({ pixels: new Uint8Array(12).fill(i) })),
    );
    truncateSync(file, readFileSync(file).length - 5);
    const e = await failure(readSequence(file));
    expect([e.code, e.message.includes(file), e.message.includes('DimSize')]).toEqual([
      'SEQ_TRUNCATED',
      true,
      true,
    ]);
    const two = await readSequence(file, { count: 2 });
    expect(two.frames.map((f) => f.pixels[0])).toEqual([0, 1]);
  });

  it('a header cut before ElementDataFile: SEQ_TRUNCATED', async () => {
    const file = join(dir, 'hdr.mha');
    writeFileSync(file, base.join('\n'));
    expect((await failure(readSequence(file))).code).toBe('SEQ_TRUNCATED');
  });

  it.each([
    ['DimSize = 4 3', 'SEQ_HEADER', 'DimSize'],
    ['DimSize = 4 x 2', 'SEQ_HEADER', 'DimSize'],
    ['ElementType = MET_LONG_LONG', 'SEQ_UNSUPPORTED', 'ElementType'],
    ['ElementSpacing = 1 1', 'SEQ_HEADER', 'ElementSpacing'],
    ['UltrasoundImageOrientation = QQ', 'SEQ_ORIENTATION', 'UltrasoundImageOrientation'],
    [
      'Seq_Frame0001_ProbeToTrackerTransform = 1 0 0 0 1',
      'SEQ_MATRIX',
      'Seq_Frame0001_ProbeToTrackerTransform',
    ],
    ['Seq_Frame0000_Timestamp = soon', 'SEQ_HEADER', 'Seq_Frame0000_Timestamp'],
    ['this line has no equals sign', 'SEQ_HEADER', "no '='"],
  ])('%s -> %s', async (line, code, field) => {
    const file = join(dir, `bad-${code}-${field.length}.mha`);
    const key = line.split(' = ')[0]!;
    writeFileSync(
      file,
      Buffer.concat([
        Buffer.from(header([...base.filter((l) => !l.startsWith(key + ' ')), line])),
        Buffer.alloc(24),
      ]),
    );
    const e = await failure(openSequence(file));
    expect(e.code).toBe(code);
    expect(e.message).toContain(file);
    expect(e.message).toContain(field);
  });

  it('asking for a flip from a transposed orientation: SEQ_ORIENTATION', async () => {
    const file = join(dir, 'fm.mha');
    writeFileSync(
      file,
      Buffer.concat([Buffer.from(header([...base, 'UltrasoundImageOrientation = FM'])), Buffer.alloc(24)]),
    );
    expect((await openSequence(file)).info.orientation).toBe('FM');
    const e = await failure(openSequence(file, { orientation: 'MF' }));
    expect(e.code).toBe('SEQ_ORIENTATION');
  });

  it('a missing file: SEQ_IO; an NRRD with a bad encoding: SEQ_UNSUPPORTED; wrong sizes on write: SEQ_SIZE', async () => {
    expect((await failure(readVolume(join(dir, 'nope.mha')))).code).toBe('SEQ_IO');
    const nrrd = join(dir, 'bz.nrrd');
    writeFileSync(nrrd, 'NRRD0004\ntype: uchar\ndimension: 2\nsizes: 2 2\nencoding: bzip2\n\n\0\0\0\0');
    const e = await failure(readVolume(nrrd));
    expect([e.code, e.message.includes('encoding')]).toEqual(['SEQ_UNSUPPORTED', true]);
    const w = await failure(
      writeVolume(join(dir, 'w.mha'), {
        dims: [2, 2, 2],
        spacing: [1, 1, 1],
        origin: [0, 0, 0],
        data: new Uint8Array(7),
      }),
    );
    expect(w.code).toBe('SEQ_SIZE');
    const s = await failure(
      writeSequence(join(dir, 's.mha'), { frameSize: [2, 2, 1] }, [{ pixels: new Uint8Array(5) }]),
    );
    expect([s.code, s.message.includes('frame 0')]).toEqual(['SEQ_SIZE', true]);
  });
});
