import { imageToReferenceFromImage, type IgtlImage, type IgtlMessage } from '../igtlink/index.js';
import { multiply, type Mat4 } from '../math/index.js';
import { BridgeError } from './errors.js';

/** One ultrasound frame with its pose: pixel (i, j) -> millimetres in the Reference frame (RAS as Slicer reads it). */
export interface TrackedFrame {
  readonly timestamp: bigint;
  readonly width: number;
  readonly height: number;
  /** 8-bit grey, row-major, x fastest. */
  readonly pixels: Uint8Array;
  readonly imageToReference: Mat4;
  /** False when the pose came from a TRANSFORM the sender flagged invalid or never sent. */
  readonly poseValid: boolean;
  /** The IMAGE as received: its geometry is reused for the segmentation sent back. */
  readonly source: IgtlImage;
}

export interface PairingOptions {
  /** IMAGE device to segment; default: any IMAGE (PlusServer's is "Image_Reference"). */
  readonly imageName?: string;
  /**
   * TRANSFORM device holding ImageToReference for senders that do not embed the pose in the IMAGE
   * (e.g. Slicer's "ImageToReference"). Without it the IMAGE's own matrix is the pose, as PlusServer
   * sends it when the image is configured with EmbeddedTransformToFrame="Reference".
   */
  readonly poseTransformName?: string;
  /** How many unmatched IMAGEs/TRANSFORMs to hold while waiting for their partner (default 8). */
  readonly window?: number;
}

/**
 * Pairs IMAGE and TRANSFORM messages by identical timestamp (PLUS sends both with the timestamp of the
 * tracked frame). Holds a small window of each, so either may arrive first; stale ones are dropped.
 */
export class FramePairer {
  private readonly images: IgtlImage[] = [];
  private readonly poses = new Map<bigint, Mat4>();
  private readonly window: number;
  /** IMAGEs dropped because their TRANSFORM never came within the window. */
  unpaired = 0;

  constructor(private readonly options: PairingOptions = {}) {
    this.window = options.window ?? 8;
  }

  /** Feeds one message; returns the tracked frames it completes (zero or one, in arrival order). */
  push(msg: IgtlMessage): TrackedFrame[] {
    const { imageName, poseTransformName } = this.options;
    if (msg.type === 'IMAGE') {
      if (imageName !== undefined && msg.deviceName !== imageName) return [];
      checkImage(msg);
      if (poseTransformName === undefined) return [toFrame(msg, imageToReferenceFromImage(msg), true)];
      const pose = this.poses.get(msg.timestamp);
      if (pose) {
        this.poses.delete(msg.timestamp);
        return [toFrame(msg, withPixelScale(pose, msg), true)];
      }
      this.images.push(msg);
      if (this.images.length > this.window) {
        this.images.shift();
        this.unpaired++;
      }
      return [];
    }
    if (msg.type === 'TRANSFORM' && poseTransformName !== undefined && msg.deviceName === poseTransformName) {
      const i = this.images.findIndex((im) => im.timestamp === msg.timestamp);
      if (i >= 0) {
        const [image] = this.images.splice(i, 1);
        return [toFrame(image!, withPixelScale(msg.matrix, image!), true)];
      }
      this.poses.set(msg.timestamp, msg.matrix);
      if (this.poses.size > this.window) this.poses.delete(this.poses.keys().next().value!);
    }
    return [];
  }
}

function checkImage(img: IgtlImage): void {
  if (img.scalarType !== 'uint8' && img.scalarType !== 'int8') {
    throw new BridgeError(
      'UNSUPPORTED_IMAGE',
      `IMAGE '${img.deviceName}' is ${img.scalarType}; 8-bit frames are needed`,
    );
  }
  if (img.components !== 1 || img.size[2] !== 1) {
    throw new BridgeError(
      'UNSUPPORTED_IMAGE',
      `IMAGE '${img.deviceName}' has ${img.components} components and ${img.size[2]} slices; one grey slice is needed`,
    );
  }
}

/** A TRANSFORM pose maps the Image frame in millimetres; scale it by the IMAGE's pixel spacing. */
function withPixelScale(imageMmToReference: Mat4, img: IgtlImage): Mat4 {
  const ijk = imageToReferenceFromImage(img);
  const sx = Math.hypot(ijk[0]!, ijk[4]!, ijk[8]!);
  const sy = Math.hypot(ijk[1]!, ijk[5]!, ijk[9]!);
  const scale = new Float64Array([sx, 0, 0, 0, 0, sy, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
  return multiply(imageMmToReference, scale);
}

function toFrame(img: IgtlImage, imageToReference: Mat4, poseValid: boolean): TrackedFrame {
  const finite = imageToReference.every(Number.isFinite);
  return {
    timestamp: img.timestamp,
    width: img.size[0],
    height: img.size[1],
    pixels: img.data,
    imageToReference,
    poseValid: poseValid && finite,
    source: img,
  };
}
