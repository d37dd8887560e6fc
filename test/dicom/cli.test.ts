import { execFile } from 'node:child_process';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { readDicom } from '../../src/dicom/index.js';
import { writeSequence } from '../../src/sequence/index.js';
import { syntheticSweep, writeSweepFiles, type SweepFiles } from './sweep-fixture.js';

const exec = promisify(execFile);

/** Runs `spinebridge ARGS` as a real process; never rejects. */
async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec('node', ['--import', 'tsx', 'src/cli/main.ts', ...args]);
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

/** One clear line naming the code (besides progress lines), and no stack trace. */
function expectOneError(r: { code: number; stderr: string }, code: string): void {
  expect(r.code).not.toBe(0);
  const lines = r.stderr
    .trim()
    .split('\n')
    .filter((l) => !l.startsWith('reading frames'));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain(`[${code}]`);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

describe('spinebridge dicom export as a real process', () => {
  const req = syntheticSweep(24, 16, 5);
  let files: SweepFiles;

  beforeAll(async () => {
    // Frame 2 has a transform with status INVALID: skipped and counted.
    files = await writeSweepFiles(req, (k) => ({
      matrix: req.frames[k]!.imageToReference!,
      status: k === 2 ? 'INVALID' : 'OK',
    }));
  });

  it('writes DIR/source.dcm and DIR/seg.dcm and prints a JSON summary with the skipped frame', async () => {
    const out = join(files.dir, 'out');
    const r = await cli('dicom', 'export', files.sweep, '--seg', files.labels, '--out', out, '--json');
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout) as {
      files: string[];
      framesIn: number;
      framesWritten: number;
      skipped: { index: number; reason: string }[];
      framesWithBone: number;
    };
    expect(summary).toMatchObject({
      files: [join(out, 'source.dcm'), join(out, 'seg.dcm')],
      framesIn: 5,
      framesWritten: 4,
      skipped: [{ index: 2, reason: 'no-transform' }],
      framesWithBone: 3,
    });
    expect((await readdir(out)).sort()).toEqual(['seg.dcm', 'source.dcm']);
    const seg = readDicom(new Uint8Array(await readFile(join(out, 'seg.dcm'))));
    expect(seg.frames).toEqual([0, 1, 3, 4].map((k) => req.labels![k]));
    expect(seg.patientName).toBe('Anonymous^');
    expect(r.stderr).toMatch(/reading frames 10\/10/);
  });

  it('takes the patient from the command line', async () => {
    const out = join(files.dir, 'named');
    const r = await cli(
      'dicom',
      'export',
      files.sweep,
      '--out',
      out,
      '--patient-name',
      'Doe^Jane',
      '--patient-id',
      'P9',
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/frames written 4 of 5, skipped 1/);
    const src = readDicom(new Uint8Array(await readFile(join(out, 'source.dcm'))));
    expect([src.patientName, src.patientId]).toEqual(['Doe^Jane', 'P9']);
    expect(await readdir(out)).toEqual(['source.dcm']);
  });

  it('a missing input file: DICOM_IO', async () => {
    expectOneError(
      await cli('dicom', 'export', join(files.dir, 'nope.igs.mha'), '--out', files.dir),
      'DICOM_IO',
    );
  });

  it('labels with another frame count: DICOM_MISMATCH, nothing written', async () => {
    const short = join(files.dir, 'short.igs.mha');
    await writeSequence(short, { frameSize: [24, 16, 1] }, [{ pixels: req.labels![0]! }]);
    const out = join(files.dir, 'never');
    expectOneError(await cli('dicom', 'export', files.sweep, '--seg', short, '--out', out), 'DICOM_MISMATCH');
    await expect(readdir(out)).rejects.toThrow();
  });

  it('labels of another frame size: DICOM_MISMATCH', async () => {
    const other = join(files.dir, 'other.igs.mha');
    await writeSequence(
      other,
      { frameSize: [16, 24, 1] },
      req.labels!.map((l) => ({ pixels: l })),
    );
    expectOneError(
      await cli('dicom', 'export', files.sweep, '--seg', other, '--out', files.dir),
      'DICOM_MISMATCH',
    );
  });

  it('a sweep without any transform: DICOM_NO_VALID_FRAMES', async () => {
    const bare = join(files.dir, 'bare.igs.mha');
    await writeSequence(
      bare,
      { frameSize: [24, 16, 1] },
      req.frames.map((f) => ({ pixels: f.pixels })),
    );
    expectOneError(await cli('dicom', 'export', bare, '--out', files.dir), 'DICOM_NO_VALID_FRAMES');
  });

  it('a 16-bit sweep: DICOM_BAD_INPUT', async () => {
    const wide = join(files.dir, 'wide.igs.mha');
    await writeSequence(wide, { frameSize: [24, 16, 1] }, [{ pixels: new Uint16Array(24 * 16) }]);
    expectOneError(await cli('dicom', 'export', wide, '--out', files.dir), 'DICOM_BAD_INPUT');
  });
});
