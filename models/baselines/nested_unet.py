"""UNet++ / NestedUNet (Zhou et al. 2018), dense nested skip pathways, no deep supervision."""

from __future__ import annotations

from typing import Dict, Tuple

import torch
from torch import Tensor, nn

from .blocks import DoubleConv, up_to


class NestedUNet(nn.Module):
    def __init__(self, base: int = 16, in_ch: int = 1) -> None:
        super().__init__()
        w = [base * m for m in (1, 2, 4, 8, 16)]
        self.pool = nn.MaxPool2d(2)
        blocks: Dict[str, nn.Module] = {}
        for i in range(5):  # X^{i,0}: the backbone column
            blocks[f"{i}_0"] = DoubleConv(in_ch if i == 0 else w[i - 1], w[i])
        for j in range(1, 5):  # X^{i,j} = H([X^{i,0..j-1}, Up(X^{i+1,j-1})])
            for i in range(5 - j):
                blocks[f"{i}_{j}"] = DoubleConv(w[i] * j + w[i + 1], w[i])
        self.blocks = nn.ModuleDict(blocks)
        self.out = nn.Conv2d(w[0], 1, 1)

    def forward(self, x: Tensor) -> Tensor:
        nodes: Dict[Tuple[int, int], Tensor] = {}
        for i in range(5):
            nodes[(i, 0)] = self.blocks[f"{i}_0"](x if i == 0 else self.pool(nodes[(i - 1, 0)]))
        for j in range(1, 5):
            for i in range(5 - j):
                prev = [nodes[(i, k)] for k in range(j)]
                up = up_to(nodes[(i + 1, j - 1)], prev[0])
                nodes[(i, j)] = self.blocks[f"{i}_{j}"](torch.cat(prev + [up], 1))
        return self.out(nodes[(0, 4)])
