#!/usr/bin/env bash
# Installs everything the demo and the tests need: Debian packages (when run as root) and npm packages.
# Idempotent; safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  cmake g++ make pkg-config
  libopenigtlink-dev openigtlink-examples      # C++ reference peers for the interop tests and bench
  python3-vtk9 python3-pytest                  # VTK's readers check our MHA/NRRD/STL/VTP; pytest runs models/
  python3-torch python3-torchvision python3-onnx python3-scipy python3-pil
  dcmtk dicom3tools python3-pydicom            # DICOM stage: dcmdump, dciodvfy and pydicom check our SC/SEG
  orthanc orthanc-dicomweb                     # a real PACS for the STOW-RS / outbox tests
  chromium                                     # the viewer's end-to-end tests drive a real browser
)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "installing Debian packages: ${missing[*]}"
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  else
    echo "warning: not root; missing Debian packages (tests that need them will fail): ${missing[*]}" >&2
  fi
fi

# onnxruntime-node's install step downloads GPU binaries; the CPU runtime is bundled in the package.
export ONNXRUNTIME_NODE_INSTALL=skip
npm ci --no-audit --no-fund
