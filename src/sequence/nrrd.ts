import { elementTypeFromNrrd, nrrdTypeName } from './element-type.js';
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

// PLUS's NRRD sequence IO (vtkIGSIONrrdSequenceIO) spells these differently from its MetaImage IO;
// the neutral header uses the MetaImage names.
const KEY_TO_NRRD: Readonly<Record<string, string>> = {
  UltrasoundImageOrientation: 'ultrasound image orientation',
  UltrasoundImageType: 'ultrasound image type',
};
const FRAME_KEY_TO_NRRD: Readonly<Record<string, string>> = { ImageStatus: 'Status' };
const invert = (o: Readonly<Record<string, string>>) =>
  new Map(Object.entries(o).map(([a, b]) => [b.toLowerCase(), a]));
const KEY_FROM_NRRD = invert(KEY_TO_NRRD);
const FRAME_KEY_FROM_NRRD = invert(FRAME_KEY_TO_NRRD);

const SPACES: Readonly<Record<string, string>> = {
  ras: 'right-anterior-superior',
  lps: 'left-posterior-superior',
  las: 'left-anterior-superior',
};

/** Length of an NRRD header including the blank line that ends it; -1 while incomplete. */
export function nrrdHeaderLength(bytes: Uint8Array): number {
  for (let i = 1; i < bytes.length; i++) {
    if (bytes[i] !== 0x0a) continue;
    if (bytes[i - 1] === 0x0a) return i + 1;
    if (bytes[i - 1] === 0x0d && bytes[i - 2] === 0x0a) return i + 1;
  }
  return -1;
}

/** Parses the text of an NRRD header (.nrrd or .nhdr), as teem and PLUS write it. */
export function parseNrrdHeader(text: string, file: string): ImageHeader {
  const lines = text.split(/\r?\n/);
  if (!/^NRRD000\d/.test(lines[0] ?? '')) {
    throw new SequenceError(
      'SEQ_HEADER',
      `${file}: not an NRRD file (first line '${(lines[0] ?? '').slice(0, 20)}')`,
    );
  }
  const std = new Map<string, string>();
  const fields: [string, string][] = [];
  const frameEntries: [number, string, string][] = [];
  for (const raw of lines.slice(1)) {
    if (raw.trim().length === 0) break;
    if (raw.startsWith('#')) continue;
    const kv = raw.indexOf(':=');
    const colon = raw.indexOf(': ');
    if (kv > 0 && (colon === -1 || kv < colon)) {
      const key = raw.slice(0, kv).trim();
      const value = raw.slice(kv + 2).trim();
      const frame = splitFrameKey(key);
      if (frame)
        frameEntries.push([frame[0], FRAME_KEY_FROM_NRRD.get(frame[1].toLowerCase()) ?? frame[1], value]);
      else fields.push([KEY_FROM_NRRD.get(key.toLowerCase()) ?? key, value]);
    } else if (colon > 0) {
      std.set(raw.slice(0, colon).trim().toLowerCase(), raw.slice(colon + 2).trim());
    } else {
      throw new SequenceError(
        'SEQ_HEADER',
        `${file}: header line '${raw.slice(0, 80)}' is neither 'field: value' nor 'key:=value'`,
      );
    }
  }
  const need = (k: string): string => {
    const v = std.get(k);
    if (v === undefined) throw new SequenceError('SEQ_HEADER', `${file}: required field '${k}' is missing`);
    return v;
  };
  const dimension = parseNumbers(need('dimension'), file, 'dimension', 1)[0]!;
  const sizes = parseNumbers(need('sizes'), file, 'sizes', dimension);
  const kinds = (std.get('kinds') ?? Array<string>(dimension).fill('domain').join(' ')).split(/\s+/);
  if (kinds.length !== dimension)
    throw new SequenceError(
      'SEQ_HEADER',
      `${file}: 'kinds' has ${kinds.length} entries for dimension ${dimension}`,
    );
  const isList = (k: string) => /^(list|time)$/i.test(k);
  const isSpatial = (k: string) => /^(domain|space)$/i.test(k);
  let channels = 1;
  const spatialAxes: number[] = [];
  let frameCount: number | undefined;
  kinds.forEach((k, axis) => {
    if (isSpatial(k)) spatialAxes.push(axis);
    else if (isList(k) && axis === dimension - 1) frameCount = sizes[axis];
    else if (axis === 0) channels = sizes[0]!;
    else
      throw new SequenceError(
        'SEQ_UNSUPPORTED',
        `${file}: kinds '${kinds.join(' ')}' (axis ${axis} '${k}' is not supported there)`,
      );
  });
  if (spatialAxes.length < 2 || spatialAxes.length > 3) {
    throw new SequenceError(
      'SEQ_UNSUPPORTED',
      `${file}: ${spatialAxes.length} spatial axes (2 or 3 are supported)`,
    );
  }
  const spatial = spatialAxes.length as 2 | 3;
  const spacing = [1, 1, 1];
  const direction = identityDirection();
  const origin = [0, 0, 0];
  const dirText = std.get('space directions');
  if (dirText !== undefined) {
    const vectors = dirText.match(/\([^)]*\)|none/gi) ?? [];
    if (vectors.length !== dimension) {
      throw new SequenceError(
        'SEQ_HEADER',
        `${file}: 'space directions' has ${vectors.length} entries for dimension ${dimension}`,
      );
    }
    spatialAxes.forEach((axis, a) => {
      const v = vectors[axis]!;
      if (/^none$/i.test(v))
        throw new SequenceError('SEQ_HEADER', `${file}: 'space directions' is none for spatial axis ${axis}`);
      const n = parseNumbers(v, file, 'space directions');
      const norm = Math.hypot(...n);
      spacing[a] = norm;
      for (let k = 0; k < 3; k++) direction[a * 3 + k] = norm > 0 ? (n[k] ?? 0) / norm : a === k ? 1 : 0;
    });
  } else if (std.has('spacings')) {
    const sp = std.get('spacings')!.split(/\s+/);
    spatialAxes.forEach((axis, a) => {
      const n = Number(sp[axis]);
      if (Number.isFinite(n)) spacing[a] = n;
    });
  }
  const originText = std.get('space origin');
  if (originText !== undefined)
    parseNumbers(originText, file, 'space origin').forEach((n, k) => (origin[k] = n));
  const encoding = (std.get('encoding') ?? '').toLowerCase();
  if (!['raw', 'gzip', 'gz'].includes(encoding)) {
    throw new SequenceError(
      'SEQ_UNSUPPORTED',
      `${file}: encoding '${encoding}' (raw and gzip are supported)`,
    );
  }
  const endian = (std.get('endian') ?? 'little').toLowerCase();
  const spaceText = std.get('space');
  const dataFile = std.get('data file') ?? std.get('datafile');
  if (dataFile !== undefined && /^LIST$|%/.test(dataFile)) {
    throw new SequenceError(
      'SEQ_UNSUPPORTED',
      `${file}: data file '${dataFile}' (file lists are not supported)`,
    );
  }
  const skip = std.get('byte skip') ?? std.get('byteskip');
  const dims: [number, number, number] = [
    sizes[spatialAxes[0]!]!,
    sizes[spatialAxes[1]!]!,
    spatial === 3 ? sizes[spatialAxes[2]!]! : 1,
  ];
  return {
    format: 'nrrd',
    spatialDims: spatial,
    dims,
    frameCount,
    elementType: elementTypeFromNrrd(need('type'), file),
    channels,
    spacing: [spacing[0]!, spacing[1]!, spacing[2]!],
    origin: [origin[0]!, origin[1]!, origin[2]!],
    direction,
    encoding: encoding === 'raw' ? 'raw' : 'gzip',
    compressedSize: undefined,
    bigEndian: endian === 'big',
    dataFile,
    dataFileSkip: skip === undefined ? 0 : parseNumbers(skip, file, 'byte skip', 1)[0]!,
    space: spaceText === undefined ? undefined : (SPACES[spaceText.toLowerCase()] ?? spaceText),
    fields,
    frameFields: collectFrameFields(frameEntries, frameCount ?? 0),
  };
}

/** Formats an NRRD header as PLUS writes sequences (custom fields as `key:=value`), ending with the blank line. */
export function formatNrrdHeader(h: ImageHeader): string {
  if (h.encoding === 'zlib')
    throw new SequenceError('SEQ_UNSUPPORTED', 'NRRD cannot store zlib data (use gzip)');
  const s = h.spatialDims;
  const vec = h.channels > 1;
  const list = h.frameCount !== undefined;
  const sizes = [...(vec ? [h.channels] : []), ...h.dims.slice(0, s), ...(list ? [h.frameCount!] : [])];
  const kinds = [...(vec ? ['vector'] : []), ...Array<string>(s).fill('domain'), ...(list ? ['list'] : [])];
  const dirs: string[] = [];
  for (let a = 0; a < s; a++) {
    const v: number[] = [];
    for (let k = 0; k < s; k++) v.push(h.direction[a * 3 + k]! * h.spacing[a]!);
    dirs.push(`(${v.map(fmt).join(',')})`);
  }
  const lines = [
    'NRRD0004',
    '# Complete NRRD file format specification at:',
    '# http://teem.sourceforge.net/nrrd/format.html',
    `type: ${nrrdTypeName(h.elementType)}`,
    `dimension: ${sizes.length}`,
    h.space !== undefined && s === 3 ? `space: ${h.space}` : `space dimension: ${s}`,
    `sizes: ${sizes.join(' ')}`,
    `space directions: ${[...(vec ? ['none'] : []), ...dirs, ...(list ? ['none'] : [])].join(' ')}`,
    `kinds: ${kinds.join(' ')}`,
    `endian: ${h.bigEndian ? 'big' : 'little'}`,
    `encoding: ${h.encoding}`,
    `space origin: (${h.origin.slice(0, s).map(fmt).join(',')})`,
  ];
  if (h.dataFile !== undefined) {
    lines.push(`data file: ${h.dataFile}`);
    if (h.dataFileSkip !== 0) lines.push(`byte skip: ${h.dataFileSkip}`);
  }
  for (const [k, v] of h.fields) lines.push(`${KEY_TO_NRRD[k] ?? k}:=${v}`);
  h.frameFields.forEach((f, i) => {
    for (const [k, v] of f) lines.push(`${frameKey(i, FRAME_KEY_TO_NRRD[k] ?? k)}:=${v}`);
  });
  // A detached header needs no blank line, but it is harmless and keeps one code path.
  return lines.join('\n') + '\n\n';
}
