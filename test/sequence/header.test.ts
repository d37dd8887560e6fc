import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromRowMajor } from '../../src/math/index.js';
import {
  formatMetaImageHeader,
  formatNrrdHeader,
  metaImageHeaderLength,
  parseMetaImageHeader,
  parseNrrdHeader,
  sequenceHeader,
} from '../../src/sequence/index.js';
import { BONE, SPINE } from './paths.js';

const layout = {
  frameSize: [820, 616, 1],
  orientation: 'MF',
  fields: [['AnatomicalOrientation', 'RAI']],
} as const;
const metas = [
  {
    transforms: new Map([
      [
        'ProbeToTracker',
        {
          matrix: fromRowMajor([1, 0, 0, 257.956, 0, 1, 0, -52.6852, 0, 0, 1, 25.5612, 0, 0, 0, 1]),
          status: 'OK' as const,
        },
      ],
    ]),
    timestamp: 232.542071,
    imageStatus: 'OK',
    fields: new Map([['FrameNumber', '7']]),
  },
];

// Golden text: field order and spelling as PLUS writes .igs.mha (vtkIGSIOMetaImageSequenceIO) and
// .igs.nrrd (vtkIGSIONrrdSequenceIO: 'ultrasound image orientation:=', frame status as '_Status').
const GOLDEN_MHA = `ObjectType = Image
NDims = 3
BinaryData = True
BinaryDataByteOrderMSB = False
CompressedData = True
CompressedDataSize = 0                   
DimSize = 820 616 1
Kinds = domain domain list
ElementNumberOfChannels = 1
ElementSpacing = 1 1 1
ElementType = MET_UCHAR
Offset = 0 0 0
TransformMatrix = 1 0 0 0 1 0 0 0 1
AnatomicalOrientation = RAI
UltrasoundImageOrientation = MF
UltrasoundImageType = BRIGHTNESS
Seq_Frame0000_ProbeToTrackerTransform = 1 0 0 257.956 0 1 0 -52.6852 0 0 1 25.5612 0 0 0 1
Seq_Frame0000_ProbeToTrackerTransformStatus = OK
Seq_Frame0000_FrameNumber = 7
Seq_Frame0000_Timestamp = 232.542071
Seq_Frame0000_ImageStatus = OK
ElementDataFile = LOCAL
`;

const GOLDEN_NRRD = `NRRD0004
# Complete NRRD file format specification at:
# http://teem.sourceforge.net/nrrd/format.html
type: unsigned char
dimension: 3
space dimension: 2
sizes: 820 616 1
space directions: (1,0) (0,1) none
kinds: domain domain list
endian: little
encoding: raw
space origin: (0,0)
AnatomicalOrientation:=RAI
ultrasound image orientation:=MF
ultrasound image type:=BRIGHTNESS
Seq_Frame0000_ProbeToTrackerTransform:=1 0 0 257.956 0 1 0 -52.6852 0 0 1 25.5612 0 0 0 1
Seq_Frame0000_ProbeToTrackerTransformStatus:=OK
Seq_Frame0000_FrameNumber:=7
Seq_Frame0000_Timestamp:=232.542071
Seq_Frame0000_Status:=OK

`;

describe('header codecs (golden text)', () => {
  it('formats a PLUS .igs.mha header, and parses it back to the same header', () => {
    const h = sequenceHeader(layout, metas, 'metaimage', true);
    expect(formatMetaImageHeader(h)).toBe(GOLDEN_MHA);
    expect(parseMetaImageHeader(GOLDEN_MHA, 'golden.mha')).toEqual({ ...h, compressedSize: 0 });
  });

  it('formats a PLUS .igs.nrrd header, and parses it back to the same header', () => {
    const h = sequenceHeader(layout, metas, 'nrrd', false);
    expect(formatNrrdHeader(h)).toBe(GOLDEN_NRRD);
    expect(parseNrrdHeader(GOLDEN_NRRD, 'golden.nrrd')).toEqual(h);
  });

  it.each([BONE, SPINE])('real header %s: parse -> format -> parse is stable', (file) => {
    const bytes = readFileSync(file);
    const len = metaImageHeaderLength(bytes);
    expect(bytes.subarray(len - 24, len).toString('latin1')).toBe('ElementDataFile = LOCAL\n');
    const h = parseMetaImageHeader(bytes.subarray(0, len).toString('latin1'), file);
    expect(h.frameFields).toHaveLength(21);
    expect(h.compressedSize).toBe(file === BONE ? 3690039 : h.compressedSize);
    const again = parseMetaImageHeader(formatMetaImageHeader(h), 'again');
    expect(again).toEqual(h);
  });

  it('finds the end of a header only once the ElementDataFile line is complete', () => {
    const text = Buffer.from(GOLDEN_MHA, 'latin1');
    expect(metaImageHeaderLength(text.subarray(0, text.length - 1))).toBe(-1);
    expect(metaImageHeaderLength(text)).toBe(text.length);
  });
});
