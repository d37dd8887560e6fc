import { elementTypeFromMet, metTypeName } from './element-type.js';
import { SequenceError } from './errors.js';
import type { ImageHeader } from './header.js';
import {
  collectFrameFields,
  fmt,
  frameKey,
  identityDirection,
  parseNumbers,
  splitFrameKey,
} from './header.js';

// Geometry/encoding keys this codec interprets; everything else is kept in `fields`.
const STANDARD = new Set(
  [
    'ObjectType',
    'NDims',
    'BinaryData',
    'BinaryDataByteOrderMSB',
    'ElementByteOrderMSB',
    'CompressedData',
    'CompressedDataSize',
    'DimSize',
    'Kinds',
    'ElementNumberOfChannels',
    'ElementSpacing',
    'ElementSize',
    'ElementType',
    'Offset',
    'Position',
    'Origin',
    'TransformMatrix',
    'Rotation',
    'Orientation',
    'ElementDataFile',
    'HeaderSize',
  ].map((k) => k.toLowerCase()),
);

/** Width reserved for CompressedDataSize so a streaming writer can patch it in place (PLUS does the same). */
export const COMPRESSED_SIZE_WIDTH = 20;

/**
 * Length in bytes of a MetaImage header: up to and including the newline after `ElementDataFile = …`
 * (the last header line by the MetaIO spec). -1 while that line is not complete in `bytes`.
 */
export function metaImageHeaderLength(bytes: Uint8Array): number {
  let lineStart = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] !== 0x0a) continue;
    if (startsWithKey(bytes, lineStart, 'ElementDataFile')) return i + 1;
    lineStart = i + 1;
  }
  return -1;
}

function startsWithKey(bytes: Uint8Array, at: number, key: string): boolean {
  let p = at;
  while (bytes[p] === 0x20 || bytes[p] === 0x09) p++;
  for (let k = 0; k < key.length; k++) if (bytes[p + k] !== key.charCodeAt(k)) return false;
  const next = bytes[p + key.length];
  return next === 0x20 || next === 0x3d || next === 0x09;
}

/** Parses the text of a MetaImage header (.mha or .mhd). `file` only names the file in errors. */
export function parseMetaImageHeader(text: string, file: string): ImageHeader {
  const std = new Map<string, string>();
  const fields: [string, string][] = [];
  const frameEntries: [number, string, string][] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.length === 0 || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0)
      throw new SequenceError('SEQ_HEADER', `${file}: header line '${line.slice(0, 80)}' has no '='`);
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    const frame = splitFrameKey(key);
    if (frame) frameEntries.push([frame[0], frame[1], value]);
    else if (STANDARD.has(key.toLowerCase())) std.set(key.toLowerCase(), value);
    else fields.push([key, value]);
  }
  const get = (k: string) => std.get(k.toLowerCase());
  const need = (k: string): string => {
    const v = get(k);
    if (v === undefined) throw new SequenceError('SEQ_HEADER', `${file}: required field ${k} is missing`);
    return v;
  };
  const ndims = parseNumbers(need('NDims'), file, 'NDims', 1)[0]!;
  if (!Number.isInteger(ndims) || ndims < 2 || ndims > 4) {
    throw new SequenceError('SEQ_UNSUPPORTED', `${file}: NDims = ${ndims} (only 2, 3 or 4 are supported)`);
  }
  const size = parseNumbers(need('DimSize'), file, 'DimSize', ndims);
  if (size.some((n) => !Number.isInteger(n) || n < 0)) {
    throw new SequenceError(
      'SEQ_HEADER',
      `${file}: DimSize '${need('DimSize')}' must be non-negative integers`,
    );
  }
  const kinds = get('Kinds')
    ?.split(/\s+/)
    .filter((s) => s.length > 0);
  if (kinds && kinds.length !== ndims) {
    throw new SequenceError('SEQ_HEADER', `${file}: Kinds has ${kinds.length} entries for NDims = ${ndims}`);
  }
  // Without Kinds, PLUS reads the last axis of NDims 4 as frames, and of NDims 3 when per-frame fields say so.
  const framesInFields = frameEntries.reduce((m, e) => Math.max(m, e[0] + 1), 0);
  const listAxis = kinds
    ? kinds.findIndex((k) => /^(list|time)$/i.test(k))
    : ndims === 4 || (ndims === 3 && framesInFields > 1 && framesInFields === size[2])
      ? ndims - 1
      : -1;
  if (listAxis !== -1 && listAxis !== ndims - 1) {
    throw new SequenceError('SEQ_UNSUPPORTED', `${file}: the frame axis in Kinds must be the last one`);
  }
  const spatial = listAxis === -1 ? ndims : ndims - 1;
  if (spatial < 2 || spatial > 3) {
    throw new SequenceError('SEQ_UNSUPPORTED', `${file}: ${spatial} spatial axes (2 or 3 are supported)`);
  }
  const spacingText = get('ElementSpacing') ?? get('ElementSize');
  const spacing = spacingText ? parseNumbers(spacingText, file, 'ElementSpacing', ndims) : size.map(() => 1);
  const originText = get('Offset') ?? get('Position') ?? get('Origin');
  const origin = originText ? parseNumbers(originText, file, 'Offset', ndims) : size.map(() => 0);
  const matrixText = get('TransformMatrix') ?? get('Rotation') ?? get('Orientation');
  const matrix = matrixText ? parseNumbers(matrixText, file, 'TransformMatrix', ndims * ndims) : undefined;
  const direction = identityDirection();
  if (matrix) {
    for (let a = 0; a < spatial; a++)
      for (let k = 0; k < spatial; k++) direction[a * 3 + k] = matrix[a * ndims + k]!;
  }
  const channels = get('ElementNumberOfChannels')
    ? parseNumbers(need('ElementNumberOfChannels'), file, 'ElementNumberOfChannels', 1)[0]!
    : 1;
  if (!Number.isInteger(channels) || channels < 1) {
    throw new SequenceError('SEQ_HEADER', `${file}: ElementNumberOfChannels = ${channels}`);
  }
  const compressed = /^true$/i.test(get('CompressedData') ?? 'False');
  const compressedSizeText = get('CompressedDataSize');
  const compressedSize = compressedSizeText
    ? parseNumbers(compressedSizeText, file, 'CompressedDataSize', 1)[0]
    : undefined;
  const msb = /^true$/i.test(get('BinaryDataByteOrderMSB') ?? get('ElementByteOrderMSB') ?? 'False');
  if (/^false$/i.test(get('BinaryData') ?? 'True')) {
    throw new SequenceError(
      'SEQ_UNSUPPORTED',
      `${file}: BinaryData = False (ASCII pixel data) is not supported`,
    );
  }
  const dataFileText = need('ElementDataFile');
  if (/^LIST\b/i.test(dataFileText) || dataFileText.includes('%')) {
    throw new SequenceError(
      'SEQ_UNSUPPORTED',
      `${file}: ElementDataFile = ${dataFileText} (file lists are not supported)`,
    );
  }
  const headerSize = get('HeaderSize') ? parseNumbers(need('HeaderSize'), file, 'HeaderSize', 1)[0]! : 0;
  const frameCount = listAxis === -1 ? undefined : size[listAxis]!;
  const pad3 = (a: number[], fill: number): [number, number, number] => [
    a[0]!,
    a[1]!,
    spatial === 3 ? a[2]! : fill,
  ];
  return {
    format: 'metaimage',
    spatialDims: spatial as 2 | 3,
    dims: pad3(size, 1),
    frameCount,
    elementType: elementTypeFromMet(need('ElementType'), file),
    channels,
    spacing: pad3(spacing, 1),
    origin: pad3(origin, 0),
    direction,
    encoding: compressed ? 'zlib' : 'raw',
    compressedSize,
    bigEndian: msb,
    dataFile: /^LOCAL$/i.test(dataFileText) ? undefined : dataFileText,
    dataFileSkip: headerSize,
    space: undefined,
    fields,
    frameFields: collectFrameFields(frameEntries, frameCount ?? 0),
  };
}

/**
 * Formats a MetaImage header in the field order PLUS writes. With `encoding: 'zlib'` and no
 * `compressedSize`, CompressedDataSize is written as 0 padded to COMPRESSED_SIZE_WIDTH for a later patch.
 */
export function formatMetaImageHeader(h: ImageHeader): string {
  if (h.encoding === 'gzip')
    throw new SequenceError('SEQ_UNSUPPORTED', 'MetaImage cannot store gzip data (use zlib)');
  const s = h.spatialDims;
  const list = h.frameCount !== undefined;
  const ndims = s + (list ? 1 : 0);
  const axis = <T>(a: readonly T[], listValue: T) => [...a.slice(0, s), ...(list ? [listValue] : [])];
  const size = axis(h.dims, h.frameCount ?? 0);
  const matrix: number[] = [];
  for (let a = 0; a < ndims; a++) {
    for (let k = 0; k < ndims; k++) matrix.push(a < s && k < s ? h.direction[a * 3 + k]! : a === k ? 1 : 0);
  }
  const lines: string[] = [
    'ObjectType = Image',
    `NDims = ${ndims}`,
    'BinaryData = True',
    `BinaryDataByteOrderMSB = ${h.bigEndian ? 'True' : 'False'}`,
    `CompressedData = ${h.encoding === 'zlib' ? 'True' : 'False'}`,
  ];
  if (h.encoding === 'zlib') {
    lines.push(`CompressedDataSize = ${String(h.compressedSize ?? 0).padEnd(COMPRESSED_SIZE_WIDTH)}`);
  }
  lines.push(
    `DimSize = ${size.map(fmt).join(' ')}`,
    `Kinds = ${axis(Array<string>(3).fill('domain'), 'list').join(' ')}`,
    `ElementNumberOfChannels = ${h.channels}`,
    `ElementSpacing = ${axis(h.spacing, 1).map(fmt).join(' ')}`,
    `ElementType = ${metTypeName(h.elementType)}`,
    `Offset = ${axis(h.origin, 0).map(fmt).join(' ')}`,
    `TransformMatrix = ${matrix.map(fmt).join(' ')}`,
  );
  for (const [k, v] of h.fields) lines.push(`${k} = ${v}`);
  h.frameFields.forEach((f, i) => {
    for (const [k, v] of f) lines.push(`${frameKey(i, k)} = ${v}`);
  });
  if (h.dataFile !== undefined && h.dataFileSkip !== 0) lines.push(`HeaderSize = ${h.dataFileSkip}`);
  lines.push(`ElementDataFile = ${h.dataFile ?? 'LOCAL'}`);
  return lines.join('\n') + '\n';
}
