import type { ViewerVolume } from '../src/viewer/volume-codec.js';
import type { GreyWithLabel } from './frame-view.js';

export type SliceAxis = 'axial' | 'coronal' | 'sagittal';

/** How many slices the axis has: axial = z (superior), coronal = y (anterior), sagittal = x (right). */
export function sliceCount(v: ViewerVolume, axis: SliceAxis): number {
  return v.dims[axis === 'axial' ? 2 : axis === 'coronal' ? 1 : 0];
}

/**
 * Cuts slice `index` across `axis`. Axial: x to the right, anterior (+y, the probe's depth) down, as a
 * transverse frame looks. Coronal and sagittal: superior up, x or y to the right.
 */
export function cutSlice(v: ViewerVolume, axis: SliceAxis, index: number): GreyWithLabel {
  const [nx, ny, nz] = v.dims;
  const at = (x: number, y: number, z: number) => x + nx * (y + ny * z);
  const [width, height] = axis === 'axial' ? [nx, ny] : axis === 'coronal' ? [nx, nz] : [ny, nz];
  const pixels = new Uint8Array(width * height);
  const label = new Uint8Array(width * height);
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      const src =
        axis === 'axial'
          ? at(c, r, index)
          : axis === 'coronal'
            ? at(c, index, nz - 1 - r)
            : at(index, c, nz - 1 - r);
      pixels[c + width * r] = v.intensity[src]!;
      label[c + width * r] = v.labels[src]!;
    }
  }
  return { width, height, pixels, label };
}

/** The slice holding the most bone (the layer of the laminae, or the midline), else the middle one. */
export function boneSlice(v: ViewerVolume, axis: SliceAxis): number {
  const [nx, ny] = v.dims;
  const counts = new Array<number>(sliceCount(v, axis)).fill(0);
  for (let i = 0; i < v.labels.length; i++) {
    if (v.labels[i] === 0) continue;
    const x = i % nx,
      y = Math.floor(i / nx) % ny,
      z = Math.floor(i / (nx * ny));
    counts[axis === 'axial' ? z : axis === 'coronal' ? y : x]!++;
  }
  let best = Math.floor(counts.length / 2);
  counts.forEach((c, k) => {
    if (c > counts[best]!) best = k;
  });
  return best;
}
