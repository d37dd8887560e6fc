"""A tiny stand-in dataset for tests: speckle, one or two bright curved bone lines with acoustic shadow
below, masks of the lines; written in the simulator's layout (DIR/patient_000/frames|masks/*.png)."""

from __future__ import annotations

from pathlib import Path

import numpy as np


def synth_frame(rng: np.random.Generator, w: int, h: int) -> tuple:
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    img = rng.rayleigh(0.12, (h, w)).astype(np.float32) * (0.6 + 0.4 * (yy / h))
    mask = np.zeros((h, w), np.uint8)
    for _ in range(rng.integers(1, 3)):
        x0, x1 = sorted(rng.uniform(0, w, 2))
        if x1 - x0 < w * 0.15:
            x1 = min(w, x0 + w * 0.3)
        base, amp, freq, ph = rng.uniform(0.3, 0.75) * h, rng.uniform(0, 0.12) * h, rng.uniform(0.5, 3), rng.uniform(0, 6.3)
        thick = rng.uniform(1.5, 3.5) * h / 120
        curve = base + amp * np.sin(freq * xx / w * np.pi + ph)
        inside = (xx >= x0) & (xx <= x1)
        line = inside & (np.abs(yy - curve) <= thick)
        shadow = inside & (yy > curve + thick)
        img[shadow] *= 0.25
        img[line] = rng.uniform(0.7, 1.0) + 0.1 * rng.standard_normal(line.sum())
        mask[line] = 255
    img = np.clip(img, 0, 1)
    return (img * 255).astype(np.uint8), mask


def write_dataset(root: Path, patients: int = 4, frames: int = 6, w: int = 160, h: int = 128, seed: int = 0) -> Path:
    from PIL import Image

    rng = np.random.default_rng(seed)
    for p in range(patients):
        d = Path(root) / f"patient_{p:03d}"
        (d / "frames").mkdir(parents=True, exist_ok=True)
        (d / "masks").mkdir(parents=True, exist_ok=True)
        for i in range(frames):
            img, mask = synth_frame(rng, w, h)
            Image.fromarray(img).save(d / "frames" / f"frame_{i:05d}.png")
            Image.fromarray(mask).save(d / "masks" / f"frame_{i:05d}.png")
    return Path(root)
