"""Measures ccusage 20.0.24's offline prices and compares them with src/Hindsight/Pricing/prices.json.

For each model: one-line corpora of 100,000 tokens of one kind give the base rate (cost x 10 = USD per million);
1,000,000 tokens give the rate above 200k ((cost - 200k x base) / 800k); a line with usage.speed "fast" gives the
fast multiplier. Prints a markdown table and exits non-zero when prices.json disagrees.
Run: python3 tools/ccusage/probes/measure_prices.py [extra model names...]
"""
import json
import os
import sys

sys.dont_write_bytecode = True  # keep __pycache__ out of the repository
from ccusage_lab import single_cost

HERE = os.path.dirname(os.path.abspath(__file__))
TABLE = json.load(open(os.path.join(HERE, "..", "..", "..", "src", "Hindsight", "Pricing", "prices.json")))["models"]
KINDS = {
    "input": lambda n: dict(inp=n),
    "output": lambda n: dict(out=n),
    "cacheWrite5m": lambda n: dict(cc=n, split=(n, 0)),
    "cacheWrite1h": lambda n: dict(cc=n, split=(0, n)),
    "cacheRead": lambda n: dict(cr=n),
}


def measure(model):
    base, above = {}, {}
    for kind, usage in KINDS.items():
        low = single_cost(model, **usage(100_000)) or 0.0
        high = single_cost(model, **usage(1_000_000)) or 0.0
        base[kind] = round(low * 10, 9)
        above[kind] = round((high - 0.2 * base[kind]) / 0.8, 9)
    plain = single_cost(model, inp=100_000) or 0.0
    fast = round((single_cost(model, inp=100_000, extra_usage={"speed": "fast"}) or 0.0) / plain, 9) if plain else None
    return base, (above if above != base else None), fast


def expected(entry):
    base = {k: float(entry[k]) for k in KINDS}
    above = {k: float(entry["above200k"][k]) for k in KINDS} if "above200k" in entry else None
    return base, above, float(entry.get("fastMultiplier", 1))


mismatches = 0
print("| model | input | output | 5m write | 1h write | cache read | >200k (in/out/5m/1h/read) | fast x |")
print("|---|---:|---:|---:|---:|---:|---|---:|")
for model in list(TABLE) + sys.argv[1:]:
    base, above, fast = measure(model)
    tier = "/".join(f"{v:g}" for v in above.values()) if above else "none"
    print(f"| {model} | " + " | ".join(f"{v:g}" for v in base.values()) + f" | {tier} | {fast if fast is None else f'{fast:g}'} |")
    if model in TABLE:
        for name in [model] + TABLE[model]["aliases"]:
            got = measure(name) if name != model else (base, above, fast)
            if got != expected(TABLE[model]):
                mismatches += 1
                print(f"  MISMATCH {name}: ccusage {got} vs prices.json {expected(TABLE[model])}", file=sys.stderr)
print(f"\n{mismatches} mismatch(es) with prices.json", file=sys.stderr)
sys.exit(1 if mismatches else 0)
