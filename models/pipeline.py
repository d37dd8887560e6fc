"""Pre- and post-processing exactly as the Node runtime does them (the contract in models/README.md),
and a CLI so the Node side can check parity:

  /usr/bin/python3 models/pipeline.py --model models/ugbnet-lite.json --in frame.png --out label.png
  /usr/bin/python3 models/pipeline.py --model models/ugbnet-lite.json --in FRAMES_DIR --out LABELS_DIR

Labels are written as 8-bit PNGs holding 0/1 (add --scale 255 for viewing). The network runs in PyTorch
when a checkpoint is given (--checkpoint), else through onnxruntime-node (models/ort_run.mjs).
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any, Dict, Optional, Tuple

import numpy as np
import torch
import torch.nn.functional as F
from scipy import ndimage

DEFAULT_MEAN = 0.2
DEFAULT_STD = 0.2
EIGHT = np.ones((3, 3), dtype=bool)


def crop_box(card: Dict[str, Any], full_w: int, full_h: int) -> Tuple[int, int, int, int]:
    c = card.get("crop")
    if not c:
        return 0, 0, full_w, full_h
    return int(c["x"]), int(c["y"]), int(c["width"]), int(c["height"])


def preprocess(frames: np.ndarray, card: Dict[str, Any]) -> torch.Tensor:
    """uint8 [N,H,W] or [H,W] full frames -> float32 [N,1,h,w] network input."""
    if frames.ndim == 2:
        frames = frames[None]
    x0, y0, cw, ch = crop_box(card, frames.shape[2], frames.shape[1])
    t = torch.from_numpy(np.ascontiguousarray(frames[:, y0 : y0 + ch, x0 : x0 + cw])).float()[:, None]
    inp = card["input"]
    t = F.interpolate(t, size=(inp["height"], inp["width"]), mode="bilinear", align_corners=False, antialias=False)
    return (t / 255.0 - inp["mean"]) / inp["std"]


def logit_threshold(card: Dict[str, Any]) -> float:
    t = float(card["output"]["threshold"])
    return math.log(t / (1.0 - t))


def upsample_logits(logits: torch.Tensor, card: Dict[str, Any], full_w: int, full_h: int) -> torch.Tensor:
    """[N,1,h,w] logits -> [N,ch,cw] logits at crop size."""
    _, _, cw, ch = crop_box(card, full_w, full_h)
    return F.interpolate(logits.float(), size=(ch, cw), mode="bilinear", align_corners=False)[:, 0]


def postprocess(logits: torch.Tensor, card: Dict[str, Any], full_w: int, full_h: int) -> np.ndarray:
    """[N,1,h,w] logits -> uint8 [N,H,W] labels (0/1), small 8-connected components removed."""
    x0, y0, cw, ch = crop_box(card, full_w, full_h)
    up = upsample_logits(logits, card, full_w, full_h)
    lab = (up > logit_threshold(card)).numpy().astype(np.uint8)
    out = np.zeros((lab.shape[0], full_h, full_w), np.uint8)
    out[:, y0 : y0 + ch, x0 : x0 + cw] = lab
    area = int(card.get("postprocess", {}).get("minComponentArea", 0))
    for i in range(out.shape[0]):
        out[i] = remove_small(out[i], area)
    return out


def remove_small(label: np.ndarray, min_area: int) -> np.ndarray:
    if min_area <= 1 or not label.any():
        return label
    comp, n = ndimage.label(label, structure=EIGHT)
    sizes = np.bincount(comp.ravel(), minlength=n + 1)
    keep = sizes >= min_area
    keep[0] = False
    return keep[comp].astype(np.uint8)


def load_card(path: Path) -> Dict[str, Any]:
    return json.loads(Path(path).read_text())


def run_onnx(onnx_path: Path, x: np.ndarray, threads: int = 1) -> np.ndarray:
    """Runs the ONNX model through onnxruntime-node (no Python onnxruntime in Debian)."""
    import subprocess
    import tempfile

    script = Path(__file__).resolve().parent / "ort_run.mjs"
    with tempfile.TemporaryDirectory() as d:
        np.save(Path(d) / "in.npy", np.ascontiguousarray(x, dtype=np.float32))
        subprocess.run(
            ["node", str(script), "run", str(onnx_path), f"{d}/in.npy", f"{d}/out.npy", "--threads", str(threads)],
            check=True,
            cwd=script.parent.parent,
        )
        return np.load(Path(d) / "out.npy")


def read_gray(path: Path) -> np.ndarray:
    from PIL import Image

    return np.asarray(Image.open(path).convert("L"), dtype=np.uint8)


def write_gray(path: Path, a: np.ndarray) -> None:
    from PIL import Image

    Image.fromarray(a.astype(np.uint8), mode="L").save(path)


def main(argv: Optional[list] = None) -> None:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", type=Path, required=True, help="card JSON (the ONNX sits beside it)")
    ap.add_argument("--in", dest="inp", type=Path, required=True, help="PNG frame or folder of PNGs")
    ap.add_argument("--out", type=Path, required=True, help="PNG label or folder")
    ap.add_argument("--checkpoint", type=Path, help="run this PyTorch checkpoint instead of the ONNX")
    ap.add_argument("--scale", type=int, default=1, help="multiply labels (255 to view them)")
    args = ap.parse_args(argv)
    card = load_card(args.model)
    files = sorted(args.inp.glob("*.png")) if args.inp.is_dir() else [args.inp]
    if args.inp.is_dir():
        args.out.mkdir(parents=True, exist_ok=True)
    frames = np.stack([read_gray(f) for f in files])
    x = preprocess(frames, card)
    if args.checkpoint:
        from models.zoo import build  # type: ignore

        ck = torch.load(args.checkpoint, map_location="cpu")
        net = build(ck["spec"]).eval()
        net.load_state_dict(ck["model"])
        with torch.no_grad():
            logits = net(x)
    else:
        logits = torch.from_numpy(run_onnx(args.model.parent / card["onnx"], x.numpy()))
    labels = postprocess(logits, card, frames.shape[2], frames.shape[1])
    for f, lab in zip(files, labels):
        write_gray(args.out / f.name if args.inp.is_dir() else args.out, lab * args.scale)


if __name__ == "__main__":
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    main()
