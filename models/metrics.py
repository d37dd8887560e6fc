"""Dice, Jaccard, precision, recall from pooled confusion counts (paper 3.3)."""

from __future__ import annotations

from typing import Dict

import numpy as np


def counts(pred: np.ndarray, truth: np.ndarray) -> Dict[str, int]:
    p = pred.astype(bool)
    t = truth.astype(bool)
    return {"tp": int((p & t).sum()), "fp": int((p & ~t).sum()), "fn": int((~p & t).sum())}


def scores(c: Dict[str, int]) -> Dict[str, float]:
    tp, fp, fn = c["tp"], c["fp"], c["fn"]
    return {
        "dice": 2 * tp / max(1, 2 * tp + fp + fn),
        "jaccard": tp / max(1, tp + fp + fn),
        "precision": tp / max(1, tp + fp),
        "recall": tp / max(1, tp + fn),
    }
