import { siblingWorkerUrl, spawnModuleWorker } from '../util/module-worker.js';
import { VolumeError, type VolumeErrorCode } from './errors.js';
import type { MeasureOptions, SpineMeasurement } from './measure.js';
import type { VolumeGrid } from './types.js';

export interface MeasureJob {
  readonly labels: VolumeGrid;
  readonly options: MeasureOptions;
}
export type MeasureReply =
  { ok: SpineMeasurement } | { error: { code: string | undefined; message: string } };

/**
 * measureSpine on a worker thread: the mirror fits take seconds of CPU, and a live session's sockets
 * (PlusServer's stream, the viewer) must stay served meanwhile. The label data is copied, not
 * transferred, so the caller's grid stays usable. Errors come back as the VolumeError they were.
 */
export function measureSpineOffThread(
  labels: VolumeGrid,
  options: MeasureOptions = {},
): Promise<SpineMeasurement> {
  const worker = spawnModuleWorker(siblingWorkerUrl(import.meta.url, 'measure-worker'));
  return new Promise<SpineMeasurement>((resolve, reject) => {
    let settled = false;
    worker.once('message', (reply: MeasureReply) => {
      settled = true;
      if ('ok' in reply) resolve(reply.ok);
      else if (reply.error.code?.startsWith('VOLUME_'))
        reject(new VolumeError(reply.error.code as VolumeErrorCode, reply.error.message));
      else reject(new Error(`measurement worker: ${reply.error.message}`));
      void worker.terminate();
    });
    worker.once('error', (e) => {
      if (!settled) reject(e);
      settled = true;
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`measurement worker exited (${code}) without an answer`));
      settled = true;
    });
    worker.postMessage({ labels, options } satisfies MeasureJob);
  });
}
