"""CE-Net (Gu et al. 2019): ResNet-34 encoder, dense atrous convolution (DAC) block, residual multi-kernel
pooling (RMP), decoder with additive skips. The encoder is our ResNet at a width multiplier."""

from __future__ import annotations

from typing import List

import torch
import torch.nn.functional as F
from torch import Tensor, nn

try:
    from ..resnet import ResNet
except ImportError:  # pragma: no cover
    from resnet import ResNet  # type: ignore


class DAC(nn.Module):
    """Four cascade branches with receptive fields 3, 7, 9, 19 (rates 1, 3, 5), summed with the input."""

    def __init__(self, c: int) -> None:
        super().__init__()
        self.d1 = nn.Conv2d(c, c, 3, padding=1)
        self.d3 = nn.Conv2d(c, c, 3, padding=3, dilation=3)
        self.d5 = nn.Conv2d(c, c, 3, padding=5, dilation=5)
        self.c1 = nn.Conv2d(c, c, 1)

    def forward(self, x: Tensor) -> Tensor:
        r = F.relu
        b1 = r(self.d1(x))
        b2 = r(self.c1(self.d3(x)))
        b3 = r(self.c1(self.d3(self.d1(x))))
        b4 = r(self.c1(self.d5(self.d3(self.d1(x)))))
        return x + b1 + b2 + b3 + b4


class RMP(nn.Module):
    """Max-pooling at kernels 2, 3, 5, 6 (clamped to the map size), 1x1 to one channel, upsampled."""

    def __init__(self, c: int) -> None:
        super().__init__()
        self.conv = nn.Conv2d(c, 1, 1)

    def forward(self, x: Tensor) -> Tensor:
        h, w = x.shape[-2:]
        outs: List[Tensor] = [x]
        for k in (2, 3, 5, 6):
            kk = max(1, min(k, h, w))
            p = self.conv(F.max_pool2d(x, kk, kk))
            outs.append(F.interpolate(p, size=(h, w), mode="bilinear", align_corners=False))
        return torch.cat(outs, 1)


class Decoder(nn.Module):
    def __init__(self, cin: int, cout: int) -> None:
        super().__init__()
        mid = max(4, cin // 4)
        self.body = nn.Sequential(
            nn.Conv2d(cin, mid, 1), nn.BatchNorm2d(mid), nn.ReLU(inplace=True),
            nn.ConvTranspose2d(mid, mid, 3, 2, 1, output_padding=1), nn.BatchNorm2d(mid), nn.ReLU(inplace=True),
            nn.Conv2d(mid, cout, 1), nn.BatchNorm2d(cout), nn.ReLU(inplace=True),
        )

    def forward(self, x: Tensor) -> Tensor:
        return self.body(x)


class CENet(nn.Module):
    def __init__(self, width: float = 0.25, depth: int = 34) -> None:
        super().__init__()
        self.encoder = ResNet(depth, width, 1)
        c2, c3, c4, c5 = self.encoder.channels
        self.dac = DAC(c5)
        self.rmp = RMP(c5)
        self.dec4 = Decoder(c5 + 4, c4)
        self.dec3 = Decoder(c4, c3)
        self.dec2 = Decoder(c3, c2)
        self.dec1 = Decoder(c2, c2)
        self.final = nn.Sequential(
            nn.ConvTranspose2d(c2, c2, 4, 2, 1), nn.ReLU(inplace=True), nn.Conv2d(c2, 1, 3, padding=1)
        )

    def forward(self, x: Tensor) -> Tensor:
        e2, e3, e4, e5 = self.encoder(x)
        d = self.rmp(self.dac(e5))
        d = self.dec4(d) + e4
        d = self.dec3(d) + e3
        d = self.dec2(d) + e2
        d = self.dec1(d)  # stride 2
        return self.final(d)  # stride 1
