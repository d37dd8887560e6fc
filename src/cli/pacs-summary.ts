import type { FlushResult } from '../dicom/index.js';

/** How a delivery to the PACS went, for a command's summary (counts, and why files stay queued). */
export function pacsSummary(
  r: FlushResult | undefined,
): { sent: number; queued: number; error?: string } | undefined {
  if (!r) return undefined;
  return { sent: r.sent.length, queued: r.queued.length, ...(r.error ? { error: r.error.message } : {}) };
}
