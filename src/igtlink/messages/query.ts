import { readFixedString, viewOf, writeFixedString } from '../bytes.js';
import { IgtlError } from '../errors.js';
import type { IgtlQuery, IgtlQueryPrefix, IgtlRaw } from '../types.js';
import type { ContentCodec } from './codec.js';

const PREFIXES: readonly IgtlQueryPrefix[] = ['GET', 'STT', 'STP', 'RTS'];

/** The query prefix of a wire type name ('GET_IMAGE' -> 'GET'), or undefined. */
export function queryPrefix(wireType: string): IgtlQueryPrefix | undefined {
  const p = wireType.slice(0, 4);
  return PREFIXES.find((x) => p === `${x}_`);
}

export const queryCodec: ContentCodec<IgtlQuery> = {
  prepare(msg) {
    if (queryPrefix(msg.wireType) !== msg.prefix) {
      throw new IgtlError(
        'INVALID_MESSAGE',
        `query type "${msg.wireType}" does not start with ${msg.prefix}_`,
      );
    }
    return { size: msg.body.length, write: (out, _dv, at) => out.set(msg.body, at) };
  },
  decode(content, common, wireType) {
    return { type: 'QUERY', ...common, wireType, prefix: queryPrefix(wireType)!, body: content };
  },
};

export const rawCodec: ContentCodec<IgtlRaw> = {
  prepare: (msg) => ({ size: msg.body.length, write: (out, _dv, at) => out.set(msg.body, at) }),
  decode: (content, common, wireType) => ({ type: 'RAW', ...common, wireType, body: content }),
};

/** STT_TDATA / STT_QTDATA body (36 bytes): resolution i32 (ms between frames), coordinate name char[32]. */
export function encodeSttTdataBody(resolutionMs: number, coordinateName: string): Uint8Array {
  const out = new Uint8Array(36);
  viewOf(out).setInt32(0, resolutionMs);
  writeFixedString(out, 4, 32, coordinateName, 'STT_TDATA coordinate name');
  return out;
}

export function decodeSttTdataBody(body: Uint8Array): { resolutionMs: number; coordinateName: string } {
  if (body.length !== 36)
    throw new IgtlError('SIZE_MISMATCH', `STT_TDATA body is ${body.length} bytes, not 36`);
  return { resolutionMs: viewOf(body).getInt32(0), coordinateName: readFixedString(body, 4, 32) };
}

/** RTS_x body of one status byte (RTS_TDATA: 0 success, 1 error). */
export function encodeRtsStatusBody(status: number): Uint8Array {
  return Uint8Array.of(status);
}
