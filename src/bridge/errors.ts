import { CodedError } from '../util/index.js';

/**
 * - UNSUPPORTED_IMAGE: an IMAGE the bridge cannot segment (not 8-bit, several components, a 3D volume).
 * - NO_FRAMES: a session ended before any tracked frame arrived, so there is nothing to reconstruct.
 * - SOURCE_LOST: the OpenIGTLink source went away and will not come back.
 */
export type BridgeErrorCode = 'UNSUPPORTED_IMAGE' | 'NO_FRAMES' | 'SOURCE_LOST';

export class BridgeError extends CodedError<BridgeErrorCode> {}
