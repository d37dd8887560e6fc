"""Training as the paper (Adam, lr 1e-3, batch 8, BCE), scaled for a 2-core CPU, resumable.

  /usr/bin/python3 -m models.train --data models/data/train --model ugbnet --fold 0 --epochs 8 \\
      --out models/checkpoints/ugbnet/fold0
  (--fold -1 trains on every patient: the shipped model)

Writes OUT/last.pt after every epoch (resumed from automatically) and OUT/final.pt at the end.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any, Dict, List, Optional

import numpy as np
import torch
import torch.nn.functional as F

from .data import find_patients, folds_by_patient, load_patient, tensors
from .export import make_card
from .zoo import build, default_spec


def train(
    data: List[Path],
    model_name: str,
    out: Path,
    fold: int = 0,
    k: int = 4,
    epochs: int = 8,
    batch: int = 8,
    lr: float = 1e-3,
    width: int = 160,
    height: int = 128,
    max_frames: int = 0,
    max_steps: int = 0,
    spec_override: Optional[Dict[str, Any]] = None,
    seed: int = 0,
    log=print,
) -> Path:
    torch.manual_seed(seed)
    dirs = find_patients(data)
    if fold >= 0:
        train_idx, test_idx = folds_by_patient(len(dirs), k)[fold]
    else:
        train_idx, test_idx = list(range(len(dirs))), []
    spec = {**default_spec(model_name), **(spec_override or {})}
    card = make_card(model_name, spec, width, height, "")
    x, y = tensors([load_patient(dirs[i], max_frames) for i in train_idx], card)
    net = build(spec)
    opt = torch.optim.Adam(net.parameters(), lr=lr)
    out.mkdir(parents=True, exist_ok=True)
    start_epoch, history = 0, []
    last = out / "last.pt"
    if last.exists():
        ck = torch.load(last, map_location="cpu")
        net.load_state_dict(ck["model"])
        opt.load_state_dict(ck["optim"])
        start_epoch, history = ck["epoch"], ck["history"]
        log(f"resumed from {last} at epoch {start_epoch}")
    meta = {
        "spec": spec,
        "width": width,
        "height": height,
        "fold": fold,
        "folds": k,
        "train_patients": [str(dirs[i]) for i in train_idx],
        "test_patients": [str(dirs[i]) for i in test_idx],
        "trainedOn": f"{len(train_idx)} simulated patients, {len(x)} frames from {', '.join(map(str, data))}; "
        f"{epochs} epochs, batch {batch}, Adam lr {lr}, BCE, input {width}x{height}",
    }
    rng = np.random.default_rng(seed + 1000 * start_epoch)
    steps = 0
    for epoch in range(start_epoch, epochs):
        net.train()
        t0, total = time.time(), 0.0
        perm = torch.from_numpy(rng.permutation(len(x)))
        for i in range(0, len(x), batch):
            idx = perm[i : i + batch]
            xb, yb = x[idx], y[idx]
            if rng.random() < 0.5:  # a probe held the other way round mirrors the image
                xb, yb = xb.flip(-1), yb.flip(-1)
            loss = F.binary_cross_entropy_with_logits(net(xb), yb)
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += float(loss) * len(idx)
            steps += 1
            if max_steps and steps >= max_steps:
                break
        history.append({"epoch": epoch + 1, "loss": total / len(x), "seconds": time.time() - t0})
        log(f"{model_name} fold {fold} epoch {epoch + 1}/{epochs} loss {total / len(x):.4f} ({time.time() - t0:.0f} s)")
        torch.save({"model": net.state_dict(), "optim": opt.state_dict(), "epoch": epoch + 1, "history": history, **meta}, last)
        if max_steps and steps >= max_steps:
            break
    final = out / "final.pt"
    torch.save({"model": net.state_dict(), "history": history, **meta}, final)
    return final


def main(argv: Optional[list] = None) -> None:
    torch.set_num_threads(2)
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, nargs="+", required=True)
    ap.add_argument("--model", default="ugbnet")
    ap.add_argument("--fold", type=int, default=0)
    ap.add_argument("--folds", type=int, default=4)
    ap.add_argument("--epochs", type=int, default=8)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--width", type=int, default=160)
    ap.add_argument("--height", type=int, default=128)
    ap.add_argument("--max-frames", type=int, default=0, help="frames per patient (0: all)")
    ap.add_argument("--spec", type=json.loads, default=None, help='JSON overrides, e.g. {"width": 0.5}')
    ap.add_argument("--out", type=Path, required=True)
    a = ap.parse_args(argv)
    path = train(a.data, a.model, a.out, a.fold, a.folds, a.epochs, a.batch, a.lr, a.width, a.height, a.max_frames,
                 spec_override=a.spec, log=lambda s: print(s, flush=True))
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
