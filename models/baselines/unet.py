"""UNet (Ronneberger et al. 2015), four poolings, bilinear upsampling, `base` filters at the top."""

from __future__ import annotations

import torch
from torch import Tensor, nn

from .blocks import DoubleConv, up_to


class UNet(nn.Module):
    def __init__(self, base: int = 16, in_ch: int = 1) -> None:
        super().__init__()
        w = [base * m for m in (1, 2, 4, 8, 16)]
        self.enc = nn.ModuleList([DoubleConv(in_ch, w[0])] + [DoubleConv(w[i], w[i + 1]) for i in range(4)])
        self.dec = nn.ModuleList(DoubleConv(w[i + 1] + w[i], w[i]) for i in reversed(range(4)))
        self.pool = nn.MaxPool2d(2)
        self.out = nn.Conv2d(w[0], 1, 1)

    def forward(self, x: Tensor) -> Tensor:
        skips = []
        for i, e in enumerate(self.enc):
            x = e(x if i == 0 else self.pool(x))
            skips.append(x)
        x = skips.pop()
        for d in self.dec:
            s = skips.pop()
            x = d(torch.cat([up_to(x, s), s], 1))
        return self.out(x)
