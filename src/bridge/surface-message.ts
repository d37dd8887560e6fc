import type { IgtlPolyData } from '../igtlink/index.js';
import type { Mesh } from '../volume/index.js';

/**
 * The bone surface as an OpenIGTLink POLYDATA message (points in the Reference frame, which Slicer
 * places in RAS like the IMAGE geometry; triangles as VTK polygons "3 a b c"), so a connected Slicer
 * shows the reconstructed spine as a model node named after the device.
 */
export function surfaceMessage(mesh: Mesh, deviceName: string, timestamp: bigint): IgtlPolyData {
  const n = mesh.triangles.length / 3;
  const polygons = new Uint32Array(4 * n);
  for (let t = 0; t < n; t++) {
    polygons[4 * t] = 3;
    polygons[4 * t + 1] = mesh.triangles[3 * t]!;
    polygons[4 * t + 2] = mesh.triangles[3 * t + 1]!;
    polygons[4 * t + 3] = mesh.triangles[3 * t + 2]!;
  }
  const none = new Uint32Array(0);
  return {
    type: 'POLYDATA',
    deviceName,
    timestamp,
    points: mesh.points,
    vertices: none,
    lines: none,
    polygons,
    triangleStrips: none,
    attributes: [],
  };
}
