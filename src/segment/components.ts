/**
 * Removes 8-connected foreground components (value != 0) smaller than `minArea` pixels, in place, and
 * returns how many were removed. Works on runs, not pixels: each row's runs are united (union-find)
 * with the runs of the row above that touch them, diagonals included, so the cost is one scan of the
 * pixels plus a little per run.
 */
export function removeSmallComponents(
  label: Uint8Array,
  width: number,
  height: number,
  minArea: number,
): number {
  if (minArea <= 1) return 0;
  // Runs as parallel arrays: row, start (inclusive), end (exclusive), union-find parent.
  let cap = 1024;
  let row = new Int32Array(cap);
  let start = new Int32Array(cap);
  let end = new Int32Array(cap);
  let parent = new Int32Array(cap);
  let n = 0;
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  let prevFirst = 0;
  let prevEnd = 0;
  for (let y = 0; y < height; y++) {
    const base = y * width;
    const first = n;
    let x = 0;
    let k = prevFirst;
    while (x < width) {
      if (label[base + x] === 0) {
        x++;
        continue;
      }
      const s = x;
      while (x < width && label[base + x] !== 0) x++;
      if (n === cap) {
        cap *= 2;
        const grow = (a: Int32Array): Int32Array<ArrayBuffer> => {
          const b = new Int32Array(cap);
          b.set(a);
          return b;
        };
        row = grow(row);
        start = grow(start);
        end = grow(end);
        parent = grow(parent);
      }
      row[n] = y;
      start[n] = s;
      end[n] = x;
      parent[n] = n;
      // Runs above touching [s-1, x] (8-connectivity); k only moves forward along the row above.
      while (k < prevEnd && end[k]! < s) k++;
      for (let j = k; j < prevEnd && start[j]! <= x; j++) {
        const a = find(j);
        const b = find(n);
        if (a !== b) parent[b] = a;
      }
      n++;
    }
    prevFirst = first;
    prevEnd = n;
  }
  const area = new Int32Array(n);
  for (let i = 0; i < n; i++) area[find(i)]! += end[i]! - start[i]!;
  let removed = 0;
  for (let i = 0; i < n; i++) {
    const r = find(i);
    if (area[r]! >= minArea) continue;
    if (r === i) removed++;
    label.fill(0, row[i]! * width + start[i]!, row[i]! * width + end[i]!);
  }
  return removed;
}
