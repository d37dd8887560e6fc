import { describe, expect, it } from 'vitest';
import {
  DicomError,
  exportSweep,
  MULTIFRAME_GRAYSCALE_BYTE_SC,
  readDicom,
  SEGMENTATION_STORAGE,
} from '../../src/dicom/index.js';
import { lps, syntheticSweep } from './sweep-fixture.js';

const W = 16;
const H = 12;

describe('exportSweep + readDicom round trip', () => {
  const req = syntheticSweep(W, H, 5);
  const r = exportSweep({ ...req, patient: { name: 'Doe^Jane', id: 'P-7' } });
  const src = readDicom(r.source);
  const seg = readDicom(r.seg!);

  it('writes one source frame and one SEG frame per tracked frame, empty label frames included', () => {
    expect(src.sopClassUid).toBe(MULTIFRAME_GRAYSCALE_BYTE_SC);
    expect(seg.sopClassUid).toBe(SEGMENTATION_STORAGE);
    expect([src.rows, src.columns, src.frames.length]).toEqual([H, W, 5]);
    expect([seg.rows, seg.columns, seg.frames.length]).toEqual([H, W, 5]);
    expect(r.written).toEqual([0, 1, 2, 3, 4]);
    expect(r.framesWithBone).toBe(4);
    expect(seg.sourceFrameNumbers).toEqual([1, 2, 3, 4, 5]);
  });

  it('gives back the pixels and the 0/1 labels', () => {
    src.frames.forEach((f, k) => expect(f).toEqual(req.frames[k]!.pixels));
    seg.frames.forEach((f, k) => expect(f).toEqual(req.labels![k]));
  });

  it('shares study and frame of reference; SEG references the source; patient as given', () => {
    expect(seg.studyUid).toBe(src.studyUid);
    expect(seg.frameOfReferenceUid).toBe(src.frameOfReferenceUid);
    expect(seg.seriesUid).not.toBe(src.seriesUid);
    expect([src.modality, seg.modality]).toEqual(['US', 'SEG']);
    expect([src.patientName, src.patientId, seg.patientName]).toEqual(['Doe^Jane', 'P-7', 'Doe^Jane']);
  });

  it('puts each frame where ImageToReference (RAS) says, in LPS (PS3.3 C.7.6.2.1.1)', () => {
    expect(src.spacing![0]).toBeCloseTo(0.25, 9); // between rows = length of the matrix's y column
    expect(src.spacing![1]).toBeCloseTo(0.3, 9);
    req.frames.forEach((f, k) => {
      const m = f.imageToReference!;
      const col = (c: number) => [m[c]!, m[4 + c]!, m[8 + c]!];
      const unit = (v: number[]) => v.map((x) => x / Math.hypot(...v));
      for (const d of [src, seg]) {
        const p = d.planes[k]!;
        lps(col(3)).forEach((x, i) => expect(p.position[i]).toBeCloseTo(x, 9));
        [...lps(unit(col(0))), ...lps(unit(col(1)))].forEach((x, i) =>
          expect(p.orientation[i]).toBeCloseTo(x, 9),
        );
      }
    });
    expect(seg.planes).toEqual(src.planes);
  });

  it('leaves frames without a usable transform out of both files and lists them', () => {
    const frames = req.frames.map((f, k) =>
      k === 1
        ? { ...f, imageToReference: undefined }
        : k === 3
          ? { ...f, imageToReference: f.imageToReference!.map((x, i) => (i === 1 ? x + 0.2 : x)) }
          : f,
    );
    const out = exportSweep({ ...req, frames });
    expect(out.skipped).toEqual([
      { index: 1, reason: 'no-transform' },
      { index: 3, reason: 'bad-transform' },
    ]);
    expect(out.written).toEqual([0, 2, 4]);
    const s = readDicom(out.seg!);
    expect(s.frames).toEqual([0, 2, 4].map((k) => req.labels![k]));
    expect(s.sourceFrameNumbers).toEqual([1, 2, 3]);
    expect(readDicom(out.source).frames[1]).toEqual(req.frames[2]!.pixels);
  });

  it('does not mutate its input', () => {
    const before = req.frames.map((f) => [Array.from(f.pixels), Array.from(f.imageToReference!)]);
    exportSweep(req);
    expect(req.frames.map((f) => [Array.from(f.pixels), Array.from(f.imageToReference!)])).toEqual(before);
  });
});

describe('exportSweep refuses bad input with a coded DicomError', () => {
  const req = syntheticSweep(W, H, 3);
  const code = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(DicomError);
      return (e as DicomError).code;
    }
    return 'no error';
  };

  it.each([
    ['label count', { labels: req.labels!.slice(0, 2) }, 'DICOM_MISMATCH'],
    ['label size', { labels: req.labels!.map(() => new Uint8Array(3)) }, 'DICOM_MISMATCH'],
    ['frame size', { width: W + 1 }, 'DICOM_BAD_INPUT'],
    ['no frames', { frames: [], labels: [] }, 'DICOM_BAD_INPUT'],
    [
      'no transform anywhere',
      { frames: req.frames.map((f) => ({ ...f, imageToReference: undefined })) },
      'DICOM_NO_VALID_FRAMES',
    ],
    [
      'NaN transform',
      { frames: req.frames.map((f) => ({ ...f, imageToReference: new Float64Array(16).fill(NaN) })) },
      'DICOM_NO_VALID_FRAMES',
    ],
    [
      'spacing changes between frames',
      {
        frames: req.frames.map((f, k) => ({
          ...f,
          imageToReference: f.imageToReference!.map((x, i) => (k === 2 && i % 4 === 0 && i < 12 ? 2 * x : x)),
        })),
      },
      'DICOM_BAD_INPUT',
    ],
    ['patient name too long', { patient: { name: 'x'.repeat(65) } }, 'DICOM_BAD_VALUE'],
    ['bad UID', { uids: { study: '1.2.03' } }, 'DICOM_BAD_VALUE'],
  ])('%s', (_name, change, expected) => {
    expect(code(() => exportSweep({ ...req, ...change }))).toBe(expected);
  });

  it('readDicom: not DICOM', () => {
    expect(code(() => readDicom(new Uint8Array(300)))).toBe('DICOM_PARSE');
  });
});
