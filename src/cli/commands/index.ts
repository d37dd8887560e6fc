import type { CommandSpec, OptionTable } from '../spec.js';

/**
 * Every command, one module each under this folder. Add yours here (one line, keep alphabetical).
 */
export const commands: readonly CommandSpec<OptionTable>[] = [];
