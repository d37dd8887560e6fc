import { CodedError } from '../util/index.js';

/** Every way the simulator refuses its input. */
export type SimErrorCode = 'SIM_BAD_PARAMS' | 'SIM_BAD_LEVEL' | 'SIM_BAD_CURVE' | 'SIM_IO';

export class SimError extends CodedError<SimErrorCode> {}
