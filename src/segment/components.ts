/**
 * Removes 8-connected foreground components (value != 0) smaller than `minArea` pixels, in place.
 * Returns how many components were removed. One flood fill per component with an explicit stack.
 */
export function removeSmallComponents(
  label: Uint8Array,
  width: number,
  height: number,
  minArea: number,
): number {
  if (minArea <= 1) return 0;
  const n = width * height;
  // 0 = unvisited; visited pixels are marked in `seen` so the label itself is only touched on removal.
  const seen = new Uint8Array(n);
  const stack = new Int32Array(n);
  const members = new Int32Array(n);
  let removed = 0;
  for (let start = 0; start < n; start++) {
    if (label[start] === 0 || seen[start] !== 0) continue;
    let sp = 0;
    let count = 0;
    stack[sp++] = start;
    seen[start] = 1;
    while (sp > 0) {
      const p = stack[--sp]!;
      members[count++] = p;
      const x = p % width;
      const y = (p - x) / width;
      const x0 = x > 0 ? x - 1 : x;
      const x1 = x < width - 1 ? x + 1 : x;
      const y0 = y > 0 ? y - 1 : y;
      const y1 = y < height - 1 ? y + 1 : y;
      for (let yy = y0; yy <= y1; yy++) {
        const row = yy * width;
        for (let xx = x0; xx <= x1; xx++) {
          const q = row + xx;
          if (label[q] !== 0 && seen[q] === 0) {
            seen[q] = 1;
            stack[sp++] = q;
          }
        }
      }
    }
    if (count < minArea) {
      for (let i = 0; i < count; i++) label[members[i]!] = 0;
      removed++;
    }
  }
  return removed;
}
