"""Cost of the paper-sized UGBNet (ResNet-101, C=256, DASPP rates 3-24) at 640x480 on this machine: one
PyTorch forward pass and onnxruntime-node (1 and 2 threads). Untrained weights (cost only).

  /usr/bin/python3 -m models.bench_full
"""

from __future__ import annotations

import subprocess
import tempfile
import time
from pathlib import Path

import torch

from .export import export_onnx
from .resnet import count_params
from .ugbnet import UGBNet, UGBNetConfig


def main() -> None:
    torch.set_num_threads(2)
    net = UGBNet(UGBNetConfig()).eval()
    x = torch.randn(1, 1, 480, 640)
    with torch.no_grad():
        net(x)
        t = time.time()
        net(x)
    print(f"UGBNet ResNet-101, {count_params(net) / 1e6:.1f} M parameters; PyTorch forward 640x480: {time.time() - t:.2f} s")
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "ugbnet-r101.onnx"
        export_onnx(net, path, 480, 640)
        script = Path(__file__).resolve().parent / "ort_run.mjs"
        subprocess.run(["node", str(script), "bench", str(path), "--shape", "1,1,480,640", "--iters", "3"], check=True)


if __name__ == "__main__":
    main()
