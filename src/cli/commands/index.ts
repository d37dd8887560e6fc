import type { CommandSpec, OptionTable } from '../spec.js';
import { reconstructCommand } from './reconstruct.js';

/**
 * Every command, one module each under this folder. Add yours here (one line, keep alphabetical).
 */
export const commands: readonly CommandSpec<OptionTable>[] = [
  reconstructCommand as unknown as CommandSpec<OptionTable>,
];
