import { readFile } from 'node:fs/promises';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Mat4 } from '../math/index.js';
import { SequenceError } from './errors.js';
import { parseMatrix } from './frame-fields.js';
import { ioError } from './image-file.js';

/** One `CoordinateDefinitions/Transform` (From, To, row-major Matrix; Error and Date kept when given). */
export interface CoordinateTransform {
  readonly from: string;
  readonly to: string;
  readonly matrix: Mat4;
  readonly error?: number;
  readonly date?: string;
}

export type Interpolation = 'LINEAR' | 'NEAREST_NEIGHBOR';
export type CompoundingMode = 'LATEST' | 'MAXIMUM' | 'MEAN' | 'IMPORTANCE_MASK';
export type HoleFillingType =
  'GAUSSIAN' | 'GAUSSIAN_ACCUMULATION' | 'STICK' | 'NEAREST_NEIGHBOR' | 'DISTANCE_WEIGHT_INVERSE';

/** One `HoleFilling/HoleFillingElement` kernel with its attributes (those not needed by the type are undefined). */
export interface HoleFillingElement {
  readonly type: HoleFillingType;
  readonly size?: number;
  readonly stdev?: number;
  readonly minimumKnownVoxelsRatio?: number;
  readonly stickLengthLimit?: number;
  readonly numberOfSticksToUse?: number;
}

/** The fan mask in pixels (PLUS FanAnglesDeg/FanOriginPixel/FanRadiusStartPixel/FanRadiusStopPixel or the older FanAngles/FanOrigin/FanDepth). */
export interface FanGeometry {
  readonly anglesDeg: readonly [number, number];
  readonly originPixel: readonly [number, number];
  readonly radiusStartPixel: number;
  readonly radiusStopPixel: number | undefined;
}

/** PLUS `VolumeReconstruction` element, with PLUS's defaults applied (vtkIGSIOVolumeReconstructor::ReadConfiguration). */
export interface VolumeReconstructionConfig {
  readonly outputSpacing: readonly [number, number, number];
  readonly outputOrigin: readonly [number, number, number] | undefined;
  readonly outputExtent: readonly [number, number, number, number, number, number] | undefined;
  readonly clipRectangleOrigin: readonly [number, number] | undefined;
  readonly clipRectangleSize: readonly [number, number] | undefined;
  /** Undefined when no fan is given or its angles are both 0 (no fan clipping). */
  readonly fan: FanGeometry | undefined;
  readonly fanAnglesAutoDetect: boolean;
  readonly fanAnglesAutoDetectBrightnessThreshold: number | undefined;
  readonly fanAnglesAutoDetectFilterRadiusPixel: number | undefined;
  readonly interpolation: Interpolation;
  /** CompoundingMode, else from the deprecated Compounding="On"/"Off" (MEAN/LATEST) or Calculation="MAXIMUM"; default MEAN. */
  readonly compounding: CompoundingMode;
  readonly fillHoles: boolean;
  readonly holeFilling: readonly HoleFillingElement[];
  readonly referenceCoordinateFrame: string;
  readonly imageCoordinateFrame: string;
  readonly numberOfThreads: number | undefined;
  /** NONE, PARTIAL, FULL or GPU (OpenCL); PLUS's default FULL. */
  readonly optimization: string;
  readonly pixelRejectionThreshold: number | undefined;
  readonly importanceMaskFilename: string | undefined;
  readonly skipInterval: number;
  /** Every attribute as written, for anything not modelled above. */
  readonly attributes: Readonly<Record<string, string>>;
}

export interface PlusConfig {
  readonly file: string;
  readonly transforms: readonly CoordinateTransform[];
  readonly volumeReconstruction: VolumeReconstructionConfig | undefined;
}

type XmlNode = { [k: string]: unknown };

/** Reads a PLUS device-set configuration file. */
export async function readPlusConfig(file: string): Promise<PlusConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw ioError(file, 'read', e);
  }
  return parsePlusConfig(text, file);
}

/** Parses PLUS configuration XML text (pure). `file` only names the source in errors. */
export function parsePlusConfig(text: string, file: string): PlusConfig {
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw new SequenceError('SEQ_XML', `${file}: malformed XML at line ${valid.err.line}: ${valid.err.msg}`);
  }
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseAttributeValue: false,
    parseTagValue: false,
    isArray: (name) => ['Transform', 'HoleFillingElement', 'VolumeReconstruction'].includes(name),
  });
  const doc = parser.parse(text) as XmlNode;
  const root = doc['PlusConfiguration'] as XmlNode | undefined;
  if (root === undefined || typeof root !== 'object') {
    throw new SequenceError('SEQ_XML', `${file}: no PlusConfiguration root element`);
  }
  const defs = root['CoordinateDefinitions'] as XmlNode | undefined;
  const transforms = ((defs?.['Transform'] as XmlNode[] | undefined) ?? []).map((t, i) =>
    coordinateTransform(typeof t === 'object' ? t : {}, `${file}: CoordinateDefinitions/Transform[${i}]`),
  );
  const recon = root['VolumeReconstruction'] as XmlNode[] | undefined;
  // An element without attributes parses as '' rather than an object.
  const reconNode = recon && recon.length > 0 ? (typeof recon[0] === 'object' ? recon[0] : {}) : undefined;
  return {
    file,
    transforms,
    volumeReconstruction: reconNode
      ? volumeReconstruction(reconNode, `${file}: VolumeReconstruction`)
      : undefined,
  };
}

function coordinateTransform(t: XmlNode, where: string): CoordinateTransform {
  const from = str(t, 'From');
  const to = str(t, 'To');
  const matrixText = str(t, 'Matrix');
  if (!from || !to || matrixText === undefined)
    throw new SequenceError('SEQ_XML', `${where} needs From, To and Matrix attributes`);
  const error = num(t, 'Error', where);
  const date = str(t, 'Date');
  return {
    from,
    to,
    matrix: parseMatrix(matrixText, `${where} (${from}To${to}) attribute Matrix`),
    ...(error !== undefined ? { error } : {}),
    ...(date !== undefined ? { date } : {}),
  };
}

function volumeReconstruction(r: XmlNode, where: string): VolumeReconstructionConfig {
  const attributes: Record<string, string> = {};
  for (const [k, v] of Object.entries(r)) if (typeof v === 'string') attributes[k] = v;
  const spacing = vec(r, 'OutputSpacing', 3, where);
  if (!spacing) throw new SequenceError('SEQ_XML', `${where}: attribute OutputSpacing is required`);
  if (spacing.some((s) => s <= 0))
    throw new SequenceError(
      'SEQ_XML',
      `${where}: OutputSpacing must be positive, got '${str(r, 'OutputSpacing')}'`,
    );
  const angles = vec(r, 'FanAnglesDeg', 2, where) ?? vec(r, 'FanAngles', 2, where);
  const fanOrigin = vec(r, 'FanOriginPixel', 2, where) ?? vec(r, 'FanOrigin', 2, where) ?? [0, 0];
  const fan: FanGeometry | undefined =
    angles && (angles[0] !== 0 || angles[1] !== 0)
      ? {
          anglesDeg: [angles[0]!, angles[1]!],
          originPixel: [fanOrigin[0]!, fanOrigin[1]!],
          radiusStartPixel: num(r, 'FanRadiusStartPixel', where) ?? 0,
          radiusStopPixel: num(r, 'FanRadiusStopPixel', where) ?? num(r, 'FanDepth', where),
        }
      : undefined;
  const compoundingMode = enumOf(
    r,
    'CompoundingMode',
    ['LATEST', 'MAXIMUM', 'MEAN', 'IMPORTANCE_MASK'] as const,
    where,
  );
  const oldCompounding = enumOf(r, 'Compounding', ['ON', 'OFF'] as const, where);
  const calculation = enumOf(r, 'Calculation', ['WEIGHTED_AVERAGE', 'MAXIMUM'] as const, where);
  const compounding: CompoundingMode =
    compoundingMode ?? (calculation === 'MAXIMUM' ? 'MAXIMUM' : oldCompounding === 'OFF' ? 'LATEST' : 'MEAN');
  const fillHoles = (enumOf(r, 'FillHoles', ['ON', 'OFF'] as const, where) ?? 'OFF') === 'ON';
  const holeNode = r['HoleFilling'] as XmlNode | undefined;
  const holeFilling = ((holeNode?.['HoleFillingElement'] as XmlNode[] | undefined) ?? []).map((e, i) =>
    holeElement(e, `${where}/HoleFilling/HoleFillingElement[${i}]`),
  );
  if (fillHoles && holeFilling.length === 0) {
    throw new SequenceError(
      'SEQ_XML',
      `${where}: FillHoles="ON" needs a HoleFilling element with at least one HoleFillingElement`,
    );
  }
  const v3 = (a: number[] | undefined) => (a ? ([a[0]!, a[1]!, a[2]!] as const) : undefined);
  const v2 = (a: number[] | undefined) => (a ? ([a[0]!, a[1]!] as const) : undefined);
  const ext = vec(r, 'OutputExtent', 6, where);
  return {
    outputSpacing: [spacing[0]!, spacing[1]!, spacing[2]!],
    outputOrigin: v3(vec(r, 'OutputOrigin', 3, where)),
    outputExtent: ext ? [ext[0]!, ext[1]!, ext[2]!, ext[3]!, ext[4]!, ext[5]!] : undefined,
    clipRectangleOrigin: v2(vec(r, 'ClipRectangleOrigin', 2, where)),
    clipRectangleSize: v2(vec(r, 'ClipRectangleSize', 2, where)),
    fan,
    fanAnglesAutoDetect: /^true$/i.test(str(r, 'EnableFanAnglesAutoDetect') ?? 'false'),
    fanAnglesAutoDetectBrightnessThreshold: num(r, 'FanAnglesAutoDetectBrightnessThreshold', where),
    fanAnglesAutoDetectFilterRadiusPixel: num(r, 'FanAnglesAutoDetectFilterRadiusPixel', where),
    interpolation:
      enumOf(r, 'Interpolation', ['LINEAR', 'NEAREST_NEIGHBOR'] as const, where) ?? 'NEAREST_NEIGHBOR',
    compounding,
    fillHoles,
    holeFilling,
    referenceCoordinateFrame: str(r, 'ReferenceCoordinateFrame') ?? 'Reference',
    imageCoordinateFrame: str(r, 'ImageCoordinateFrame') ?? 'Image',
    numberOfThreads: num(r, 'NumberOfThreads', where),
    optimization: (str(r, 'Optimization') ?? 'FULL').toUpperCase(),
    pixelRejectionThreshold: num(r, 'PixelRejectionThreshold', where),
    importanceMaskFilename: str(r, 'ImportanceMaskFilename'),
    skipInterval: Math.max(1, num(r, 'SkipInterval', where) ?? 1),
    attributes,
  };
}

function holeElement(e: XmlNode, where: string): HoleFillingElement {
  const type = enumOf(
    e,
    'Type',
    ['GAUSSIAN', 'GAUSSIAN_ACCUMULATION', 'STICK', 'NEAREST_NEIGHBOR', 'DISTANCE_WEIGHT_INVERSE'] as const,
    where,
  );
  if (!type) throw new SequenceError('SEQ_XML', `${where}: attribute Type is required`);
  const out: { -readonly [K in keyof HoleFillingElement]: HoleFillingElement[K] } = { type };
  const opt = (k: keyof HoleFillingElement & string, attr: string) => {
    const v = num(e, attr, where);
    if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  };
  opt('size', 'Size');
  opt('stdev', 'Stdev');
  opt('minimumKnownVoxelsRatio', 'MinimumKnownVoxelsRatio');
  opt('stickLengthLimit', 'StickLengthLimit');
  opt('numberOfSticksToUse', 'NumberOfSticksToUse');
  if (type === 'STICK' && (out.stickLengthLimit === undefined || out.numberOfSticksToUse === undefined)) {
    throw new SequenceError(
      'SEQ_XML',
      `${where}: a STICK kernel needs StickLengthLimit and NumberOfSticksToUse`,
    );
  }
  if (type !== 'STICK' && out.size === undefined)
    throw new SequenceError('SEQ_XML', `${where}: a ${type} kernel needs Size`);
  return out;
}

function str(n: XmlNode, key: string): string | undefined {
  const v = n[key];
  return typeof v === 'string' ? v.trim() : undefined;
}

function num(n: XmlNode, key: string, where: string): number | undefined {
  const v = str(n, key);
  if (v === undefined) return undefined;
  const x = Number(v);
  if (v === '' || !Number.isFinite(x))
    throw new SequenceError('SEQ_XML', `${where}: attribute ${key}="${v}" is not a number`);
  return x;
}

function vec(n: XmlNode, key: string, count: number, where: string): number[] | undefined {
  const v = str(n, key);
  if (v === undefined) return undefined;
  const parts = v
    .split(/\s+/)
    .filter((s) => s.length > 0)
    .map(Number);
  if (parts.length !== count || parts.some((x) => !Number.isFinite(x))) {
    throw new SequenceError('SEQ_XML', `${where}: attribute ${key}="${v}" must be ${count} numbers`);
  }
  return parts;
}

function enumOf<const T extends string>(
  n: XmlNode,
  key: string,
  values: readonly T[],
  where: string,
): T | undefined {
  const v = str(n, key);
  if (v === undefined) return undefined;
  const u = v.toUpperCase() as T;
  if (!values.includes(u))
    throw new SequenceError(
      'SEQ_XML',
      `${where}: attribute ${key}="${v}" must be one of ${values.join(', ')}`,
    );
  return u;
}
