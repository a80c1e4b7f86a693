"""Checks every rule tools/ccusage/README.md states about ccusage 20.0.24 by running it on crafted corpora.

Prints PASS or FAIL per claim and exits non-zero when a claim no longer holds (for example after a version bump).
Run: python3 tools/ccusage/probes/probe_rules.py
"""
import copy
import json
import sys

sys.dont_write_bytecode = True  # keep __pycache__ out of the repository
from ccusage_lab import line, run

S4 = "claude-sonnet-4-20250514"
S45 = "claude-sonnet-4-5-20250929"
failures = []


def rows(data):
    key = next(k for k in data if k != "totals")
    return data[key]


def day_models(files, cmd=("daily",), env_extra=None):
    """{period: {model: (input, output, cacheCreation, cacheRead, cost)}} plus the raw JSON."""
    data = run(files, cmd, env_extra)
    out = {}
    for row in rows(data):
        out[row.get("period")] = {m["modelName"]: (m["inputTokens"], m["outputTokens"], m["cacheCreationTokens"], m["cacheReadTokens"], m["cost"])
                                  for m in row["modelBreakdowns"]}
    return out, data


def claim(title, condition):
    print(("PASS " if condition else "FAIL ") + title)
    if not condition:
        failures.append(title)


def only(files, **kw):
    """(input, output, cacheCreation, cacheRead) of the single day of the corpus, or None when ccusage prints no row."""
    data = run(files, **kw)
    r = rows(data)
    return None if not r else (r[0]["inputTokens"], r[0]["outputTokens"], r[0]["cacheCreationTokens"], r[0]["cacheReadTokens"])


def one_line(record):
    return only({"p/s.jsonl": [record]})


def edited(edit, **kw):
    record = line(inp=10, **kw)
    edit(record)
    return record


# --- Which lines count -------------------------------------------------------------------------------------------
claim("a line counts only when it holds the bytes \"usage\":{ (no space)",
      one_line(json.dumps(line(inp=10))) is None and one_line(line(inp=10)) == (10, 0, 0, 0))
claim("a line with \"requestId\":null is skipped", one_line(edited(lambda r: r.update(requestId=None))) is None)
claim("a line with \"id\":null anywhere (even inside a tool input) is skipped",
      one_line(edited(lambda r: r["message"].update(content=[{"type": "tool_use", "id": "t", "name": "x", "input": {"id": None}}]))) is None)
claim("a line with \"model\":null anywhere (even in toolUseResult) is skipped",
      one_line(edited(lambda r: r.update(toolUseResult={"model": None}))) is None)
NULL_SKIPPING = ["id", "cwd", "model", "speed", "costUSD", "version", "sessionId", "requestId", "isApiErrorMessage",
                 "cache_read_input_tokens", "cache_creation_input_tokens"]
claim("a null under any of these names anywhere in the line skips it: " + ", ".join(NULL_SKIPPING),
      all(one_line(edited(lambda r, f=f: r.update(probe={f: None}))) is None for f in NULL_SKIPPING))
claim("other nulls (\"content\":null) do not skip the line", one_line(edited(lambda r: r["message"].update(content=None))) == (10, 0, 0, 0))
claim("a version that is not semver skips the line; a missing version does not",
      one_line(edited(lambda r: r.update(version="abc"))) is None and one_line(edited(lambda r: r.pop("version"))) == (10, 0, 0, 0))
claim("an empty sessionId, requestId, message.id or model skips the line",
      all(one_line(edited(e)) is None for e in [lambda r: r.update(sessionId=""), lambda r: r.update(requestId=""),
                                                lambda r: r["message"].update(id=""), lambda r: r["message"].update(model="")]))
claim("a timestamp that is missing, unparsable or without zone skips the line",
      all(one_line(edited(e)) is None for e in [lambda r: r.pop("timestamp"), lambda r: r.update(timestamp="garbage"),
                                                lambda r: r.update(timestamp="2025-10-01T23:30:00"), lambda r: r.update(timestamp="2025-10-01 23:30:00Z")]))
ACCEPTED = ["2025-10-01T12:00:00Z", "2025-10-01T12:00:00.123Z", "2025-10-01T12:00:00+02:00", "2025-10-01T12:00:00.123+02:00"]
REJECTED = ["2025-10-01T12:00:00.1Z", "2025-10-01T12:00:00.12Z", "2025-10-01T12:00:00.1234Z", "2025-10-01T12:00:00.123456Z",
            "2025-10-01T12:00:00.123456789Z", "2025-10-01T12:00:00+0200", "2025-10-01t12:00:00Z", "2025-10-01T12:00:00.000z",
            "2025-10-01T12:00Z", "2025-10-01T25:00:00Z", "2025-02-30T12:00:00Z"]
claim("timestamps must be YYYY-MM-DDTHH:MM:SS[.mmm](Z|+HH:MM): exactly 0 or 3 fraction digits (microseconds skip the line)",
      all(one_line(line(inp=10, ts=ts)) == (10, 0, 0, 0) for ts in ACCEPTED) and all(one_line(line(inp=10, ts=ts)) is None for ts in REJECTED))
claim("a missing or null input_tokens/output_tokens skips the line; missing cache fields count as 0",
      one_line(edited(lambda r: r["message"]["usage"].pop("output_tokens"))) is None
      and one_line(edited(lambda r: r["message"]["usage"].update(input_tokens=None))) is None
      and one_line(edited(lambda r: [r["message"]["usage"].pop(k) for k in ("cache_read_input_tokens", "cache_creation_input_tokens")])) == (10, 0, 0, 0))
claim("token counts must be JSON integers (10.0 skips the line)", one_line(edited(lambda r: r["message"]["usage"].update(input_tokens=10.0))) is None)
claim("the record type is not checked: a user line with message.usage counts", one_line(edited(lambda r: r.update(type="user"))) == (10, 0, 0, 0))
claim("a Task result's toolUseResult.usage (no message.usage) does not count",
      one_line({"type": "user", "timestamp": "2025-10-01T12:00:00Z", "sessionId": "s1", "message": {"role": "user", "content": "x"},
                "toolUseResult": {"totalTokens": 5, "usage": {"input_tokens": 5, "output_tokens": 5}}}) is None)
claim("isApiErrorMessage lines count like any other", one_line(edited(lambda r: r.update(isApiErrorMessage=True))) == (10, 0, 0, 0))
claim("only *.jsonl files, at any depth under projects/",
      only({"p/s.json": [line(inp=10)]}) is None and only({"p/a/b/c/d.jsonl": [line(inp=10)]}) == (10, 0, 0, 0) and only({"s.jsonl": [line(inp=10)]}) == (10, 0, 0, 0))
claim("a line without message.model counts in the day's totals but in no model breakdown",
      (lambda d: d[0] == {"2025-10-01": {}} and rows(d[1])[0]["inputTokens"] == 10)(day_models({"p/s.jsonl": [edited(lambda r: r["message"].pop("model"))]})))

inner = line(mid="mA", rid="rA", inp=100, out=7, ts="2025-10-01T12:00:00Z")
progress = {"type": "progress", "sessionId": "s1", "version": "2.1.30", "timestamp": "2025-10-05T12:00:01Z", "uuid": "p1",
            "data": {"type": "agent_progress", "agentId": "a1",
                     "message": {"type": "assistant", "timestamp": inner["timestamp"], "requestId": "rA", "message": inner["message"]}}}
sub_copy = copy.deepcopy(inner)
sub_copy["isSidechain"] = True
claim("a progress line's data.message (agent_progress) counts, dated by data.message.timestamp",
      {day: {m: v[:4] for m, v in ms.items()} for day, ms in day_models({"p/s1.jsonl": [progress]})[0].items()}
      == {"2025-10-01": {S4: (100, 7, 0, 0)}})
claim("... and is deduplicated with the subagent file's copy of the same message",
      only({"p/s1.jsonl": [progress], "p/s1/subagents/agent-a1.jsonl": [sub_copy]}) == (100, 7, 0, 0))

# --- Deduplication ---------------------------------------------------------------------------------------------
claim("one (message.id, requestId) counts once, with the line of the largest token total, whatever the order",
      only({"p/s.jsonl": [line(mid="m", rid="r", inp=10, out=1, cr=100), line(mid="m", rid="r", inp=10, out=50, cr=100)]}) == (10, 50, 0, 100)
      and only({"p/s.jsonl": [line(mid="m", rid="r", inp=10, out=50, cr=100), line(mid="m", rid="r", inp=10, out=1, cr=100)]}) == (10, 50, 0, 100))
claim("equal totals: the costlier line wins (output over input, 1h over 5m writes)",
      only({"p/s.jsonl": [line(mid="m", rid="r", inp=60), line(mid="m", rid="r", out=60)]}) == (0, 60, 0, 0)
      and only({"p/s.jsonl": [line(mid="m", rid="r", out=60), line(mid="m", rid="r", inp=60)]}) == (0, 60, 0, 0)
      and rows(run({"p/s.jsonl": [line(mid="m", rid="r", cc=100, split=(100, 0)), line(mid="m", rid="r", cc=100, split=(0, 100))]}))[0]["totalCost"] > 0.00059)
claim("fully equal lines: the first in (full file path ordinal, line order) wins, which fixes its day",
      list(day_models({"p/b.jsonl": [line(mid="m", rid="r", inp=10, ts="2025-10-01T10:00:00Z")],
                       "p/a.jsonl": [line(mid="m", rid="r", inp=10, ts="2025-10-02T10:00:00Z")]})[0]) == ["2025-10-02"]
      and list(day_models({"p/s1/subagents/agent-a.jsonl": [line(mid="m", rid="r", inp=10, ts="2025-10-01T10:00:00Z")],
                           "p/s1.jsonl": [line(mid="m", rid="r", inp=10, ts="2025-10-02T10:00:00Z")]})[0]) == ["2025-10-02"]
      and list(day_models({"p/a.jsonl": [line(mid="m", rid="r", inp=10, ts="2025-10-02T10:00:00Z"),
                                         line(mid="m", rid="r", inp=10, ts="2025-10-01T10:00:00Z")]})[0]) == ["2025-10-02"])
claim("the kept line brings its own timestamp: a split across midnight lands on the day of its largest line",
      list(day_models({"p/s.jsonl": [line(mid="m", rid="r", inp=10, out=1, ts="2025-10-01T23:59:59Z"),
                                     line(mid="m", rid="r", inp=10, out=90, ts="2025-10-02T00:00:01Z")]})[0]) == ["2025-10-02"])
claim("deduplication spans files, sessions and projects",
      only({"p/s1.jsonl": [line(mid="m", rid="r", inp=10, out=5)], "q/s2.jsonl": [line(mid="m", rid="r", inp=10, out=7, session="s2")]}) == (10, 7, 0, 0))
claim("lines without requestId deduplicate by message.id among themselves",
      only({"p/s.jsonl": [line(mid="m", rid=None, inp=10, out=5), line(mid="m", rid=None, inp=10, out=9)]}) == (10, 9, 0, 0))
claim("a line without requestId and one with it, same message.id, both count",
      only({"p/s.jsonl": [line(mid="m", rid="r", inp=10, out=5), line(mid="m", rid=None, inp=10, out=9)]}) == (20, 14, 0, 0))
no_id = [line(inp=10, out=5, rid="same"), line(inp=10, out=5, rid="same")]
for record in no_id:
    del record["message"]["id"]
claim("lines without message.id are never deduplicated", only({"p/s.jsonl": no_id}) == (20, 10, 0, 0))
claim("same message.id with different requestIds, neither sidechain: both count",
      only({"p/s.jsonl": [line(mid="m", rid="r1", inp=10, out=5), line(mid="m", rid="r2", inp=10, out=9)]}) == (20, 14, 0, 0))
claim("a sidechain line sharing a message.id with a main line is dropped, whatever its requestId or total, in any order",
      only({"p/s1.jsonl": [line(mid="m", rid="r1", inp=10, out=5)],
            "p/s1/subagents/agent-x.jsonl": [line(mid="m", rid="r9", inp=10, out=5, cr=50000, sidechain=True)]}) == (10, 5, 0, 0)
      and only({"p/a.jsonl": [line(mid="m", rid="r9", inp=10, out=500, sidechain=True)], "p/b.jsonl": [line(mid="m", rid="r1", inp=10, out=5)]}) == (10, 5, 0, 0))
claim("two sidechain lines with one message.id and different requestIds count once (largest total)",
      only({"p/s1/subagents/agent-x.jsonl": [line(mid="m", rid="r1", inp=10, out=5, sidechain=True),
                                             line(mid="m", rid="r2", inp=10, out=9, sidechain=True)]}) == (10, 9, 0, 0))
claim("subagent files with their own message ids count",
      only({"p/s1.jsonl": [line(mid="m1", rid="r1", inp=10, out=5)],
            "p/s1/subagents/agent-x.jsonl": [line(mid="m2", rid="r2", inp=7, out=3, sidechain=True)]}) == (17, 8, 0, 0))

# --- <synthetic>, zero usage, empty days ---------------------------------------------------------------------------
models, data = day_models({"p/s.jsonl": [line(model="<synthetic>", inp=1000, out=5), line(inp=10)]})
claim("<synthetic> lines: tokens count in the day's and grand totals, in no model breakdown, at cost 0",
      models == {"2025-10-01": {S4: (10, 0, 0, 0, 3e-05)}} and rows(data)[0]["inputTokens"] == 1010 and data["totals"]["inputTokens"] == 1010)
models, data = day_models({"p/s.jsonl": [line(model="claude-opus-4-6"), line(inp=10)]})
claim("a zero-usage line of a model adds that model to modelsUsed with an all-zero breakdown",
      models["2025-10-01"].get("claude-opus-4-6") == (0, 0, 0, 0, 0.0) and "claude-opus-4-6" in rows(data)[0]["modelsUsed"])
claim("a day (week, month) whose token total is 0 is not printed", only({"p/s.jsonl": [line()]}) is None)

# --- Days, weeks, months ---------------------------------------------------------------------------------------
tz_corpus = {"p/s.jsonl": [line(inp=10, ts="2025-10-01T23:30:00.000Z"), line(inp=20, ts="2025-10-02T03:30:00.000Z"),
                           line(inp=40, ts="2025-10-02T22:30:00.000Z")]}
by_day = lambda **kw: {r["period"]: r["inputTokens"] for r in rows(run(tz_corpus, **kw))}
claim("the day is the timestamp's date in the machine's time zone (TZ) by default",
      by_day() == {"2025-10-01": 10, "2025-10-02": 60}
      and by_day(env_extra={"TZ": "America/Los_Angeles"}) == {"2025-10-01": 30, "2025-10-02": 40}
      and by_day(env_extra={"TZ": "Asia/Tokyo"}) == {"2025-10-02": 30, "2025-10-03": 40})
claim("--timezone overrides TZ", by_day(cmd=("daily", "--timezone", "UTC"), env_extra={"TZ": "Asia/Tokyo"}) == {"2025-10-01": 10, "2025-10-02": 60})
claim("a timestamp with an offset is converted before taking the date",
      list(day_models({"p/s.jsonl": [line(inp=10, ts="2025-10-01T23:30:00-05:00")]})[0]) == ["2025-10-02"])
week = {"p/s.jsonl": [line(inp=10, ts="2025-10-05T12:00:00Z"), line(inp=20, ts="2025-10-06T12:00:00Z")]}
claim("`weekly` weeks start on Monday; period is the Monday's date",
      [(r["period"], r["inputTokens"]) for r in rows(run(week, cmd=("weekly",)))] == [("2025-09-29", 10), ("2025-10-06", 20)])
claim("`claude weekly` weeks start on Sunday (field `week`)", [(r["week"], r["inputTokens"]) for r in rows(run(week, cmd=("claude", "weekly")))] == [("2025-10-05", 30)])
claim("`monthly` period is YYYY-MM in the chosen time zone",
      [r["period"] for r in rows(run({"p/s.jsonl": [line(inp=10, ts="2025-09-30T20:00:00Z")]}, cmd=("monthly", "--timezone", "Asia/Tokyo")))] == ["2025-10"])

# --- Costs ---------------------------------------------------------------------------------------------------------
claim("a line's costUSD replaces the computed cost (auto mode), also for a model without price",
      rows(run({"p/s.jsonl": [line(inp=10, extra={"costUSD": 1.23})]}))[0]["totalCost"] == 1.23
      and rows(run({"p/s.jsonl": [line(inp=10, model="gpt-foo", extra={"costUSD": 1.23})]}))[0]["totalCost"] == 1.23)
claim("`claude daily --mode calculate` ignores costUSD",
      rows(run({"p/s.jsonl": [line(inp=10, extra={"costUSD": 1.23})]}, cmd=("claude", "daily", "--mode", "calculate")))[0]["totalCost"] == 3e-05)
claim("with usage.cache_creation present, cacheCreationTokens is 5m + 1h and the flat field is ignored",
      only({"p/s.jsonl": [line(cc=999, split=(10, 20))]}) == (0, 0, 30, 0) and only({"p/s.jsonl": [line(cc=30, split=(0, 0))]}) is None)
claim("without the split, the flat field is priced at the 5-minute rate",
      rows(run({"p/s.jsonl": [line(model=S45, cc=100000)]}))[0]["totalCost"] == rows(run({"p/s.jsonl": [line(model=S45, cc=100000, split=(100000, 0))]}))[0]["totalCost"])
claim("a 1-hour write costs 2x the input price", abs(rows(run({"p/s.jsonl": [line(model=S45, cc=100000, split=(0, 100000))]}))[0]["totalCost"] - 0.6) < 1e-12)
tier = lambda **u: rows(run({"p/s.jsonl": [line(model=S45, **u)]}))[0]["totalCost"]
claim("the >200k rate applies per token kind and per line, to the tokens beyond 200,000 (strictly more)",
      abs(tier(inp=300000) - 1.2) < 1e-12 and abs(tier(inp=150000, cr=150000) - 0.495) < 1e-12
      and abs(tier(inp=200000) - 0.6) < 1e-12 and abs(tier(inp=200001) - 0.600006) < 1e-12
      and abs(rows(run({"p/s.jsonl": [line(model=S45, inp=150000), line(model=S45, inp=150000)]}))[0]["totalCost"] - 0.9) < 1e-12)
claim("5m and 1h writes are tiered separately; the 1h tier rate is 2x the input tier rate",
      abs(tier(cc=300000, split=(150000, 150000)) - 1.4625) < 1e-12 and abs(tier(cc=300000, split=(0, 300000)) - 2.4) < 1e-12)
fast = run({"p/s.jsonl": [line(model="claude-opus-4-6", inp=100000, extra_usage={"speed": "fast"})]})
claim("usage.speed == \"fast\" names the model <model>-fast and multiplies its cost (claude-opus-4-6: x6)",
      rows(fast)[0]["modelBreakdowns"][0]["modelName"] == "claude-opus-4-6-fast" and abs(rows(fast)[0]["totalCost"] - 3.0) < 1e-12)
unknown = run({"p/s.jsonl": [line(model="gpt-foo", inp=100), line(inp=100)]})
claim("an unpriced model costs 0, is flagged missingPricing and listed in totals.unpricedModels",
      [m.get("missingPricing") for m in rows(unknown)[0]["modelBreakdowns"] if m["modelName"] == "gpt-foo"] == [True]
      and unknown["totals"].get("unpricedModels") == ["gpt-foo"])
claim("ccusage prices some unknown names by substring match (claude-opus-4-20990101 as claude-opus-4)",
      abs(rows(run({"p/s.jsonl": [line(model="claude-opus-4-20990101", inp=100000)]}))[0]["totalCost"] - 1.5) < 1e-12)

# --- Output shape ----------------------------------------------------------------------------------------------------
two = {"p/s.jsonl": [line(model="claude-haiku-4-5-20251001", inp=10), line(model=S45, inp=1000)]}
r = rows(run(two))[0]
claim("modelBreakdowns are ordered by cost, largest first; modelsUsed is sorted by name",
      [m["modelName"] for m in r["modelBreakdowns"]] == [S45, "claude-haiku-4-5-20251001"] and r["modelsUsed"] == ["claude-haiku-4-5-20251001", S45])
claim("`daily --breakdown` prints the same JSON as `daily` (breakdowns are always there)",
      run(two, cmd=("daily", "--breakdown")) == run(two))

print(f"\n{len(failures)} claim(s) failed" if failures else "\nall claims hold")
sys.exit(1 if failures else 0)
