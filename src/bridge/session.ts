import { IgtlClient } from '../igtlink/index.js';
import { SegmentPool } from '../segment/index.js';
import type { ReconstructionParams } from '../volume/index.js';
import { LiveBridge, type BridgeStats } from './live-bridge.js';
import { writeSweepOutputs, type SweepOutputs } from './sweep-outputs.js';
import type { PairingOptions } from './tracked-frame.js';

export interface LiveSessionOptions {
  /** PlusServer / Slicer / simulator address, HOST:PORT. */
  readonly igtl: string;
  /** Model card (models/<name>.json). */
  readonly model: string;
  readonly workers?: number;
  readonly pairing?: PairingOptions;
  /** Send labels back over the same connection (default true). */
  readonly sendBack?: boolean;
  readonly reconstruction?: ReconstructionParams;
  /** Stop after this many segmented frames (default: run until `stop` resolves). */
  readonly frames?: number;
  readonly stop?: Promise<void>;
  readonly outDir?: string;
  readonly crf?: boolean;
  readonly log?: (line: string) => void;
  /** Called about once a second with the running figures. */
  readonly onStats?: (s: BridgeStats) => void;
}

export interface LiveSessionResult {
  readonly stats: BridgeStats;
  readonly provider: string;
  readonly outputs: SweepOutputs | undefined;
}

/** Connects, runs the live bridge until N frames or a stop request, then writes the sweep's outputs. */
export async function runLiveSession(o: LiveSessionOptions): Promise<LiveSessionResult> {
  const pool = await SegmentPool.create({
    model: o.model,
    workers: o.workers ?? 2,
    ...(o.log ? { log: o.log } : {}),
  });
  let client: IgtlClient | undefined;
  try {
    client = await IgtlClient.connect(o.igtl, { receiveTimeoutMs: 10_000 });
    const c = client;
    const bridge = new LiveBridge(pool, {
      ...(o.pairing ? { pairing: o.pairing } : {}),
      ...(o.sendBack === false ? {} : { sendBack: (m) => c.send(m) }),
      ...(o.reconstruction ? { reconstruction: o.reconstruction } : {}),
      ...(o.crf ? { crf: true } : {}),
      ...(o.log ? { log: o.log } : {}),
    });
    let reached: () => void = () => {};
    const enough = new Promise<void>((resolve) => (reached = resolve));
    bridge.on('labelled', () => {
      if (o.frames !== undefined && bridge.stats().segmented >= o.frames) reached();
    });
    client.on('message', (m) => bridge.push(m));
    const ticker = setInterval(() => o.onStats?.(bridge.stats()), 1000);
    await Promise.race([enough, ...(o.stop ? [o.stop] : [])]);
    clearInterval(ticker);
    client.close();
    await bridge.idle();
    const outputs =
      o.outDir && bridge.reconstructor ? await writeSweepOutputs(bridge.reconstructor, o.outDir) : undefined;
    return { stats: bridge.stats(), provider: pool.provider, outputs };
  } finally {
    client?.close();
    await pool.close();
  }
}
