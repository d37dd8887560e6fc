import { parentPort } from 'node:worker_threads';
import { isCodedError } from '../util/index.js';
import { measureSpine } from './measure.js';
import type { MeasureJob, MeasureReply } from './measure-thread.js';

// One job per worker: measure, answer, exit.
parentPort?.once('message', (job: MeasureJob) => {
  let reply: MeasureReply;
  try {
    reply = { ok: measureSpine(job.labels, job.options) };
  } catch (e) {
    const code = isCodedError(e) ? e.code : undefined;
    reply = { error: { code, message: (e as Error).message } };
  }
  parentPort!.postMessage(reply);
});
