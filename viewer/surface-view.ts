import '@kitware/vtk.js/Rendering/Profiles/Geometry';
import vtkGenericRenderWindow from '@kitware/vtk.js/Rendering/Misc/GenericRenderWindow';
import vtkActor from '@kitware/vtk.js/Rendering/Core/Actor';
import vtkMapper from '@kitware/vtk.js/Rendering/Core/Mapper';
import vtkPolyData from '@kitware/vtk.js/Common/DataModel/PolyData';
import type { ViewerMesh } from '../src/viewer/surface-codec.js';

/** Matches the page background (#15171c), so an empty view reads as empty. */
export const BACKGROUND = [0x15 / 255, 0x17 / 255, 0x1c / 255] as const;
const BONE = [0.93, 0.88, 0.78] as const;

/** The bone surface in a vtk.js render window; each new mesh replaces the last and resets the camera. */
export class SurfaceView {
  private readonly window = vtkGenericRenderWindow.newInstance({
    background: [...BACKGROUND],
    listenWindowResize: true,
  });
  private readonly mapper = vtkMapper.newInstance();
  private readonly actor = vtkActor.newInstance();
  private polyData: ReturnType<typeof vtkPolyData.newInstance> | undefined;

  constructor(container: HTMLElement) {
    this.window.setContainer(container);
    this.window.resize();
    this.actor.setMapper(this.mapper);
    this.actor.getProperty().setColor(...BONE);
    this.window.getRenderer().addActor(this.actor);
  }

  show(mesh: ViewerMesh): void {
    const polyData = vtkPolyData.newInstance();
    polyData.getPoints().setData(mesh.points, 3);
    const n = mesh.triangles.length / 3;
    // VTK cell arrays interleave the point count: 3 a b c, 3 a b c, ...
    const cells = new Uint32Array(4 * n);
    for (let t = 0; t < n; t++) {
      cells[4 * t] = 3;
      cells.set(mesh.triangles.subarray(3 * t, 3 * t + 3), 4 * t + 1);
    }
    polyData.getPolys().setData(cells);
    this.mapper.setInputData(polyData);
    this.polyData?.delete();
    this.polyData = polyData;

    // Points are in the Reference frame (RAS): look from posterior (-y) with superior (+z) up.
    const renderer = this.window.getRenderer();
    const camera = renderer.getActiveCamera();
    camera.setFocalPoint(0, 0, 0);
    camera.setPosition(0, -1, 0);
    camera.setViewUp(0, 0, 1);
    renderer.resetCamera();
    this.window.getRenderWindow().render();
  }

  dispose(): void {
    this.window.getRenderer().removeActor(this.actor);
    this.actor.delete();
    this.mapper.delete();
    this.polyData?.delete();
    this.window.delete();
  }
}
