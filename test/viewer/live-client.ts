import { WebSocket } from 'ws';
import { decodeFrame, decodeSurface, decodeVolume, parseTextMessage } from '../../src/viewer/index.js';

/** A Node WebSocket client of /live that records what it receives and acks only when told to. */
export class LiveClient {
  readonly frames: number[] = [];
  readonly surfaces: number[] = [];
  /** Dims of each volume received. */
  readonly volumes: number[][] = [];
  readonly texts: { type: string; data: unknown }[] = [];
  closeCode: number | undefined;
  private readonly socket: WebSocket;
  private readonly closed: Promise<number>;

  private constructor(socket: WebSocket) {
    this.socket = socket;
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      if (!isBinary) {
        const m = parseTextMessage(data.toString('utf8'));
        if (m !== undefined) this.texts.push(m);
      } else if (data[2] === 0x46) {
        this.frames.push(decodeFrame(data).index);
      } else if (data[2] === 0x56) {
        this.volumes.push([...decodeVolume(data).dims]);
      } else {
        this.surfaces.push(decodeSurface(data).triangles.length / 3);
      }
    });
    this.closed = new Promise((resolve) => socket.on('close', (code) => resolve((this.closeCode = code))));
  }

  static async open(url: string): Promise<LiveClient> {
    const socket = new WebSocket(url.replace(/^http/, 'ws') + 'live');
    // Listen before 'open': the server's first messages can arrive in the same chunk as its 101.
    const client = new LiveClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return client;
  }

  send(data: string | Uint8Array): void {
    this.socket.send(data);
  }

  /** Resolves with the close code the server sent. */
  whenClosed(): Promise<number> {
    return this.closed;
  }

  close(): void {
    this.socket.close();
  }
}

/** Polls until `ok` holds (or throws after `ms`). */
export async function until(ok: () => boolean, ms = 5000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export function gradientFrame(index: number, width = 64, height = 48) {
  const pixels = new Uint8Array(width * height);
  const label = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      pixels[y * width + x] = Math.round((x * 255) / (width - 1));
      // A horizontal bone stripe across rows 20..27.
      label[y * width + x] = y >= 20 && y < 28 ? 1 : 0;
    }
  }
  // 0.5 mm pixels in the x-y plane, each frame 1 mm further along z: a growing stack in 3D.
  const imageToReference = [0.5, 0, 0, 0, 0, 0.5, 0, 0, 0, 0, 1, index, 0, 0, 0, 1];
  return { index, width, height, pixels, label, imageToReference };
}

/** A regular tetrahedron-ish mesh around the origin, mm. */
export function tetrahedron() {
  return {
    points: new Float32Array([0, 0, 30, 30, 0, -10, -15, 26, -10, -15, -26, -10]),
    triangles: new Uint32Array([0, 1, 2, 0, 2, 3, 0, 3, 1, 1, 3, 2]),
  };
}
