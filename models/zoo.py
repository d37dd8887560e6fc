"""One place that builds every model by name from a JSON-able spec (stored in checkpoints and cards)."""

from __future__ import annotations

import math
from typing import Any, Dict

from torch import nn

from .baselines import CENet, NestedUNet, SegNet, UNet
from .ugbnet import LITE, UGBNet, UGBNetConfig

NAMES = ("ugbnet", "unet", "unetpp", "segnet", "cenet")


def default_spec(name: str) -> Dict[str, Any]:
    """The scaled-down settings used on the 2-core CPU (see RESULTS.md for the scale)."""
    if name == "ugbnet":
        return {"name": "ugbnet", **LITE.to_dict()}
    if name in ("unet", "unetpp", "segnet"):
        return {"name": name, "base": 8}
    if name == "cenet":
        return {"name": "cenet", "width": 0.25, "depth": 34}
    raise ValueError(f"unknown model {name!r}; one of {NAMES}")


def build(spec: Dict[str, Any]) -> nn.Module:
    net = _build(spec)
    prior_init(net)
    return net


def prior_init(net: nn.Module, prior: float = 0.01) -> None:
    """Starts the output bias at the bone prior (Lin et al. 2017, focal-loss paper, section 3.3): bone is
    under 1% of the pixels, and from a zero bias plain BCE spends its first ~10 epochs here only learning
    that prior. The loss stays plain BCE; every model gets the same start."""
    last = [m for m in net.modules() if isinstance(m, nn.Conv2d) and m.out_channels == 1][-1]
    if last.bias is not None:
        nn.init.constant_(last.bias, math.log(prior / (1 - prior)))


def _build(spec: Dict[str, Any]) -> nn.Module:
    kw = {k: v for k, v in spec.items() if k != "name"}
    name = spec["name"]
    if name == "ugbnet":
        if "daspp_rates" in kw:
            kw["daspp_rates"] = tuple(kw["daspp_rates"])
        return UGBNet(UGBNetConfig(**kw))
    if name == "unet":
        return UNet(**kw)
    if name == "unetpp":
        return NestedUNet(**kw)
    if name == "segnet":
        return SegNet(**kw)
    if name == "cenet":
        return CENet(**kw)
    raise ValueError(f"unknown model {name!r}; one of {NAMES}")
