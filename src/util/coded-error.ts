/**
 * Base for every module's error class: a machine-readable `code` from the module's closed union,
 * a human message, and the underlying `cause`. Libraries throw these; only the CLI prints them.
 */
export class CodedError<Code extends string> extends Error {
  readonly code: Code;

  constructor(code: Code, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** True for any module's coded error (used by the CLI to print one line instead of a stack). */
export function isCodedError(e: unknown): e is CodedError<string> {
  return e instanceof CodedError;
}
