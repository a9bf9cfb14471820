#!/usr/bin/env python3
"""Side-by-side agreement with hadolint on the same Dockerfiles, and speed.

Usage: compare_hadolint.py [--hadolint PATH] [--runs N] [--details] DIR...

Needs a release build (`cargo build --release`) and hadolint (default:
/work/peers/bin/hadolint, else `hadolint` on PATH). Every file named
`Dockerfile`, `Dockerfile.*`, `*.Dockerfile` or `Containerfile` under the
DIRs is given to both tools, as one explicit file list.

For every hadolint code that a Strata rule lists in its references, compares
what each tool flags at three levels:
- files: the file is flagged at all;
- stages: (file, FROM stage) pairs — Strata reports a rule once per stage,
  hadolint once per instruction, so this is the fair unit;
- instructions: (file, first line of the instruction) pairs — Strata's
  finding may point inside a multi-line RUN (at the command), so its line is
  mapped back to the instruction that contains it.
With --details, every stage that only one tool flags is listed with the
instruction text, so each disagreement can be explained.

Speed: wall time of each tool over the whole file list (best of N runs).
"""
import argparse
import collections
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STRATA = os.path.join(ROOT, "target", "release", "strata")
NAMES = re.compile(r"^(Dockerfile|Dockerfile\..+|.+\.Dockerfile|Containerfile)$")
INSTRUCTION = re.compile(
    r"^\s*(FROM|RUN|CMD|LABEL|MAINTAINER|EXPOSE|ENV|ADD|COPY|ENTRYPOINT|VOLUME|USER|"
    r"WORKDIR|ARG|ONBUILD|STOPSIGNAL|HEALTHCHECK|SHELL)\b", re.IGNORECASE)


def dockerfiles(dirs):
    found = []
    for d in dirs:
        for root, subdirs, files in os.walk(d):
            subdirs[:] = [s for s in subdirs if s != ".git"]
            found.extend(os.path.join(root, f) for f in files if NAMES.match(f))
    return sorted(os.path.abspath(f) for f in found)


class Layout:
    """Instruction start lines and stage numbers of one Dockerfile."""

    def __init__(self, path):
        with open(path, encoding="utf-8", errors="replace") as fh:
            self.lines = fh.read().split("\n")
        self.start = {}   # line -> first line of its instruction
        self.stage = {}   # line -> stage index
        escape = "\\"
        for line in self.lines[:5]:
            m = re.match(r"^#\s*escape\s*=\s*(\S)", line, re.IGNORECASE)
            if m:
                escape = m.group(1)
        current, stage, continued, heredoc = None, -1, False, None
        for number, text in enumerate(self.lines, start=1):
            stripped = text.strip()
            if heredoc is not None:
                if stripped == heredoc:
                    heredoc = None
            elif continued:
                if stripped.startswith("#"):
                    pass
                else:
                    continued = text.rstrip().endswith(escape)
            elif stripped and not stripped.startswith("#") and INSTRUCTION.match(text):
                current = number
                if re.match(r"^\s*FROM\b", text, re.IGNORECASE):
                    stage += 1
                continued = text.rstrip().endswith(escape)
                m = re.search(r"<<-?[\"']?([A-Za-z_][A-Za-z0-9_]*)", text)
                if m:
                    heredoc = m.group(1)
            self.start[number] = current or number
            self.stage[number] = max(stage, 0)

    def text(self, line):
        return self.lines[line - 1].strip() if 0 < line <= len(self.lines) else ""


def timed(cmd, runs):
    best, out = None, None
    for _ in range(runs):
        t0 = time.perf_counter()
        out = subprocess.run(cmd, capture_output=True, text=True, check=False)
        elapsed = time.perf_counter() - t0
        best = elapsed if best is None else min(best, elapsed)
    return best, out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dirs", nargs="+")
    ap.add_argument("--hadolint", default=None)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--details", action="store_true")
    ap.add_argument("--trusted", action="append", default=[],
                    help="trusted registry for DL3026/DKR003 (repeatable)")
    args = ap.parse_args()
    hadolint = args.hadolint or (
        "/work/peers/bin/hadolint" if os.path.exists("/work/peers/bin/hadolint")
        else shutil.which("hadolint"))
    files = dockerfiles(args.dirs)
    if not files:
        sys.exit("no Dockerfiles found")
    layouts = {f: Layout(f) for f in files}

    # DL3057 (HEALTHCHECK missing) is off by default in hadolint; turn it on
    # so that DKR011 has something to compare with.
    h_cmd = [hadolint, "--no-fail", "-f", "json", "--info", "DL3057"]
    s_cmd = [STRATA, "scan", "--format", "json", "--no-ignore-files"]
    if args.trusted:
        config = tempfile.NamedTemporaryFile("w", suffix=".toml", delete=False)
        config.write("[images]\ntrusted_registries = %s\n" % json.dumps(args.trusted))
        config.close()
        s_cmd += ["--config", config.name]
        for registry in args.trusted:
            h_cmd += ["--trusted-registry", registry]
    h_time, h_out = timed([*h_cmd, *files], args.runs)
    hadolint_findings = json.loads(h_out.stdout or "[]")
    s_time, s_out = timed([*s_cmd, *files], args.runs)
    if not s_out.stdout:
        sys.exit(f"strata produced no output: {s_out.stderr}")
    report = json.loads(s_out.stdout)
    rules = json.loads(subprocess.run([STRATA, "rules", "--format", "json"],
                                      capture_output=True, text=True, check=True).stdout)
    refs = {r["id"]: r["references"].get("hadolint", []) for r in rules
            if r["id"].startswith("DKR")}

    # code -> level -> set of keys
    def empty():
        return {"files": set(), "stages": set(), "instructions": set()}
    ours = collections.defaultdict(empty)
    theirs = collections.defaultdict(empty)
    by_rule = collections.defaultdict(set)   # code -> our rule ids
    for rule, codes in refs.items():
        for code in codes:
            by_rule[code].add(rule)

    def add(table, code, path, line):
        lay = layouts.get(path)
        if lay is None:
            return
        table[code]["files"].add(path)
        table[code]["stages"].add((path, lay.stage.get(line, 0)))
        table[code]["instructions"].add((path, lay.start.get(line, line)))

    for f in report["findings"]:
        path = os.path.abspath(f["path"])
        for code in refs.get(f["rule_id"], []):
            add(ours, code, path, f["start_line"])
    for f in hadolint_findings:
        if f["code"] in by_rule:
            add(theirs, f["code"], os.path.abspath(f["file"]), f["line"])

    print(f"{len(files)} Dockerfiles")
    print(f"hadolint: {h_time:.3f}s   strata: {s_time:.3f}s   "
          f"(hadolint/strata = {h_time / s_time:.1f}x, best of {args.runs})")
    errors = [e for e in report.get("files", []) if e.get("status") not in ("ok", None)
              and not isinstance(e.get("status"), str)]
    if errors:
        print(f"strata file problems: {len(errors)}")
    print()
    header = (f"{'hadolint':9} {'strata':14} {'files b/h/s':>13} {'stages b/h/s':>14} "
              f"{'instructions b/h/s':>19}")
    print(header)
    print("-" * len(header))
    silent = []
    for code in sorted(by_rule):
        rules_text = ",".join(sorted(by_rule[code]))
        cells = []
        for level in ("files", "stages", "instructions"):
            h, s = theirs[code][level], ours[code][level]
            cells.append(f"{len(h & s)}/{len(h - s)}/{len(s - h)}")
        if all(c == "0/0/0" for c in cells):
            silent.append(f"{code} ({rules_text})")
            continue
        print(f"{code:9} {rules_text:14} {cells[0]:>13} {cells[1]:>14} {cells[2]:>19}")
    print("(b = both flag, h = only hadolint, s = only strata)")
    if silent:
        print("neither tool fires: " + ", ".join(silent))
    if args.details:
        common = os.path.commonpath(files)
        for code in sorted(by_rule):
            h, s = theirs[code]["stages"], ours[code]["stages"]
            for label, keys in (("only hadolint", h - s), ("only strata", s - h)):
                for path, stage in sorted(keys):
                    lay = layouts[path]
                    lines = sorted({
                        (f["line"], lay.text(f["line"])) for f in hadolint_findings
                        if os.path.abspath(f["file"]) == path and f["code"] == code
                        and lay.stage.get(f["line"], 0) == stage
                    } | {
                        (f["start_line"], lay.text(f["start_line"])) for f in report["findings"]
                        if os.path.abspath(f["path"]) == path and code in refs.get(f["rule_id"], [])
                        and lay.stage.get(f["start_line"], 0) == stage
                    })
                    where = "; ".join(f"{n}: {t[:90]}" for n, t in lines[:2])
                    print(f"{code} {label}: {os.path.relpath(path, common)} stage {stage}: {where}")


if __name__ == "__main__":
    main()
