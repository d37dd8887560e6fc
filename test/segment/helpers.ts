import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const TINY_CARD = fileURLToPath(new URL('../fixtures/segment/tiny.json', import.meta.url));
export const TORCH_PYTHON = '/usr/bin/python3';

/** True when Debian's python3 with torch is installed (CI installs it via scripts/install-deps.sh). */
export function hasTorch(): boolean {
  if (!existsSync(TORCH_PYTHON)) return false;
  return spawnSync(TORCH_PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
}

/** A seeded LCG so test frames are the same on every run. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** An 8-bit frame with a bright filled ellipse on a dark speckled background, and its true mask. */
export function ellipseFrame(
  width: number,
  height: number,
  cx: number,
  cy: number,
  rx: number,
  ry: number,
  seed = 1,
): { frame: { width: number; height: number; data: Uint8Array }; mask: Uint8Array } {
  const r = rng(seed);
  const data = new Uint8Array(width * height);
  const mask = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const inside = ((x + 0.5 - cx) / rx) ** 2 + ((y + 0.5 - cy) / ry) ** 2 <= 1;
      const i = y * width + x;
      mask[i] = inside ? 1 : 0;
      data[i] = Math.round((inside ? 200 : 40) + (r() - 0.5) * 40);
    }
  }
  return { frame: { width, height, data }, mask };
}
