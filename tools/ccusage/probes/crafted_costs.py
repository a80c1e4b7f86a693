"""Prints the C# rows of tests/Hindsight.Tests/Pricing/CcusageCraftedCases.cs: each row is a one-line corpus run
through ccusage 20.0.24 (`daily --json --offline`), with the token counts written to the line and the cost ccusage
printed. Run: python3 tools/ccusage/probes/crafted_costs.py > /tmp/rows.txt
"""
import sys

sys.dont_write_bytecode = True  # keep __pycache__ out of the repository
from ccusage_lab import single_cost

MIXED = dict(inp=1234, out=5678, cc=30000, split=(10000, 20000), cr=150000)
UNSPLIT = dict(inp=17, out=999, cc=30000, cr=123456)
MODELS = ["claude-opus-4-8", "claude-opus-4-7", "claude-opus-4-6", "claude-opus-4-5-20251101", "claude-opus-4-1-20250805",
          "claude-opus-4-20250514", "claude-sonnet-4-6", "claude-sonnet-4-5-20250929", "claude-sonnet-4-20250514",
          "claude-haiku-4-5-20251001", "claude-3-7-sonnet-20250219", "claude-3-5-sonnet-20241022", "claude-3-5-sonnet-20240620",
          "claude-3-5-haiku-20241022", "claude-3-opus-20240229", "claude-3-sonnet-20240229", "claude-3-haiku-20240307",
          "gemini-2.5-flash-lite"]

cases = []
for model in MODELS:
    cases.append((f"{model}, split cache writes", model, MIXED, False))
    cases.append((f"{model}, unsplit cache writes", model, UNSPLIT, False))
S45 = "claude-sonnet-4-5-20250929"
for title, usage in [
    ("input 300k crosses the tier", dict(inp=300000)),
    ("output 250k crosses the tier", dict(out=250000)),
    ("1h cache write 300k crosses the tier", dict(cc=300000, split=(0, 300000))),
    ("5m cache write 250k crosses the tier", dict(cc=250000, split=(250000, 0))),
    ("5m 150k + 1h 150k stay under the tier", dict(cc=300000, split=(150000, 150000))),
    ("unsplit cache write 300k crosses the tier", dict(cc=300000)),
    ("cache read 1M crosses the tier", dict(cr=1000000)),
    ("input exactly 200000 stays under the tier", dict(inp=200000)),
    ("input 200001 crosses the tier by one", dict(inp=200001)),
    ("every kind crosses the tier", dict(inp=210000, out=220000, cc=530000, split=(240000, 290000), cr=3000000)),
]:
    cases.append((f"{S45}, {title}", S45, usage, False))
cases.append(("claude-sonnet-4-20250514, every kind crosses the tier", "claude-sonnet-4-20250514",
              dict(inp=210000, out=220000, cc=530000, split=(240000, 290000), cr=3000000), False))
cases.append(("claude-opus-4-6 has no tier", "claude-opus-4-6", dict(inp=300000, cr=900000), False))
for model in ["claude-opus-4-6", "claude-opus-4-7", "claude-opus-4-8", S45]:
    cases.append((f"{model}, fast mode", model, MIXED, True))
cases.append((f"{S45}, fast mode with the tier", S45, dict(inp=300000, out=1000), True))
for alias in ["claude-sonnet-4-5", "claude-opus-4.6", "anthropic/claude-opus-4-6", "claude-sonnet-4@20250514",
              "anthropic.claude-sonnet-4-20250514-v1:0", "claude-3-5-haiku-latest"]:
    cases.append((f"alias {alias}", alias, MIXED, False))


def usage_cs(u):
    """input, output, 5m, 1h, unsplit, cache read: the split line's flat field is not passed on, as ccusage ignores it."""
    five, hour = u["split"] if u.get("split") is not None else (0, 0)
    unsplit = 0 if u.get("split") is not None else u.get("cc", 0)
    return f"{u.get('inp', 0)}, {u.get('out', 0)}, {five}, {hour}, {unsplit}, {u.get('cr', 0)}"


for title, model, usage, fast in cases:
    extra = {"extra_usage": {"speed": "fast"}} if fast else {}
    cost = single_cost(model, **usage, **extra)
    print(f'        {{ "{title}", "{model}", {usage_cs(usage)}, {"true" if fast else "false"}, {cost!r} }},')
