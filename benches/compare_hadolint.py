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
- stages: (file, FROM stage) pairs;
- instructions: (file, first line of the instruction) pairs — both tools
  report once per instruction, so this is the fair unit; Strata's finding
  may point inside a multi-line RUN (at the command), so its line is mapped
  back to the instruction that contains it.
Suppressed Strata findings (`# hadolint ignore=…` and the like) do not count,
as hadolint does not report what it was told to ignore. Agreement is
both / (both + only hadolint + only strata) over instructions.
With --details, every instruction that only one tool flags is listed with
its text, so each disagreement can be explained.

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
# Strata rules about the built image, judged once per file.
IMAGE_RULES = {"DKR004", "DKR011", "DKR040"}
# Findings of checks hadolint does not have, told apart by the text of the
# line a Strata finding points at: they are counted on their own, not as
# disagreements about a check both tools have.
BEYOND_HADOLINT = [
    ("DKR004", re.compile(r"^\s*FROM\b", re.I),
     "no USER at all (DL3002 only judges an explicit `USER root`)"),
    ("DKR028", re.compile(r"\btdnf\b"), "tdnf (hadolint knows yum, dnf, microdnf, zypper)"),
    ("DKR025", re.compile(r"\btdnf\b"), "tdnf (hadolint knows yum, dnf, microdnf, zypper)"),
]
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
    ap.add_argument("--strata", default=STRATA,
                    help="the strata binary (default: the release build)")
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
    s_cmd = [args.strata, "scan", "--format", "json", "--no-ignore-files"]
    if args.trusted:
        config = tempfile.NamedTemporaryFile("w", suffix=".toml", delete=False)
        config.write("[images]\ntrusted_registries = %s\n" % json.dumps(args.trusted))
        config.close()
        s_cmd += ["--config", config.name]
        for registry in args.trusted:
            h_cmd += ["--trusted-registry", registry]
    h_time, h_out = timed([*h_cmd, *files], args.runs)
    hadolint_findings = json.loads(h_out.stdout or "[]")
    # A file hadolint cannot parse (DL1000) gets no other finding from it:
    # comparing it would count every Strata finding as a disagreement.
    unparsed = sorted({os.path.abspath(f["file"]) for f in hadolint_findings
                       if f["code"] == "DL1000"})
    s_time, s_out = timed([*s_cmd, *files], args.runs)
    if not s_out.stdout:
        sys.exit(f"strata produced no output: {s_out.stderr}")
    report = json.loads(s_out.stdout)
    rules = json.loads(subprocess.run([args.strata, "rules", "--format", "json"],
                                      capture_output=True, text=True, check=True).stdout)
    refs = {r["id"]: r["references"].get("hadolint", []) for r in rules
            if r["id"].startswith("DKR")}

    # Strata rules and the hadolint codes they cite, grouped so that a code
    # cited by two rules (DL3064: DKR005, DKR006) and a rule citing two codes
    # (DKR001: DL3006, DL3007) are compared once, as one check.
    groups = []   # [(set of rules, set of codes)]
    for rule, codes in sorted(refs.items()):
        if not codes:
            continue
        rules_set, codes_set = {rule}, set(codes)
        for g in [g for g in groups if g[1] & codes_set]:
            groups.remove(g)
            rules_set |= g[0]
            codes_set |= g[1]
        groups.append((rules_set, codes_set))
    groups.sort(key=lambda g: sorted(g[1]))
    rule_group = {r: i for i, (rules_, _) in enumerate(groups) for r in rules_}
    code_group = {c: i for i, (_, codes) in enumerate(groups) for c in codes}

    def empty():
        return {"files": set(), "stages": set(), "instructions": set()}
    ours = collections.defaultdict(empty)
    theirs = collections.defaultdict(empty)
    lines = collections.defaultdict(set)   # (group, tool, path, start) -> texts

    def add(table, group, path, line):
        lay = layouts.get(path)
        if lay is None:
            return
        table[group]["files"].add(path)
        table[group]["stages"].add((path, lay.stage.get(line, 0)))
        table[group]["instructions"].add((path, lay.start.get(line, line)))

    beyond = collections.Counter()
    for f in report["findings"]:
        if f.get("suppressed") or f["rule_id"] not in rule_group:
            continue
        path = os.path.abspath(f["path"])
        if path in unparsed:
            continue
        lay = layouts.get(path)
        start = lay.start.get(f["start_line"], f["start_line"]) if lay else f["start_line"]
        text = " ".join(lay.lines[start - 1:f["start_line"]]) if lay else ""
        kind = next((why for rule, pattern, why in BEYOND_HADOLINT
                     if rule == f["rule_id"] and pattern.search(text)), None)
        if kind:
            beyond[f"{f['rule_id']}: {kind}"] += 1
            continue
        add(ours, rule_group[f["rule_id"]], path, f["start_line"])
    for f in hadolint_findings:
        if f["code"] in code_group:
            add(theirs, code_group[f["code"]], os.path.abspath(f["file"]), f["line"])

    print(f"{len(files)} Dockerfiles")
    print(f"hadolint: {h_time:.3f}s   strata: {s_time:.3f}s   "
          f"(hadolint/strata = {h_time / s_time:.1f}x, best of {args.runs})")
    problems = [e for e in report.get("files", []) if e.get("status") == "error"]
    if problems:
        print(f"strata file errors: {len(problems)}")
        for e in problems[:10]:
            print(f"  {e['path']}: {e.get('error', '')[:120]}")
    print()
    header = (f"{'hadolint':17} {'strata':14} {'files b/h/s':>13} {'stages b/h/s':>14} "
              f"{'instructions b/h/s':>19}  unit")
    print(header)
    print("-" * len(header))
    silent = []
    totals = [0, 0, 0]

    def unit(group):
        # A check on the built image (its user, its health check) is judged
        # once per file; hadolint reports it on some stage, Strata on the
        # final one.
        return "files" if groups[group][0] & IMAGE_RULES else "instructions"

    for g, (rules_, codes) in enumerate(groups):
        codes_text = ",".join(sorted(codes))
        rules_text = ",".join(sorted(rules_))
        cells = []
        for level in ("files", "stages", "instructions"):
            h, s = theirs[g][level], ours[g][level]
            cells.append(f"{len(h & s)}/{len(h - s)}/{len(s - h)}")
        if all(c == "0/0/0" for c in cells):
            silent.append(f"{codes_text} ({rules_text})")
            continue
        h, s = theirs[g][unit(g)], ours[g][unit(g)]
        for i, n in enumerate((len(h & s), len(h - s), len(s - h))):
            totals[i] += n
        print(f"{codes_text:17} {rules_text:14} {cells[0]:>13} {cells[1]:>14} {cells[2]:>19}"
              f"  {unit(g)}")
    print("(b = both flag, h = only hadolint, s = only strata)")
    both, only_h, only_s = totals
    if both + only_h + only_s:
        print(f"agreement: {both}/{both + only_h + only_s} = "
              f"{100.0 * both / (both + only_h + only_s):.1f}% "
              f"(only hadolint {only_h}, only strata {only_s})")
    for path in unparsed:
        print(f"left out, hadolint cannot parse it (DL1000): {path}")
    for kind, n in sorted(beyond.items()):
        print(f"strata only, a check hadolint does not have: {n} x {kind}")
    if silent:
        print("neither tool fires: " + ", ".join(silent))
    if args.details:
        common = os.path.commonpath(files) if len(files) > 1 else os.path.dirname(files[0])
        for g, (rules_, codes) in enumerate(groups):
            h, s = theirs[g][unit(g)], ours[g][unit(g)]
            label_of = ",".join(sorted(rules_))
            for label, keys in (("only hadolint", h - s), ("only strata", s - h)):
                for key in sorted(keys):
                    if unit(g) == "files":
                        print(f"{label_of} {label}: {os.path.relpath(key, common)}")
                        continue
                    path, line = key
                    text = layouts[path].text(line)[:110]
                    print(f"{label_of} {label}: {os.path.relpath(path, common)}:{line}: {text}")


if __name__ == "__main__":
    main()
