import type { Mat4 } from '../math/index.js';
import type { ImageGeometry } from './geometry.js';
import type { Phantom } from './phantom.js';
import { Rng } from './rng.js';
import { emptyHit, intersect, type Primitive } from './shapes.js';
import * as tiles from './tiles.js';
import { blotchField, speckleAmplitude, striationDb, toDb } from './tiles.js';

// Local copies: imported bindings compile to getter calls under some loaders, in the hottest loop.
const TILE = tiles.TILE;
const TILE_MASK = tiles.TILE_MASK;

/**
 * B-mode image simulator for a linear probe. Each image column is a ray from the transducer face
 * straight down the image's y axis; the first bone surface it meets reflects strongly (specular, so
 * the echo falls with incidence angle) and shadows everything below. Soft tissue is layered (skin,
 * fat, muscle with fascia) and textured by precomputed speckle (Rayleigh) and striation tiles that
 * already carry the PSF blur; the pipeline works in decibels, so TGC, gain and log compression are
 * per-row additions and one linear map to grey.
 */
export interface BmodeParams {
  /** Overall gain, dB (default 0). */
  readonly gainDb?: number;
  /** Displayed dynamic range, dB (default 55). */
  readonly dynamicRangeDb?: number;
  /** Label band: from `bandAboveMm` above to `bandBelowMm` below the bone surface (defaults 0.25, 1.25). */
  readonly bandAboveMm?: number;
  readonly bandBelowMm?: number;
  /** Echoes whose incidence cosine is below this are not visible, hence not labelled (default 0.35). */
  readonly minVisibleCos?: number;
}

export interface FrameState {
  readonly imageToReference: Mat4;
  /** Frame number: seeds the per-frame noise (speckle offsets, gain wobble). */
  readonly index: number;
  readonly poorContact?: boolean;
}

export interface RenderedFrame {
  /** 8-bit grey, width·height. */
  readonly image: Uint8Array;
  /** 0 or 255: the visible bone surface band. */
  readonly label: Uint8Array;
}

export interface BmodeRenderer {
  readonly geometry: ImageGeometry;
  /** Renders into fresh buffers, or into `into` when given (no allocation per frame). */
  render(frame: FrameState, into?: RenderedFrame): RenderedFrame;
}

const MUSCLE_DB = -2;
const DERMIS_DB = 9;
const FAT_DB = -7;
const FASCIA_DB = 14;
const BONE_DB = 34;
// Under bone the echoes are weak but not gone (side lobes, reverberation, electronic noise): the real
// recordings in ../shared/data show 0.4-0.6 of the tissue grey there (scripts/sim-look.ts).
const SHADOW_DB = -11;
const NOISE_FLOOR_DB = -16;
/** Log-compressed speckle is displayed with less spread than raw Rayleigh dB (scanner post-processing). */
const SPECKLE_DB_SCALE = 0.75;
/** Specular echo strength falls as cos^p of the incidence angle: oblique bone walls stay dim. */
const ECHO_COS_POWER = 2.5;

export function createBmodeRenderer(
  phantom: Phantom,
  g: ImageGeometry,
  seed: number,
  params: BmodeParams = {},
): BmodeRenderer {
  const rng = new Rng(seed).fork(202);
  const s = g.spacingMm;
  // PSF: lateral ~0.5 mm, axial ~0.2 mm (7.5 MHz linear array), in pixels.
  const gain = params.gainDb ?? 0;
  const dr = params.dynamicRangeDb ?? 55;
  const low = -15 - gain;
  const toGrey = 255 / dr;
  // Tiles pre-scaled to grey levels (log compression is linear in dB), so a pixel is a sum of lookups.
  const speckle = toDb(speckleAmplitude(rng, 0.8 / s, 0.18 / s), -20, [0.25 / s, 0.08 / s]).map(
    (v) => v * SPECKLE_DB_SCALE * toGrey,
  );
  const striation = striationDb(rng, 3.2 / s).map((v) => v * toGrey);
  // Muscle groups differ in brightness by a few dB over ~5 mm.
  const blotch = blotchField(rng, 3 / s, 2 / s).map((v) => 2.5 * v * toGrey);
  const muscleG = MUSCLE_DB * toGrey;
  const dermisG = DERMIS_DB * toGrey;
  const fatG = FAT_DB * toGrey;
  const fasciaG = FASCIA_DB * toGrey;
  const shadowG = SHADOW_DB * toGrey;
  const floorG = NOISE_FLOOR_DB * toGrey;
  const bandAbove = Math.max(1, Math.round((params.bandAboveMm ?? 0.25) / s));
  const bandBelow = Math.max(1, Math.round((params.bandBelowMm ?? 1.25) / s));
  const minCos = params.minVisibleCos ?? 0.35;
  const W = g.width;
  const H = g.height;
  const cols = g.colEnd - g.colStart;
  // Per-row dB: attenuation the TGC leaves (-13 dB over the depth, as scanners are set up for
  // the shallow field) and the near-field ring-down.
  const rowDb = new Float32Array(H);
  const rowOff = new Float32Array(H);
  for (let r = 0; r < H; r++) rowDb[r] = -13 * Math.pow(r / H, 1.3) + 6 * Math.exp(-(r * s) / 0.6);
  // Per-column scratch.
  const boneRow = new Float64Array(cols);
  const boneAmp = new Float64Array(cols);
  const labelCos = new Float64Array(cols);
  // Shadow fraction on a coarse grid of rows (SHADOW_STEP apart), interpolated per pixel.
  const shRows = Math.ceil(H / SHADOW_STEP) + 1;
  const shGrid = new Float32Array(shRows * cols);
  const shScratch = new Float32Array(cols);
  const fasciaVar = new Float64Array(cols);
  const ampBlur = new Float64Array(cols);
  const shade = new Float64Array(cols);
  const skinRow = new Float64Array(cols);
  const fatRow = new Float64Array(cols);
  const fasciaRow = new Float64Array(cols);
  const slope = new Float64Array(cols);
  const hit = emptyHit();
  const lateralKernel = gauss(Math.max(1, 0.5 / s));

  function render(frame: FrameState, into?: RenderedFrame): RenderedFrame {
    const out = into ?? { image: new Uint8Array(W * H), label: new Uint8Array(W * H) };
    // A clamped view: storing a float rounds and clamps to 0..255, which is the final log-compression step.
    const img = new Uint8ClampedArray(out.image.buffer, out.image.byteOffset, out.image.length);
    const lab = out.label;
    img.fill(0);
    lab.fill(0);
    const m = frame.imageToReference;
    const frng = new Rng(seed ^ Math.imul(frame.index + 1, 0x2545f491));
    // Unit beam direction, lateral and elevation axes from the matrix columns.
    const dx = m[1]! / s;
    const dy = m[5]! / s;
    const dz = m[9]! / s;
    const ex = m[2]! / s;
    const ey = m[6]! / s;
    const ez = m[10]! / s;
    const cx = (W - 1) / 2;
    const ox0 = m[0]! * cx + m[3]!;
    const oy0 = m[4]! * cx + m[7]!;
    const oz0 = m[8]! * cx + m[11]!;
    // Cull bone primitives to those that can cross this image plane.
    const near: Primitive[] = [];
    for (const p of phantom.primitives) {
      const c = p.center;
      const de = (c[0] - ox0) * ex + (c[1] - oy0) * ey + (c[2] - oz0) * ez;
      if (Math.abs(de) < p.bound + 0.1) near.push(p);
    }
    // Speckle moves with the probe laterally and decorrelates over ~1 mm of elevation: the tile offset
    // is a hash of the elevation position in 0.9 mm steps.
    const lateralPx = Math.round((ox0 * m[0]! + oy0 * m[4]! + oz0 * m[8]!) / (s * s));
    const elev = (ox0 * ex + oy0 * ey + oz0 * ez) / 0.9;
    const e0 = Math.floor(elev);
    const off = hashOffset(elev - e0 < 0.5 ? e0 : e0 + 1, seed);
    const frameGain = 1.5 * frng.normal();

    const skin = phantom.skin;
    const tissueMid = skin.tissue(oz0);
    const depthMax = H * s;
    // Fascicle streaks run nearly straight across the image, tilted with the muscle's fibre direction,
    // which changes slowly along the back (not per column, which made them wavy).
    const tilt = 0.07 * Math.sin(oz0 * 0.045 + ox0 * 0.03) + frng.uniform(-0.01, 0.01);
    const bow = 1.5 + 1.5 * Math.sin(oz0 * 0.07);
    const fPhase = frng.uniform(0, 0.3);
    for (let k = 0; k < cols; k++) {
      const i = g.colStart + k;
      const ox = m[0]! * i + m[3]!;
      const oy = m[4]! * i + m[7]!;
      const oz = m[8]! * i + m[11]!;
      hit.t = depthMax + 5;
      hit.prim = undefined;
      for (const p of near) intersect(p, ox, oy, oz, dx, dy, dz, hit);
      const prim = hit.prim as Primitive | undefined; // set by intersect()
      if (prim) {
        const cos = -(hit.nx * dx + hit.ny * dy + hit.nz * dz);
        boneRow[k] = hit.t / s;
        const part = prim.part === 'body' ? 0.5 : 1;
        boneAmp[k] = cos > 0 ? part * Math.pow(cos, ECHO_COS_POWER) : 0;
        // The label's visibility rule predates the echo model's exponent; kept so labels stay comparable.
        labelCos[k] = cos > 0 ? Math.pow(part, 1 / 1.6) * cos : 0;
        shade[k] = 1;
      } else {
        boneRow[k] = Infinity;
        boneAmp[k] = 0;
        shade[k] = 0;
      }
      // Skin along the beam (first order: the skin is smooth at this scale).
      const ts = (skin.y(ox, oz) - oy) / dy;
      skinRow[k] = ts / s;
      // Layers below the skin from smooth functions of the body position: fat, then the fascia over
      // the paraspinal muscles.
      const fat =
        (0.9 + 0.3 * tissueMid) *
        (1 + 0.25 * Math.sin(ox * 0.07 + oz * 0.05) + 0.15 * Math.sin(ox * 0.21 - oz * 0.13));
      fatRow[k] = (Math.max(0, ts) + 1.6 + fat) / s;
      const fascia = 1.6 + fat + (0.45 + 0.1 * Math.sin(ox * 0.05 + 1.3)) * Math.max(4, tissueMid);
      fasciaRow[k] = (Math.max(0, ts) + fascia) / s;
      slope[k] = tilt * k + bow * Math.sin((Math.PI * k) / cols);
      // Fascia is not a uniform line: its brightness wanders along the image and it breaks up.
      fasciaVar[k] =
        toGrey * (-6 + 9 * Math.sin(ox * 0.23 + oz * 0.11 + fPhase) + 5 * Math.sin(ox * 0.61 - fPhase));
    }
    blur1(boneAmp, ampBlur, lateralKernel);
    // A column with its own hit keeps its own echo strength: blurring across a depth step would smear a
    // bright tip echo down the steep side walls. Only columns without a hit take the spread-out echo.
    for (let k = 0; k < cols; k++) if (shade[k] === 1) ampBlur[k] = Math.min(ampBlur[k]!, boneAmp[k]!);
    shadowGrid(boneRow, shGrid, shScratch, shRows, s);
    // Columns next to a hit borrow its row so that the lateral PSF spreads the echo and shadow edges.
    fillRows(boneRow);

    const contact = frame.poorContact !== true;
    // Everything below is in grey-level units: tiles were pre-scaled by the log-compression slope.
    for (let r = 0; r < H; r++) rowOff[r] = (rowDb[r]! + frameGain - low) * toGrey;
    for (let k = 0; k < cols; k++) {
      const i = g.colStart + k;
      const air = !contact || skinRow[k]! * s > 1.5;
      const colA = (i + lateralPx + off) & TILE_MASK;
      if (air) {
        // No coupling: reverberation between the face and air, bands every ~1.3 mm dying out.
        for (let r = 0; r < H; r++) {
          const d = r * s;
          const v =
            (-2 + 10 * Math.cos((2 * Math.PI * d) / 1.3) - 2.2 * d) * toGrey +
            0.4 * speckle[((r + off) & TILE_MASK) * TILE + colA]!;
          img[r * W + i] = Math.max(v, floorG) + rowOff[r]!;
        }
        continue;
      }
      const sRow = Math.min(H, Math.max(0, Math.ceil(skinRow[k]!)));
      const dermEnd = Math.min(H, Math.ceil(sRow + 1.6 / s));
      const fEnd = Math.min(H, Math.max(dermEnd, Math.ceil(fatRow[k]!)));
      const bRow = boneRow[k]!;
      const strOff = Math.round(slope[k]!) + off;
      let r = 0;
      for (; r < sRow; r++) img[r * W + i] = 0;
      for (; r < dermEnd; r++) {
        img[r * W + i] = dermisG + speckle[((r + off) & TILE_MASK) * TILE + colA]! + rowOff[r]!;
      }
      for (; r < fEnd; r++) {
        const t = ((r + off) & TILE_MASK) * TILE + colA;
        img[r * W + i] =
          fatG + speckle[t]! + 0.4 * striation[((r + strOff) & TILE_MASK) * TILE + colA]! + rowOff[r]!;
      }
      // Muscle, and under bone the shadow (its fraction from the coarse grid, soft at the edges).
      for (; r < H; r++) {
        const t = ((r + off) & TILE_MASK) * TILE + colA;
        const sp = speckle[t]!;
        const muscle =
          muscleG +
          sp +
          striation[((r + strOff) & TILE_MASK) * TILE + colA]! +
          blotch[((r + strOff) & TILE_MASK) * TILE + colA]!;
        const q = r / SHADOW_STEP;
        const q0 = Math.floor(q);
        const a = shGrid[q0 * cols + k]!;
        const sh = a + (q - q0) * (shGrid[(q0 + 1) * cols + k]! - a);
        if (sh < 0.004) {
          img[r * W + i] = muscle + rowOff[r]!;
          continue;
        }
        const shadow = Math.max(shadowG + sp, floorG + 0.7 * sp);
        img[r * W + i] = muscle + sh * (shadow - muscle) + rowOff[r]!;
      }
      // Bright lines drawn over the layers (max): fascia, the fat/muscle boundary, the bone echo.
      const line = (center: number, halfMm: number, peakG: number, curve: number) => {
        const r0 = Math.max(sRow, Math.floor(center - halfMm / s));
        const r1 = Math.min(H - 1, Math.ceil(center + halfMm / s));
        for (let q = r0; q <= r1; q++) {
          const d = (q - center) * s;
          const v =
            peakG - curve * d * d + 0.5 * speckle[((q + off) & TILE_MASK) * TILE + colA]! + rowOff[q]!;
          const o = q * W + i;
          if (v > img[o]!) img[o] = v;
        }
      };
      line(fasciaRow[k]!, 0.8, fasciaG + fasciaVar[k]!, 30 * toGrey);
      line(fEnd, 0.6, fasciaG - 4 * toGrey + fasciaVar[k]!, 40 * toGrey);
      const amp = ampBlur[k]!;
      if (Number.isFinite(bRow) && amp > 1e-3) {
        const bG = (BONE_DB + 20 * Math.log10(amp)) * toGrey;
        const r0 = Math.max(sRow, Math.floor(bRow - 0.5 / s));
        const r1 = Math.min(H - 1, Math.ceil(bRow + 1.2 / s));
        for (let q = r0; q <= r1; q++) {
          const d = (q - bRow) * s;
          const e = d < 0 ? bG - 90 * toGrey * d * d : bG - 28 * toGrey * d;
          const v = e + 0.35 * speckle[((q + off) & TILE_MASK) * TILE + colA]! + rowOff[q]!;
          const o = q * W + i;
          if (v > img[o]!) img[o] = v;
        }
        // Reverberation between bone and face: a faint copy of the echo at twice the depth.
        line(2 * bRow, 0.5, bG - 38 * toGrey, 60 * toGrey);
      }
      // Label: the visible bone surface band (what an expert traces), only where the echo is seen.
      if (Number.isFinite(bRow) && boneAmp[k]! > 0 && labelCos[k]! >= minCos) {
        const r0 = Math.max(0, Math.round(bRow) - bandAbove);
        const r1 = Math.min(H - 1, Math.round(bRow) + bandBelow - 1);
        for (let q = r0; q <= r1; q++) lab[q * W + i] = 255;
      }
    }
    return out;
  }
  return { geometry: g, render };
}

const SHADOW_STEP = 4;

/**
 * Fraction of each pixel in the acoustic shadow, on rows SHADOW_STEP apart: the indicator "below this
 * column's bone" blurred across columns by the beam width, which grows with depth (0.5 mm near the face,
 * 2 mm at 70 mm), so shadow edges are sharp under shallow bone and soft deep down, and two bones at
 * different depths shadow each other consistently. Two box passes per row approximate a Gaussian.
 */
function shadowGrid(
  boneRow: Float64Array,
  grid: Float32Array,
  tmp: Float32Array,
  rows: number,
  spacingMm: number,
): void {
  const n = boneRow.length;
  for (let q = 0; q < rows; q++) {
    const r = q * SHADOW_STEP;
    const line = grid.subarray(q * n, (q + 1) * n);
    let any = false;
    for (let k = 0; k < n; k++) {
      const below = boneRow[k]! < r ? 1 : 0;
      line[k] = below;
      if (below) any = true;
    }
    if (!any) continue;
    const sigma = (0.5 + (1.5 * r * spacingMm) / 70) / spacingMm;
    const rad = Math.max(1, Math.round((Math.sqrt(6 * sigma * sigma + 1) - 1) / 2));
    boxPass(line, tmp, rad);
    boxPass(tmp, line, rad);
  }
}

/** Moving average of width 2·rad+1 with edge clamping, by a running sum. */
function boxPass(src: Float32Array, dst: Float32Array, rad: number): void {
  const n = src.length;
  const at = (i: number) => src[i < 0 ? 0 : i >= n ? n - 1 : i]!;
  let sum = 0;
  for (let j = -rad; j <= rad; j++) sum += at(j);
  const w = 2 * rad + 1;
  for (let i = 0; i < n; i++) {
    dst[i] = sum / w;
    sum += at(i + rad + 1) - at(i - rad);
  }
}

function hashOffset(k: number, seed: number): number {
  let h = Math.imul(k ^ seed, 0x9e3779b1);
  h ^= h >>> 15;
  h = Math.imul(h, 0x85ebca6b);
  return (h ^ (h >>> 13)) & TILE_MASK;
}

function gauss(sigma: number): Float64Array {
  const r = Math.ceil(2.5 * sigma);
  const k = new Float64Array(2 * r + 1);
  let sum = 0;
  for (let i = -r; i <= r; i++) sum += k[i + r] = Math.exp(-(i * i) / (2 * sigma * sigma));
  return k.map((v) => v / sum);
}

function blur1(src: Float64Array, dst: Float64Array, k: Float64Array): void {
  const r = (k.length - 1) / 2;
  const n = src.length;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = -r; j <= r; j++) {
      const q = Math.min(n - 1, Math.max(0, i + j));
      s += k[j + r]! * src[q]!;
    }
    dst[i] = s;
  }
}

/** Replaces non-finite entries by the nearest finite neighbour's value within 12 columns. */
function fillRows(rows: Float64Array): void {
  const n = rows.length;
  const src = Float64Array.from(rows);
  for (let i = 0; i < n; i++) {
    if (Number.isFinite(src[i]!)) continue;
    for (let d = 1; d <= 12; d++) {
      if (i - d >= 0 && Number.isFinite(src[i - d]!)) {
        rows[i] = src[i - d]!;
        break;
      }
      if (i + d < n && Number.isFinite(src[i + d]!)) {
        rows[i] = src[i + d]!;
        break;
      }
    }
  }
}
