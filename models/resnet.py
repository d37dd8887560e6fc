"""ResNet backbone written here (no torchvision weights can be downloaded, so nothing is gained by
importing torchvision's), for one-channel ultrasound input, with a width multiplier and an optional
dilated last stage (output stride 16 instead of 32, as DeepLab-style segmenters do)."""

from __future__ import annotations

from typing import List, Sequence, Tuple, Type, Union

import torch
from torch import Tensor, nn


def conv_bn_relu(cin: int, cout: int, k: int = 3, stride: int = 1, dilation: int = 1) -> nn.Sequential:
    pad = dilation * (k // 2)
    return nn.Sequential(
        nn.Conv2d(cin, cout, k, stride=stride, padding=pad, dilation=dilation, bias=False),
        nn.BatchNorm2d(cout),
        nn.ReLU(inplace=True),
    )


class BasicBlock(nn.Module):
    expansion = 1

    def __init__(self, cin: int, planes: int, stride: int = 1, dilation: int = 1) -> None:
        super().__init__()
        cout = planes * self.expansion
        self.conv1 = nn.Conv2d(cin, planes, 3, stride, dilation, dilation, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, cout, 3, 1, dilation, dilation, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.relu = nn.ReLU(inplace=True)
        self.down = _shortcut(cin, cout, stride)

    def forward(self, x: Tensor) -> Tensor:
        y = self.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        return self.relu(y + (x if self.down is None else self.down(x)))


class Bottleneck(nn.Module):
    expansion = 4

    def __init__(self, cin: int, planes: int, stride: int = 1, dilation: int = 1) -> None:
        super().__init__()
        cout = planes * self.expansion
        self.conv1 = nn.Conv2d(cin, planes, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, stride, dilation, dilation, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.conv3 = nn.Conv2d(planes, cout, 1, bias=False)
        self.bn3 = nn.BatchNorm2d(cout)
        self.relu = nn.ReLU(inplace=True)
        self.down = _shortcut(cin, cout, stride)

    def forward(self, x: Tensor) -> Tensor:
        y = self.relu(self.bn1(self.conv1(x)))
        y = self.relu(self.bn2(self.conv2(y)))
        y = self.bn3(self.conv3(y))
        return self.relu(y + (x if self.down is None else self.down(x)))


def _shortcut(cin: int, cout: int, stride: int) -> Union[nn.Sequential, None]:
    if stride == 1 and cin == cout:
        return None
    return nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))


Block = Union[Type[BasicBlock], Type[Bottleneck]]

# He et al. 2016, Table 1.
DEPTHS: dict = {
    18: (BasicBlock, (2, 2, 2, 2)),
    34: (BasicBlock, (3, 4, 6, 3)),
    50: (Bottleneck, (3, 4, 6, 3)),
    101: (Bottleneck, (3, 4, 23, 3)),
}


class ResNet(nn.Module):
    """Returns the outputs of Res-2..Res-5 (strides 4, 8, 16, 32; Res-5 at 16 when dilate_last)."""

    def __init__(self, depth: int = 101, width: float = 1.0, in_ch: int = 1, dilate_last: bool = False) -> None:
        super().__init__()
        if depth not in DEPTHS:
            raise ValueError(f"depth must be one of {sorted(DEPTHS)}, got {depth}")
        block, counts = DEPTHS[depth]
        base = [max(8, int(round(c * width))) for c in (64, 128, 256, 512)]
        self.stem = nn.Sequential(conv_bn_relu(in_ch, base[0], 7, 2), nn.MaxPool2d(3, 2, 1))
        stages: List[nn.Sequential] = []
        cin = base[0]
        for i, (planes, n) in enumerate(zip(base, counts)):
            last = i == 3
            stride = 1 if i == 0 or (last and dilate_last) else 2
            dilation = 2 if (last and dilate_last) else 1
            blocks = []
            for j in range(n):
                blocks.append(block(cin, planes, stride if j == 0 else 1, dilation))
                cin = planes * block.expansion
            stages.append(nn.Sequential(*blocks))
        self.layer1, self.layer2, self.layer3, self.layer4 = stages
        self.channels_stem = base[0]
        self.channels: Tuple[int, int, int, int] = tuple(p * block.expansion for p in base)  # type: ignore
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")

    def forward(self, x: Tensor) -> List[Tensor]:
        return self.forward_with_stem(x)[1]

    def forward_with_stem(self, x: Tensor) -> Tuple[Tensor, List[Tensor]]:
        """Also the stem convolution's output (stride 2, before the max pool), for skip decoders."""
        s = self.stem[0](x)
        x = self.stem[1](s)
        c2 = self.layer1(x)
        c3 = self.layer2(c2)
        c4 = self.layer3(c3)
        c5 = self.layer4(c4)
        return s, [c2, c3, c4, c5]


def count_params(m: nn.Module) -> int:
    return sum(p.numel() for p in m.parameters())


__all__: Sequence[str] = ["ResNet", "BasicBlock", "Bottleneck", "conv_bn_relu", "count_params"]
