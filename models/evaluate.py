"""Cross-validated evaluation: Dice, Jaccard, precision, recall per fold (pooled over the fold's test
frames, at full frame resolution, after the shipped post-processing), mean and sd over folds, with and
without the CRF refinement.

  /usr/bin/python3 -m models.evaluate --ckroot models/checkpoints/cv --models ugbnet unet \\
      --out models/results/cv.json [--data OTHER_DIR ...  (evaluate every fold model on other data)]
"""

from __future__ import annotations

import argparse
import json
import statistics
from pathlib import Path
from typing import Any, Dict, List, Optional

import numpy as np
import torch

from .crf import crf_refine
from .data import find_patients, load_patient
from .export import make_card
from .metrics import counts, scores
from .pipeline import postprocess, preprocess
from .zoo import build

KEYS = ("dice", "jaccard", "precision", "recall")


def load_net(path: Path):
    ck = torch.load(path, map_location="cpu")
    net = build(ck["spec"]).eval()
    net.load_state_dict(ck["model"])
    return net, ck


def evaluate_fold(net, card: Dict[str, Any], patient_dirs: List[Path], max_frames: int = 0) -> Dict[str, Dict[str, float]]:
    tot = {"plain": {"tp": 0, "fp": 0, "fn": 0}, "crf": {"tp": 0, "fp": 0, "fn": 0}}
    for d in patient_dirs:
        p = load_patient(d, max_frames)
        h, w = p.frames.shape[1:]
        for i in range(0, len(p.frames), 16):
            fr, ms = p.frames[i : i + 16], p.masks[i : i + 16]
            x = preprocess(fr, card)
            with torch.no_grad():
                logits = net(x)
            img01 = x * card["input"]["std"] + card["input"]["mean"]
            for kind, lg in (("plain", logits), ("crf", crf_refine(logits, img01))):
                c = counts(postprocess(lg, card, w, h), ms)
                for k in c:
                    tot[kind][k] += c[k]
    return {kind: {**scores(c), **c} for kind, c in tot.items()}


def summarise(per_fold: List[Dict[str, Dict[str, float]]]) -> Dict[str, Dict[str, List[float]]]:
    out: Dict[str, Dict[str, List[float]]] = {}
    for kind in ("plain", "crf"):
        out[kind] = {}
        for k in KEYS:
            vals = [f[kind][k] for f in per_fold]
            out[kind][k] = [statistics.mean(vals), statistics.stdev(vals) if len(vals) > 1 else 0.0]
    return out


def main(argv: Optional[list] = None) -> None:
    torch.set_num_threads(2)
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ckroot", type=Path, default=Path("models/checkpoints/cv"))
    ap.add_argument("--models", nargs="+", default=["ugbnet", "unet", "unetpp", "segnet", "cenet"])
    ap.add_argument("--folds", type=int, default=4)
    ap.add_argument("--data", type=Path, nargs="*", help="evaluate on these patients instead of each fold's held-out ones")
    ap.add_argument("--max-frames", type=int, default=0)
    ap.add_argument("--min-component-area", type=int, default=50)
    ap.add_argument("--checkpoint", type=Path, help="evaluate this one model on --data (each set on its own)")
    ap.add_argument("--out", type=Path, required=True)
    a = ap.parse_args(argv)
    results: Dict[str, Any] = {}
    if a.checkpoint:
        net, ck = load_net(a.checkpoint)
        card = make_card("m", ck["spec"], ck["width"], ck["height"], "", min_component_area=a.min_component_area)
        for d in a.data or []:
            r = evaluate_fold(net, card, find_patients([d]), a.max_frames)
            results[str(d)] = r
            print(f"{d}: " + ", ".join(f"{k} {r['plain'][k]:.3f} (crf {r['crf'][k]:.3f})" for k in KEYS), flush=True)
        a.out.parent.mkdir(parents=True, exist_ok=True)
        a.out.write_text(json.dumps(results, indent=1) + "\n")
        return
    for name in a.models:
        per_fold = []
        for f in range(a.folds):
            path = a.ckroot / name / f"fold{f}" / "final.pt"
            if not path.exists():
                print(f"missing {path}; skipped", flush=True)
                continue
            # Per-fold cache beside the output, so folds finished early are scored once.
            cache = a.out.with_suffix("") / f"{name}-fold{f}.json"
            if cache.exists() and cache.stat().st_mtime > path.stat().st_mtime:
                r = json.loads(cache.read_text())
            else:
                net, ck = load_net(path)
                card = make_card(name, ck["spec"], ck["width"], ck["height"], "", min_component_area=a.min_component_area)
                dirs = find_patients(a.data) if a.data else [Path(p) for p in ck["test_patients"]]
                r = evaluate_fold(net, card, dirs, a.max_frames)
                r["epochs"] = len(ck["history"])
                cache.parent.mkdir(parents=True, exist_ok=True)
                cache.write_text(json.dumps(r) + "\n")
            per_fold.append(r)
            print(f"{name} fold {f}: dice {r['plain']['dice']:.3f} (crf {r['crf']['dice']:.3f})", flush=True)
        if per_fold:
            results[name] = {"folds": per_fold, "summary": summarise(per_fold)}
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text(json.dumps(results, indent=1) + "\n")
    print(table(results))


def table(results: Dict[str, Any]) -> str:
    rows = ["| Method | CRF | Dice | Jaccard | Precision | Recall | folds |", "|---|---|---|---|---|---|---|"]
    for name, r in results.items():
        for kind in ("plain", "crf"):
            s = r["summary"][kind]
            cells = " | ".join(f"{100 * s[k][0]:.1f} ± {100 * s[k][1]:.1f}" for k in KEYS)
            rows.append(f"| {name} | {'yes' if kind == 'crf' else 'no'} | {cells} | {len(r['folds'])} |")
    return "\n".join(rows)


if __name__ == "__main__":
    main()
