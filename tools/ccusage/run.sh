#!/usr/bin/env bash
# Runs the pinned ccusage on a projects folder without touching the caller's own Claude data:
#   tools/ccusage/run.sh <projects-dir> [ccusage arguments...]      (default arguments: daily --json --offline)
# ccusage wants CLAUDE_CONFIG_DIR to contain projects/, so a temporary config dir gets a `projects` symlink to the
# given folder; HOME points at an empty folder so that its other agents (codex, opencode, ...) find nothing.
# Days are bucketed in the caller's TZ unless --timezone is passed.
set -euo pipefail

if [ $# -lt 1 ] || [ ! -d "$1" ]; then
  echo "usage: $0 <projects-dir> [ccusage arguments...]" >&2
  exit 2
fi
projects="$(cd "$1" && pwd)"
shift
if [ $# -eq 0 ]; then
  set -- daily --json --offline
fi

binary="$("$(dirname "${BASH_SOURCE[0]}")/install.sh")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/config" "$work/home"
ln -s "$projects" "$work/config/projects"
CLAUDE_CONFIG_DIR="$work/config" HOME="$work/home" "$binary" "$@"
