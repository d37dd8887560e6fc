import { IgtlClient, timestampFromSeconds } from '../igtlink/index.js';
import { BridgeError } from './errors.js';
import { SegmentPool } from '../segment/index.js';
import type { ReconstructionParams } from '../volume/index.js';
import { LiveBridge, type BridgeStats } from './live-bridge.js';
import { writeSweepOutputs, type SweepOutputs } from './sweep-outputs.js';
import { SweepRecorder } from './recorder.js';
import { surfaceMessage } from './surface-message.js';
import { writeSweepDicom, type SweepDicom } from './sweep-dicom.js';
import { feedViewer, finishViewer, type SessionViewer } from './session-viewer.js';
import type { PairingOptions } from './tracked-frame.js';

export interface LiveSessionOptions {
  /** PlusServer / Slicer / simulator address, HOST:PORT. */
  readonly igtl: string;
  /** How long to keep retrying the first connection, ms (default 10 s): PlusServer may still be starting. */
  readonly connectWaitMs?: number;
  /** Model card (models/<name>.json). */
  readonly model: string;
  readonly workers?: number;
  readonly pairing?: PairingOptions;
  /** Send labels back over the same connection (default true). */
  readonly sendBack?: boolean;
  /** Device name of the bone-surface POLYDATA sent back when the sweep ends (default "SpineSurface"). */
  readonly surfaceDeviceName?: string;
  /** Live reconstruction, on a grid known up front (origin + dims) or one that grows with the sweep. */
  readonly reconstruction?: ReconstructionParams;
  /** Stop after this many segmented frames (default: run until `stop` resolves). */
  readonly frames?: number;
  readonly stop?: Promise<void>;
  /** Where the sweep, its reconstruction and its DICOM (DIR/dicom) go. */
  readonly outDir?: string;
  /** Also send the sweep's DICOM to this PACS: a DICOMweb root (http…) or HOST:PORT:AET (C-STORE). */
  readonly pacs?: string;
  readonly crf?: boolean;
  readonly log?: (line: string) => void;
  /** Called about once a second with the running figures. */
  readonly onStats?: (s: BridgeStats) => void;
  /** Live frames with their labels, the running figures, and at the end the surface and the angles. */
  readonly viewer?: SessionViewer;
  /** How often the viewer gets the angle of the sweep so far, ms (default 3000; 0: only at the end). */
  readonly liveMeasureMs?: number;
}

export interface LiveSessionResult {
  readonly stats: BridgeStats;
  readonly provider: string;
  readonly outputs: SweepOutputs | undefined;
  readonly dicom: SweepDicom | undefined;
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
    const c = new IgtlClient(o.igtl, { receiveTimeoutMs: 10_000 });
    client = c;
    await firstConnection(c, o.igtl, o.connectWaitMs ?? 10_000);
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
    const viewer = o.viewer;
    const stopFeeding = viewer
      ? feedViewer(viewer, bridge, pool.provider, o.liveMeasureMs ?? 3000)
      : () => {};
    let recorder: Promise<SweepRecorder> | undefined;
    if (o.outDir) {
      const dir = o.outDir;
      bridge.on('labelled', (f) => {
        recorder ??= SweepRecorder.open(dir, f.frame.width, f.frame.height);
        // A failed open surfaces once, when the session awaits the recorder at the end.
        recorder.then(
          (r) => r.add(f),
          () => {},
        );
      });
    }
    let accepting = true;
    client.on('message', (m) => {
      if (accepting) bridge.push(m);
    });
    const ticker = setInterval(() => o.onStats?.(bridge.stats()), 1000);
    await Promise.race([enough, ...(o.stop ? [o.stop] : [])]);
    clearInterval(ticker);
    stopFeeding();
    // Stay connected (but take no more frames) until the surface has been sent back.
    accepting = false;
    await bridge.idle();
    // idle() resolves just before the last label's callbacks run; let them reach the recorder.
    await new Promise((r) => setImmediate(r));
    const rec = await recorder;
    await rec?.close();
    const outputs =
      o.outDir && bridge.reconstructor && bridge.stats().pasted > 0
        ? await writeSweepOutputs(bridge.reconstructor, o.outDir)
        : undefined;
    if (viewer) finishViewer(viewer, bridge.stats(), pool.provider, outputs, o.log);
    if (outputs?.surface && o.sendBack !== false) {
      const name = o.surfaceDeviceName ?? 'SpineSurface';
      try {
        c.send(surfaceMessage(outputs.surface, name, timestampFromSeconds(Date.now() / 1000)));
        o.log?.(
          `sent the bone surface as POLYDATA "${name}" (${outputs.surface.triangles.length / 3} triangles)`,
        );
      } catch (e) {
        o.log?.(`bone surface not sent: ${(e as Error).message}`);
      }
    }
    // Hand back the connection (queued messages still go out) before DICOM: a slow or absent PACS must
    // not hold PlusServer's stream open.
    c.close();
    const dicom = rec && o.outDir ? await writeSweepDicom(o.outDir, sweepDicomOptions(o)) : undefined;
    return { stats: bridge.stats(), provider: pool.provider, outputs, dicom };
  } finally {
    client?.close();
    await pool.close();
  }
}

function sweepDicomOptions(o: LiveSessionOptions): Parameters<typeof writeSweepDicom>[1] {
  return { ...(o.pacs ? { pacs: o.pacs } : {}), ...(o.log ? { log: o.log } : {}) };
}

function firstConnection(client: IgtlClient, address: string, waitMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let last = '';
    const onDown = (i: { reason: Error | undefined }) => {
      last = i.reason ? `: ${i.reason.message}` : '';
    };
    const timer = setTimeout(() => {
      client.off('connect', onConnect);
      client.off('disconnect', onDown);
      client.close();
      reject(
        new BridgeError('NO_SOURCE', `no OpenIGTLink server at ${address} within ${waitMs / 1000} s${last}`),
      );
    }, waitMs);
    const onConnect = () => {
      clearTimeout(timer);
      client.off('disconnect', onDown);
      resolve();
    };
    client.once('connect', onConnect);
    client.on('disconnect', onDown);
    client.start();
  });
}
