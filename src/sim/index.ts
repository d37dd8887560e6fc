export type { Vec3, BonePart, Primitive } from './shapes.js';
export { LEVEL_NAMES, levelIndex, type LevelName } from './levels.js';
export { measureCobb, type CobbCurve } from './cobb.js';
export {
  buildPhantom,
  type Phantom,
  type PhantomParams,
  type CurveSpec,
  type LevelTruth,
} from './phantom.js';
export type { Skin } from './skin.js';
export { randomPatient } from './patients.js';
export { imageGeometry, type ImageGeometry, type ImageGeometryParams } from './geometry.js';
export {
  makeSweep,
  defaultImageToProbe,
  type Sweep,
  type SweepFrame,
  type SweepParams,
  type TransformStatus,
} from './sweep.js';
export {
  createBmodeRenderer,
  type BmodeParams,
  type BmodeRenderer,
  type FrameState,
  type RenderedFrame,
} from './bmode.js';
export { writeDataset, TRUTH_FORMAT, type DatasetOptions, type DatasetSummary } from './dataset.js';
export { plusConfigXml } from './plus-config.js';
export { Rng } from './rng.js';
export { SimError, type SimErrorCode } from './errors.js';
export { PlusSimServer, type PlusSimServerOptions } from './plus-server.js';
