/**
 * Our decoded messages in the JSON shape that test/interop/cpp/peer_describe.cxx prints for what
 * libOpenIGTLink unpacked, so the two can be compared field by field (not a test file itself).
 */
import { expect } from 'vitest';
import {
  crc64,
  decodeSttTdataBody,
  imageDirections,
  imageSpacing,
  scalarBytes,
  type IgtlMessage,
} from '../../src/igtlink/index.js';
import type { Mat4 } from '../../src/math/index.js';

const SCALAR_CODES = {
  int8: 2,
  uint8: 3,
  int16: 4,
  uint16: 5,
  int32: 6,
  uint32: 7,
  float32: 10,
  float64: 11,
} as const;

const rows = (m: ArrayLike<number>): number[][] =>
  [0, 1, 2, 3].map((r) => [0, 1, 2, 3].map((c) => m[r * 4 + c]!));
const hex = (v: bigint) => v.toString(16).padStart(16, '0');

/** VTK-style flat cell list (n, i1..in, ...) as a list of cells. */
function cells(flat: Uint32Array): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < flat.length;) {
    const n = flat[i]!;
    out.push([...flat.subarray(i + 1, i + 1 + n)]);
    i += n + 1;
  }
  return out;
}

export function describeLikePeer(m: IgtlMessage): Record<string, unknown> {
  const sec = Number(m.timestamp >> 32n);
  const frac = Number(m.timestamp & 0xffffffffn);
  const wireType = m.type === 'QUERY' || m.type === 'RAW' ? m.wireType : m.type;
  const base: Record<string, unknown> = { type: wireType, device: m.deviceName, sec, frac };
  if (m.headerVersion === 2) {
    base['messageId'] = m.messageId ?? 0;
    base['metadata'] = Object.fromEntries(m.metadata ?? new Map());
  }
  switch (m.type) {
    case 'IMAGE': {
      const dirs = imageDirections(m);
      const centre = [m.matrix[9]!, m.matrix[10]!, m.matrix[11]!];
      const matrix = [0, 1, 2].map((r) => [dirs[0][r]!, dirs[1][r]!, dirs[2][r]!, centre[r]!]);
      matrix.push([0, 0, 0, 1]);
      const subSize = m.subvolumeSize ?? m.size;
      return {
        ...base,
        scalarType: SCALAR_CODES[m.scalarType],
        components: m.components,
        endian: m.endianness === 'big' ? 1 : 2,
        coordinate: m.coordinate === 'RAS' ? 1 : 2,
        size: [...m.size],
        subSize: [...subSize],
        subOffset: [...(m.subvolumeOffset ?? [0, 0, 0])],
        spacing: imageSpacing(m),
        origin: centre,
        normals: [0, 1, 2].map((r) => [dirs[0][r]!, dirs[1][r]!, dirs[2][r]!]),
        matrix,
        dataSize: subSize[0] * subSize[1] * subSize[2] * m.components * scalarBytes(m.scalarType),
        dataCrc: hex(crc64(m.data)),
      };
    }
    case 'TRANSFORM':
      return { ...base, matrix: rows(m.matrix) };
    case 'POSITION':
      return { ...base, position: [...m.position], quaternion: [...m.quaternion] };
    case 'STATUS':
      return {
        ...base,
        code: m.code,
        subcode: Number(m.subcode),
        errorName: m.errorName,
        message: m.message,
      };
    case 'STRING':
      return { ...base, encoding: m.encoding, value: m.value };
    case 'POINT':
      return {
        ...base,
        points: m.points.map((p) => ({
          name: p.name,
          group: p.group,
          rgba: [...p.rgba],
          position: [...p.position],
          radius: p.radius,
          owner: p.owner,
        })),
      };
    case 'TDATA':
      return {
        ...base,
        elements: m.elements.map((e) => ({
          name: e.name,
          instrumentType: e.instrumentType,
          matrix: rows(e.matrix as Mat4),
        })),
      };
    case 'POLYDATA': {
      const pts: number[][] = [];
      for (let i = 0; i < m.points.length; i += 3) pts.push([...m.points.subarray(i, i + 3)]);
      return {
        ...base,
        points: pts,
        vertices: cells(m.vertices),
        lines: cells(m.lines),
        polygons: cells(m.polygons),
        strips: cells(m.triangleStrips),
        attributes: m.attributes.map((a) => ({
          type: a.kind,
          name: a.name,
          components: a.components,
          data: [...a.data],
        })),
      };
    }
    case 'CAPABILITY':
      return { ...base, types: [...m.types] };
    case 'QUERY':
    case 'RAW':
      if (m.wireType === 'STT_TDATA') {
        const b = decodeSttTdataBody(m.body);
        return { ...base, resolution: b.resolutionMs, coordinateName: b.coordinateName };
      }
      if (m.wireType === 'RTS_TDATA') return { ...base, status: m.body[0] };
      return { ...base, bodySize: m.body.length, bodyCrc: hex(crc64(m.body)) };
    case 'COMMAND':
    case 'RTS_COMMAND':
      return {
        ...base,
        commandId: m.commandId,
        commandName: m.commandName,
        encoding: m.encoding,
        command: m.command,
      };
  }
}

/** Deep equality where numbers agree to float32 precision (the wire's), recursing through arrays/objects. */
export function expectPeerEqual(cpp: unknown, ours: unknown, path = '$'): void {
  if (typeof cpp === 'number' && typeof ours === 'number') {
    const tol = 2e-6 * Math.max(1, Math.abs(cpp));
    if (!(Math.abs(cpp - ours) <= tol)) expect.fail(`${path}: C++ ${cpp} vs ours ${ours}`);
    return;
  }
  if (Array.isArray(cpp) && Array.isArray(ours)) {
    expect(ours.length, `${path} length`).toBe(cpp.length);
    cpp.forEach((v, i) => expectPeerEqual(v, ours[i], `${path}[${i}]`));
    return;
  }
  if (cpp !== null && typeof cpp === 'object' && ours !== null && typeof ours === 'object') {
    const a = cpp as Record<string, unknown>;
    const b = ours as Record<string, unknown>;
    expect(Object.keys(b).sort(), `${path} keys`).toEqual(Object.keys(a).sort());
    for (const k of Object.keys(a)) expectPeerEqual(a[k], b[k], `${path}.${k}`);
    return;
  }
  expect(ours, path).toEqual(cpp);
}

/** The JSON lines igtl_peer printed with the given direction, minus the fields only it knows. */
export function peerLines(stdout: string, dir: 'sent' | 'recv'): Record<string, unknown>[] {
  return stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((o) => o['dir'] === dir)
    .map(({ dir: _d, crcOk: _c, headerVersion: _h, ...rest }) => rest);
}
