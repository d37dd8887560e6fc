import { ViewerError } from './errors.js';

/** Magic + version of each binary viewer message: 4 ASCII bytes at offset 0. */
export const FRAME_MAGIC = 'SBF2';
export const SURFACE_MAGIC = 'SBS1';
export const VOLUME_MAGIC = 'SBV1';

/** The 4-byte magic at the start of a binary message, or undefined when it is shorter than 4 bytes. */
export function peekMagic(bytes: Uint8Array): string | undefined {
  if (bytes.length < 4) return undefined;
  return String.fromCharCode(bytes[0]!, bytes[1]!, bytes[2]!, bytes[3]!);
}

export function writeMagic(view: DataView, magic: string): void {
  for (let i = 0; i < 4; i++) view.setUint8(i, magic.charCodeAt(i));
}

/** Throws unless `bytes` holds at least a header of `headerBytes` that starts with `magic`. */
export function checkHeader(bytes: Uint8Array, magic: string, headerBytes: number): DataView {
  const found = peekMagic(bytes);
  if (found !== undefined && found !== magic) {
    throw new ViewerError('VIEWER_BAD_MAGIC', `expected magic ${magic}, got ${JSON.stringify(found)}`);
  }
  if (bytes.length < headerBytes) {
    throw new ViewerError(
      'VIEWER_TRUNCATED',
      `${magic} header needs ${headerBytes} bytes, got ${bytes.length}`,
    );
  }
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Throws unless the message is exactly header + payload long. */
export function checkLength(magic: string, got: number, want: number): void {
  if (got < want) {
    throw new ViewerError('VIEWER_TRUNCATED', `${magic} message needs ${want} bytes, got ${got}`);
  }
  if (got > want) {
    throw new ViewerError('VIEWER_BAD_SIZE', `${magic} message has ${got - want} bytes beyond its payload`);
  }
}
