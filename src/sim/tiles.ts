import { Rng } from './rng.js';

/** Side of the square noise tiles (power of two, so indices wrap with a mask). */
export const TILE = 512;
export const TILE_MASK = TILE - 1;

/** Separable Gaussian blur of a TILE x TILE field with wrap-around (a periodic PSF convolution). */
function blur(src: Float32Array, sigmaX: number, sigmaY: number): Float32Array {
  const kernel = (sigma: number) => {
    const r = Math.max(1, Math.ceil(3 * sigma));
    const k = new Float32Array(2 * r + 1);
    let sum = 0;
    for (let i = -r; i <= r; i++) sum += k[i + r] = Math.exp(-(i * i) / (2 * sigma * sigma));
    for (let i = 0; i < k.length; i++) k[i]! /= sum;
    return { k, r };
  };
  const kx = kernel(sigmaX);
  const ky = kernel(sigmaY);
  const tmp = new Float32Array(TILE * TILE);
  const out = new Float32Array(TILE * TILE);
  for (let y = 0; y < TILE; y++) {
    for (let x = 0; x < TILE; x++) {
      let s = 0;
      for (let i = -kx.r; i <= kx.r; i++) s += kx.k[i + kx.r]! * src[y * TILE + ((x + i) & TILE_MASK)]!;
      tmp[y * TILE + x] = s;
    }
  }
  for (let y = 0; y < TILE; y++) {
    for (let x = 0; x < TILE; x++) {
      let s = 0;
      for (let i = -ky.r; i <= ky.r; i++) s += ky.k[i + ky.r]! * tmp[((y + i) & TILE_MASK) * TILE + x]!;
      out[y * TILE + x] = s;
    }
  }
  return out;
}

/**
 * Fully developed speckle: the magnitude of a complex Gaussian field filtered by the point-spread
 * function is Rayleigh distributed. `sigmaX`/`sigmaY` are the lateral/axial PSF widths in pixels.
 * Returns linear amplitudes normalised to mean 1.
 */
export function speckleAmplitude(rng: Rng, sigmaX: number, sigmaY: number): Float32Array {
  const re = new Float32Array(TILE * TILE);
  const im = new Float32Array(TILE * TILE);
  for (let i = 0; i < re.length; i++) {
    re[i] = rng.normal();
    im[i] = rng.normal();
  }
  const br = blur(re, sigmaX, sigmaY);
  const bi = blur(im, sigmaX, sigmaY);
  const amp = new Float32Array(TILE * TILE);
  let mean = 0;
  for (let i = 0; i < amp.length; i++) mean += amp[i] = Math.hypot(br[i]!, bi[i]!);
  mean /= amp.length;
  for (let i = 0; i < amp.length; i++) amp[i]! /= mean;
  return amp;
}

/**
 * Speckle in decibels (20·log10 of the amplitude), floored at `floorDb`, then smoothed by `smoothPx`
 * (lateral, axial): scanners filter after log compression, which rounds off the thin dark seams the
 * amplitude's zeros leave (without it the texture reads as a honeycomb).
 */
export function toDb(
  amp: Float32Array,
  floorDb = -30,
  smoothPx: readonly [number, number] = [0, 0],
): Float32Array {
  const out = new Float32Array(amp.length);
  for (let i = 0; i < amp.length; i++) out[i] = Math.max(floorDb, 20 * Math.log10(amp[i]! + 1e-6));
  return smoothPx[0] > 0 || smoothPx[1] > 0 ? blur(out, smoothPx[0], smoothPx[1]) : out;
}

/**
 * Muscle texture in dB: long, thin bright streaks (fascicle boundaries / perimysium) on a mottled
 * background: strongly anisotropic smoothed noise, thresholded.
 */
export function striationDb(rng: Rng, streakLength: number): Float32Array {
  const n = new Float32Array(TILE * TILE);
  for (let i = 0; i < n.length; i++) n[i] = rng.normal();
  const b = blur(n, streakLength, 1.6);
  let sd = 0;
  for (let i = 0; i < b.length; i++) sd += b[i]! * b[i]!;
  sd = Math.sqrt(sd / b.length);
  const m = blur(
    n.map(() => rng.normal()),
    10,
    6,
  );
  let sdm = 0;
  for (let i = 0; i < m.length; i++) sdm += m[i]! * m[i]!;
  sdm = Math.sqrt(sdm / m.length);
  const out = new Float32Array(TILE * TILE);
  for (let i = 0; i < out.length; i++) {
    const v = b[i]! / sd;
    out[i] = Math.min(22, 14 * Math.max(0, v - 1.1)) + 4 * (m[i]! / sdm) - 3;
  }
  return out;
}

/**
 * Smooth unit-variance noise at the scale of muscle groups (`sigma` pixels): regions of the image
 * differ in mean brightness. Periodic like the other tiles, so reading it with wrapped indices is seamless.
 */
export function blotchField(rng: Rng, sigmaX: number, sigmaY: number): Float32Array {
  const n = new Float32Array(TILE * TILE);
  for (let i = 0; i < n.length; i++) n[i] = rng.normal();
  const b = blur(n, sigmaX, sigmaY);
  let sd = 0;
  for (let i = 0; i < b.length; i++) sd += b[i]! * b[i]!;
  sd = Math.sqrt(sd / b.length);
  return b.map((v) => v / sd);
}
