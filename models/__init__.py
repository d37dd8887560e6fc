"""PyTorch side of spinebridge: UGBNet, its rivals, training, evaluation, ONNX export (see README.md)."""

import os

# Set before torch loads its OpenMP runtime: on this shared 2-core machine a spinning OpenMP barrier made a
# 2-thread training step 4-10x slower than 1 thread whenever other jobs held the cores (measured: 2555 ms
# vs 655 ms per UGBNet-lite step at load 13); passive waiting removes that penalty.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
