#!/usr/bin/env bash
# The shipped UGBNet (trained on every patient) first, then 4-fold cross-validation by patient of UGBNet
# and every rival. Resumable: finished folds are skipped, unfinished ones resume from last.pt.
#   DATA=models/data/train EPOCHS=8 nohup bash models/run_cv.sh > models/checkpoints/cv.log 2>&1 &
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${DATA:-models/data/train}
EPOCHS=${EPOCHS:-8}
SHIP_EPOCHS=${SHIP_EPOCHS:-20}
MODELS=${MODELS:-ugbnet segnet cenet unet unetpp}
ROOT=${ROOT:-models/checkpoints/cv}
PY=/usr/bin/python3
if [ "${SHIP:-1}" = 1 ] && [ ! -f models/checkpoints/ship/final.pt ]; then
  $PY -m models.train --data "$DATA" --model ugbnet --fold -1 --epochs "$SHIP_EPOCHS" --out models/checkpoints/ship
fi
for fold in 0 1 2 3; do
  for m in $MODELS; do
    out=$ROOT/$m/fold$fold
    [ -f "$out/final.pt" ] && continue
    $PY -m models.train --data "$DATA" --model "$m" --fold "$fold" --epochs "$EPOCHS" --out "$out"
  done
done
echo "cv done"
