import type { Mat4 } from '../math/index.js';
import type { ImageGeometry } from './geometry.js';

/** A PLUS device-set configuration for a simulated sweep: the calibration and a reconstruction element. */
export function plusConfigXml(imageToProbe: Mat4, g: ImageGeometry): string {
  const rows = [0, 1, 2, 3].map(
    (r) =>
      '        ' + Array.from(imageToProbe.subarray(r * 4, r * 4 + 4), (v) => +v.toPrecision(9)).join('\t'),
  );
  return `<PlusConfiguration version="2.3">
  <DataCollection StartupDelaySec="1.0">
    <DeviceSet Name="spinebridge simulator" Description="Simulated tracked linear probe over a spine phantom" />
  </DataCollection>
  <CoordinateDefinitions>
    <Transform From="Image" To="Probe"
      Matrix="
${rows.join('\n')}" />
  </CoordinateDefinitions>
  <VolumeReconstruction
   ImageCoordinateFrame="Image" ReferenceCoordinateFrame="Reference"
   OutputSpacing="0.5 0.5 0.5"
   ClipRectangleOrigin="${g.colStart} 0"
   ClipRectangleSize="${g.colEnd - g.colStart} ${g.height}"
   Interpolation="LINEAR"
   Optimization="FULL"
   CompoundingMode="MAXIMUM"
   FillHoles="Off" />
</PlusConfiguration>
`;
}
