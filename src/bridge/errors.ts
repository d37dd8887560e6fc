import { CodedError } from '../util/index.js';

/**
 * - UNSUPPORTED_IMAGE: an IMAGE the bridge cannot segment (not 8-bit, several components, a 3D volume).
 * - NO_FRAMES: a session ended before any tracked frame arrived, so there is nothing to reconstruct.
 * - NO_SOURCE: no OpenIGTLink server answered within the wait (it is retried with backoff until then).
 */
export type BridgeErrorCode = 'UNSUPPORTED_IMAGE' | 'NO_FRAMES' | 'NO_SOURCE';

export class BridgeError extends CodedError<BridgeErrorCode> {}
