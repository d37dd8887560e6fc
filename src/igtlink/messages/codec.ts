import type { IgtlCommon, IgtlMessage } from '../types.js';

/** Header-derived fields handed to a content decoder. */
export type Common = Pick<
  IgtlCommon,
  'deviceName' | 'timestamp' | 'headerVersion' | 'metadata' | 'messageId'
>;

/** A validated message ready to be written: its content size is known before the single allocation. */
export interface PreparedContent {
  readonly size: number;
  write(out: Uint8Array, dv: DataView, at: number): void;
}

/** One message type's content (the bytes between the extended header and the metadata). */
export interface ContentCodec<M extends IgtlMessage> {
  /** Validates `msg` (throws INVALID_MESSAGE / INVALID_GEOMETRY / SIZE_MISMATCH) and sizes it. */
  prepare(msg: M): PreparedContent;
  /** Must read only inside `content`; throws IgtlError on any inconsistency. */
  decode(content: Uint8Array, common: Common, wireType: string): M;
}
