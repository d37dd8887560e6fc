/**
 * The real segmentation worker plus a fault: a 13-pixel-wide frame makes the thread call
 * process.exit, a 14-pixel-wide one throws an uncaught error. Used by pool.test.ts.
 */
import { parentPort } from 'node:worker_threads';
import '../../src/segment/worker.js';

parentPort?.on('message', (m: { type: string; width?: number }) => {
  if (m.type !== 'frame') return;
  if (m.width === 13) process.exit(3);
  if (m.width === 14) {
    setImmediate(() => {
      throw new Error('injected worker fault');
    });
  }
});
