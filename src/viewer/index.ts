export { ViewerServer, type ViewerServerOptions } from './server.js';
export { encodeFrame, decodeFrame, type ViewerFrame } from './frame-codec.js';
export { encodeSurface, decodeSurface, type ViewerMesh } from './surface-codec.js';
export { encodeVolume, decodeVolume, MAX_VOXELS, type ViewerVolume } from './volume-codec.js';
export { encodeTextMessage, parseTextMessage, isAck, type ViewerTextMessage } from './text-messages.js';
export { ViewerError, type ViewerErrorCode } from './errors.js';
export { isLoopback, newToken } from './access.js';
