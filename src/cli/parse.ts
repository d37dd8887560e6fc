import { CodedError } from '../util/index.js';
import type { CommandSpec, OptionTable } from './spec.js';

export type CliErrorCode = 'CLI_UNKNOWN_COMMAND' | 'CLI_UNKNOWN_OPTION' | 'CLI_BAD_VALUE' | 'CLI_MISSING';

/** Bad command line: printed as one line with the usage hint, exit code 2. */
export class CliError extends CodedError<CliErrorCode> {}

export interface ParsedArgs {
  readonly positionals: string[];
  readonly options: Record<string, string | number | boolean>;
  readonly help: boolean;
}

/** Parses argv (after the command words) against the table; pure, so plans are unit-testable. */
export function parseArgs(spec: CommandSpec<OptionTable>, argv: readonly string[]): ParsedArgs {
  const options: Record<string, string | number | boolean> = {};
  const positionals: string[] = [];
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    if (!arg.startsWith('--') || arg === '--') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    const opt = spec.options[name];
    if (!opt)
      throw new CliError('CLI_UNKNOWN_OPTION', `unknown option --${name} for '${spec.name.join(' ')}'`);
    if (opt.kind === 'boolean') {
      options[name] = eq === -1 ? true : !['false', '0', 'no'].includes(arg.slice(eq + 1));
      continue;
    }
    const raw = eq === -1 ? argv[++i] : arg.slice(eq + 1);
    if (raw === undefined)
      throw new CliError('CLI_BAD_VALUE', `--${name} needs a value (${opt.value ?? opt.kind})`);
    if (opt.kind === 'number') {
      const n = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(n)) {
        throw new CliError('CLI_BAD_VALUE', `--${name} must be a number, got '${raw}'`);
      }
      options[name] = n;
    } else {
      options[name] = raw;
    }
  }
  if (!help) {
    for (const [name, opt] of Object.entries(spec.options)) {
      if (options[name] === undefined && opt.default !== undefined) options[name] = opt.default;
      if (options[name] === undefined && opt.required) {
        throw new CliError('CLI_MISSING', `missing --${name} (${opt.help})`);
      }
    }
    const needed = (spec.positionals ?? []).filter((p) => p.required !== false);
    if (positionals.length < needed.length) {
      throw new CliError('CLI_MISSING', `missing ${needed[positionals.length]!.name}`);
    }
  }
  return { positionals, options, help };
}

/** Usage text of one command, generated from its table. */
export function usage(spec: CommandSpec<OptionTable>): string {
  const pos = (spec.positionals ?? []).map((p) => (p.required === false ? `[${p.name}]` : p.name)).join(' ');
  const lines = [`spinebridge ${spec.name.join(' ')}${pos ? ' ' + pos : ''} [options]`, '', spec.summary, ''];
  for (const p of spec.positionals ?? []) lines.push(`  ${p.name.padEnd(26)} ${p.help}`);
  for (const [name, opt] of Object.entries(spec.options)) {
    const flag = opt.kind === 'boolean' ? `--${name}` : `--${name} ${opt.value ?? opt.kind.toUpperCase()}`;
    const def =
      opt.default !== undefined ? ` (default ${String(opt.default)})` : opt.required ? ' (required)' : '';
    lines.push(`  ${flag.padEnd(26)} ${opt.help}${def}`);
  }
  lines.push(`  ${'--help'.padEnd(26)} show this help`);
  return lines.join('\n');
}
