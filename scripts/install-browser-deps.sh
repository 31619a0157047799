#!/usr/bin/env bash
# Install what tests/browser/ needs: the system Chromium (Debian package) and
# the test's npm packages (playwright-core, elasticlunr). Safe to run again:
# each step is skipped or a no-op when already done. Runs as root (apt-get).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

if [ ! -x /usr/bin/chromium ]; then
  echo "install-browser-deps: installing chromium" >&2
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "install-browser-deps: npm is missing (install node and npm first)" >&2
  exit 1
fi

if [ -f "$repo/tests/browser/package-lock.json" ]; then
  npm ci --prefix "$repo/tests/browser" --no-audit --no-fund
else
  npm install --prefix "$repo/tests/browser" --no-audit --no-fund
fi
