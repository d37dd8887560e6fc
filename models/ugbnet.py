"""UGBNet (Frontiers 2022, ../shared/paper/ugbnet-paper.txt): ResNet features, multi-scale fusion of
Res-2..Res-5, DASPP on the deep features, and the Global Guidance Block (spatial-wise then channel-wise)
guided by the fused map. Every choice the paper leaves open is listed in models/README.md."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Dict, List, Sequence, Tuple

import torch
import torch.nn.functional as F
from torch import Tensor, nn

try:  # imported as the package `models` (tests) or run from inside models/ (scripts)
    from .resnet import ResNet, conv_bn_relu
except ImportError:  # pragma: no cover
    from resnet import ResNet, conv_bn_relu  # type: ignore


def combine_similarities(e_feat: Tensor, e_guid: Tensor, literal: bool) -> Tensor:
    """Guided similarity from two energy matrices (rows = queries).

    literal=True is the paper's text word for word: softmax(softmax(Ef) * softmax(Eg)). The product of two
    row-stochastic matrices has entries ~1/n^2, so the outer softmax is almost uniform (a global mean).
    literal=False (default) renormalises the product instead, computed stably in log space as
    softmax(Ef + Eg), which equals (Sf * Sg) / rowsum(Sf * Sg): the same "product of the two similarities,
    then normalise", without the collapse. See models/README.md.
    """
    if literal:
        return torch.softmax(torch.softmax(e_feat, -1) * torch.softmax(e_guid, -1), -1)
    return torch.softmax(e_feat + e_guid, -1)


class SpatialGGB(nn.Module):
    """Spatial-wise GGB (paper 2.3.1): hw x hw similarity of the features (theta, phi) and of the sigmoid
    of the guidance map (eta, rho), combined, applied to g(X), added to X."""

    def __init__(self, channels: int, guide_channels: int, reduction: int = 8, literal: bool = False) -> None:
        super().__init__()
        inner = max(4, channels // reduction)
        self.theta = nn.Conv2d(channels, inner, 1)
        self.phi = nn.Conv2d(channels, inner, 1)
        self.g = nn.Conv2d(channels, channels, 1)
        self.eta = nn.Conv2d(guide_channels, inner, 1)
        self.rho = nn.Conv2d(guide_channels, inner, 1)
        self.literal = literal

    def forward(self, x: Tensor, guide: Tensor) -> Tensor:
        b, c, h, w = x.shape
        t = self.theta(x).flatten(2)  # B x c' x N
        p = self.phi(x).flatten(2)
        gx = self.g(x).flatten(2)  # B x C x N
        sg = torch.sigmoid(guide)
        e_f = torch.bmm(t.transpose(1, 2), p)  # B x N x N: theta(x_i) . phi(x_j)
        e_g = torch.bmm(self.eta(sg).flatten(2).transpose(1, 2), self.rho(sg).flatten(2))
        s = combine_similarities(e_f, e_g, self.literal)
        y = torch.bmm(gx, s.transpose(1, 2))  # y_i = sum_j s_ij g(x_j)
        return x + y.view(b, c, h, w)


class ChannelGGB(nn.Module):
    """Channel-wise GGB (paper 2.3.2): c x c similarity of Y and of the squeeze-and-excitation-reweighted
    guidance map, combined, applied to Y, added to Y."""

    def __init__(self, channels: int, reduction: int = 4, literal: bool = False) -> None:
        super().__init__()
        hidden = max(4, channels // reduction)
        self.fc1 = nn.Linear(channels, hidden)
        self.fc2 = nn.Linear(hidden, channels)
        self.literal = literal

    def forward(self, y: Tensor, guide: Tensor) -> Tensor:
        b, c, h, w = y.shape
        lam = guide.mean(dim=(2, 3))  # channel statistics lambda_k
        s = torch.sigmoid(self.fc2(torch.relu(self.fc1(lam))))
        gref = (guide * s[:, :, None, None]).flatten(2)  # B x C x N
        yr = y.flatten(2)
        e_y = torch.bmm(yr, yr.transpose(1, 2))  # B x C x C
        e_g = torch.bmm(gref, gref.transpose(1, 2))
        sim = combine_similarities(e_y, e_g, self.literal)
        return y + torch.bmm(sim, yr).view(b, c, h, w)


class DASPP(nn.Module):
    """Dense atrous spatial pyramid pooling (Yang et al. 2018, DenseASPP): each atrous layer sees the
    input concatenated with all previous layers' outputs; everything is fused by a 1x1 convolution."""

    def __init__(self, cin: int, cout: int, rates: Sequence[int] = (3, 6, 12, 18, 24)) -> None:
        super().__init__()
        growth = max(8, cout // 2)
        self.layers = nn.ModuleList()
        cur = cin
        for r in rates:
            self.layers.append(nn.Sequential(conv_bn_relu(cur, cout, 1), conv_bn_relu(cout, growth, 3, dilation=r)))
            cur += growth
        self.fuse = conv_bn_relu(cur, cout, 1)

    def forward(self, x: Tensor) -> Tensor:
        feats = [x]
        for layer in self.layers:
            feats.append(layer(torch.cat(feats, 1)))
        return self.fuse(torch.cat(feats, 1))


@dataclass
class UGBNetConfig:
    depth: int = 101
    width: float = 1.0
    channels: int = 256  # C of the DASPP output, the guidance map and the GGB
    attention_stride: int = 16  # 16: Res-5 dilated (DeepLab style); 32: plain ResNet
    daspp_rates: Tuple[int, ...] = (3, 6, 12, 18, 24)
    literal_ggb: bool = False
    # Deviation from the paper (README item 12): False predicts at stride 4 (Res-2) as the paper does;
    # True adds a tiny skip decoder to stride 2 (stem features) and then full input resolution.
    refine: bool = False

    def to_dict(self) -> Dict[str, object]:
        d = asdict(self)
        d["daspp_rates"] = list(self.daspp_rates)
        return d


LITE = UGBNetConfig(depth=18, width=0.25, channels=32, attention_stride=16, daspp_rates=(1, 2, 3), refine=True)
PAPER_LITE = UGBNetConfig(depth=18, width=0.25, channels=32, attention_stride=16, daspp_rates=(1, 2, 3))


class Refine(nn.Module):
    """Light skip decoder from stride 4 to the input resolution. Our 160x128 input puts the 1-3 px bone
    band below what a stride-4 map (40x32) can draw; the paper's 640x480 input keeps stride 4 at 160x120.
    x2 to the stem's stride-2 features (3x3), then x2 to full resolution beside the image itself (3x3),
    then a 1x1 to the logit."""

    def __init__(self, cin: int, stem_ch: int, mid: int = 16, fine: int = 8) -> None:
        super().__init__()
        self.lat = nn.Conv2d(stem_ch, mid, 1, bias=False)
        self.mid = conv_bn_relu(cin + mid, mid, 3)
        self.full = conv_bn_relu(mid + 1, fine, 3)
        self.out = nn.Conv2d(fine, 1, 1)

    def forward(self, feat: Tensor, stem: Tensor, image: Tensor) -> Tensor:
        up = F.interpolate(feat, size=stem.shape[-2:], mode="bilinear", align_corners=False)
        h = self.mid(torch.cat([up, self.lat(stem)], 1))
        up = F.interpolate(h, size=image.shape[-2:], mode="bilinear", align_corners=False)
        return self.out(self.full(torch.cat([up, image], 1)))


class UGBNet(nn.Module):
    def __init__(self, cfg: UGBNetConfig = UGBNetConfig()) -> None:
        super().__init__()
        if cfg.attention_stride not in (16, 32):
            raise ValueError("attention_stride must be 16 or 32")
        self.cfg = cfg
        c = cfg.channels
        self.backbone = ResNet(cfg.depth, cfg.width, 1, dilate_last=cfg.attention_stride == 16)
        # Fusion: a linear 1x1 per level commutes with bilinear upsampling, so reducing channels before
        # upsampling equals "upsample, concatenate, convolve" with a 1x1 first layer, at a quarter of the cost.
        self.lateral = nn.ModuleList(nn.Conv2d(ch, c, 1, bias=False) for ch in self.backbone.channels)
        self.fuse = conv_bn_relu(4 * c, c, 3)
        self.daspp = DASPP(self.backbone.channels[3], c, cfg.daspp_rates)
        self.sggb = SpatialGGB(c, c, literal=cfg.literal_ggb)
        self.cggb = ChannelGGB(c, literal=cfg.literal_ggb)
        if cfg.refine:
            self.head = conv_bn_relu(2 * c, c, 3)
            self.refine = Refine(c, self.backbone.channels_stem)
        else:
            self.head = nn.Sequential(conv_bn_relu(2 * c, c, 3), nn.Conv2d(c, 1, 1))

    def forward(self, x: Tensor) -> Tensor:
        size = x.shape[-2:]
        if self.cfg.refine:
            stem, feats = self.backbone.forward_with_stem(x)
        else:
            feats = self.backbone(x)
        top = feats[0].shape[-2:]
        lat = [
            l(f) if i == 0 else F.interpolate(l(f), size=top, mode="bilinear", align_corners=False)
            for i, (l, f) in enumerate(zip(self.lateral, feats))
        ]
        fused = self.fuse(torch.cat(lat, 1))  # multi-scale fusion map, stride 4: the guidance
        deep = self.daspp(feats[3])
        k = self.cfg.attention_stride // 4
        guide = F.avg_pool2d(fused, k, k)  # guidance at the attention resolution
        z = self.cggb(self.sggb(deep, guide), guide)
        z = F.interpolate(z, size=top, mode="bilinear", align_corners=False)
        logits = self.head(torch.cat([z, fused], 1))
        if self.cfg.refine:
            return self.refine(logits, stem, x)
        return F.interpolate(logits, size=size, mode="bilinear", align_corners=False)


def build_ugbnet(**kw: object) -> UGBNet:
    return UGBNet(UGBNetConfig(**kw))  # type: ignore[arg-type]


__all__: List[str] = ["UGBNet", "UGBNetConfig", "LITE", "PAPER_LITE", "Refine", "SpatialGGB", "ChannelGGB", "DASPP", "combine_similarities"]
