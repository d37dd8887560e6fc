import { describe, expect, it } from 'vitest';
import { CliError, parseArgs, usage } from '../../src/cli/parse.js';
import { defineCommand } from '../../src/cli/spec.js';

const spec = defineCommand({
  name: ['igtl', 'dump'],
  summary: 'watch a stream',
  positionals: [{ name: 'HOST:PORT', help: 'server' }],
  options: {
    frames: { kind: 'number', help: 'stop after N', default: 10 },
    json: { kind: 'boolean', help: 'JSON lines' },
    out: { kind: 'string', help: 'folder', value: 'DIR' },
  },
  run: async () => 0,
});

describe('parseArgs', () => {
  it('parses values, defaults, booleans and positionals', () => {
    const p = parseArgs(spec, ['localhost:18944', '--json', '--out=x', '--frames', '3']);
    expect(p.positionals).toEqual(['localhost:18944']);
    expect(p.options).toEqual({ json: true, out: 'x', frames: 3 });
    expect(parseArgs(spec, ['h:1']).options['frames']).toBe(10);
  });

  it('rejects unknown options, bad numbers and missing positionals with codes', () => {
    const code = (argv: string[]) => {
      try {
        parseArgs(spec, argv);
      } catch (e) {
        return e instanceof CliError ? e.code : 'other';
      }
      return 'none';
    };
    expect(code(['h:1', '--nope'])).toBe('CLI_UNKNOWN_OPTION');
    expect(code(['h:1', '--frames', 'ten'])).toBe('CLI_BAD_VALUE');
    expect(code(['h:1', '--out'])).toBe('CLI_BAD_VALUE');
    expect(code([])).toBe('CLI_MISSING');
  });

  it('generates help from the table', () => {
    const text = usage(spec);
    expect(text).toContain('spinebridge igtl dump HOST:PORT');
    expect(text).toContain('--frames NUMBER');
    expect(text).toContain('(default 10)');
  });
});
