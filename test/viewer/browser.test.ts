import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePng } from '../../src/image/index.js';
import { ViewerServer, newToken } from '../../src/viewer/index.js';
import { LiveClient, gradientFrame, tetrahedron } from './live-client.js';

const CHROMIUM = '/usr/bin/chromium';
// #15171c, the page and vtk.js background.
const BACKGROUND = [0x15, 0x17, 0x1c];
// First render on SwiftShader takes ~4-5 s.
const SLOW = { timeout: 30_000 };

let server: ViewerServer;
let browser: Browser;
const pages: Page[] = [];

async function openPage(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1000, height: 600 } });
  pages.push(page);
  page.on('pageerror', (e) => console.error('page error:', e));
  await page.goto(server.url);
  await page.waitForFunction('window.__viewer !== undefined && window.__viewer.connected', undefined, SLOW);
  return page;
}

function probe(page: Page, field: string): Promise<unknown> {
  return page.evaluate(`window.__viewer.${field}`);
}

/** Pixels of the surface view that are not background, from a real screenshot. */
async function surfacePixels(page: Page): Promise<{ changed: number; total: number }> {
  const png = decodePng(new Uint8Array(await page.locator('#surface').screenshot()));
  let changed = 0;
  for (let i = 0; i < png.width * png.height; i++) {
    const o = i * png.channels;
    if ([0, 1, 2].some((c) => Math.abs(png.data[o + c]! - BACKGROUND[c]!) > 24)) changed++;
  }
  return { changed, total: png.width * png.height };
}

describe.skipIf(!existsSync(CHROMIUM))('viewer in Chromium', () => {
  beforeAll(async () => {
    server = await ViewerServer.start({ port: 0 });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--use-angle=swiftshader',
        '--enable-unsafe-swiftshader',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('draws the live frame in grey with the bone label overlaid', async () => {
    const page = await openPage();
    for (let i = 1; i <= 3; i++) server.pushFrame(gradientFrame(i));
    await page.waitForFunction('window.__viewer.frames >= 1', undefined, SLOW);
    const canvas = (await page.evaluate(`(() => {
      const c = document.getElementById('frame');
      return { width: c.width, height: c.height,
               data: Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data) };
    })()`)) as { width: number; height: number; data: number[] };
    expect([canvas.width, canvas.height]).toEqual([64, 48]);
    const rgb = (x: number, y: number) => canvas.data.slice(4 * (y * 64 + x), 4 * (y * 64 + x) + 3);
    for (const x of [0, 21, 63]) {
      const v = Math.round((x * 255) / 63);
      expect(rgb(x, 5)).toEqual([v, v, v]);
      // Half grey, half the overlay colour (255, 64, 0).
      const [r, g, b] = rgb(x, 24) as [number, number, number];
      expect(Math.abs(r - (v / 2 + 127.5))).toBeLessThanOrEqual(1);
      expect(Math.abs(g - (v / 2 + 32))).toBeLessThanOrEqual(1);
      expect(Math.abs(b - v / 2)).toBeLessThanOrEqual(1);
    }
  });

  it("places the frames' bone pixels in 3D as they arrive", async () => {
    const page = pages[0]!;
    // gradientFrame: label rows 20..27 of 64 columns, 0.5 mm pixels, frame i at z = i mm; every 2nd
    // pixel in x and y is placed: 4 rows x 32 columns per frame, 3 frames.
    await page.waitForFunction('window.__viewer.cloudShown === 384', undefined, SLOW);
    expect(await probe(page, 'cloudPoints')).toBe(384);
    expect(await probe(page, 'cloudBounds')).toEqual([0, 31, 10, 13, 1, 3]);
    expect((await surfacePixels(page)).changed).toBeGreaterThan(0);
  });

  it('renders the bone surface in place of the cloud and shows the Cobb angle', async () => {
    const page = pages[0]!;
    const before = await surfacePixels(page);
    server.pushSurface(tetrahedron());
    await page.waitForFunction('window.__viewer.surfaceRendered', undefined, SLOW);
    expect(await probe(page, 'surfaceTriangles')).toBe(4);
    const after = await surfacePixels(page);
    expect(after.changed / after.total).toBeGreaterThan(0.02);
    expect(after.changed).not.toBe(before.changed);

    server.pushMeasurement({ cobbDeg: 21.46, upperEnd: 'T6', lowerEnd: 'T12' });
    await page.waitForFunction(
      `document.getElementById('cobb').textContent.includes('21.5°')`,
      undefined,
      SLOW,
    );
    expect(await page.textContent('#cobb')).toBe('Cobb angle 21.5° (T6 – T12)');
    server.pushStatus({ frames: 3, latencyMs: 12.34 });
    await page.waitForFunction(`document.getElementById('status').textContent.includes('latencyMs 12.3')`);
  });

  it('shows slices of the volume across each axis, starting where the bone is', async () => {
    const page = pages[0]!;
    // 4 x 3 x 5 voxels; intensity = 10·x + 50·z; bone = the y = 1 layer, so coronal starts at y = 1.
    const [nx, ny, nz] = [4, 3, 5];
    const intensity = new Uint8Array(nx * ny * nz);
    const labels = new Uint8Array(nx * ny * nz);
    for (let z = 0; z < nz; z++)
      for (let y = 0; y < ny; y++)
        for (let x = 0; x < nx; x++) {
          intensity[x + nx * (y + ny * z)] = 10 * x + 50 * z;
          labels[x + nx * (y + ny * z)] = y === 1 ? 1 : 0;
        }
    server.pushVolume({ dims: [nx, ny, nz], spacing: [1, 1, 1], origin: [0, 0, 0], intensity, labels });
    await page.waitForFunction('window.__viewer.slice !== undefined', undefined, SLOW);
    expect(await probe(page, 'volumeDims')).toEqual([4, 3, 5]);
    expect(await probe(page, 'slice')).toMatchObject({ axis: 'coronal', index: 1 });
    const read = async () =>
      (await page.evaluate(`(() => {
        const c = document.getElementById('slice');
        return { width: c.width, height: c.height,
                 data: Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data) };
      })()`)) as { width: number; height: number; data: number[] };
    // Coronal: x to the right, superior (z = 4) in the top row; every pixel is bone, so blended.
    let img = await read();
    expect([img.width, img.height]).toEqual([4, 5]);
    const top = img.data.slice(4 * 3, 4 * 3 + 3); // x = 3, z = 4: grey 230
    expect(Math.abs(top[0]! - (230 / 2 + 127.5))).toBeLessThanOrEqual(1);
    // Axial at z = 2: x across, y down; grey 10·x + 100, bone only in row y = 1.
    await page.selectOption('#slice-axis', 'axial');
    await page.fill('#slice-index', '2');
    await page.waitForFunction(`window.__viewer.slice.axis === 'axial' && window.__viewer.slice.index === 2`);
    img = await read();
    expect([img.width, img.height]).toEqual([4, 3]);
    expect(img.data.slice(4 * 2, 4 * 2 + 3)).toEqual([120, 120, 120]); // x = 2, y = 0: not bone
    expect(await page.textContent('#slice-label')).toBe('axial 3/5');
    await page.selectOption('#slice-axis', 'sagittal');
    await page.waitForFunction(`window.__viewer.slice.axis === 'sagittal'`);
    expect((await read()).width).toBe(3);
  });

  it('gives a late page the surface, measurement and latest frame', async () => {
    const late = await openPage();
    await late.waitForFunction(
      'window.__viewer.surfaceRendered && window.__viewer.frames >= 1',
      undefined,
      SLOW,
    );
    expect(await probe(late, 'measurement')).toEqual({ cobbDeg: 21.46, upperEnd: 'T6', lowerEnd: 'T12' });
    expect(await late.textContent('#cobb')).toContain('21.5°');
    expect((await surfacePixels(late)).changed).toBeGreaterThan(0);
  });

  it('draws the measured levels and the end vertebrae over the surface', async () => {
    const page = pages[0]!;
    const before = await surfacePixels(page);
    // Three levels across the tetrahedron (x -15..30, z -10..30); the main curve ends at the first and last.
    const levels = [-5, 5, 15].map((z) => ({ tiltDeg: 0, left: [-25, 0, z], right: [25, 0, z + 4] }));
    server.pushMeasurement({ main: { cobbDeg: 9.1, upperLevel: 0, lowerLevel: 2 }, levels });
    await page.waitForFunction('window.__viewer.levelLines === 3', undefined, SLOW);
    expect(await probe(page, 'endLines')).toBe(2);
    expect((await surfacePixels(page)).changed).toBeGreaterThan(before.changed);
  });

  it('works through an access token: the URL opens the page, its cookie carries the rest', async () => {
    const guarded = await ViewerServer.start({ port: 0, token: newToken() });
    const page = await browser.newPage();
    try {
      const bare = await page.goto(`http://127.0.0.1:${guarded.port}/`);
      expect(bare!.status()).toBe(401);
      await page.goto(guarded.url);
      await page.waitForFunction(
        'window.__viewer !== undefined && window.__viewer.connected',
        undefined,
        SLOW,
      );
      guarded.pushFrame(gradientFrame(1));
      await page.waitForFunction('window.__viewer.frames >= 1', undefined, SLOW);
    } finally {
      await page.close();
      await guarded.close();
    }
  });

  it('drops a client that sends garbage while the pages keep receiving frames', async () => {
    const garbage = await LiveClient.open(server.url);
    garbage.send(new Uint8Array([0xde, 0xad, 0xbe, 0xef]));
    expect(await garbage.whenClosed()).toBe(1008);
    const page = pages[0]!;
    const seen = (await probe(page, 'frames')) as number;
    for (let i = 10; i < 20; i++) {
      server.pushFrame(gradientFrame(i));
      await new Promise((r) => setTimeout(r, 20));
    }
    await page.waitForFunction(`window.__viewer.frames > ${seen}`, undefined, SLOW);
  });
});
