/**
 * Thin worker shell: owns one ORT session, receives frames, runs the kernel, transfers label and
 * pixels back. All logic lives in kernel.ts / session.ts.
 */
import { parentPort } from 'node:worker_threads';
import { SegmentError } from './errors.js';
import { segmentFrame } from './kernel.js';
import type { FromWorker, ToWorker, WireError } from './protocol.js';
import { openModel, type OpenModel } from './session.js';

const port = parentPort;
if (!port) throw new Error('segment worker must run in a worker thread');

function wire(e: unknown): WireError {
  if (e instanceof SegmentError) return { code: e.code, message: e.message };
  return { code: 'SEG_INFERENCE', message: e instanceof Error ? e.message : String(e) };
}

function send(msg: FromWorker, transfer: ArrayBuffer[] = []): void {
  port!.postMessage(msg, transfer);
}

let model: OpenModel | undefined;
// Frames are handled one at a time, in arrival order (the pool never sends a second before the reply).
let chain: Promise<void> = Promise.resolve();

port.on('message', (msg: ToWorker) => {
  chain = chain.then(() => handle(msg));
});

async function handle(msg: ToWorker): Promise<void> {
  if (msg.type === 'init') {
    const log: string[] = [];
    try {
      model = await openModel(
        msg.onnxPath,
        msg.card,
        { provider: msg.provider, intraOpThreads: msg.intraOpThreads },
        (l) => log.push(l),
      );
      send({ type: 'ready', provider: model.provider, log });
    } catch (e) {
      send({ type: 'init-error', error: wire(e) });
    }
    return;
  }
  const pixels = msg.data;
  try {
    if (!model) throw new SegmentError('SEG_CLOSED', 'worker has no model');
    const frame = { width: msg.width, height: msg.height, data: pixels };
    const { label, timings } = await segmentFrame(model.card, frame, model.infer, msg.crf);
    send({ type: 'result', id: msg.id, label, pixels, timings }, [
      label.buffer as ArrayBuffer,
      pixels.buffer as ArrayBuffer,
    ]);
  } catch (e) {
    send({ type: 'error', id: msg.id, error: wire(e), pixels }, [pixels.buffer as ArrayBuffer]);
  }
}
