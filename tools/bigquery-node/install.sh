#!/usr/bin/env bash
# Installs Google's own BigQuery client for Node (@google-cloud/bigquery, pinned) into <repo>/.tools/bigquery-node with
# npm, for the contract test that drives it against the BigQuery stand-in; prints the install folder on stdout.
# Idempotent: a second run finds the pinned version in place and only prints the folder.
set -euo pipefail

BIGQUERY_NODE_VERSION="9.3.0"

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$script_dir/../.." && pwd)"
prefix="${BIGQUERY_NODE_PREFIX:-$repo_root/.tools/bigquery-node}"
manifest="$prefix/node_modules/@google-cloud/bigquery/package.json"

installed_version() {
  [ -f "$manifest" ] || return 1
  sed -n 's/^[[:space:]]*"version":[[:space:]]*"\([^"]*\)".*/\1/p' "$manifest" | head -n 1
}

if [ "$(installed_version || true)" != "$BIGQUERY_NODE_VERSION" ]; then
  mkdir -p "$prefix"
  npm install --prefix "$prefix" --no-audit --no-fund --loglevel=error "@google-cloud/bigquery@$BIGQUERY_NODE_VERSION" >&2
fi
[ "$(installed_version)" = "$BIGQUERY_NODE_VERSION" ] || { echo "install.sh: @google-cloud/bigquery $BIGQUERY_NODE_VERSION is not in $prefix" >&2; exit 1; }
echo "$prefix"
