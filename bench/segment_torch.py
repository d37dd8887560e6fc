"""PyTorch side of bench/segment.bench.ts: the same model (built from the card's spec; the trained
checkpoint when given, else the same architecture untrained: same cost) on the same 640x480 input,
with models/pipeline.py's pre/post-processing. Prints one JSON object.

  /usr/bin/python3 bench/segment_torch.py CARD.json --frames N --threads 1,2 [--checkpoint best.pt]
"""

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from models.pipeline import postprocess, preprocess  # noqa: E402
from models.zoo import build  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("card", type=Path)
    ap.add_argument("--frames", type=int, default=50)
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--checkpoint", type=Path)
    args = ap.parse_args()
    card = json.loads(args.card.read_text())
    if args.checkpoint:
        ck = torch.load(args.checkpoint, map_location="cpu")
        net = build(ck["spec"]).eval()
        net.load_state_dict(ck["model"])
    else:
        net = build(card["spec"]).eval()
    w, h = 640, 480
    frame = ((np.arange(w * h, dtype=np.uint64) * 2654435761) >> 24).astype(np.uint8).reshape(h, w)
    out = {"model": card["name"], "torch": torch.__version__, "rows": []}
    for threads in [int(t) for t in args.threads.split(",")]:
        torch.set_num_threads(threads)
        x = preprocess(frame, card)
        with torch.inference_mode():
            for _ in range(5):
                net(x)
            t0 = time.perf_counter()
            for _ in range(args.frames):
                net(x)
            forward = (time.perf_counter() - t0) / args.frames * 1000
            t0 = time.perf_counter()
            for _ in range(args.frames):
                postprocess(net(preprocess(frame, card)), card, w, h)
            full = (time.perf_counter() - t0) / args.frames * 1000
        out["rows"].append({"threads": threads, "forwardMs": forward, "pipelineMs": full})
    print(json.dumps(out))


if __name__ == "__main__":
    main()
