import { decodeFrame, type ViewerFrame } from '../src/viewer/frame-codec.js';
import { FRAME_MAGIC, SURFACE_MAGIC, VOLUME_MAGIC, peekMagic } from '../src/viewer/magic.js';
import { decodeSurface } from '../src/viewer/surface-codec.js';
import { ACK, parseTextMessage } from '../src/viewer/text-messages.js';
import { FrameView } from './frame-view.js';
import { openLive } from './live-socket.js';
import { describeMeasurement, describeStatus } from './measurement-text.js';
import { SurfaceView } from './surface-view.js';
import { BoneCloud } from './bone-cloud.js';
import { decodeVolume } from '../src/viewer/volume-codec.js';
import { SlicePanel, type SliceShown } from './slice-panel.js';
import { levelSegments, levelsOf } from './level-lines.js';

/** What the page has shown, read by the end-to-end tests. */
interface ViewerProbe {
  frames: number;
  surfaceTriangles: number;
  surfaceRendered: boolean;
  /** Bone points placed in 3D from the frames so far, and how many of them the 3D view shows. */
  cloudPoints: number;
  cloudShown: number;
  cloudBounds: number[];
  /** The volume's dims once it arrived, and the slice on screen. */
  volumeDims: number[];
  slice: SliceShown | undefined;
  measurement: unknown;
  /** Level lines drawn in the 3D view (all levels, then the end vertebrae of the curves). */
  levelLines: number;
  endLines: number;
  connected: boolean;
}

declare global {
  interface Window {
    __viewer: ViewerProbe;
  }
}

function element<T extends HTMLElement>(id: string): T {
  const e = document.getElementById(id);
  if (e === null) throw new Error(`page has no #${id}`);
  return e as T;
}

const probe: ViewerProbe = {
  frames: 0,
  surfaceTriangles: 0,
  surfaceRendered: false,
  cloudPoints: 0,
  cloudShown: 0,
  cloudBounds: [],
  volumeDims: [],
  slice: undefined,
  measurement: undefined,
  levelLines: 0,
  endLines: 0,
  connected: false,
};
window.__viewer = probe;

const frameView = new FrameView(element<HTMLCanvasElement>('frame'));
const surfaceView = new SurfaceView(element('surface'));
const cobbText = element('cobb');
const statusText = element('status');
const connectionText = element('connection');
const coronalImage = element<HTMLImageElement>('coronal');
const slices = new SlicePanel(
  element<HTMLCanvasElement>('slice'),
  element<HTMLSelectElement>('slice-axis'),
  element<HTMLInputElement>('slice-index'),
  element('slice-label'),
  (shown) => (probe.slice = shown),
);

// Frames are drawn once per animation frame: of those that arrived since, only the newest is drawn,
// and every one is acknowledged so the server's in-flight window reopens.
let latest: ViewerFrame | undefined;
const cloud = new BoneCloud();
// Re-uploading the cloud costs more as it grows: a few times a second is enough for a preview.
const CLOUD_REFRESH_MS = 300;
let cloudShownAt = 0;
let unacked = 0;
let drawScheduled = false;

let cloudTimer: ReturnType<typeof setTimeout> | undefined;

/** Shows the cloud's new points, at most every CLOUD_REFRESH_MS; the last ones follow after a pause. */
function refreshCloud(): void {
  if (probe.surfaceRendered || cloud.count === probe.cloudShown || cloudTimer !== undefined) return;
  const wait = CLOUD_REFRESH_MS - (performance.now() - cloudShownAt);
  if (wait > 0) {
    cloudTimer = setTimeout(() => {
      cloudTimer = undefined;
      refreshCloud();
    }, wait);
    return;
  }
  surfaceView.showCloud(cloud.points);
  probe.cloudShown = cloud.count;
  probe.cloudBounds = cloud.bounds();
  cloudShownAt = performance.now();
}

function frameArrived(f: ViewerFrame, socket: WebSocket): void {
  // Every frame adds its bone to the cloud, drawn or not; the pixels are copied out of the message here.
  if (cloud.add(f) > 0) probe.cloudPoints = cloud.count;
  latest = f;
  unacked++;
  if (drawScheduled) return;
  drawScheduled = true;
  requestAnimationFrame(() => {
    drawScheduled = false;
    if (latest !== undefined) {
      frameView.draw(latest);
      probe.frames++;
      latest = undefined;
    }
    refreshCloud();
    if (socket.readyState === WebSocket.OPEN) for (; unacked > 0; unacked--) socket.send(ACK);
    unacked = 0;
  });
}

function binaryArrived(bytes: Uint8Array, socket: WebSocket): void {
  const magic = peekMagic(bytes);
  try {
    if (magic === FRAME_MAGIC) {
      frameArrived(decodeFrame(bytes), socket);
    } else if (magic === VOLUME_MAGIC) {
      const v = decodeVolume(bytes);
      probe.volumeDims = [...v.dims];
      slices.show(v);
    } else if (magic === SURFACE_MAGIC) {
      const mesh = decodeSurface(bytes);
      surfaceView.show(mesh);
      probe.surfaceTriangles = mesh.triangles.length / 3;
      // The render call has been issued; one animation frame later it is on screen.
      requestAnimationFrame(() => (probe.surfaceRendered = true));
    } else {
      console.warn(`viewer: ignoring a binary message with magic ${String(magic)}`);
    }
  } catch (e) {
    console.error('viewer: bad message', e);
    if (magic === FRAME_MAGIC && socket.readyState === WebSocket.OPEN) socket.send(ACK);
  }
}

function textArrived(text: string): void {
  const m = parseTextMessage(text);
  if (m?.type === 'measurement') {
    probe.measurement = m.data;
    cobbText.textContent = describeMeasurement(m.data);
    const { levels, main, secondary } = levelsOf(m.data);
    const back = surfaceView.backY;
    if (levels.length > 0 && Number.isFinite(back)) {
      const segments = levelSegments(levels, main, secondary, back - 2);
      surfaceView.showLevels(segments);
      probe.levelLines = segments.levels.length / 6;
      probe.endLines = (segments.main.length + segments.secondary.length) / 6;
    }
  } else if (m?.type === 'coronal') {
    coronalImage.src = `/coronal.png?v=${m.data.version}`;
    coronalImage.hidden = false;
  } else if (m?.type === 'status') {
    statusText.textContent = describeStatus(m.data);
  }
}

const stop = openLive(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/live`, {
  binary: binaryArrived,
  text: textArrived,
  connected: (up) => {
    probe.connected = up;
    connectionText.textContent = up ? 'live' : 'reconnecting';
    // A new connection starts with an empty in-flight window on the server.
    if (up) unacked = 0;
  },
});

window.addEventListener('pagehide', () => {
  stop();
  surfaceView.dispose();
});
