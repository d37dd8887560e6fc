/** Small helpers shared by the socket tests (not a test file itself). */
import { identity } from '../../src/math/index.js';
import type { IgtlImage, IgtlMessage, IgtlStatus, IgtlTransform } from '../../src/igtlink/index.js';

export function statusMsg(i: number, extra: Partial<IgtlStatus> = {}): IgtlStatus {
  return {
    type: 'STATUS',
    deviceName: 'Status',
    timestamp: BigInt(1700000000 + i) << 32n,
    code: 1,
    subcode: BigInt(i),
    errorName: '',
    message: `status ${i}`,
    ...extra,
  };
}

export function transformMsg(i: number): IgtlTransform {
  const m = identity();
  m[3] = i;
  return {
    type: 'TRANSFORM',
    deviceName: 'ProbeToReference',
    timestamp: BigInt(1700000000 + i) << 32n,
    matrix: m,
  };
}

/** A w x h uint8 IMAGE whose first pixel row encodes `i` (so the receiver can tell frames apart). */
export function imageMsg(i: number, w = 640, h = 480, deviceName = 'Image_Reference'): IgtlImage {
  const data = new Uint8Array(w * h);
  new DataView(data.buffer).setUint32(0, i);
  return {
    type: 'IMAGE',
    deviceName,
    timestamp: BigInt(1700000000 + i) << 32n,
    scalarType: 'uint8',
    components: 1,
    endianness: 'big',
    coordinate: 'RAS',
    size: [w, h, 1],
    matrix: [0.2, 0, 0, 0, 0.2, 0, 0, 0, 1, 0, 0, 0],
    data,
  };
}

export function frameIndex(m: IgtlMessage): number {
  if (m.type !== 'IMAGE') throw new Error(`expected IMAGE, got ${m.type}`);
  return new DataView(m.data.buffer, m.data.byteOffset).getUint32(0);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function until(test: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(5);
  }
}
