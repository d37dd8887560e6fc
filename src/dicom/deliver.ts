import { cStore, parseDimseTarget } from './dimse/cstore.js';
import { enqueue, flushOutbox, type FlushResult } from './outbox.js';
import { stowInstances, type StowFile } from './stow.js';

/** A PACS address as the CLI takes it: a DICOMweb root (http…) or a DIMSE HOST:PORT:AET. */
export function senderFor(pacs: string): (files: readonly StowFile[]) => Promise<ReadonlySet<string>> {
  if (/^https?:\/\//.test(pacs)) return (b) => stowInstances(pacs, b);
  const target = parseDimseTarget(pacs);
  return (b) => cStore(target, b);
}

export interface DeliverOptions {
  /** Copied into the outbox first (the export's files); omit to retry what is queued. */
  readonly files?: readonly string[];
  readonly log?: (line: string) => void;
  readonly progress?: (done: number, total: number) => void;
  /** Overrides senderFor(pacs) (tests, or a caller with its own transport). */
  readonly send?: (files: readonly StowFile[]) => Promise<ReadonlySet<string>>;
}

/**
 * Queues files in `outbox`, then tries to deliver everything queued there. A PACS that is down or refuses
 * leaves the files queued and logs one line saying how to retry; the result says what was sent and what stays.
 */
export async function deliverToPacs(
  outbox: string,
  pacs: string,
  o: DeliverOptions = {},
): Promise<FlushResult> {
  const files = o.files ?? [];
  if (files.length > 0) await enqueue(outbox, files);
  const send = o.send ?? senderFor(pacs);
  const r = await flushOutbox(outbox, async (batch) => {
    o.progress?.(0, batch.length);
    const acked = await send(batch);
    o.progress?.(batch.length, batch.length);
    return acked;
  });
  if (r.error && files.length > 0) {
    const flag = /^https?:\/\//.test(pacs) ? '--pacs' : '--dimse';
    o.log?.(
      `${r.error.message}; ${r.queued.length} file(s) stay queued in ${outbox} (retry: spinebridge dicom send ${outbox} ${flag} ${pacs})`,
    );
  }
  return r;
}
