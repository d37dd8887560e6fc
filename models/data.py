"""Reads simulator datasets (DIR/frames/*.png + DIR/masks/*.png, one DIR per simulated patient, or a root
holding patient_*/ folders) and splits them by patient, never by frame."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Sequence, Tuple

import numpy as np
import torch
import torch.nn.functional as F

from .pipeline import preprocess, read_gray


@dataclass
class Patient:
    name: str
    frames: np.ndarray  # uint8 [N,H,W], full size
    masks: np.ndarray  # uint8 [N,H,W], 0/1


def find_patients(roots: Sequence[Path]) -> List[Path]:
    out: List[Path] = []
    for r in roots:
        r = Path(r)
        if (r / "frames").is_dir():
            out.append(r)
        else:
            out.extend(sorted(p for p in r.iterdir() if (p / "frames").is_dir() and (p / "masks").is_dir()))
    if not out:
        raise FileNotFoundError(f"no patient folders (with frames/ and masks/) under {list(map(str, roots))}")
    return out


def load_patient(d: Path, max_frames: int = 0) -> Patient:
    files = sorted((d / "frames").glob("*.png"))
    if max_frames:
        files = files[:max_frames]
    frames = np.stack([read_gray(f) for f in files])
    masks = np.stack([(read_gray(d / "masks" / f.name) > 127).astype(np.uint8) for f in files])
    return Patient(f"{d.parent.name}/{d.name}", frames, masks)


def folds_by_patient(n_patients: int, k: int = 4) -> List[Tuple[List[int], List[int]]]:
    """Patient i is tested in fold i % k and trained on in the others."""
    if n_patients < k:
        raise ValueError(f"{k}-fold cross-validation needs at least {k} patients, got {n_patients}")
    return [
        ([i for i in range(n_patients) if i % k != f], [i for i in range(n_patients) if i % k == f]) for f in range(k)
    ]


def tensors(patients: Sequence[Patient], card: Dict[str, Any]) -> Tuple[torch.Tensor, torch.Tensor]:
    """Network inputs (the exact Node pre-processing) and soft targets (mask coverage of each input pixel:
    area averaging keeps one-pixel-thin bone lines that point sampling would drop)."""
    frames = np.concatenate([p.frames for p in patients])
    masks = np.concatenate([p.masks for p in patients])
    x = preprocess(frames, card)
    m = torch.from_numpy(masks).float()[:, None]
    c = card.get("crop")
    if c:
        m = m[:, :, c["y"] : c["y"] + c["height"], c["x"] : c["x"] + c["width"]]
    y = F.interpolate(m, size=tuple(x.shape[-2:]), mode="area")
    return x, y
