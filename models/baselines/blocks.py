"""Building blocks shared by the rivals."""

from __future__ import annotations

import torch.nn.functional as F
from torch import Tensor, nn


class DoubleConv(nn.Sequential):
    """(conv 3x3, BN, ReLU) x 2: the VGG block of UNet, UNet++ and SegNet."""

    def __init__(self, cin: int, cout: int, mid: int = 0) -> None:
        mid = mid or cout
        super().__init__(
            nn.Conv2d(cin, mid, 3, padding=1, bias=False),
            nn.BatchNorm2d(mid),
            nn.ReLU(inplace=True),
            nn.Conv2d(mid, cout, 3, padding=1, bias=False),
            nn.BatchNorm2d(cout),
            nn.ReLU(inplace=True),
        )


def up_to(x: Tensor, ref: Tensor) -> Tensor:
    return F.interpolate(x, size=ref.shape[-2:], mode="bilinear", align_corners=False)
