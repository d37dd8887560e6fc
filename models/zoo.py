"""One place that builds every model by name from a JSON-able spec (stored in checkpoints and cards)."""

from __future__ import annotations

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
