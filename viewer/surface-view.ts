import '@kitware/vtk.js/Rendering/Profiles/Geometry';
import vtkGenericRenderWindow from '@kitware/vtk.js/Rendering/Misc/GenericRenderWindow';
import vtkActor from '@kitware/vtk.js/Rendering/Core/Actor';
import vtkMapper from '@kitware/vtk.js/Rendering/Core/Mapper';
import vtkPolyData from '@kitware/vtk.js/Common/DataModel/PolyData';
import type { ViewerMesh } from '../src/viewer/surface-codec.js';
import type { LevelSegments } from './level-lines.js';

/** Matches the page background (#15171c), so an empty view reads as empty. */
export const BACKGROUND = [0x15 / 255, 0x17 / 255, 0x1c / 255] as const;
const BONE = [0.93, 0.88, 0.78] as const;
// The colours of coronal.png: levels yellow, main curve's end vertebrae red, secondary's cyan.
const LINE_COLOURS = {
  levels: [0.9, 0.78, 0.16],
  main: [1, 0.24, 0.24],
  secondary: [0.24, 0.78, 1],
} as const;

/**
 * The bone in a vtk.js render window: during the sweep a cloud of the labels' bone pixels, then the
 * surface, which replaces the cloud; each new mesh replaces the last and resets the camera.
 */
export class SurfaceView {
  private readonly window = vtkGenericRenderWindow.newInstance({
    background: [...BACKGROUND],
    listenWindowResize: true,
  });
  private readonly mapper = vtkMapper.newInstance();
  private readonly actor = vtkActor.newInstance();
  private polyData: ReturnType<typeof vtkPolyData.newInstance> | undefined;
  private readonly cloudMapper = vtkMapper.newInstance();
  private readonly cloudActor = vtkActor.newInstance();
  private cloud: ReturnType<typeof vtkPolyData.newInstance> | undefined;
  private surfaceShown = false;
  private readonly lines = (['levels', 'main', 'secondary'] as const).map((kind) => {
    const actor = vtkActor.newInstance();
    const mapper = vtkMapper.newInstance();
    actor.setMapper(mapper);
    const [r, g, b] = LINE_COLOURS[kind];
    actor.getProperty().setColor(r, g, b);
    actor.getProperty().setLineWidth(kind === 'levels' ? 1 : 3);
    return { kind, actor, mapper };
  });

  constructor(container: HTMLElement) {
    this.window.setContainer(container);
    this.window.resize();
    this.actor.setMapper(this.mapper);
    this.actor.getProperty().setColor(...BONE);
    this.window.getRenderer().addActor(this.actor);
    this.cloudActor.setMapper(this.cloudMapper);
    this.cloudActor.getProperty().setColor(...BONE);
    this.cloudActor.getProperty().setPointSize(2);
    this.window.getRenderer().addActor(this.cloudActor);
    for (const l of this.lines) this.window.getRenderer().addActor(l.actor);
  }

  /** Most posterior (smallest RAS y) point of what is shown: the level lines go just behind it. */
  get backY(): number {
    const pts = (this.surfaceShown ? this.polyData : this.cloud)?.getPoints().getData() as
      Float32Array | undefined;
    let y = Infinity;
    if (pts) for (let k = 1; k < pts.length; k += 3) y = Math.min(y, pts[k]!);
    return y;
  }

  /** Replaces the measured level lines (segments as xyz pairs). */
  showLevels(segments: LevelSegments): void {
    for (const l of this.lines) {
      const xyz = segments[l.kind];
      const polyData = vtkPolyData.newInstance();
      polyData.getPoints().setData(xyz, 3);
      const n = xyz.length / 6;
      const cells = new Uint32Array(3 * n);
      for (let i = 0; i < n; i++) cells.set([2, 2 * i, 2 * i + 1], 3 * i);
      polyData.getLines().setData(cells);
      l.mapper.setInputData(polyData);
    }
    this.window.getRenderWindow().render();
  }

  /** Replaces the preview cloud (x y z per point); ignored once the surface is shown. */
  showCloud(xyz: Float32Array): void {
    if (this.surfaceShown) return;
    const n = xyz.length / 3;
    const polyData = vtkPolyData.newInstance();
    polyData.getPoints().setData(xyz.slice(), 3);
    // One vertex cell per point: 1 i, 1 i, ...
    const verts = new Uint32Array(2 * n);
    for (let i = 0; i < n; i++) {
      verts[2 * i] = 1;
      verts[2 * i + 1] = i;
    }
    polyData.getVerts().setData(verts);
    this.cloudMapper.setInputData(polyData);
    this.cloud?.delete();
    this.cloud = polyData;
    this.lookFromBehind();
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
    this.surfaceShown = true;
    this.cloudActor.setVisibility(false);
    this.lookFromBehind();
  }

  private lookFromBehind(): void {
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
    this.window.getRenderer().removeActor(this.cloudActor);
    for (const l of this.lines) {
      this.window.getRenderer().removeActor(l.actor);
      l.actor.delete();
      l.mapper.delete();
    }
    this.actor.delete();
    this.mapper.delete();
    this.cloudActor.delete();
    this.cloudMapper.delete();
    this.cloud?.delete();
    this.polyData?.delete();
    this.window.delete();
  }
}
