"""Reads an exported source/SEG pair with pydicom and checks pixels and geometry against the input.

Usage: check_with_pydicom.py CASE.json  (written by interop.test.ts). Prints one JSON line of findings;
the geometry is recomputed here from the RAS ImageToReference matrices, independently of src/dicom.
"""
import json
import sys

import numpy as np
import pydicom

case = json.load(open(sys.argv[1]))
w, h = case["width"], case["height"]
pixels = np.fromfile(case["pixels"], dtype=np.uint8).reshape(-1, h, w)
labels = (np.fromfile(case["labels"], dtype=np.uint8).reshape(-1, h, w) != 0).astype(np.uint8)
to_lps = np.diag([-1.0, -1.0, 1.0])  # RAS -> LPS
worst = {"position": 0.0, "orientation": 0.0, "spacing": 0.0}
out = {}
for name, expected in (("source", pixels), ("seg", labels)):
    ds = pydicom.dcmread(case[name])
    arr = ds.pixel_array.reshape(-1, h, w)
    out[name + "PixelsEqual"] = bool(arr.shape == expected.shape and (arr == expected).all())
    out[name + "SopClass"] = str(ds.SOPClassUID)
    out[name + "FrameOfReference"] = str(ds.FrameOfReferenceUID)
    sp = [float(x) for x in ds.SharedFunctionalGroupsSequence[0].PixelMeasuresSequence[0].PixelSpacing]
    for k, frame in enumerate(ds.PerFrameFunctionalGroupsSequence):
        m = np.array(case["transforms"][k], dtype=float).reshape(4, 4)
        pos = [float(x) for x in frame.PlanePositionSequence[0].ImagePositionPatient]
        iop = [float(x) for x in frame.PlaneOrientationSequence[0].ImageOrientationPatient]
        u, v = m[:3, 0], m[:3, 1]
        want_pos = to_lps @ m[:3, 3]
        want_iop = np.concatenate([to_lps @ (u / np.linalg.norm(u)), to_lps @ (v / np.linalg.norm(v))])
        worst["position"] = max(worst["position"], float(np.abs(np.array(pos) - want_pos).max()))
        worst["orientation"] = max(worst["orientation"], float(np.abs(np.array(iop) - want_iop).max()))
        want_sp = [np.linalg.norm(v), np.linalg.norm(u)]
        worst["spacing"] = max(worst["spacing"], float(np.abs(np.array(sp) - want_sp).max()))
    if name == "seg":
        refs = [
            int(f.DerivationImageSequence[0].SourceImageSequence[0].ReferencedFrameNumber)
            for f in ds.PerFrameFunctionalGroupsSequence
        ]
        out["segSourceFrames"] = refs
        out["segSegmentType"] = str(ds.SegmentSequence[0].SegmentedPropertyTypeCodeSequence[0].CodeValue)
        out["segReferencedSource"] = str(
            ds.ReferencedSeriesSequence[0].ReferencedInstanceSequence[0].ReferencedSOPInstanceUID
        )
    else:
        out["sourceInstance"] = str(ds.SOPInstanceUID)
out["worst"] = worst
print(json.dumps(out))
