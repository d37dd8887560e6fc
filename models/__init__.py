"""PyTorch side of spinebridge: UGBNet, its rivals, training, evaluation, ONNX export (see README.md)."""
