import type { Mat4 } from '../math/index.js';
import { invert, multiply } from '../math/index.js';
import { SequenceError } from './errors.js';
import type { FrameTransform, TransformStatus } from './frame-fields.js';
import type { CoordinateTransform } from './plus-config.js';

/**
 * Splits a PLUS transform name 'ProbeToTracker' into ['Probe', 'Tracker'] as igsioTransformName does:
 * the separator is the one 'To' followed by an upper-case letter (so 'ToolToTracker' works).
 */
export function splitTransformName(name: string): [string, string] {
  const bare = name.endsWith('Transform') ? name.slice(0, -'Transform'.length) : name;
  const cuts: number[] = [];
  for (let i = 1; i + 2 < bare.length; i++) {
    if (bare.startsWith('To', i) && /[A-Z]/.test(bare[i + 2]!)) cuts.push(i);
  }
  if (cuts.length !== 1) {
    throw new SequenceError(
      'SEQ_TRANSFORM_PATH',
      `transform name '${name}' must read <From>To<To> with exactly one 'To' before a capital letter`,
    );
  }
  return [bare.slice(0, cuts[0]), bare.slice(cuts[0]! + 2)];
}

interface Edge {
  readonly to: string;
  readonly matrix: () => Mat4;
  readonly status: TransformStatus;
}

/**
 * Known transforms between coordinate frames (persistent ones from the config's CoordinateDefinitions,
 * per-frame ones from a sequence frame) and any From->To composed by a breadth-first search over them
 * and their inverses, as PLUS's vtkIGSIOTransformRepository does. A composed transform is OK only
 * if every link is OK; otherwise it carries the first non-OK status met.
 */
export class TransformRepository {
  private readonly persistent = new Map<string, Map<string, Edge>>();
  private frame = new Map<string, Map<string, Edge>>();

  constructor(definitions: readonly CoordinateTransform[] = []) {
    for (const d of definitions) addEdge(this.persistent, d.from, d.to, d.matrix, 'OK');
  }

  /** Replaces the per-frame transforms (keyed 'ProbeToTracker' as in SequenceFrame.transforms). */
  setFrameTransforms(transforms: ReadonlyMap<string, FrameTransform>): void {
    this.frame = new Map();
    for (const [name, t] of transforms) {
      const [from, to] = splitTransformName(name);
      addEdge(this.frame, from, to, t.matrix, t.status);
    }
  }

  /** Adds or replaces one per-frame transform. */
  setTransform(from: string, to: string, matrix: Mat4, status: TransformStatus = 'OK'): void {
    addEdge(this.frame, from, to, matrix, status);
  }

  /** The transform mapping `from` coordinates into `to` coordinates; throws SEQ_TRANSFORM_PATH when none connects them. */
  getTransform(from: string, to: string): FrameTransform {
    const identity: Mat4 = Float64Array.from([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
    if (from === to) return { matrix: identity, status: 'OK' };
    const prev = new Map<string, { node: string; edge: Edge }>();
    const queue = [from];
    const seen = new Set([from]);
    while (queue.length > 0) {
      const node = queue.shift()!;
      if (node === to) break;
      for (const edge of this.edgesFrom(node)) {
        if (seen.has(edge.to)) continue;
        seen.add(edge.to);
        prev.set(edge.to, { node, edge });
        queue.push(edge.to);
      }
    }
    if (!seen.has(to)) {
      throw new SequenceError(
        'SEQ_TRANSFORM_PATH',
        `no chain of known transforms leads from ${from} to ${to} (known: ${this.describe()})`,
      );
    }
    let matrix = identity;
    let status: TransformStatus = 'OK';
    for (let node = to; node !== from;) {
      const step = prev.get(node)!;
      // Walking back from `to`: AToC = BToC · AToB, so each earlier link multiplies on the right.
      matrix = multiply(matrix, step.edge.matrix());
      if (status === 'OK' && step.edge.status !== 'OK') status = step.edge.status;
      node = step.node;
    }
    return { matrix, status };
  }

  private *edgesFrom(node: string): Generator<Edge> {
    // Per-frame transforms win over a persistent one between the same frames.
    const f = this.frame.get(node);
    if (f) yield* f.values();
    for (const e of this.persistent.get(node)?.values() ?? []) if (!f?.has(e.to)) yield e;
  }

  private describe(): string {
    const names = new Set<string>();
    for (const g of [this.persistent, this.frame])
      for (const [a, m] of g) for (const b of m.keys()) if (a < b) names.add(`${a}<->${b}`);
    return [...names].join(', ') || 'none';
  }
}

function addEdge(
  g: Map<string, Map<string, Edge>>,
  from: string,
  to: string,
  m: Mat4,
  status: TransformStatus,
): void {
  const forward: Edge = { to, matrix: () => m, status };
  let inverse: Mat4 | undefined;
  const backward: Edge = {
    to: from,
    matrix: () => {
      if (inverse === undefined) {
        try {
          inverse = invert(m);
        } catch (e) {
          throw new SequenceError('SEQ_MATRIX', `${from}To${to} is singular and cannot be inverted`, {
            cause: e,
          });
        }
      }
      return inverse;
    },
    status,
  };
  if (!g.has(from)) g.set(from, new Map());
  if (!g.has(to)) g.set(to, new Map());
  g.get(from)!.set(to, forward);
  g.get(to)!.set(from, backward);
}
