import { identity, invert, multiply, type Mat4 } from '../math/index.js';
import { SimError } from './errors.js';
import type { ImageGeometry } from './geometry.js';
import type { Phantom } from './phantom.js';
import { Rng } from './rng.js';
import { rotation, rigid, type Vec3 } from './transforms.js';

/**
 * A freehand sweep over the phantom's back as PLUS would record it: per frame the tracker's
 * ProbeToTracker and ReferenceToTracker (with noise and dropouts), a fixed ImageToProbe calibration,
 * and the true ImageToReference used to render the frame.
 */
export interface SweepParams {
  readonly frames?: number;
  /** Frame rate, Hz (default 20). */
  readonly fps?: number;
  /** Probe orientation: 'transverse' (image across the spine, the default) or 'sagittal' (along it). */
  readonly orientation?: 'transverse' | 'sagittal';
  /** 'up' = caudal to cranial (default). */
  readonly direction?: 'up' | 'down';
  /** Sideways offset of the path from the midline, mm (positive = patient right). */
  readonly lateralOffsetMm?: number;
  /** Scales hand jitter, tilt and speed changes (0 = a robot). Default 1. */
  readonly roughness?: number;
  /** Expected poor-contact episodes per 100 frames (default 0.6). */
  readonly poorContactPer100?: number;
  /** Expected tracker dropouts per 100 frames (default 0.4). */
  readonly dropoutPer100?: number;
  /** Tracker noise: translation SD in mm (default 0.15) and rotation SD in degrees (default 0.1). */
  readonly trackerNoise?: readonly [number, number];
}

export type TransformStatus = 'OK' | 'INVALID';

export interface SweepFrame {
  readonly index: number;
  /** Seconds, PLUS style (tracker clock, not starting at 0). */
  readonly timestamp: number;
  /** Truth: the pose the frame was rendered with. */
  readonly imageToReference: Mat4;
  readonly probeToTracker: Mat4;
  readonly referenceToTracker: Mat4;
  readonly probeToTrackerStatus: TransformStatus;
  /** Probe lifted off (part of) the skin: the frame is mostly air reverberation. */
  readonly poorContact: boolean;
  /** Lift of the face centre above the skin, mm (0 in normal frames). */
  readonly liftMm: number;
  /** Extra roll for poor contact (one edge lifts), degrees. */
  readonly rollDeg: number;
}

export interface Sweep {
  readonly params: Required<SweepParams>;
  readonly geometry: ImageGeometry;
  readonly imageToProbe: Mat4;
  readonly frames: readonly SweepFrame[];
}

const DEFAULTS: Required<SweepParams> = {
  frames: 300,
  fps: 20,
  orientation: 'transverse',
  direction: 'up',
  lateralOffsetMm: 0,
  roughness: 1,
  poorContactPer100: 0.6,
  dropoutPer100: 0.4,
  trackerNoise: [0.15, 0.1],
};

/** Smooth random signal: sum of a few sines with random frequencies (cycles per frame) and phases. */
function wander(rng: Rng, amplitude: number, slowest: number): (k: number) => number {
  const parts = [1, 2.3, 5.1].map((m) => ({
    f: slowest * m * rng.uniform(0.7, 1.3),
    ph: rng.uniform(0, 2 * Math.PI),
    a: amplitude / m,
  }));
  return (k) => parts.reduce((s, p) => s + p.a * Math.sin(2 * Math.PI * p.f * k + p.ph), 0);
}

/** Fixed Image->Probe calibration: pixel spacing, a small rotation and an offset, like a real one. */
export function defaultImageToProbe(geometry: ImageGeometry): Mat4 {
  const s = geometry.spacingMm;
  const cx = (geometry.width - 1) / 2;
  const r = rotation([0, 0, 1], 0.6, rotation([1, 0, 0], -0.8));
  const scaled = multiply(r, Float64Array.from([s, 0, 0, -cx * s, 0, s, 0, 0, 0, 0, s, 0, 0, 0, 0, 1]));
  // The probe's marker origin sits on the handle, ~12 mm behind and 45 mm above the face centre.
  return multiply(rigid(identity(), [12.5, -45, -1.5]), scaled);
}

export function makeSweep(
  phantom: Phantom,
  geometry: ImageGeometry,
  seed: number,
  params: SweepParams = {},
): Sweep {
  const p: Required<SweepParams> = { ...DEFAULTS, ...params };
  if (!(Number.isInteger(p.frames) && p.frames >= 1 && p.frames <= 1_000_000)) {
    throw new SimError('SIM_BAD_PARAMS', `frame count ${p.frames} must be an integer in 1..1000000`);
  }
  const rng = new Rng(seed).fork(101);
  const rough = p.roughness;
  const skin = phantom.skin;
  const zStart = skin.zMin + 25;
  const zEnd = skin.zMax - 25;
  // Speed: mean over the sweep fixed by the path length, with slow changes and brief pauses.
  const speed = wander(rng, 0.45 * rough, 1 / 180);
  const w = new Float64Array(p.frames);
  let total = 0;
  for (let k = 0; k < p.frames; k++) {
    w[k] = Math.max(0.05, 1 + speed(k));
    total += w[k]!;
  }
  const lateral = wander(rng, 4 * rough, 1 / 240);
  const rock = wander(rng, 3 * rough, 1 / 90); // degrees, about the sweep direction
  const tilt = wander(rng, 4 * rough, 1 / 120); // degrees, beam tilting cranially/caudally
  const yaw = wander(rng, 2.5 * rough, 1 / 150);
  const shake = () => rough * 0.15 * rng.normal();

  // Poor contact and dropout episodes: runs of frames.
  const poor = new Uint8Array(p.frames);
  const invalid = new Uint8Array(p.frames);
  const episodes = (rate: number, into: Uint8Array, minLen: number, maxLen: number) => {
    for (let k = 0; k < p.frames; k++) {
      if (rng.next() < rate / 100 / ((minLen + maxLen) / 2)) {
        const len = rng.int(minLen, maxLen);
        for (let j = k; j < Math.min(p.frames, k + len); j++) into[j] = 1;
      }
    }
  };
  episodes(p.poorContactPer100, poor, 2, 8);
  episodes(p.dropoutPer100, invalid, 2, 10);

  const imageToProbe = defaultImageToProbe(geometry);
  const probeFromImage = invert(imageToProbe);
  // The tracker (e.g. an optical camera) looks at the patient from above the feet; the reference marker
  // is fixed on the patient, so ReferenceToTracker only moves by measurement noise.
  const referenceToTracker = rigid(rotation([1, 0, 0], 180, rotation([0, 0, 1], 25)), [-120, 80, -1450]);
  const [noiseT, noiseR] = p.trackerNoise;
  // Measurement noise in the marker's own frame (right-multiplied): a rotation about the tracker origin
  // would swing the marker by ~2.5 mm per 0.1 degree at 1.5 m.
  const noisy = (m: Mat4) =>
    multiply(
      m,
      rigid(rotation([rng.normal(), rng.normal(), rng.normal()], noiseR * rng.normal()), [
        noiseT * rng.normal(),
        noiseT * rng.normal(),
        noiseT * rng.normal(),
      ]),
    );

  const frames: SweepFrame[] = [];
  let travelled = 0;
  let lastProbe = identity();
  const t0 = 100 + rng.uniform(0, 50);
  const cx = (geometry.width - 1) / 2;
  for (let k = 0; k < p.frames; k++) {
    travelled += w[k]!;
    const f = p.frames === 1 ? 0.5 : (travelled - w[0]!) / (total - w[0]!);
    const z0 = p.direction === 'up' ? zStart + f * (zEnd - zStart) : zEnd - f * (zEnd - zStart);
    const z = z0 + shake();
    const x = skin.midX(z) + p.lateralOffsetMm + lateral(k) + shake();
    const y = skin.y(x, z);
    // Inward skin normal from the height field's gradient.
    const gx = (skin.y(x + 1, z) - skin.y(x - 1, z)) / 2;
    const gz = (skin.y(x, z + 1) - skin.y(x, z - 1)) / 2;
    const inward = normalize([-gx, 1, -gz]);
    const liftMm = poor[k] ? rng.uniform(0.5, 3) : 0;
    const rollDeg = poor[k] ? rng.uniform(-12, 12) : 0;
    // Image axes: x across (transverse) or along (sagittal) the spine, y into the body.
    const along: Vec3 = p.orientation === 'transverse' ? [1, 0, 0] : [0, 0, 1];
    let depth = inward;
    let lat = normalize(sub(along, scale(depth, dot(along, depth))));
    const sweepAxis: Vec3 = p.orientation === 'transverse' ? cross(lat, depth) : lat;
    // Hand motion: rock about the sweep axis, tilt about the image's x axis, yaw about the beam.
    const rAll = multiply(
      rotation(depth, yaw(k) + shake() * 3),
      multiply(rotation(lat, tilt(k) + shake() * 3), rotation(sweepAxis, rock(k) + rollDeg + shake() * 3)),
    );
    depth = apply(rAll, depth);
    lat = apply(rAll, lat);
    const elev = cross(lat, depth);
    const face: Vec3 = [x - depth[0] * liftMm, y - depth[1] * liftMm, z - depth[2] * liftMm];
    const s = geometry.spacingMm;
    // prettier-ignore
    const imageToReference = Float64Array.from([
      lat[0] * s, depth[0] * s, elev[0] * s, face[0] - cx * s * lat[0],
      lat[1] * s, depth[1] * s, elev[1] * s, face[1] - cx * s * lat[1],
      lat[2] * s, depth[2] * s, elev[2] * s, face[2] - cx * s * lat[2],
      0, 0, 0, 1,
    ]);
    const probeToReference = multiply(imageToReference, probeFromImage);
    const ok = invalid[k] === 0;
    const probeToTracker = ok ? noisy(multiply(referenceToTracker, probeToReference)) : lastProbe;
    if (ok) lastProbe = probeToTracker;
    frames.push({
      index: k,
      timestamp: Math.round((t0 + k / p.fps + rng.uniform(-0.002, 0.002)) * 1e6) / 1e6,
      imageToReference,
      probeToTracker,
      referenceToTracker: noisy(referenceToTracker),
      probeToTrackerStatus: ok ? 'OK' : 'INVALID',
      poorContact: poor[k] === 1,
      liftMm,
      rollDeg,
    });
  }
  return { params: p, geometry, imageToProbe, frames };
}

function normalize(v: Vec3): Vec3 {
  const n = Math.hypot(v[0], v[1], v[2]);
  return [v[0] / n, v[1] / n, v[2] / n];
}
function sub(a: Vec3, b: Vec3): Vec3 {
  return [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
}
function scale(a: Vec3, s: number): Vec3 {
  return [a[0] * s, a[1] * s, a[2] * s];
}
function dot(a: Vec3, b: Vec3): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}
function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}
function apply(m: Mat4, v: Vec3): Vec3 {
  return [
    m[0]! * v[0] + m[1]! * v[1] + m[2]! * v[2],
    m[4]! * v[0] + m[5]! * v[1] + m[6]! * v[2],
    m[8]! * v[0] + m[9]! * v[1] + m[10]! * v[2],
  ];
}
