import type { Mat4 } from '../math/index.js';

export type Interpolation = 'nearest' | 'linear';
export type Compounding = 'latest' | 'maximum' | 'mean';

/**
 * PLUS's vtkIGSIOFillHolesInVolume kernels. Gaussian kernels weigh known voxels in a size^3 cube by
 * a Gaussian of stdev voxels (times the accumulation value for GAUSSIAN_ACCUMULATION); a result is
 * accepted only if the fraction of known voxels in the cube exceeds minRatio. Sticks search 13
 * directions for known voxels on both sides of the hole.
 */
export type HoleFillingElement =
  | {
      readonly type: 'GAUSSIAN' | 'GAUSSIAN_ACCUMULATION';
      readonly size: number;
      readonly stdev: number;
      readonly minRatio: number;
    }
  | {
      readonly type: 'DISTANCE_WEIGHT_INVERSE' | 'NEAREST_NEIGHBOR';
      readonly size: number;
      readonly minRatio: number;
    }
  | { readonly type: 'STICK'; readonly stickLengthLimit: number; readonly numberOfSticksToUse: number };

/** Pixel rectangle of the frame that is used (PLUS ClipRectangleOrigin / ClipRectangleSize). */
export interface ClipRectangle {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Fan mask in pixels (PLUS FanAnglesDeg, FanOriginPixel, FanRadiusStartPixel, FanRadiusStopPixel). */
export interface FanGeometry {
  readonly anglesDeg: readonly [number, number];
  readonly originPixel: readonly [number, number];
  readonly radiusStartPixel: number;
  readonly radiusStopPixel: number;
}

/**
 * Everything that decides the output volume; a PLUS VolumeReconstruction element maps onto it
 * one attribute per field (see fromPlusConfig). Missing origin/dims are computed from the frames.
 */
export interface ReconstructionParams {
  /** Output voxel size in mm (x, y, z). */
  readonly spacing: readonly [number, number, number];
  /** Output origin in mm (Reference frame) of voxel (0, 0, 0); computed from the frames when absent. */
  readonly origin?: readonly [number, number, number];
  /** Output voxel counts; computed from the frames when absent (together with origin). */
  readonly dims?: readonly [number, number, number];
  readonly clip?: ClipRectangle;
  readonly fan?: FanGeometry;
  readonly interpolation: Interpolation;
  readonly compounding: Compounding;
  /**
   * 'fixed14' reproduces PLUS Optimization=FULL (slice-to-volume mapping in 14-bit fixed point);
   * 'float' is plain float64 (PLUS PARTIAL/NONE). Default 'fixed14'.
   */
  readonly arithmetic?: 'fixed14' | 'float';
  readonly fillHoles?: boolean;
  readonly holeFilling?: readonly HoleFillingElement[];
  /** Refuse volumes whose buffers would exceed this many bytes (default 2 GiB). */
  readonly maxBytes?: number;
  /** Keep a label grid beside the intensity grid (pasted nearest-neighbour, compounded by maximum). */
  readonly withLabels?: boolean;
}

/** One tracked frame: 8-bit pixels, row-major, pixel (i, j) at point (i, j, 0) of the Image frame. */
export interface FrameInput {
  readonly width: number;
  readonly height: number;
  readonly pixels: Uint8Array;
  /** Same size as pixels; pasted into the label grid when the reconstructor keeps one. */
  readonly labels?: Uint8Array;
  /** Image (pixel index) to Reference (mm), row-major. */
  readonly imageToReference: Mat4;
  /** False when the tracker flagged the transform invalid (PLUS TransformStatus != OK). Default true. */
  readonly transformValid?: boolean;
}

/** A voxel grid: voxel (x, y, z) at origin + spacing * (x, y, z) mm, x fastest, identity direction. */
export interface VolumeGrid<T extends Uint8Array | Uint16Array | Float32Array = Uint8Array> {
  readonly dims: readonly [number, number, number];
  readonly spacing: readonly [number, number, number];
  readonly origin: readonly [number, number, number];
  readonly data: T;
}

/** Why frames were skipped, counted per reason. */
export interface SkipCounts {
  invalidTransform: number;
  nonFiniteMatrix: number;
  wrongSize: number;
  /** Growing mode: frames that would have needed a grid larger than maxBytes. */
  tooLarge: number;
}
