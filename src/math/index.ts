export type { Mat4 } from './mat4.js';
export {
  identity,
  fromRowMajor,
  multiply,
  invert,
  transformPoint,
  imageToReference,
  rasToLps,
} from './mat4.js';
