import type { Command } from '../spec.js';
import { demoCommand } from './demo.js';
import { dicomCommands } from './dicom.js';
import { igtlDumpCommand } from './igtl-dump.js';
import { measureCommand } from './measure.js';
import { reconstructCommand } from './reconstruct.js';
import { recordCommand } from './record.js';
import { runCommand } from './run.js';
import { segmentCommand } from './segment.js';
import { serveSimCommand } from './serve-sim.js';
import { simulateCommand } from './simulate.js';

/**
 * Every command, one module each under this folder. Add yours here (one line, keep alphabetical).
 */
export const commands: readonly Command[] = [
  demoCommand,
  ...dicomCommands,
  igtlDumpCommand,
  measureCommand,
  reconstructCommand,
  recordCommand,
  runCommand,
  segmentCommand,
  serveSimCommand,
  simulateCommand,
];
