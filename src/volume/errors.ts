import { CodedError } from '../util/index.js';

/**
 * Every way reconstruction, surface extraction or measurement can refuse its input.
 * - VOLUME_TOO_LARGE: the output grid would need more bytes than the configured limit.
 * - VOLUME_BAD_PARAMS: spacing/extent/kernel parameters that cannot describe a volume.
 * - VOLUME_NO_FRAMES: no frame with a valid transform, so no extent can be computed.
 * - VOLUME_BAD_INPUT: a volume or mesh handed to a writer/measurer is inconsistent (sizes, types).
 * - VOLUME_NO_BONE: measurement found too little segmented bone to place landmarks.
 */
export type VolumeErrorCode =
  'VOLUME_TOO_LARGE' | 'VOLUME_BAD_PARAMS' | 'VOLUME_NO_FRAMES' | 'VOLUME_BAD_INPUT' | 'VOLUME_NO_BONE';

export class VolumeError extends CodedError<VolumeErrorCode> {}
