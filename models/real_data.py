"""Segments frames of the real PLUS recording (../shared/data/plus/BoneUltrasound_L14.igs.mha) with a
shipped model and writes overlays (docs/real-seg-*.png). No labels exist for it: the overlays are looked
at, not scored.

  /usr/bin/python3 -m models.real_data --model models/ugbnet-lite.json --frames 0 10 20
"""

from __future__ import annotations

import argparse
import zlib
from pathlib import Path
from typing import Dict, Optional, Tuple

import numpy as np
import torch

from .pipeline import load_card, postprocess, preprocess, run_onnx, upsample_logits

# The image content of this recording lies in columns 176-642, rows 1-614 (data/plus/README.md).
PLUS_CROP = {"x": 176, "y": 1, "width": 467, "height": 614}


def read_mha_sequence(path: Path) -> Tuple[np.ndarray, Dict[str, str]]:
    raw = Path(path).read_bytes()
    marker = b"ElementDataFile = LOCAL\n"
    end = raw.index(marker) + len(marker)
    header = {}
    for line in raw[:end].decode("latin1").splitlines():
        if " = " in line:
            k, v = line.split(" = ", 1)
            header[k.strip()] = v.strip()
    w, h, n = (int(v) for v in header["DimSize"].split())
    body = raw[end:]
    if header.get("CompressedData", "False") == "True":
        body = zlib.decompress(body)
    return np.frombuffer(body, np.uint8)[: w * h * n].reshape(n, h, w), header


def overlay(frame: np.ndarray, label: np.ndarray) -> np.ndarray:
    rgb = np.repeat(frame[..., None], 3, axis=2).astype(np.float32)
    m = label.astype(bool)
    rgb[m] = 0.35 * rgb[m] + 0.65 * np.array([255, 40, 40], np.float32)
    return rgb.astype(np.uint8)


def main(argv: Optional[list] = None) -> None:
    from PIL import Image

    torch.set_num_threads(2)
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", type=Path, default=Path("models/ugbnet-lite.json"))
    ap.add_argument("--mha", type=Path, default=Path("../shared/data/plus/BoneUltrasound_L14.igs.mha"))
    ap.add_argument("--frames", type=int, nargs="+", default=[0, 10, 20])
    ap.add_argument("--no-crop", action="store_true", help="feed the whole frame instead of the image region")
    ap.add_argument("--out", type=Path, default=Path("docs"))
    a = ap.parse_args(argv)
    frames, _ = read_mha_sequence(a.mha)
    card = load_card(a.model)
    if not a.no_crop:
        card["crop"] = PLUS_CROP
    sel = frames[a.frames]
    logits = torch.from_numpy(run_onnx(a.model.parent / card["onnx"], preprocess(sel, card).numpy()))
    labels = postprocess(logits, card, sel.shape[2], sel.shape[1])
    a.out.mkdir(parents=True, exist_ok=True)
    c = PLUS_CROP
    for k, (i, f, lab) in enumerate(zip(a.frames, sel, labels)):
        # Side by side (image region only): the frame, the label in red, the network's probability
        # (sigmoid of the logits at crop size) as a heat map, so weak responses below threshold show too.
        fr = f[c["y"] : c["y"] + c["height"], c["x"] : c["x"] + c["width"]]
        lb = lab[c["y"] : c["y"] + c["height"], c["x"] : c["x"] + c["width"]]
        prob = torch.sigmoid(upsample_logits(logits[[k]], card, sel.shape[2], sel.shape[1]))[0].numpy()
        if not card.get("crop"):  # whole frame fed: cut the same image region out of the probabilities
            prob = prob[c["y"] : c["y"] + c["height"], c["x"] : c["x"] + c["width"]]
        heat = np.stack([fr * 0.5 + 255 * prob * 0.5, fr * 0.5, fr * 0.5], axis=2).astype(np.uint8)
        both = np.concatenate([np.repeat(fr[..., None], 3, 2), overlay(fr, lb), heat], axis=1)
        Image.fromarray(both).save(a.out / f"real-seg-{i:02d}.png")
        print(f"frame {i}: {int(lab.sum())} label pixels, max probability {prob.max():.2f} -> real-seg-{i:02d}.png")


if __name__ == "__main__":
    main()
