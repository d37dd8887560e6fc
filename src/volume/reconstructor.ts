import type { Mat4 } from '../math/index.js';
import { VolumeError } from './errors.js';
import { fillHoles } from './fill-holes.js';
import { copyGrid, frameBox, grownGeometry } from './grow.js';
import { bytesNeeded, checkSpacing, geometryFromFrames, rowSpans, type GridGeometry } from './geometry.js';
import { pasteLabels, pasteLinear, pasteNearest, toFixed14, type PasteTarget } from './paste.js';
import type {
  FrameInput,
  HoleFillingElement,
  ReconstructionParams,
  SkipCounts,
  VolumeGrid,
} from './types.js';

const DEFAULT_MAX_BYTES = 2 * 1024 ** 3;
/** PLUS's default when FillHoles is on and no kernels are listed is not defined; sticks are its test default. */
const DEFAULT_HOLE_FILLING: readonly HoleFillingElement[] = [
  { type: 'STICK', stickLengthLimit: 9, numberOfSticksToUse: 1 },
];

/** What a snapshot holds: the grids as they are now (copies), and the frame counts. */
export interface VolumeSnapshot {
  readonly intensity: VolumeGrid;
  /** Present when the reconstructor keeps labels. */
  readonly labels?: VolumeGrid;
  /** PLUS's accumulation buffer (1/256 units; 0 = never hit). */
  readonly accumulation: VolumeGrid<Uint16Array>;
  readonly framesPasted: number;
  readonly skipped: Readonly<SkipCounts>;
}

/**
 * Incremental freehand reconstruction into a fixed grid, as PLUS's vtkIGSIOVolumeReconstructor does:
 * frames are pasted as they arrive (`paste`), and `snapshot` copies the grids at any time without
 * disturbing further pasting. Frames with an invalid transform, a non-finite matrix or a size other
 * than the first frame's are skipped and counted, never pasted.
 *
 * Known differences from PLUS: pixel columns are bounds-checked one by one instead of PLUS's
 * ray/box intersection (same voxels in practice); weights quantized to 1/16384 use round-half-up
 * where fixed.h rounds half-even (ties have probability ~1e-4 per product).
 */
export class VolumeReconstructor {
  readonly params: ReconstructionParams;
  private grid: GridGeometry;
  private target: PasteTarget;
  private labels: Uint8Array | undefined;
  /** Growing mode: slab size (mm) by which the grid grows; the grid is empty until the first frame. */
  private growStepMm: number | undefined;
  private empty = false;
  private frameSize: [number, number] | undefined;
  private spanCache: { width: number; height: number; spans: Int32Array } | undefined;
  private framesPasted = 0;
  private readonly skipped: SkipCounts = {
    invalidTransform: 0,
    nonFiniteMatrix: 0,
    wrongSize: 0,
    tooLarge: 0,
  };

  /** The grid must be known up front (params.origin + params.dims); use `fromFrames` to compute it. */
  constructor(params: ReconstructionParams) {
    if (!params.origin || !params.dims) {
      throw new VolumeError(
        'VOLUME_BAD_PARAMS',
        'origin and dims are needed (or build with VolumeReconstructor.fromFrames)',
      );
    }
    checkSpacing(params.spacing);
    if (!params.dims.every((d) => Number.isInteger(d) && d > 0) || !params.origin.every(Number.isFinite)) {
      throw new VolumeError(
        'VOLUME_BAD_PARAMS',
        `bad output grid: dims ${params.dims.join(' ')}, origin ${params.origin.join(' ')}`,
      );
    }
    const need = bytesNeeded(params.dims, params.withLabels === true);
    const limit = params.maxBytes ?? DEFAULT_MAX_BYTES;
    if (need > limit) {
      throw new VolumeError(
        'VOLUME_TOO_LARGE',
        `a ${params.dims.join('x')} grid needs ${(need / 2 ** 20).toFixed(0)} MiB, more than the ${(limit / 2 ** 20).toFixed(0)} MiB allowed`,
      );
    }
    this.params = params;
    this.grid = {
      dims: [...params.dims] as never,
      spacing: [...params.spacing] as never,
      origin: [...params.origin] as never,
    };
    this.target = allocate(this.grid.dims);
    this.labels = params.withLabels ? new Uint8Array(this.target.out.length) : undefined;
  }

  /**
   * Live reconstruction without a configured extent (e.g. a PLUS stream): the grid starts around the
   * first frame and grows, re-allocated in slabs of `stepMm` (default 64), whenever a frame reaches
   * beyond it; pasted voxels are copied over unchanged. A frame that would need a grid over
   * params.maxBytes is skipped and counted as `tooLarge` (the grid stays as it is).
   */
  static growing(params: ReconstructionParams, options: { stepMm?: number } = {}): VolumeReconstructor {
    const r = new VolumeReconstructor({ ...params, origin: [0, 0, 0], dims: [1, 1, 1] });
    const step = options.stepMm ?? 64;
    if (!(step > 0 && Number.isFinite(step)))
      throw new VolumeError('VOLUME_BAD_PARAMS', `growth step must be a positive number of mm, got ${step}`);
    r.growStepMm = step;
    r.empty = true;
    return r;
  }

  /** The grid as it is now (it changes only in growing mode). */
  get geometry(): GridGeometry {
    return this.grid;
  }

  /**
   * Computes the output grid from all frames (PLUS's automatic extent: see geometryFromFrames) unless
   * params give one, then pastes every frame in order.
   */
  static fromFrames(
    frames: Iterable<FrameInput>,
    params: ReconstructionParams,
    onFrame?: (done: number) => void,
  ): VolumeReconstructor {
    const list = [...frames];
    let p = params;
    if (!params.origin || !params.dims) {
      const first = list.find(hasValidTransform);
      if (!first) throw new VolumeError('VOLUME_NO_FRAMES', 'no frame with a valid transform');
      const mats = list
        .filter((f) => hasValidTransform(f) && f.width === first.width && f.height === first.height)
        .map((f) => f.imageToReference);
      const g = geometryFromFrames(mats, first.width, first.height, params.spacing, params.clip);
      p = { ...params, origin: g.origin, dims: g.dims };
    }
    const r = new VolumeReconstructor(p);
    list.forEach((f, i) => {
      r.paste(f);
      onFrame?.(i + 1);
    });
    return r;
  }

  /** Pastes one frame; returns false (and counts why) when the frame is skipped. */
  paste(frame: FrameInput): boolean {
    if (frame.transformValid === false) return this.skip('invalidTransform');
    const m = frame.imageToReference;
    if (m.length !== 16 || !m.every(Number.isFinite)) return this.skip('nonFiniteMatrix');
    const size = this.frameSize ?? [frame.width, frame.height];
    if (
      frame.width !== size[0] ||
      frame.height !== size[1] ||
      frame.pixels.length !== frame.width * frame.height ||
      (frame.labels !== undefined && frame.labels.length !== frame.pixels.length)
    ) {
      return this.skip('wrongSize');
    }
    if (this.growStepMm !== undefined && !this.makeRoom(frame)) return this.skip('tooLarge');
    this.frameSize = size;
    const spans = this.spans(frame.width, frame.height);
    const map = this.pixelToVoxel(m);
    const mode = this.params.compounding;
    if (this.params.interpolation === 'nearest')
      pasteNearest(this.target, frame.pixels, frame.width, spans, map, mode);
    else pasteLinear(this.target, frame.pixels, frame.width, spans, map, mode, this.fixed());
    if (this.labels && frame.labels)
      pasteLabels(this.labels, this.grid.dims, frame.labels, frame.width, spans, map);
    this.framesPasted++;
    return true;
  }

  get counts(): { readonly framesPasted: number; readonly skipped: Readonly<SkipCounts> } {
    return { framesPasted: this.framesPasted, skipped: { ...this.skipped } };
  }

  /**
   * The live label grid itself, not a copy (undefined without labels): for reading synchronously between
   * pastes, e.g. measuring the sweep so far without copying a full-spine grid. A growing grid replaces
   * its arrays, so do not keep it.
   */
  labelsNow(): VolumeGrid | undefined {
    return this.labels ? { ...this.grid, data: this.labels } : undefined;
  }

  /**
   * Copies the grids as they are now; with `fillHoles` (default: params.fillHoles) the copy is
   * hole-filled with the configured kernels, the live grids are untouched.
   */
  snapshot(options: { fillHoles?: boolean } = {}): VolumeSnapshot {
    const g = this.grid;
    const fill = options.fillHoles ?? this.params.fillHoles === true;
    const kernels =
      this.params.holeFilling && this.params.holeFilling.length > 0
        ? this.params.holeFilling
        : DEFAULT_HOLE_FILLING;
    const out = fill ? fillHoles(this.target.out, this.target.acc, g.dims, kernels) : this.target.out.slice();
    return {
      intensity: { ...g, data: out },
      ...(this.labels ? { labels: { ...g, data: this.labels.slice() } } : {}),
      accumulation: { ...g, data: this.target.acc.slice() },
      framesPasted: this.framesPasted,
      skipped: { ...this.skipped },
    };
  }

  /** Growing mode: re-allocates the grid when the frame reaches beyond it; false if that would exceed maxBytes. */
  private makeRoom(frame: FrameInput): boolean {
    const box = frameBox(frame.imageToReference, frame.width, frame.height, this.params.clip);
    const next = grownGeometry(
      this.empty ? undefined : this.grid,
      box,
      this.params.spacing,
      this.growStepMm!,
    );
    if (!next) return true;
    const limit = this.params.maxBytes ?? DEFAULT_MAX_BYTES;
    if (bytesNeeded(next.dims, this.labels !== undefined) > limit) return false;
    const target = allocate(next.dims);
    const labels = this.labels ? new Uint8Array(target.out.length) : undefined;
    if (!this.empty) {
      copyGrid(this.target.out, this.grid, target.out, next);
      copyGrid(this.target.acc, this.grid, target.acc, next);
      if (this.labels && labels) copyGrid(this.labels, this.grid, labels, next);
    }
    this.grid = next;
    this.target = target;
    this.labels = labels;
    this.empty = false;
    return true;
  }

  private skip(reason: keyof SkipCounts): false {
    this.skipped[reason]++;
    return false;
  }

  private fixed(): boolean {
    return (this.params.arithmetic ?? 'fixed14') === 'fixed14';
  }

  private spans(width: number, height: number): Int32Array {
    if (!this.spanCache || this.spanCache.width !== width || this.spanCache.height !== height) {
      this.spanCache = { width, height, spans: rowSpans(width, height, this.params.clip, this.params.fan) };
    }
    return this.spanCache.spans;
  }

  /** (ImageToReference then Reference mm -> voxel index) as a 3x4 map; quantized in fixed14 mode. */
  private pixelToVoxel(m: Mat4): Float64Array {
    const { origin, spacing } = this.grid;
    const out = new Float64Array(12);
    for (let r = 0; r < 3; r++) {
      for (let c = 0; c < 4; c++) {
        const v = (m[r * 4 + c]! - (c === 3 ? origin[r]! : 0)) / spacing[r]!;
        out[r * 4 + c] = this.fixed() ? toFixed14(v) : v;
      }
    }
    return out;
  }
}

function allocate(dims: readonly [number, number, number]): PasteTarget {
  const n = dims[0] * dims[1] * dims[2];
  return { nx: dims[0], ny: dims[1], nz: dims[2], out: new Uint8Array(n), acc: new Uint16Array(n) };
}

function hasValidTransform(f: FrameInput): boolean {
  return (
    f.transformValid !== false &&
    f.imageToReference.length === 16 &&
    f.imageToReference.every(Number.isFinite)
  );
}
