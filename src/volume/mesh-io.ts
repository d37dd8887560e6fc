import type { Mesh } from './surface.js';

/** Binary STL: 80-byte header, uint32 triangle count, then per triangle normal + 3 vertices (float32 LE) + uint16 0. */
export function encodeStl(mesh: Mesh, header = 'spinebridge surface'): Uint8Array {
  const n = mesh.triangles.length / 3;
  const buf = new ArrayBuffer(84 + 50 * n);
  const bytes = new Uint8Array(buf);
  const view = new DataView(buf);
  bytes.set(new TextEncoder().encode(header.slice(0, 80)));
  view.setUint32(80, n, true);
  const p = mesh.points;
  let o = 84;
  for (let t = 0; t < n; t++) {
    const [a, b, c] = [
      mesh.triangles[t * 3]! * 3,
      mesh.triangles[t * 3 + 1]! * 3,
      mesh.triangles[t * 3 + 2]! * 3,
    ];
    const u = [p[b]! - p[a]!, p[b + 1]! - p[a + 1]!, p[b + 2]! - p[a + 2]!];
    const v = [p[c]! - p[a]!, p[c + 1]! - p[a + 1]!, p[c + 2]! - p[a + 2]!];
    const nn = [u[1]! * v[2]! - u[2]! * v[1]!, u[2]! * v[0]! - u[0]! * v[2]!, u[0]! * v[1]! - u[1]! * v[0]!];
    const len = Math.hypot(nn[0]!, nn[1]!, nn[2]!) || 1;
    for (const x of nn) {
      view.setFloat32(o, x / len, true);
      o += 4;
    }
    for (const i of [a, b, c]) {
      for (let k = 0; k < 3; k++) {
        view.setFloat32(o, p[i + k]!, true);
        o += 4;
      }
    }
    view.setUint16(o, 0, true);
    o += 2;
  }
  return bytes;
}

/** One inline binary DataArray: base64 of (UInt32 byte count + little-endian payload), VTK's "binary" format. */
function dataArray(type: string, name: string | undefined, comps: number, data: ArrayBufferView): string {
  const payload = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const withHeader = new Uint8Array(4 + payload.length);
  new DataView(withHeader.buffer).setUint32(0, payload.length, true);
  withHeader.set(payload, 4);
  const nameAttr = name ? ` Name="${name}"` : '';
  return `<DataArray type="${type}"${nameAttr} NumberOfComponents="${comps}" format="binary">${Buffer.from(withHeader).toString('base64')}</DataArray>`;
}

/** VTK XML PolyData (.vtp), inline base64 binary arrays, little-endian, UInt32 headers. */
export function encodeVtp(mesh: Mesh): Uint8Array {
  const nPts = mesh.points.length / 3;
  const nTri = mesh.triangles.length / 3;
  const conn = Int32Array.from(mesh.triangles);
  const offsets = new Int32Array(nTri);
  for (let i = 0; i < nTri; i++) offsets[i] = 3 * (i + 1);
  const xml = [
    '<?xml version="1.0"?>',
    '<VTKFile type="PolyData" version="1.0" byte_order="LittleEndian" header_type="UInt32">',
    '<PolyData>',
    `<Piece NumberOfPoints="${nPts}" NumberOfVerts="0" NumberOfLines="0" NumberOfStrips="0" NumberOfPolys="${nTri}">`,
    '<Points>',
    dataArray('Float32', 'Points', 3, mesh.points),
    '</Points>',
    '<Polys>',
    dataArray('Int32', 'connectivity', 1, conn),
    dataArray('Int32', 'offsets', 1, offsets),
    '</Polys>',
    '</Piece>',
    '</PolyData>',
    '</VTKFile>',
    '',
  ].join('\n');
  return new TextEncoder().encode(xml);
}
