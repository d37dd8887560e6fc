/**
 * Fast iteration on src/volume/measure.ts: the simulated label volumes of an accuracy set are rendered
 * once into a cache folder, then measureSpine runs over the cache in seconds instead of minutes.
 *
 *   npx tsx bench/measure-cache.ts build dev|dev-h|dev-t|heldout|heldout-b|...|heldout-p [--dir DIR]
 *   npx tsx bench/measure-cache.ts eval dev,dev-h [--dir DIR] [-v] [--where] [--seeds 5922,6012]
 *
 * `eval` prints each case's Cobb error and, for the cases off by more than 3 degrees (all with -v), each
 * level's measured/true tilt; with --where also where each level sits (`T4@333(7):7.2`: 333 mm along the
 * spine, 7 mm cranial of the true T4, mirror cost 7.2 mm^2) and where the true levels are. Measured
 * levels are matched to the phantom's by their position along the spine axis at the laminae (the bodies
 * lie 30-40 mm anterior, and kyphosis shifts them by a level); tilts are compared after removing their
 * median difference (the angle between the measurement's spine axis and the phantom's z axis), so the
 * per-level error is what a Cobb angle, a difference of two levels, inherits. Sets A-G
 * (heldout..heldout-g) have been development sets since Round 6, K and L since Round 9, M and N since
 * Round 10; build the others (H-J, and fresh sets from O on) only to report on them, never to tune.
 * Bundled, it runs ~5x faster than under tsx: `npx esbuild bench/measure-cache.ts --bundle --platform=node
 * --format=esm --packages=external --outfile=dist/bench/mc.mjs && node dist/bench/mc.mjs eval dev-t`.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildPhantom } from '../src/sim/index.js';
import { levelSize } from '../src/sim/levels.js';
import { measureSpine, type VolumeGrid } from '../src/volume/index.js';
import { casesOf, shapeOf } from './volume-accuracy.js';
import { simulateVolume, type SimCase } from './volume-sim.js';

interface CacheEntry {
  readonly set: string;
  readonly seed: number;
  readonly dims: [number, number, number];
  readonly spacing: [number, number, number];
  readonly origin: [number, number, number];
  readonly trueCobbDeg: number;
  readonly phantom: SimCase['phantom'];
}

function build(set: string, dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const c of casesOf(set)) {
    const base = join(dir, String(c.seed));
    if (existsSync(base + '.json')) continue;
    const v = simulateVolume(c);
    writeFileSync(base + '.bin', v.labels.data);
    const entry: CacheEntry = {
      set,
      seed: c.seed,
      dims: [...v.labels.dims],
      spacing: [...v.labels.spacing],
      origin: [...v.labels.origin],
      trueCobbDeg: v.trueCobbDeg,
      phantom: c.phantom,
    };
    writeFileSync(base + '.json', JSON.stringify(entry));
    process.stdout.write(`${set} ${c.seed}\n`);
  }
}

/** Per true level: position along `axis` at the laminae, and coronal tilt. */
function truthLevels(phantom: SimCase['phantom'], axis: readonly number[]) {
  const ph = buildPhantom(phantom);
  const scale = ph.params.heightCm / 165;
  return ph.levels.map((l, i) => {
    const size = levelSize(i);
    const back = -(size.body[1] + size.canal) * scale;
    const s = [0, 1, 2].reduce((acc, k) => acc + (l.center[k]! + back * l.axes[1][k]!) * axis[k]!, 0);
    return { name: l.name, s, tilt: l.coronalTiltDeg };
  });
}

interface EvalOptions {
  /** Print every case's levels, not only those of cases off by more than 3 degrees. */
  readonly verbose: boolean;
  /** With each level also its position along the spine, its offset from the true level's, its mirror cost. */
  readonly where: boolean;
  readonly seeds?: readonly number[];
}

function evaluate(sets: readonly string[], dir: string, opts: EvalOptions): void {
  const { verbose, where, seeds } = opts;
  const entries = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as CacheEntry)
    .filter((e) => sets.includes(e.set) && (!seeds || seeds.includes(e.seed)))
    .sort((a, b) => a.seed - b.seed);
  const cobbErr = new Map<string, number[]>();
  const levelErr: number[] = [];
  for (const e of entries) {
    const grid: VolumeGrid = { ...e, data: new Uint8Array(readFileSync(join(dir, `${e.seed}.bin`))) };
    let m;
    try {
      m = measureSpine(grid);
    } catch (err) {
      process.stdout.write(`${e.set}\t${e.seed}\tfailed: ${(err as Error).message}\n`);
      (cobbErr.get(e.set) ?? cobbErr.set(e.set, []).get(e.set)!).push(90);
      continue;
    }
    const err = (m.main?.cobbDeg ?? 0) - e.trueCobbDeg;
    (cobbErr.get(e.set) ?? cobbErr.set(e.set, []).get(e.set)!).push(Math.abs(err));
    const axis = m.axes[0];
    const sign = m.axes[1][0]! >= 0 ? 1 : -1;
    const truth = truthLevels(e.phantom, axis);
    const along = (p: readonly number[]) => p[0]! * axis[0]! + p[1]! * axis[1]! + p[2]! * axis[2]!;
    const matched = m.levels.map((l) => {
      const s = (along(l.left) + along(l.right)) / 2;
      const t = truth.reduce((a, b) => (Math.abs(b.s - s) < Math.abs(a.s - s) ? b : a));
      return { name: t.name, got: sign * l.tiltDeg, want: t.tilt, s, ts: t.s, cost: l.mirrorCost };
    });
    const diffs = matched.map((x) => x.got - x.want).sort((a, b) => a - b);
    const offset = diffs[diffs.length >> 1] ?? 0;
    for (const x of matched) levelErr.push(Math.abs(x.got - offset - x.want));
    process.stdout.write(
      `${e.set}\t${e.seed}\t${shapeOf(e.phantom)}\ttrue ${e.trueCobbDeg.toFixed(1)}\terror ${err.toFixed(1)}\tlevels ${m.levels.length}\n`,
    );
    if (verbose || Math.abs(err) > 3) {
      const cells = matched.map((x) => {
        const d = x.got - offset - x.want;
        const extra = where
          ? `@${x.s.toFixed(0)}(${(x.s - x.ts).toFixed(0)}):${x.cost?.toFixed(1) ?? '-'}`
          : '';
        return `${x.name}${extra} ${(x.got - offset).toFixed(1)}/${x.want.toFixed(1)}${Math.abs(d) > 4 ? '!' : ''}`;
      });
      process.stdout.write(`    ${cells.join('  ')}  (frame offset ${(sign * offset).toFixed(1)})\n`);
      if (where)
        process.stdout.write(`    truth ${truth.map((t) => `${t.name}@${t.s.toFixed(0)}`).join(' ')}\n`);
    }
  }
  const mean = (a: readonly number[]) => a.reduce((x, y) => x + y, 0) / Math.max(1, a.length);
  for (const [set, errs] of cobbErr)
    process.stdout.write(
      `${set}: Cobb MAE ${mean(errs).toFixed(2)} deg, worst ${Math.max(...errs).toFixed(1)}, ${errs.filter((x) => x <= 2).length}/${errs.length} within 2\n`,
    );
  process.stdout.write(
    `per-level tilt MAE ${mean(levelErr).toFixed(2)} deg over ${levelErr.length} levels\n`,
  );
}

const [cmd, sets] = process.argv.slice(2);
const dirFlag = process.argv.indexOf('--dir');
const dir = dirFlag > 0 ? process.argv[dirFlag + 1]! : '/tmp/spinebridge-measure-cache';
if (cmd === 'build' && sets) build(sets, dir);
else if (cmd === 'eval' && sets) {
  const seedsFlag = process.argv.indexOf('--seeds');
  const seeds = seedsFlag > 0 ? process.argv[seedsFlag + 1]!.split(',').map(Number) : undefined;
  evaluate(sets.split(','), dir, {
    verbose: process.argv.includes('-v'),
    where: process.argv.includes('--where'),
    seeds,
  });
} else {
  process.stderr.write(
    'usage: measure-cache.ts build SET | eval SET[,SET...] [--dir DIR] [-v] [--where] [--seeds N,...]\n',
  );
  process.exitCode = 2;
}
