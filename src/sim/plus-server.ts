import {
  IgtlServer,
  imageMatrixFromImageToReference,
  timestampFromSeconds,
  type IgtlImage,
  type IgtlStatus,
  type IgtlTransform,
} from '../igtlink/index.js';
import { invert, multiply } from '../math/index.js';
import { createBmodeRenderer, type BmodeParams } from './bmode.js';
import { imageGeometry, type ImageGeometryParams } from './geometry.js';
import { buildPhantom, type PhantomParams } from './phantom.js';
import { makeSweep, type SweepParams } from './sweep.js';

export interface PlusSimServerOptions {
  /** Default 18944; 0 picks a free port. */
  readonly port?: number;
  /** Default 127.0.0.1 (anything else also needs allowRemote). */
  readonly host?: string;
  readonly allowRemote?: boolean;
  /** Frames per second (default 30). */
  readonly fps?: number;
  readonly seed?: number;
  readonly phantom?: PhantomParams;
  readonly image?: ImageGeometryParams;
  /** Frames in one pass over the back; the probe then sweeps back down, and so on (default 600). */
  readonly sweep?: SweepParams;
  readonly bmode?: BmodeParams;
  /** IMAGE device name (default 'Image_Reference': the frame placed in the Reference frame, as PlusServer). */
  readonly imageName?: string;
  /** TRANSFORM device name (default 'ProbeToReference'). */
  readonly transformName?: string;
  readonly log?: (line: string) => void;
}

/**
 * A PlusServer stand-in: streams the simulated tracked probe over OpenIGTLink to every client, the
 * way PlusServer does with an `Image_Reference` + `ProbeToReference` channel: per frame one IMAGE
 * (uint8, its matrix = ImageToReference from the tracked transforms) and one TRANSFORM with the
 * identical timestamp; frames whose probe transform is INVALID are not sent (PlusServer cannot place
 * them). A STATUS (OK) goes out once a second as keep-alive. Each client is answered in its own header
 * version by IgtlServer. Frames are only rendered while someone is connected.
 */
export class PlusSimServer {
  private timer: NodeJS.Timeout | undefined;
  private keepAlive: NodeJS.Timeout | undefined;
  private sent = 0;

  private constructor(
    private readonly server: IgtlServer,
    private readonly tick: () => boolean,
    fps: number,
  ) {
    this.timer = setInterval(() => {
      if (this.server.clients.length > 0 && this.tick()) this.sent++;
    }, 1000 / fps);
    this.keepAlive = setInterval(() => {
      const status: IgtlStatus = {
        type: 'STATUS',
        deviceName: '',
        timestamp: timestampFromSeconds(Date.now() / 1000),
        code: 1,
        subcode: 0n,
        errorName: '',
        message: '',
      };
      if (this.server.clients.length > 0) this.server.broadcast(status);
    }, 1000);
  }

  static async start(o: PlusSimServerOptions = {}): Promise<PlusSimServer> {
    const seed = o.seed ?? 1;
    const phantom = buildPhantom(o.phantom);
    const geometry = imageGeometry(o.image);
    const sweep = makeSweep(phantom, geometry, seed, { frames: 600, ...o.sweep });
    const renderer = createBmodeRenderer(phantom, geometry, seed, o.bmode);
    const server = await IgtlServer.listen({
      port: o.port ?? 18944,
      host: o.host ?? '127.0.0.1',
      allowRemote: o.allowRemote ?? false,
      ...(o.log ? { log: o.log } : {}),
    });
    const imageName = o.imageName ?? 'Image_Reference';
    const transformName = o.transformName ?? 'ProbeToReference';
    const n = sweep.frames.length;
    const size = [geometry.width, geometry.height, 1] as const;
    let step = 0;
    const tick = (): boolean => {
      // Ping-pong over the sweep: up the back, then down again.
      const period = Math.max(1, 2 * n - 2);
      const p = step++ % period;
      const f = sweep.frames[p < n ? p : period - p]!;
      if (f.probeToTrackerStatus !== 'OK') return false;
      const probeToReference = multiply(invert(f.referenceToTracker), f.probeToTracker);
      const imageToReference = multiply(probeToReference, sweep.imageToProbe);
      const frame = renderer.render({
        imageToReference: f.imageToReference,
        index: step,
        poorContact: f.poorContact,
      });
      const timestamp = timestampFromSeconds(Date.now() / 1000);
      const image: IgtlImage = {
        type: 'IMAGE',
        deviceName: imageName,
        timestamp,
        scalarType: 'uint8',
        components: 1,
        endianness: 'big',
        coordinate: 'RAS',
        size,
        matrix: imageMatrixFromImageToReference(imageToReference, size),
        data: frame.image,
      };
      const transform: IgtlTransform = {
        type: 'TRANSFORM',
        deviceName: transformName,
        timestamp,
        matrix: probeToReference,
      };
      server.broadcast(transform);
      server.broadcast(image);
      return true;
    };
    return new PlusSimServer(server, tick, o.fps ?? 30);
  }

  get port(): number {
    return this.server.port;
  }

  /** Frame pairs sent so far. */
  get framesSent(): number {
    return this.sent;
  }

  get clientCount(): number {
    return this.server.clients.length;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    clearInterval(this.keepAlive);
    this.timer = this.keepAlive = undefined;
    await this.server.close();
  }
}
