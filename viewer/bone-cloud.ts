import type { ViewerFrame } from '../src/viewer/frame-codec.js';

/** Every STRIDE-th label pixel in x and y: a quarter of them is dense enough for a preview. */
const STRIDE = 2;

/**
 * The bone pixels of every frame received, placed in 3D with the frame's ImageToReference: the spine
 * builds up in the 3D view during the sweep, before the surface exists (it is made when the sweep ends).
 */
export class BoneCloud {
  private xyz = new Float32Array(3 * 65536);
  private n = 0;

  get count(): number {
    return this.n;
  }

  /** Points so far, x y z per point (a view, valid until the next add). */
  get points(): Float32Array {
    return this.xyz.subarray(0, 3 * this.n);
  }

  /** Adds the frame's bone pixels; returns how many. Frames without a valid pose (all zeros) add none. */
  add(f: ViewerFrame): number {
    const m = f.imageToReference;
    if (m[15] === 0) return 0;
    const before = this.n;
    for (let j = 0; j < f.height; j += STRIDE) {
      for (let i = 0; i < f.width; i += STRIDE) {
        if (f.label[i + f.width * j] === 0) continue;
        this.reserve(1);
        const k = 3 * this.n++;
        this.xyz[k] = m[0]! * i + m[1]! * j + m[3]!;
        this.xyz[k + 1] = m[4]! * i + m[5]! * j + m[7]!;
        this.xyz[k + 2] = m[8]! * i + m[9]! * j + m[11]!;
      }
    }
    return this.n - before;
  }

  /** [xmin, xmax, ymin, ymax, zmin, zmax] of the points, mm; empty when there are none. */
  bounds(): number[] {
    if (this.n === 0) return [];
    const b = [Infinity, -Infinity, Infinity, -Infinity, Infinity, -Infinity];
    for (let k = 0; k < 3 * this.n; k++) {
      const a = k % 3;
      b[2 * a] = Math.min(b[2 * a]!, this.xyz[k]!);
      b[2 * a + 1] = Math.max(b[2 * a + 1]!, this.xyz[k]!);
    }
    return b;
  }

  clear(): void {
    this.n = 0;
  }

  private reserve(more: number): void {
    if (3 * (this.n + more) <= this.xyz.length) return;
    const bigger = new Float32Array(this.xyz.length * 2);
    bigger.set(this.xyz.subarray(0, 3 * this.n));
    this.xyz = bigger;
  }
}
