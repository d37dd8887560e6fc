export { VolumeError, type VolumeErrorCode } from './errors.js';
export type {
  ClipRectangle,
  Compounding,
  FanGeometry,
  FrameInput,
  HoleFillingElement,
  Interpolation,
  ReconstructionParams,
  SkipCounts,
  VolumeGrid,
} from './types.js';
export { geometryFromFrames, rowSpans, bytesNeeded, type GridGeometry } from './geometry.js';
export { VolumeReconstructor, type VolumeSnapshot } from './reconstructor.js';
export { fillHoles } from './fill-holes.js';
export { extractSurface, type Mesh } from './surface.js';
export { smoothMesh, decimateMesh, meshBounds } from './mesh-ops.js';
export { encodeStl, encodeVtp } from './mesh-io.js';
export {
  measureSpine,
  cobbCurves,
  type SpineMeasurement,
  type LevelLandmarks,
  type CobbMeasure,
  type MeasureOptions,
} from './measure.js';
export { measureSpineOffThread } from './measure-thread.js';
export { coronalProjection, type ProjectionMode } from './projection.js';
export { paramsFromPlusConfig } from './plus-config.js';
