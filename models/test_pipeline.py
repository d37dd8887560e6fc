"""Smoke training on tiny synthetic data, resume, patient-wise folds, ONNX export and PyTorch vs
onnxruntime(-node) parity, the pre/post-processing contract and the CRF."""

import json
import math
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from models.crf import crf_refine
from models.data import find_patients, folds_by_patient, load_patient, tensors
from models.export import export_onnx, make_card
from models.pipeline import postprocess, preprocess, remove_small, run_onnx
from models.synth import write_dataset
from models.train import train
from models.zoo import build, default_spec

ROOT = Path(__file__).resolve().parent.parent
HAVE_NODE = shutil.which("node") is not None


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    return write_dataset(tmp_path_factory.mktemp("sim"), patients=4, frames=8, w=200, h=150, seed=0)


def test_folds_split_by_patient():
    folds = folds_by_patient(8, 4)
    assert len(folds) == 4
    for tr, te in folds:
        assert set(tr).isdisjoint(te) and sorted(tr + te) == list(range(8))
    assert sorted(sum((te for _, te in folds), [])) == list(range(8))
    with pytest.raises(ValueError):
        folds_by_patient(3, 4)


def test_smoke_training_lowers_loss_and_resumes(dataset, tmp_path):
    out = tmp_path / "ck"
    final = train([dataset], "ugbnet", out, fold=0, epochs=6, width=96, height=64, log=lambda s: None)
    ck = torch.load(final)
    losses = [h["loss"] for h in ck["history"]]
    assert len(losses) == 6 and losses[-1] < losses[0]
    assert all(str(p) not in ck["train_patients"] for p in ck["test_patients"])
    # Resume: asking for more epochs continues from last.pt instead of starting over.
    final = train([dataset], "ugbnet", out, fold=0, epochs=7, width=96, height=64, log=lambda s: None)
    assert [h["epoch"] for h in torch.load(final)["history"]] == list(range(1, 8))


def test_preprocess_is_torch_bilinear_half_pixel():
    frame = (np.arange(12 * 16, dtype=np.uint8).reshape(12, 16) * 7) % 251
    card = {"input": {"width": 8, "height": 6, "mean": 0.2, "std": 0.2}, "crop": {"x": 2, "y": 1, "width": 12, "height": 9}}
    x = preprocess(frame, card)
    # Hand-computed half-pixel-centre bilinear sample of output pixel (row 2, col 3).
    sx, sy = (3 + 0.5) * 12 / 8 - 0.5, (2 + 0.5) * 9 / 6 - 0.5
    c = frame[1:10, 2:14].astype(float)
    x0, y0 = int(math.floor(sx)), int(math.floor(sy))
    fx, fy = sx - x0, sy - y0
    v = (c[y0, x0] * (1 - fx) + c[y0, x0 + 1] * fx) * (1 - fy) + (c[y0 + 1, x0] * (1 - fx) + c[y0 + 1, x0 + 1] * fx) * fy
    assert abs(float(x[0, 0, 2, 3]) - (v / 255 - 0.2) / 0.2) < 1e-5


def test_postprocess_crop_threshold_and_components():
    card = {"input": {"width": 4, "height": 4}, "crop": {"x": 2, "y": 3, "width": 8, "height": 8},
            "output": {"threshold": 0.7}, "postprocess": {"minComponentArea": 5}}
    logits = torch.full((1, 1, 4, 4), -5.0)
    logits[0, 0, 1:3, 1:3] = 3.0  # well above t=0.7 ...
    logits[0, 0, 0, 3] = math.log(0.65 / 0.35)  # ... and below it
    lab = postprocess(logits, card, 12, 14)[0]
    assert lab.shape == (14, 12) and lab[:3].sum() == 0 and lab[:, :2].sum() == 0
    # Crop rows/cols 2..5 lie 3/4 of the way to a 3.0 sample in each axis: 0.75*3 - 0.25*5 = 1.0 > 0.847
    # on the edges, but 0.5625*3 - 0.4375*5 = -0.5 at the four corners.
    want = np.array([[0, 1, 1, 0], [1, 1, 1, 1], [1, 1, 1, 1], [0, 1, 1, 0]], np.uint8)
    assert (lab[3 + 2 : 3 + 6, 2 + 2 : 2 + 6] == want).all() and lab.sum() == 12
    a = np.zeros((10, 10), np.uint8)
    a[1, 1] = a[2, 2] = a[3, 3] = 1  # diagonal: one 8-connected component of 3
    a[6:9, 6:9] = 1
    assert remove_small(a, 4).sum() == 9 and remove_small(a, 3).sum() == 12


def test_crf_keeps_confident_and_cleans_isolated():
    img = torch.zeros(1, 1, 20, 20)
    img[:, :, 8:12, :] = 1.0
    logits = torch.where(img > 0.5, torch.tensor(3.0), torch.tensor(-3.0))
    logits[0, 0, 2, 2] = 0.5  # weak isolated false positive on dark background
    out = crf_refine(logits, img)
    assert (out[0, 0, 8:12] > 0).all() and (out[0, 0, :6] < 0).all()


@pytest.mark.skipif(not HAVE_NODE, reason="node is needed for onnxruntime-node")
def test_onnx_parity_with_onnxruntime_node(tmp_path):
    torch.manual_seed(0)
    spec = default_spec("ugbnet")
    net = build(spec).eval()
    for m in net.modules():  # non-trivial BN statistics so the comparison is not of near-constants
        if isinstance(m, torch.nn.BatchNorm2d):
            m.running_mean.uniform_(-0.2, 0.2)
            m.running_var.uniform_(0.5, 1.5)
    path = tmp_path / "tiny.onnx"
    export_onnx(net, path, 64, 96)
    x = torch.randn(3, 1, 64, 96)  # batch 3: the batch axis is dynamic
    with torch.no_grad():
        want = net(x).numpy()
    got = run_onnx(path, x.numpy())
    assert got.shape == want.shape
    diff = float(np.abs(got - want).max())
    print(f"max abs difference PyTorch vs onnxruntime-node: {diff:.2e}")
    assert diff < 1e-3


@pytest.mark.skipif(not HAVE_NODE, reason="node is needed for onnxruntime-node")
def test_pipeline_cli_matches_in_process(dataset, tmp_path):
    torch.manual_seed(0)
    spec = default_spec("ugbnet")
    net = build(spec).eval()
    export_onnx(net, tmp_path / "m.onnx", 64, 96)
    card = make_card("m", spec, 96, 64, "test", crop={"x": 10, "y": 5, "width": 180, "height": 140}, min_component_area=3)
    (tmp_path / "m.json").write_text(json.dumps(card))
    frames_dir = find_patients([dataset])[0] / "frames"
    subprocess.run([sys.executable, str(ROOT / "models/pipeline.py"), "--model", str(tmp_path / "m.json"),
                    "--in", str(frames_dir), "--out", str(tmp_path / "labels")], check=True)
    p = load_patient(find_patients([dataset])[0])
    with torch.no_grad():
        want = postprocess(net(preprocess(p.frames, card)), card, 200, 150)
    from PIL import Image

    got = np.stack([np.asarray(Image.open(f)) for f in sorted((tmp_path / "labels").glob("*.png"))])
    assert got.shape == want.shape and set(np.unique(got)) <= {0, 1}
    assert (got != want).mean() < 1e-3


def test_targets_keep_thin_lines(dataset):
    p = load_patient(find_patients([dataset])[0])
    card = make_card("m", default_spec("ugbnet"), 96, 64, "")
    x, y = tensors([p], card)
    assert x.shape == y.shape == (8, 1, 64, 96)
    assert abs(float(y.mean()) - float(p.masks.mean())) < 0.02  # area averaging preserves coverage
