#!/usr/bin/env bash
# Installs the pinned ccusage peer (used to cross-check Hindsight's token and cost numbers) into
# <repo>/.tools/ccusage with npm, and prints the absolute path of the native binary on stdout.
# Idempotent: a second run finds the pinned binary in place and only prints its path.
# Needs only npm and the npm registry; the native binary needs no node at run time.
set -euo pipefail

CCUSAGE_VERSION="20.0.24"

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$script_dir/../.." && pwd)"
prefix="${CCUSAGE_PREFIX:-$repo_root/.tools/ccusage}"

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64)  platform="linux-x64" ;;
  Linux-aarch64|Linux-arm64) platform="linux-arm64" ;;
  Darwin-arm64)  platform="darwin-arm64" ;;
  Darwin-x86_64) platform="darwin-x64" ;;
  *) echo "install.sh: no ccusage native package for $(uname -s)-$(uname -m)" >&2; exit 2 ;;
esac

platform_dir="$prefix/node_modules/@ccusage/ccusage-$platform"
binary="$platform_dir/bin/ccusage"

installed_version() {
  # The package manifest is the authority on which version is in place; the binary's own
  # --version output is not needed for that.
  [ -f "$platform_dir/package.json" ] || return 1
  sed -n 's/^[[:space:]]*"version":[[:space:]]*"\([^"]*\)".*/\1/p' "$platform_dir/package.json" | head -n 1
}

if [ -x "$binary" ] && [ "$(installed_version || true)" = "$CCUSAGE_VERSION" ]; then
  echo "$binary"
  exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "install.sh: npm is required to install ccusage@$CCUSAGE_VERSION" >&2
  exit 3
fi

mkdir -p "$prefix"
# A private package.json keeps npm from walking up into the repository looking for one.
if [ ! -f "$prefix/package.json" ]; then
  printf '{\n  "name": "hindsight-ccusage-peer",\n  "private": true\n}\n' > "$prefix/package.json"
fi

# Progress and notices go to stderr so that stdout carries only the binary's path.
npm install --prefix "$prefix" --no-audit --no-fund --no-save --save-exact \
  --loglevel=error \
  "ccusage@$CCUSAGE_VERSION" "@ccusage/ccusage-$platform@$CCUSAGE_VERSION" >&2

if [ ! -x "$binary" ]; then
  chmod +x "$binary" 2>/dev/null || true
fi
if [ ! -x "$binary" ]; then
  echo "install.sh: npm finished but $binary is missing" >&2
  exit 4
fi

echo "$binary"
