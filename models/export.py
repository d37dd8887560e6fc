"""ONNX export (opset 17, dynamic batch, input "image", output "logits") and the machine-readable card.

  /usr/bin/python3 -m models.export --checkpoint models/checkpoints/X/best.pt --out models/ugbnet-lite.onnx
  /usr/bin/python3 -m models.export --untrained --model ugbnet --width 160 --height 128 --out models/x.onnx
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any, Dict, Optional

import torch

from .pipeline import DEFAULT_MEAN, DEFAULT_STD
from .zoo import build, default_spec


def export_onnx(model: torch.nn.Module, path: Path, height: int, width: int) -> None:
    model.eval()
    dummy = torch.zeros(1, 1, height, width)
    torch.onnx.export(
        model,
        dummy,
        str(path),
        opset_version=17,
        input_names=["image"],
        output_names=["logits"],
        dynamic_axes={"image": {0: "N"}, "logits": {0: "N"}},
        do_constant_folding=True,
    )


def make_card(
    name: str,
    spec: Dict[str, Any],
    width: int,
    height: int,
    trained_on: str,
    metrics: Optional[Dict[str, Any]] = None,
    crop: Optional[Dict[str, int]] = None,
    min_component_area: int = 50,
    mean: float = DEFAULT_MEAN,
    std: float = DEFAULT_STD,
) -> Dict[str, Any]:
    arch = spec["name"]
    if arch == "ugbnet":
        arch = (
            f"UGBNet, ResNet-{spec['depth']} backbone at width {spec['width']}, C={spec['channels']}, "
            f"GGB attention at stride {spec['attention_stride']}, DASPP rates {spec['daspp_rates']}"
        )
    return {
        "name": name,
        "onnx": f"{name}.onnx",
        "architecture": arch,
        "spec": spec,
        "input": {"width": width, "height": height, "channels": 1, "layout": "NCHW", "mean": mean, "std": std},
        "crop": crop,
        "output": {"kind": "logits", "channels": 1, "threshold": 0.5},
        "postprocess": {"minComponentArea": min_component_area},
        "trainedOn": trained_on,
        "metrics": metrics or {},
    }


def main(argv: Optional[list] = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint", type=Path)
    ap.add_argument("--untrained", action="store_true")
    ap.add_argument("--model", default="ugbnet")
    ap.add_argument("--width", type=int, default=160)
    ap.add_argument("--height", type=int, default=128)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--trained-on", default="")
    ap.add_argument("--metrics", type=Path, help="JSON file with figures to copy into the card")
    ap.add_argument("--min-component-area", type=int, default=50)
    args = ap.parse_args(argv)
    torch.manual_seed(0)
    if args.checkpoint:
        ck = torch.load(args.checkpoint, map_location="cpu")
        spec, w, h = ck["spec"], ck["width"], ck["height"]
        model = build(spec)
        model.load_state_dict(ck["model"])
        trained = args.trained_on or ck.get("trainedOn", "")
    elif args.untrained:
        spec, w, h = default_spec(args.model), args.width, args.height
        model = build(spec)
        trained = "UNTRAINED (random weights): a valid placeholder with the final input/output contract"
    else:
        ap.error("give --checkpoint or --untrained")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    export_onnx(model, args.out, h, w)
    metrics = json.loads(args.metrics.read_text()) if args.metrics else None
    name = args.out.name[: -len(".onnx")]
    card = make_card(name, spec, w, h, trained, metrics, min_component_area=args.min_component_area)
    args.out.with_suffix(".json").write_text(json.dumps(card, indent=2) + "\n")
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes) and {args.out.with_suffix('.json')}")


if __name__ == "__main__":
    main()
