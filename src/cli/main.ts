#!/usr/bin/env node
import { isCodedError } from '../util/index.js';
import { commands } from './commands/index.js';
import { CliError, parseArgs, usage } from './parse.js';
import type { CliIo, CommandSpec, OptionTable } from './spec.js';

function findCommand(
  argv: readonly string[],
): { spec: CommandSpec<OptionTable>; rest: string[] } | undefined {
  let best: CommandSpec<OptionTable> | undefined;
  for (const c of commands) {
    if (c.name.every((w, i) => argv[i] === w) && (!best || c.name.length > best.name.length)) best = c;
  }
  return best ? { spec: best, rest: argv.slice(best.name.length) } : undefined;
}

function overview(): string {
  const rows = commands.map((c) => `  ${c.name.join(' ').padEnd(18)} ${c.summary}`);
  return [
    'usage: spinebridge <command> [options]   (spinebridge <command> --help for details)',
    '',
    ...rows,
  ].join('\n');
}

function makeIo(): CliIo {
  const tty = process.stderr.isTTY === true;
  let lastPlain = 0;
  const stopped = new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  return {
    out: (line) => process.stdout.write(line + '\n'),
    err: (line) => process.stderr.write(line + '\n'),
    progress: (label, done, total) => {
      const pct = total > 0 ? Math.floor((100 * done) / total) : 100;
      if (tty) {
        const width = 30;
        const fill = Math.round((width * pct) / 100);
        process.stderr.write(`\r${label} [${'#'.repeat(fill)}${'.'.repeat(width - fill)}] ${done}/${total}`);
        if (done >= total) process.stderr.write('\n');
      } else if (done >= total || pct >= lastPlain + 10) {
        // Non-TTY (CI, pipes): a line every 10% instead of carriage-return redraws.
        lastPlain = done >= total ? 0 : pct;
        process.stderr.write(`${label} ${done}/${total} (${pct}%)\n`);
      }
    },
    stopped,
  };
}

/** The one exit point: every command returns a code or throws; only here is anything printed about errors. */
export async function runCli(argv: readonly string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    process.stdout.write(overview() + '\n');
    return 0;
  }
  const found = findCommand(argv);
  try {
    if (!found) throw new CliError('CLI_UNKNOWN_COMMAND', `unknown command '${argv.join(' ')}'`);
    const parsed = parseArgs(found.spec, found.rest);
    if (parsed.help) {
      process.stdout.write(usage(found.spec) + '\n');
      return 0;
    }
    return await found.spec.run({
      positionals: parsed.positionals,
      options: parsed.options as never,
      io: makeIo(),
    });
  } catch (e) {
    const debug = process.env['SPINEBRIDGE_DEBUG'] === '1';
    if (debug) console.error(e);
    const msg = e instanceof Error ? e.message : String(e);
    const code = isCodedError(e) ? ` [${e.code}]` : '';
    process.stderr.write(`spinebridge: ${msg}${code}\n`);
    if (e instanceof CliError) {
      process.stderr.write(
        found ? `try: spinebridge ${found.spec.name.join(' ')} --help\n` : overview() + '\n',
      );
      return 2;
    }
    return 1;
  }
}

const isMain = process.argv[1] !== undefined && /(main\.[jt]s|spinebridge(\.js)?)$/.test(process.argv[1]);
if (isMain) {
  runCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`spinebridge: ${String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
