#!/usr/bin/env bash
# Fresh clone -> running demo: installs everything (Debian packages when root, npm ci), builds, and starts
# `spinebridge demo` (the built-in simulator plays the part of PLUS) with the browser viewer on
# http://127.0.0.1:8080/ (unless the arguments name their own --http). Extra arguments go to the demo.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
npm run build
case " $* " in
  *" --http "*) exec node bin/spinebridge.js demo "$@" ;;
  *) exec node bin/spinebridge.js demo --http 8080 "$@" ;;
esac
