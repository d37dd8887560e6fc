#!/usr/bin/env bash
# Fresh clone -> running demo: installs everything (Debian packages when root, npm ci), builds, and starts
# `spinebridge demo` (the built-in simulator plays the part of PLUS). Extra arguments go to the demo.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
npm run build
exec node bin/spinebridge.js demo "$@"
