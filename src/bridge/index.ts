/** The live pipeline: OpenIGTLink frames -> segmentation -> labels back + reconstruction -> outputs. */
export { BridgeError, type BridgeErrorCode } from './errors.js';
export { FramePairer, type PairingOptions, type TrackedFrame } from './tracked-frame.js';
export {
  LiveBridge,
  labelImage,
  type BridgeStats,
  type LabelledFrame,
  type LiveBridgeOptions,
} from './live-bridge.js';
export { writeSweepOutputs, type SweepOutputs } from './sweep-outputs.js';
export { surfaceMessage } from './surface-message.js';
export { runLiveSession, type LiveSessionOptions, type LiveSessionResult } from './session.js';
export type { SessionViewer } from './session-viewer.js';
export { writeSweepDicom, type SweepDicom } from './sweep-dicom.js';
export { SWEEP_FILE, LABELS_FILE } from './recorder.js';
