"""The rivals of the paper's Table 1, small versions, one-channel input and one-logit output."""

from .cenet import CENet
from .nested_unet import NestedUNet
from .segnet import SegNet
from .unet import UNet

__all__ = ["UNet", "NestedUNet", "SegNet", "CENet"]
