"""Runs the pinned ccusage on tiny corpora written to temporary folders (never on anyone's real ~/.claude).

Each corpus is laid out as CLAUDE_CONFIG_DIR/projects/<relative path>; HOME points at an empty folder so that
ccusage's other agents (codex, opencode, ...) find nothing, and --offline keeps it on its embedded prices.
"""
import itertools
import json
import os
import shutil
import subprocess
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
_binary = None
_counter = itertools.count(1)


def binary():
    global _binary
    if _binary is None:
        _binary = subprocess.run([os.path.join(HERE, "..", "install.sh")], check=True, capture_output=True, text=True).stdout.strip()
    return _binary


def line(model="claude-sonnet-4-20250514", ts="2025-10-01T12:00:00.000Z", mid=None, rid="auto", inp=0, out=0, cc=0, cr=0,
         split=None, extra_usage=None, extra=None, sidechain=False, session="s1"):
    """One assistant line as Claude Code writes it; split=(5m, 1h) adds usage.cache_creation."""
    n = next(_counter)
    usage = {"input_tokens": inp, "cache_creation_input_tokens": cc, "cache_read_input_tokens": cr, "output_tokens": out}
    if split is not None:
        usage["cache_creation"] = {"ephemeral_5m_input_tokens": split[0], "ephemeral_1h_input_tokens": split[1]}
    if extra_usage:
        usage.update(extra_usage)
    record = {"parentUuid": None, "isSidechain": sidechain, "userType": "external", "cwd": "/tmp/p", "sessionId": session,
              "version": "2.0.0", "type": "assistant",
              "message": {"id": mid or f"msg_{n}", "type": "message", "role": "assistant", "model": model,
                          "content": [{"type": "text", "text": "hi"}], "stop_reason": "end_turn", "usage": usage},
              "uuid": f"uuid-{n}", "timestamp": ts}
    if rid == "auto":
        record["requestId"] = f"req_{n}"
    elif rid is not None:
        record["requestId"] = rid
    if extra:
        record.update(extra)
    return record


def run(files, cmd=("daily",), env_extra=None):
    """files: {path under projects/: [record dict or raw line string]} -> parsed JSON of `ccusage <cmd> --json --offline`."""
    root = tempfile.mkdtemp(prefix="ccusage-lab-")
    try:
        for rel, lines in files.items():
            path = os.path.join(root, "projects", rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as handle:
                for item in lines:
                    # Compact separators: ccusage only looks at lines containing the bytes "usage":{
                    handle.write((item if isinstance(item, str) else json.dumps(item, separators=(",", ":"))) + "\n")
        home = os.path.join(root, "home")
        os.makedirs(home)
        env = dict(os.environ, CLAUDE_CONFIG_DIR=root, HOME=home)
        env.update(env_extra or {})
        result = subprocess.run([binary(), *cmd, "--json", "--offline"], env=env, capture_output=True, text=True, check=True)
        return json.loads(result.stdout)
    finally:
        shutil.rmtree(root)


def single_cost(model, **usage):
    """ccusage's cost for a corpus of one line; None when it yields no row (zero tokens)."""
    rows = run({"p/s1.jsonl": [line(model=model, **usage)]})["daily"]
    return rows[0]["totalCost"] if rows else None
