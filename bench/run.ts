/**
 * `npm run bench [-- NAME ...] [--json]`: runs every bench/*.bench.ts (or only those named, by file name with
 * or without ".bench.ts"), one after another, after a line saying on what machine and when.
 *
 * A bench file's default export is `async () => rows | void`: rows are flat objects (one per measurement,
 * e.g. { case, ours, reference, ratio }) printed as a table, or as JSON lines with --json. Benches that
 * compare against a reference measure it in the same run and report the ratio themselves.
 */
import { readdirSync } from 'node:fs';
import os from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export type BenchRow = Readonly<Record<string, string | number | boolean>>;
export type Bench = () => Promise<readonly BenchRow[] | void>;

function table(rows: readonly BenchRow[]): string {
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v: unknown) =>
    typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toPrecision(4)) : String(v ?? '');
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (vals: string[]) => vals.map((v, i) => v.padEnd(width[i]!)).join('  ');
  return [
    line(cols),
    line(width.map((w) => '-'.repeat(w))),
    ...rows.map((r) => line(cols.map((c) => cell(r[c])))),
  ].join('\n');
}

/** Consecutive rows with the same columns, so each shape of measurement gets its own table. */
function groups(rows: readonly BenchRow[]): BenchRow[][] {
  const out: BenchRow[][] = [];
  let shape = '';
  for (const r of rows) {
    const s = Object.keys(r).join('\0');
    if (s !== shape || out.length === 0) out.push([]);
    shape = s;
    out[out.length - 1]!.push(r);
  }
  return out;
}

async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const wanted = argv.filter((a) => !a.startsWith('--')).map((a) => basename(a).replace(/\.bench\.ts$/, ''));
  const dir = dirname(fileURLToPath(import.meta.url));
  const all = readdirSync(dir)
    .filter((f) => f.endsWith('.bench.ts'))
    .sort();
  const files = wanted.length ? all.filter((f) => wanted.includes(f.replace(/\.bench\.ts$/, ''))) : all;
  const missing = wanted.filter((w) => !all.includes(`${w}.bench.ts`));
  if (missing.length) {
    process.stderr.write(
      `bench: no bench/${missing.join('.bench.ts, bench/')}.bench.ts (have: ${all.join(', ')})\n`,
    );
    return 2;
  }
  const cpus = os.cpus();
  const machine = `${cpus[0]?.model ?? 'unknown CPU'} x${cpus.length}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${os.platform()} ${os.release()}, node ${process.version}`;
  process.stdout.write(
    json
      ? JSON.stringify({ machine, date: new Date().toISOString() }) + '\n'
      : `# ${machine}\n# ${new Date().toISOString()}\n`,
  );
  let failed = 0;
  for (const f of files) {
    const name = f.replace(/\.bench\.ts$/, '');
    if (!json) process.stdout.write(`\n## ${name}\n`);
    const t0 = performance.now();
    try {
      const mod = (await import(pathToFileURL(join(dir, f)).href)) as { default?: Bench };
      if (typeof mod.default !== 'function') throw new Error(`bench/${f} has no default export function`);
      const rows = (await mod.default()) ?? [];
      if (json) for (const r of rows) process.stdout.write(JSON.stringify({ bench: name, ...r }) + '\n');
      else for (const group of groups(rows)) process.stdout.write(table(group) + '\n');
      if (!json) process.stdout.write(`(${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
    } catch (e) {
      failed++;
      process.stderr.write(
        `bench ${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
      );
    }
  }
  return failed ? 1 : 0;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
