/**
 * JSON text messages. Server to browser: the latest measurement, status and coronal-view version, each wrapped in `data` so
 * a field named `type` inside them cannot clash with the tag. Browser to server: only the frame ack.
 */
export type ViewerTextMessage =
  | { readonly type: 'measurement'; readonly data: unknown }
  | { readonly type: 'status'; readonly data: Record<string, unknown> }
  /** A new coronal projection is at GET /coronal.png (`version` busts the browser's cache). */
  | { readonly type: 'coronal'; readonly data: { readonly version: number } };

export function encodeTextMessage(m: ViewerTextMessage): string {
  return JSON.stringify(m);
}

/** The server's message, or undefined for anything else (the browser ignores unknown messages). */
export function parseTextMessage(text: string): ViewerTextMessage | undefined {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null || !('type' in v) || !('data' in v)) return undefined;
  if (v.type === 'measurement') return { type: 'measurement', data: v.data };
  if (v.type === 'coronal' && typeof v.data === 'object' && v.data !== null && 'version' in v.data) {
    if (typeof v.data.version === 'number') return { type: 'coronal', data: { version: v.data.version } };
  }
  if (v.type === 'status' && typeof v.data === 'object' && v.data !== null) {
    return { type: 'status', data: v.data as Record<string, unknown> };
  }
  return undefined;
}

/** The browser acknowledges each drawn frame with the text `ack` (or `{"type":"ack"}`). */
export const ACK = 'ack';

export function isAck(text: string): boolean {
  if (text === ACK) return true;
  return text.replace(/\s/g, '') === '{"type":"ack"}';
}
