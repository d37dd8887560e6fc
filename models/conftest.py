import sys
from pathlib import Path

import torch

# Tests import the package as `models` from the repository root.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
torch.set_num_threads(2)
