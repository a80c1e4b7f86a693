#!/usr/bin/env bash
# Cross-checks Hindsight's token and cost numbers against the pinned ccusage on one projects folder:
#   tools/ccusage/crosscheck.sh <projects-dir> [IANA-zone]          (zone default: UTC)
# 1. `hindsight run --source <dir> --db <temp>` (through `dotnet run -c Release`), then
#    `hindsight report daily --json --timezone <zone>`;
# 2. ccusage through run.sh: `daily --json --offline --timezone <zone>`;
# 3. compares per day and model: input, output, cache-creation and cache-read tokens exactly, cost within 1% where
#    both tools price the model; also each day's and the overall token totals (they include tokens that belong to no
#    model, e.g. <synthetic> lines in ccusage). Prints the table and exits 1 on any difference, 2 on a usage or tool error.
set -euo pipefail

if [ $# -lt 1 ] || [ ! -d "$1" ]; then
  echo "usage: $0 <projects-dir> [IANA-zone]" >&2
  exit 2
fi
projects="$(cd "$1" && pwd)"
zone="${2:-UTC}"
script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$script_dir/../.." && pwd)"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

hindsight() {
  # HOME and CLAUDE_CONFIG_DIR point nowhere so that nothing but --source is read.
  env -u CLAUDE_CONFIG_DIR -u HINDSIGHT_DB HOME="$work/home" \
    dotnet run --project "$repo_root/src/Hindsight.Cli" -c Release "$@"
}
mkdir -p "$work/home"

echo "hindsight run --source $projects" >&2
set +e
hindsight -- run --source "$projects" --db "$work/hindsight.duckdb" --quiet > "$work/run.txt" 2> "$work/run.err"
run_status=$?
set -e
# 4 = some files unreadable: the comparison still runs and will show what that cost.
if [ "$run_status" -ne 0 ] && [ "$run_status" -ne 4 ]; then
  echo "crosscheck: hindsight run failed with exit code $run_status" >&2
  cat "$work/run.txt" "$work/run.err" >&2
  exit 2
fi
hindsight --no-build -- report daily --json --timezone "$zone" --db "$work/hindsight.duckdb" > "$work/hindsight.json"

echo "ccusage daily --offline --timezone $zone" >&2
"$script_dir/run.sh" "$projects" daily --json --offline --timezone "$zone" > "$work/ccusage.json"

python3 - "$work/hindsight.json" "$work/ccusage.json" <<'PY'
import json, sys

hindsight = json.load(open(sys.argv[1]))
ccusage = json.load(open(sys.argv[2]))
KINDS = ("inputTokens", "outputTokens", "cacheCreationTokens", "cacheReadTokens")
TOLERANCE = 0.01

def rows(doc):
    """(period, model) -> breakdown, plus (period, '(day total)') -> the day row's tokens."""
    out = {}
    for day in doc["daily"]:
        for b in day["modelBreakdowns"]:
            out[(day["period"], b["modelName"])] = b
        out[(day["period"], "(day total)")] = {k: day[k] for k in KINDS} | {"cost": day["totalCost"]}
    out[("totals", "")] = {k: doc["totals"][k] for k in KINDS} | {"cost": doc["totals"]["totalCost"]}
    return out

h, c = rows(hindsight), rows(ccusage)
lines, differences, notes = [], 0, []
for key in sorted(set(h) | set(c), key=lambda k: (k[0] == "totals", k[0], k[1] == "(day total)", k[1])):
    hb, cb = h.get(key), c.get(key)
    problems = []
    if hb is None or cb is None:
        problems.append("only in " + ("ccusage" if hb is None else "hindsight"))
    else:
        for kind in KINDS:
            if hb[kind] != cb[kind]:
                problems.append(f"{kind} {hb[kind]} != {cb[kind]}")
        priced = not hb.get("missingPricing") and not cb.get("missingPricing")
        if priced:
            hc, cc = hb["cost"], cb["cost"]
            if abs(hc - cc) > TOLERANCE * max(abs(hc), abs(cc)):
                problems.append(f"cost {hc} vs {cc}")
        elif key[1] not in ("(day total)", ""):
            notes.append(f"{key[0]} {key[1]}: unpriced in " + " and ".join(n for n, b in (("hindsight", hb), ("ccusage", cb)) if b.get("missingPricing")) + "; cost not compared")
    if problems:
        differences += 1
    pick = hb or cb
    lines.append((key[0], key[1], *(str(pick[k]) for k in KINDS),
                  "-" if hb is None else repr(hb["cost"]), "-" if cb is None else repr(cb["cost"]),
                  "OK" if not problems else "DIFF: " + "; ".join(problems)))

header = ("period", "model", "input", "output", "cacheCreation", "cacheRead", "hindsight cost", "ccusage cost", "result")
widths = [max(len(str(x)) for x in col) for col in zip(header, *lines)]
def show(row):
    print("  ".join(str(v).rjust(w) if 2 <= i <= 7 else str(v).ljust(w) for i, (v, w) in enumerate(zip(row, widths))).rstrip())
show(header)
show(tuple("-" * w for w in widths))
for line in lines:
    show(line)
for note in notes:
    print("note:", note)
compared = sum(1 for k in set(h) | set(c) if k[1] not in ("(day total)", ""))
print(f"{compared} day/model rows, {len(hindsight['daily'])} days (hindsight) / {len(ccusage['daily'])} (ccusage): "
      + ("no differences" if differences == 0 else f"{differences} difference(s)"))
sys.exit(1 if differences else 0)
PY
