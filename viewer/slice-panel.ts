import type { ViewerVolume } from '../src/viewer/volume-codec.js';
import { FrameView } from './frame-view.js';
import { boneSlice, cutSlice, sliceCount, type SliceAxis } from './slice-view.js';

/** What the panel shows, for the end-to-end tests. */
export interface SliceShown {
  readonly axis: SliceAxis;
  readonly index: number;
  readonly drawn: number;
}

/**
 * The slice panel: an axis selector, a slider and the slice with its labels. The volume is copied out of
 * its message, since slices are cut from it for as long as the page lives.
 */
export class SlicePanel {
  private volume: ViewerVolume | undefined;
  private drawn = 0;
  private readonly view: FrameView;

  constructor(
    canvas: HTMLCanvasElement,
    private readonly axisSelect: HTMLSelectElement,
    private readonly slider: HTMLInputElement,
    private readonly label: HTMLElement,
    private readonly onDrawn: (s: SliceShown) => void,
  ) {
    this.view = new FrameView(canvas);
    axisSelect.addEventListener('change', () => this.openAxis());
    slider.addEventListener('input', () => this.draw());
  }

  show(v: ViewerVolume): void {
    this.volume = { ...v, intensity: v.intensity.slice(), labels: v.labels.slice() };
    this.openAxis();
  }

  /** A new axis (or volume) starts at its slice with the most bone. */
  private openAxis(): void {
    if (this.volume === undefined) return;
    const axis = this.axisSelect.value as SliceAxis;
    this.slider.max = String(sliceCount(this.volume, axis) - 1);
    this.slider.value = String(boneSlice(this.volume, axis));
    this.draw();
  }

  private draw(): void {
    const v = this.volume;
    if (v === undefined) return;
    const axis = this.axisSelect.value as SliceAxis;
    const index = Math.min(Number(this.slider.value), sliceCount(v, axis) - 1);
    this.view.draw(cutSlice(v, axis, index));
    this.label.textContent = `${axis} ${index + 1}/${sliceCount(v, axis)}`;
    this.onDrawn({ axis, index, drawn: ++this.drawn });
  }
}
