import { latin1Decode, viewOf } from '../bytes.js';
import { IgtlError } from '../errors.js';
import type { IgtlPolyAttribute, IgtlPolyData } from '../types.js';
import type { ContentCodec } from './codec.js';

/**
 * POLYDATA (spec v2 polydata.html, igtl_polydata.c): header of 10 u32 (npoints; nvertices, size;
 * nlines, size; npolygons, size; nstrips, size; nattributes), points f32[3n], the four cell arrays
 * (u32, VTK layout n i1..in), attribute headers (type u8, ncomponents u8, n u32), the attribute names
 * (each NUL-terminated, the whole list padded to an even length), then each attribute's
 * ncomponents * n float32. Cell counts are recomputed from the arrays on encode.
 */
const HEADER_SIZE = 40;
const ATTRIBUTE_HEADER_SIZE = 6;

function cellCount(cells: Uint32Array, what: string): number {
  let n = 0;
  let i = 0;
  for (; i < cells.length; i += cells[i]! + 1) n++;
  if (i !== cells.length)
    throw new IgtlError('INVALID_MESSAGE', `POLYDATA ${what} is not a valid (n, i1..in) list`);
  return n;
}

function nameBytes(attributes: readonly IgtlPolyAttribute[]): number {
  let n = 0;
  for (const a of attributes) {
    for (let i = 0; i < a.name.length; i++) {
      const c = a.name.charCodeAt(i);
      if (c === 0 || c > 255) throw new IgtlError('INVALID_MESSAGE', `POLYDATA attribute name "${a.name}"`);
    }
    n += a.name.length + 1;
  }
  return n + (n % 2);
}

export const polydataCodec: ContentCodec<IgtlPolyData> = {
  prepare(msg) {
    if (msg.points.length % 3 !== 0)
      throw new IgtlError('INVALID_MESSAGE', 'POLYDATA points length is not 3n');
    const cells = [msg.vertices, msg.lines, msg.polygons, msg.triangleStrips] as const;
    const counts = cells.map((c, i) =>
      cellCount(c, ['vertices', 'lines', 'polygons', 'triangle strips'][i]!),
    );
    for (const a of msg.attributes) {
      if (a.components < 1 || a.components > 255 || a.data.length % a.components !== 0) {
        throw new IgtlError('INVALID_MESSAGE', `POLYDATA attribute "${a.name}" data is not components * n`);
      }
    }
    const names = nameBytes(msg.attributes);
    let size = HEADER_SIZE + 4 * msg.points.length + names + ATTRIBUTE_HEADER_SIZE * msg.attributes.length;
    for (const c of cells) size += 4 * c.length;
    for (const a of msg.attributes) size += 4 * a.data.length;
    return {
      size,
      write(out, dv, at) {
        dv.setUint32(at, msg.points.length / 3);
        cells.forEach((c, i) => {
          dv.setUint32(at + 4 + 8 * i, counts[i]!);
          dv.setUint32(at + 8 + 8 * i, 4 * c.length);
        });
        dv.setUint32(at + 36, msg.attributes.length);
        let o = at + HEADER_SIZE;
        for (const v of msg.points) (dv.setFloat32(o, v), (o += 4));
        for (const c of cells) for (const v of c) (dv.setUint32(o, v), (o += 4));
        for (const a of msg.attributes) {
          dv.setUint8(o, a.kind);
          dv.setUint8(o + 1, a.components);
          dv.setUint32(o + 2, a.data.length / a.components);
          o += ATTRIBUTE_HEADER_SIZE;
        }
        const namesStart = o;
        for (const a of msg.attributes) {
          for (let i = 0; i < a.name.length; i++) out[o++] = a.name.charCodeAt(i);
          out[o++] = 0;
        }
        out.fill(0, o, namesStart + names);
        o = namesStart + names;
        for (const a of msg.attributes) for (const v of a.data) (dv.setFloat32(o, v), (o += 4));
      },
    };
  },
  decode(content, common) {
    const fail = (why: string): never => {
      throw new IgtlError('SIZE_MISMATCH', `POLYDATA: ${why}`);
    };
    if (content.length < HEADER_SIZE) fail(`content of ${content.length} bytes is shorter than its header`);
    const dv = viewOf(content);
    const npoints = dv.getUint32(0);
    const cellSizes = [0, 1, 2, 3].map((i) => dv.getUint32(8 + 8 * i));
    const nattributes = dv.getUint32(36);
    // Every size is checked against the content before anything is allocated.
    let o = HEADER_SIZE + 12 * npoints;
    for (const s of cellSizes) {
      if (s % 4 !== 0) fail(`cell array of ${s} bytes is not a multiple of 4`);
      o += s;
    }
    const attrHeaders = o;
    o += ATTRIBUTE_HEADER_SIZE * nattributes;
    if (o > content.length) fail(`sections need ${o} bytes, content has ${content.length}`);
    const names: string[] = [];
    let p = o;
    for (let a = 0; a < nattributes; a++) {
      const start = p;
      while (p < content.length && content[p] !== 0) p++;
      if (p >= content.length) fail('attribute names run past the content');
      names.push(latin1Decode(content, start, p));
      p++;
    }
    p += (p - o) % 2;
    let dataBytes = 0;
    for (let a = 0; a < nattributes; a++) {
      const h = attrHeaders + ATTRIBUTE_HEADER_SIZE * a;
      dataBytes += 4 * dv.getUint8(h + 1) * dv.getUint32(h + 2);
    }
    if (p + dataBytes !== content.length)
      fail(`sections need ${p + dataBytes} bytes, content has ${content.length}`);

    let r = HEADER_SIZE;
    const points = new Float32Array(3 * npoints);
    for (let i = 0; i < points.length; i++, r += 4) points[i] = dv.getFloat32(r);
    const cells = cellSizes.map((s) => {
      const c = new Uint32Array(s / 4);
      for (let i = 0; i < c.length; i++, r += 4) c[i] = dv.getUint32(r);
      return c;
    });
    const attributes: IgtlPolyAttribute[] = [];
    for (let a = 0; a < nattributes; a++) {
      const h = attrHeaders + ATTRIBUTE_HEADER_SIZE * a;
      const components = dv.getUint8(h + 1);
      const data = new Float32Array(components * dv.getUint32(h + 2));
      for (let i = 0; i < data.length; i++, p += 4) data[i] = dv.getFloat32(p);
      attributes.push({ kind: dv.getUint8(h), components, name: names[a]!, data });
    }
    return {
      type: 'POLYDATA',
      ...common,
      points,
      vertices: cells[0]!,
      lines: cells[1]!,
      polygons: cells[2]!,
      triangleStrips: cells[3]!,
      attributes,
    };
  },
};
