import type { IgtlImage, IgtlMessage, IgtlTransform } from '../../igtlink/index.js';
import {
  IgtlClient,
  imageToReferenceFromImage,
  parseHostPort,
  timestampToSeconds,
} from '../../igtlink/index.js';
import type { Mat4 } from '../../math/index.js';
import type { FrameInput, FrameTransform, SequenceLayout } from '../../sequence/index.js';
import { pixelsFromBytes, SequenceWriter } from '../../sequence/index.js';
import { CliError } from '../parse.js';
import { defineCommand } from '../spec.js';

/** A frame ready for the sequence writer, with the geometry it needs on the first frame. */
export interface AssembledFrame {
  readonly frame: FrameInput;
  readonly layout: SequenceLayout;
}

export interface FrameAssemblerOptions {
  /** IMAGE device to record; default: the first IMAGE device seen. */
  readonly image?: string;
  /** TRANSFORM devices to record (e.g. 'ProbeToReference'); default: every one seen. */
  readonly transforms?: readonly string[];
}

interface Bucket {
  image?: IgtlImage;
  readonly transforms: Map<string, Mat4>;
}

const IDENTITY: Mat4 = Float64Array.from([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);

/**
 * Pairs each IMAGE with the TRANSFORMs of the same timestamp, as PlusServer sends them (in either order).
 * A frame is complete once a message with a later timestamp arrives (or on flush()). The IMAGE's own
 * geometry is kept as `ImageTo<Frame>` (device 'Image_Reference' -> ImageToReference), as PLUS names it;
 * a transform seen before but absent from a frame is recorded MISSING, like a tracker dropout in PLUS.
 * Pure: no sockets, no clock.
 */
export class FrameAssembler {
  private readonly buckets = new Map<bigint, Bucket>();
  private imageDevice: string | undefined;
  private readonly known = new Set<string>();

  constructor(private readonly options: FrameAssemblerOptions = {}) {
    this.imageDevice = options.image;
    for (const t of options.transforms ?? []) this.known.add(t);
  }

  push(msg: IgtlMessage): AssembledFrame[] {
    if (msg.type === 'IMAGE') {
      this.imageDevice ??= msg.deviceName;
      if (msg.deviceName !== this.imageDevice) return [];
    } else if (msg.type !== 'TRANSFORM' || !this.wanted(msg)) {
      return [];
    }
    const done: AssembledFrame[] = [];
    for (const [ts, b] of [...this.buckets].sort((a, c) => (a[0] < c[0] ? -1 : 1))) {
      if (ts >= msg.timestamp) break;
      this.buckets.delete(ts);
      if (b.image) done.push(this.assemble(b.image, b.transforms));
    }
    if (msg.type === 'IMAGE') {
      // A second image with the same timestamp is a new frame (senders that never set timestamps send 0).
      const same = this.buckets.get(msg.timestamp);
      if (same?.image) {
        done.push(this.assemble(same.image, same.transforms));
        this.buckets.delete(msg.timestamp);
      }
      this.bucket(msg.timestamp).image = msg;
    } else {
      this.known.add(msg.deviceName);
      this.bucket(msg.timestamp).transforms.set(msg.deviceName, msg.matrix);
    }
    return done;
  }

  /** Completes every pending frame (at the end of a recording). */
  flush(): AssembledFrame[] {
    const out: AssembledFrame[] = [];
    for (const [, b] of [...this.buckets].sort((a, c) => (a[0] < c[0] ? -1 : 1))) {
      if (b.image) out.push(this.assemble(b.image, b.transforms));
    }
    this.buckets.clear();
    return out;
  }

  private wanted(t: IgtlTransform): boolean {
    const only = this.options.transforms;
    return only === undefined || only.length === 0 || only.includes(t.deviceName);
  }

  private bucket(ts: bigint): Bucket {
    let b = this.buckets.get(ts);
    if (!b) this.buckets.set(ts, (b = { transforms: new Map() }));
    return b;
  }

  private assemble(image: IgtlImage, got: ReadonlyMap<string, Mat4>): AssembledFrame {
    const transforms = new Map<string, FrameTransform>();
    // PlusServer names an image by the frame its geometry is in: 'Image_Reference' carries ImageToReference.
    const frameName = /^Image_([A-Z]\w*)$/.exec(image.deviceName)?.[1];
    if (frameName)
      transforms.set(`ImageTo${frameName}`, { matrix: imageToReferenceFromImage(image), status: 'OK' });
    for (const name of [...this.known].sort()) {
      const m = got.get(name);
      transforms.set(
        transformKey(name),
        m ? { matrix: m, status: 'OK' } : { matrix: IDENTITY, status: 'MISSING' },
      );
    }
    const [w, h, d] = image.size;
    return {
      frame: {
        pixels: pixelsFromBytes(image.scalarType, image.data, image.endianness === 'big'),
        transforms,
        timestamp: timestampToSeconds(image.timestamp),
      },
      layout: {
        frameSize: [w, h, d],
        elementType: image.scalarType,
        channels: image.components,
        orientation: 'MF',
      },
    };
  }
}

/** PLUS sequence files name transforms without the 'Transform' suffix some senders add to device names. */
function transformKey(device: string): string {
  return device.replace(/Transform$/, '');
}

export const recordCommand = defineCommand({
  name: ['record'],
  summary: 'record a PLUS-like OpenIGTLink stream (IMAGE + TRANSFORMs) to a .igs.mha/.igs.nrrd as it arrives',
  options: {
    igtl: {
      kind: 'string',
      value: 'HOST:PORT',
      help: 'OpenIGTLink server (PlusServer, Slicer, serve-sim)',
      required: true,
    },
    out: {
      kind: 'string',
      value: 'FILE.igs.mha',
      help: 'sequence file to write (.igs.mha or .igs.nrrd)',
      required: true,
    },
    image: { kind: 'string', value: 'NAME', help: 'IMAGE device to record (default: the first one seen)' },
    transform: {
      kind: 'string',
      value: 'NAME[,NAME...]',
      help: 'TRANSFORM devices to record (default: all)',
    },
    frames: { kind: 'number', value: 'N', help: 'stop after N frames (default: until Ctrl-C)' },
    seconds: { kind: 'number', value: 'S', help: 'stop after S seconds' },
    compress: { kind: 'boolean', help: 'compress the finished file (zlib/gzip)' },
    json: { kind: 'boolean', help: 'print a summary as JSON' },
  },
  run: async ({ options, io }) => {
    if (!/\.(mha|nrrd)$/i.test(options.out))
      throw new CliError('CLI_BAD_VALUE', '--out must end in .mha or .nrrd');
    if (options.frames !== undefined && !(Number.isInteger(options.frames) && options.frames > 0)) {
      throw new CliError('CLI_BAD_VALUE', '--frames must be a positive integer');
    }
    parseHostPort(options.igtl);
    const transforms = options.transform
      ?.split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
    const assembler = new FrameAssembler({
      ...(options.image ? { image: options.image } : {}),
      ...(transforms ? { transforms } : {}),
    });
    let writer: SequenceWriter | undefined;
    let opening: Promise<SequenceWriter> | undefined;
    let written = 0;
    let dropped = 0;
    let failure: unknown;
    let finish!: () => void;
    const finished = new Promise<void>((r) => (finish = r));
    let chain: Promise<void> = Promise.resolve();
    const take = (frames: AssembledFrame[]) => {
      for (const f of frames) {
        chain = chain.then(async () => {
          if (options.frames !== undefined && written >= options.frames) return;
          opening ??= SequenceWriter.open(options.out, {
            layout: f.layout,
            compress: options.compress ?? false,
          });
          writer = await opening;
          try {
            await writer.append(f.frame);
            written++;
          } catch (e) {
            // A frame of another size or type than the first cannot go in the same file: count it, keep going.
            if ((e as { code?: string }).code !== 'SEQ_SIZE') throw e;
            dropped++;
          }
          if (options.frames !== undefined) io.progress('recording', written, options.frames);
          if (options.frames !== undefined && written >= options.frames) finish();
        });
        chain = chain.catch((e: unknown) => {
          failure ??= e;
          finish();
        });
      }
    };
    const client = new IgtlClient(options.igtl, { reconnect: true });
    client.on('message', (m) => take(assembler.push(m)));
    client.on('connect', () => io.err(`recording from ${options.igtl} to ${options.out}`));
    client.on('disconnect', (i) => {
      if (i.reason) io.err(`link down (${i.reason.message})${i.willReconnect ? ', reconnecting' : ''}`);
    });
    client.start();
    const timer = options.seconds !== undefined ? setTimeout(finish, options.seconds * 1000) : undefined;
    await Promise.race([finished, io.stopped]);
    clearTimeout(timer);
    client.close();
    if (options.frames === undefined || written < options.frames) take(assembler.flush());
    await chain;
    const count = writer ? await writer.close() : 0;
    if (failure !== undefined) throw failure;
    const summary = { file: options.out, frames: count, dropped };
    if (options.json) io.out(JSON.stringify(summary));
    else
      io.out(
        count > 0
          ? `${options.out}: ${count} frames${dropped ? ` (${dropped} of another size dropped)` : ''}`
          : 'no frames received; nothing written',
      );
    return count > 0 ? 0 : 1;
  },
});
