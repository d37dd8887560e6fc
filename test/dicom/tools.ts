import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Runs a command; resolves with stdout+stderr and the exit code instead of rejecting on failure. */
export async function tool(cmd: string, args: readonly string[]): Promise<{ code: number; text: string }> {
  try {
    const { stdout, stderr } = await run(cmd, args, { maxBuffer: 64 << 20 });
    return { code: 0, text: stdout + stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return {
      code: typeof err.code === 'number' ? err.code : -1,
      text: `${err.stdout ?? ''}${err.stderr ?? ''}`,
    };
  }
}

/** dciodvfy (dicom3tools) findings split into errors and warnings; it prints to stderr. */
export async function dciodvfy(file: string): Promise<{ errors: string[]; warnings: string[] }> {
  const { text } = await tool('/usr/bin/dciodvfy', [file]);
  const lines = text.split('\n');
  return {
    errors: lines.filter((l) => /^Error/.test(l)),
    warnings: lines.filter((l) => /^Warning/.test(l)),
  };
}
