import { afterAll, describe, expect, it } from 'vitest';
import { IgtlClient, imageToReferenceFromImage, type IgtlMessage } from '../../src/igtlink/index.js';
import { PlusSimServer } from '../../src/sim/index.js';

describe('PlusSimServer', () => {
  let server: PlusSimServer | undefined;
  const clients: IgtlClient[] = [];
  afterAll(async () => {
    for (const c of clients) c.close();
    await server?.close();
  });

  it('streams IMAGE + TRANSFORM pairs with identical timestamps to several clients', async () => {
    server = await PlusSimServer.start({
      port: 0,
      fps: 25,
      image: { width: 320, height: 240 },
      sweep: { frames: 50 },
    });
    const received: IgtlMessage[][] = [[], []];
    for (let k = 0; k < 2; k++) {
      const c = await IgtlClient.connect(`127.0.0.1:${server.port}`);
      clients.push(c);
      c.on('message', (m) => received[k]!.push(m));
    }
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline && received.some((r) => r.filter((m) => m.type === 'IMAGE').length < 8)) {
      await new Promise((r) => setTimeout(r, 50));
    }
    for (const msgs of received) {
      const images = msgs.filter((m) => m.type === 'IMAGE');
      const transforms = msgs.filter((m) => m.type === 'TRANSFORM');
      expect(images.length).toBeGreaterThanOrEqual(8);
      for (const img of images) {
        if (img.type !== 'IMAGE') continue;
        expect(img.deviceName).toBe('Image_Reference');
        expect(Array.from(img.size)).toEqual([320, 240, 1]);
        const t = transforms.find((m) => m.timestamp === img.timestamp);
        expect(t?.deviceName).toBe('ProbeToReference');
        // The image sits in the Reference frame near the phantom's back (skin is at y ~ -70..-100 mm).
        const m = imageToReferenceFromImage(img);
        expect(m[7]!).toBeLessThan(-40);
        expect(img.data.some((v) => v > 100)).toBe(true);
      }
    }
  });
});
