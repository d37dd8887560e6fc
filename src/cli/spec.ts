/**
 * The declarative CLI: each command is one table of options plus a `run` that receives the parsed,
 * typed options. Parsing, `--help` and the options type all come from the table.
 */
export type OptionKind = 'string' | 'number' | 'boolean';

export interface OptionSpec {
  readonly kind: OptionKind;
  readonly help: string;
  readonly default?: string | number | boolean;
  readonly required?: boolean;
  /** Value placeholder shown in help, e.g. 'HOST:PORT'. */
  readonly value?: string;
}

export type OptionTable = Readonly<Record<string, OptionSpec>>;

type ValueOf<S extends OptionSpec> = S['kind'] extends 'number'
  ? number
  : S['kind'] extends 'boolean'
    ? boolean
    : string;

/** The typed options object a table yields: defaulted/required options are present, others optional. */
export type ParsedOptions<T extends OptionTable> = {
  readonly [K in keyof T as T[K] extends { required: true } | { default: unknown } ? K : never]: ValueOf<
    T[K]
  >;
} & {
  readonly [K in keyof T as T[K] extends { required: true } | { default: unknown } ? never : K]?: ValueOf<
    T[K]
  >;
};

/** Where a command writes: progress to `err` (a TTY bar or plain lines), results to `out`. */
export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  /** Progress of long work; `done === total` finishes the bar. */
  readonly progress: (label: string, done: number, total: number) => void;
  /** Resolves when the user asks to stop (SIGINT/SIGTERM): long-running commands shut down cleanly on it. */
  readonly stopped: Promise<void>;
}

export interface CommandSpec<T extends OptionTable = OptionTable> {
  /** Words that select the command, e.g. ['igtl', 'dump']. */
  readonly name: readonly string[];
  readonly summary: string;
  /** Positional arguments, in order, shown in usage (e.g. ['IN.igs.mha']). */
  readonly positionals?: readonly {
    readonly name: string;
    readonly help: string;
    readonly required?: boolean;
  }[];
  readonly options: T;
  /** Returns the process exit code (0 on success). Throw a CodedError for one clear message. */
  readonly run: (args: { positionals: string[]; options: ParsedOptions<T>; io: CliIo }) => Promise<number>;
}

/** A command with its option types erased, as the registry holds it. */
export type Command = CommandSpec<OptionTable>;

/**
 * Infers the literal option table (so `run` sees typed options) and returns the command erased for
 * the registry; sound because `run` only ever receives options parsed from that same table.
 */
export function defineCommand<const T extends OptionTable>(spec: CommandSpec<T>): Command {
  return spec as unknown as Command;
}
