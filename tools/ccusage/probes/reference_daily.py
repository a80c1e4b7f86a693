"""An executable statement of ccusage 20.0.24's `daily` rules (tools/ccusage/README.md), checked against ccusage itself.

Reads a projects folder with the README's rules (line filters, deduplication, day bucketing, prices from
src/Hindsight/Pricing/prices.json) and compares every day and model with `ccusage daily --json --offline`:
tokens must be equal, costs equal to 1e-9 relative. Run:
  python3 tools/ccusage/probes/reference_daily.py <projects-dir> [IANA time zone, default UTC]
"""
import datetime
import json
import os
import re
import subprocess
import sys
from zoneinfo import ZoneInfo

HERE = os.path.dirname(os.path.abspath(__file__))
PRICES = json.load(open(os.path.join(HERE, "..", "..", "..", "src", "Hindsight", "Pricing", "prices.json")))["models"]
NULL_SKIPPING = {"id", "cwd", "model", "speed", "costUSD", "version", "sessionId", "requestId", "isApiErrorMessage",
                 "cache_read_input_tokens", "cache_creation_input_tokens"}
TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?(Z|[+-]\d{2}:\d{2})$")


def price_entry(model):
    for name, entry in PRICES.items():
        if model == name or model in entry["aliases"]:
            return entry
    return None


def tiered(tokens, rate, above):
    if tokens == 0:
        return 0.0
    per_token = lambda per_million: float(f"{per_million}E-6")
    if above is not None and tokens > 200_000:
        return 200_000 * per_token(rate) + (tokens - 200_000) * per_token(above)
    return tokens * per_token(rate)


def cost(entry):
    if entry["costUSD"] is not None:
        return entry["costUSD"]
    prices = price_entry(entry["rawModel"]) if entry["rawModel"] else None
    if prices is None:
        return 0.0
    above = prices.get("above200k", {})
    total = (tiered(entry["input"], prices["input"], above.get("input"))
             + tiered(entry["output"], prices["output"], above.get("output"))
             + tiered(entry["cc5m"], prices["cacheWrite5m"], above.get("cacheWrite5m"))
             + tiered(entry["cc1h"], prices["cacheWrite1h"], above.get("cacheWrite1h"))
             + tiered(entry["cacheRead"], prices["cacheRead"], above.get("cacheRead")))
    return total * (prices.get("fastMultiplier", 1) if entry["fast"] else 1)


def entries(projects, tz):
    files = sorted(os.path.join(folder, name) for folder, _, names in os.walk(projects, followlinks=True)
                   for name in names if name.endswith(".jsonl"))
    for path in files:
        with open(path, encoding="utf-8", errors="replace") as handle:
            for raw in handle:
                if '"usage":{' not in raw or any(m.group(1) in NULL_SKIPPING for m in re.finditer(r'"([^"]*)":null', raw)):
                    continue
                try:
                    record = json.loads(raw)
                except json.JSONDecodeError:
                    continue
                if isinstance(record.get("message"), dict) and "timestamp" in record:
                    source = record
                    version, session = record.get("version"), record.get("sessionId")
                else:  # a progress line carrying a subagent's message (agent_progress)
                    source = (record.get("data") or {}).get("message") if isinstance(record.get("data"), dict) else None
                    if not isinstance(source, dict) or not isinstance(source.get("message"), dict) or "timestamp" not in source:
                        continue
                    version = session = None
                message, usage = source["message"], source["message"].get("usage")
                integer = lambda value: isinstance(value, int) and not isinstance(value, bool)
                if not isinstance(usage, dict) or not integer(usage.get("input_tokens")) or not integer(usage.get("output_tokens")):
                    continue
                if not isinstance(source["timestamp"], str) or not TIMESTAMP.match(source["timestamp"]):
                    continue
                if version is not None and not re.match(r"^\d+\.\d+\.\d", str(version)):
                    continue
                if "" in (session, source.get("requestId"), message.get("id"), message.get("model")):
                    continue
                split = usage.get("cache_creation")
                if isinstance(split, dict):
                    cc5m, cc1h = split.get("ephemeral_5m_input_tokens", 0), split.get("ephemeral_1h_input_tokens", 0)
                else:
                    cc5m, cc1h = usage.get("cache_creation_input_tokens") or 0, 0
                model = message.get("model")
                fast = usage.get("speed") == "fast"
                try:
                    moment = datetime.datetime.fromisoformat(source["timestamp"].replace("Z", "+00:00"))
                except ValueError:  # 25:00, February 30th
                    continue
                entry = {"day": moment.astimezone(tz).date().isoformat(), "messageId": message.get("id"),
                         "requestId": source.get("requestId"), "sidechain": source.get("isSidechain") is True,
                         "rawModel": model, "model": None if model in (None, "<synthetic>") else model + ("-fast" if fast else ""),
                         "fast": fast, "hasSpeed": "speed" in usage, "costUSD": record.get("costUSD") if source is record else source.get("costUSD"),
                         "input": usage["input_tokens"], "output": usage["output_tokens"], "cc5m": cc5m, "cc1h": cc1h,
                         "cacheRead": usage.get("cache_read_input_tokens") or 0}
                entry["cacheCreation"] = cc5m + cc1h
                entry["total"] = entry["input"] + entry["output"] + entry["cacheCreation"] + entry["cacheRead"]
                entry["cost"] = cost(entry)
                yield entry


def better(candidate, kept):
    if candidate["sidechain"] != kept["sidechain"]:
        return kept["sidechain"]
    if candidate["total"] != kept["total"]:
        return candidate["total"] > kept["total"]
    if candidate["cost"] != kept["cost"]:
        return candidate["cost"] > kept["cost"]
    return candidate["hasSpeed"] and not kept["hasSpeed"]


def deduplicate(all_entries):
    kept, by_key, by_message = [], {}, {}
    for entry in all_entries:
        if entry["messageId"] is None:
            kept.append(entry)
            continue
        index = by_key.get((entry["messageId"], entry["requestId"]))
        if index is None:  # a sidechain replay of a message under another requestId
            index = next((i for i in by_message.get(entry["messageId"], []) if entry["sidechain"] or kept[i]["sidechain"]), None)
        if index is not None:
            if better(entry, kept[index]):
                kept[index] = entry
            continue
        by_key[(entry["messageId"], entry["requestId"])] = len(kept)
        by_message.setdefault(entry["messageId"], []).append(len(kept))
        kept.append(entry)
    return kept


def daily(projects, tz):
    days = {}
    for entry in deduplicate(entries(projects, tz)):
        day = days.setdefault(entry["day"], {"total": 0, "models": {}})
        day["total"] += entry["total"]
        if entry["model"]:
            model = day["models"].setdefault(entry["model"], [0, 0, 0, 0, 0.0])
            for i, key in enumerate(("input", "output", "cacheCreation", "cacheRead", "cost")):
                model[i] += entry[key]
    return {day: values["models"] for day, values in days.items() if values["total"] > 0}


def main():
    projects, zone = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else "UTC")
    mine = daily(projects, ZoneInfo(zone))
    output = subprocess.run([os.path.join(HERE, "..", "run.sh"), projects, "daily", "--json", "--offline", "--timezone", zone],
                            check=True, capture_output=True, text=True).stdout
    theirs = {row["period"]: {m["modelName"]: [m["inputTokens"], m["outputTokens"], m["cacheCreationTokens"], m["cacheReadTokens"], m["cost"]]
                              for m in row["modelBreakdowns"]} for row in json.loads(output)["daily"]}
    problems = 0
    for day in sorted(set(mine) | set(theirs)):
        for model in sorted(set(mine.get(day, {})) | set(theirs.get(day, {}))):
            a, b = mine.get(day, {}).get(model), theirs.get(day, {}).get(model)
            if a is None or b is None or a[:4] != b[:4] or (b[4] and abs(a[4] - b[4]) / b[4] > 1e-9) or (not b[4] and a[4]):
                problems += 1
                print(f"DIFF {day} {model}: reference {a} ccusage {b}")
    rows = sum(len(models) for models in theirs.values())
    print(f"{rows} day/model rows compared, {problems} difference(s)")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
