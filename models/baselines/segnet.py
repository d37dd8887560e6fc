"""SegNet (Badrinarayanan et al. 2017): VGG-style encoder, decoder upsampling with the encoder's
max-pooling indices; two convolutions per stage here (the original has 2-3) to stay small."""

from __future__ import annotations

from torch import Tensor, nn

from .blocks import DoubleConv


class SegNet(nn.Module):
    def __init__(self, base: int = 16, in_ch: int = 1) -> None:
        super().__init__()
        w = [base * m for m in (1, 2, 4, 8, 8)]
        self.enc = nn.ModuleList(DoubleConv(in_ch if i == 0 else w[i - 1], w[i]) for i in range(5))
        self.dec = nn.ModuleList(DoubleConv(w[i], w[i - 1] if i > 0 else w[0]) for i in reversed(range(5)))
        self.pool = nn.MaxPool2d(2, 2, return_indices=True)
        self.unpool = nn.MaxUnpool2d(2, 2)
        self.out = nn.Conv2d(w[0], 1, 1)

    def forward(self, x: Tensor) -> Tensor:
        stack = []
        for e in self.enc:
            x = e(x)
            size = x.shape
            x, idx = self.pool(x)
            stack.append((idx, size))
        for d in self.dec:
            idx, size = stack.pop()
            x = d(self.unpool(x, idx, output_size=size))
        return self.out(x)
