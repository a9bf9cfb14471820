#!/usr/bin/env python3
"""Side-by-side agreement with Checkov on the same directory.

Usage: compare_checkov.py [--framework terraform|kubernetes] DIR [CHECKOV_JSON]
  (needs a release build, and `checkov` on PATH unless CHECKOV_JSON holds
  the output of `checkov -d DIR --framework FRAMEWORK --compact -o json`)

For every Checkov check that a Strata rule lists in its references, compares
the (file, resource) pairs each tool flags and prints agreement, plus the
pairs only one tool reports, so every disagreement can be explained.
"""
import collections
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STRATA = os.path.join(ROOT, "target", "release", "strata")


def strata_findings(directory):
    out = subprocess.run([STRATA, "scan", directory, "--format", "json"],
                         capture_output=True, text=True, check=False)
    report = json.loads(out.stdout)
    rules = json.loads(subprocess.run([STRATA, "rules", "--format", "json"],
                                      capture_output=True, text=True, check=True).stdout)
    refs = {r["id"]: r["references"].get("checkov", []) for r in rules}
    return report, refs


FRAMEWORKS = {
    "terraform": (".tf", ".tf.json"),
    "kubernetes": (".yaml", ".yml", ".json"),
}


def checkov_findings(directory, framework, saved=None):
    if saved:
        with open(saved) as f:
            data = json.load(f)
    else:
        out = subprocess.run(["checkov", "-d", directory, "--framework", framework, "--quiet",
                              "--compact", "-o", "json"], capture_output=True, text=True, check=False)
        data = json.loads(out.stdout or "[]")
    if isinstance(data, dict):
        data = [data]
    fails = []
    for block in data:
        fails.extend(block.get("results", {}).get("failed_checks", []))
    return fails


def plain(address):
    """`module.x.aws_s3_bucket.b[0]` -> `aws_s3_bucket.b` (Checkov names resources without
    instances); `Deployment/ns/web/containers/app` -> `Deployment.ns.web` (Checkov reports
    containers on their object)."""
    if "/" in address:
        parts = address.split("/containers/")[0].split("/initContainers/")[0].split("/")
        if len(parts) == 2:  # cluster-scoped
            parts = [parts[0], "default", parts[1]]
        return ".".join(parts[:3])
    address = re.sub(r'\[[^\]]*\]', '', address)
    parts = address.split(".")
    while len(parts) > 2 and parts[0] == "module":
        parts = parts[2:]
    return ".".join(parts[-2:])


def main():
    args = sys.argv[1:]
    framework = "terraform"
    if args[:1] == ["--framework"]:
        framework, args = args[1], args[2:]
    directory = os.path.abspath(args[0])
    report, refs = strata_findings(directory)
    checkov = checkov_findings(directory, framework, args[1] if len(args) > 1 else None)
    ours = collections.defaultdict(set)
    for f in report["findings"]:
        if not f["path"].endswith(FRAMEWORKS[framework]):
            continue  # Checkov runs on one framework
        path = os.path.relpath(os.path.abspath(f["path"]), directory)
        for ck in refs.get(f["rule_id"], []):
            ours[ck].add((path, plain(f["resource"])))
    theirs = collections.defaultdict(set)
    base = os.path.basename(directory) + "/"
    for f in checkov:
        # Checkov's paths are relative to DIR for Terraform but to the
        # working directory for Kubernetes.
        path = f["file_path"].lstrip("/")
        if path.startswith(base) and not os.path.exists(os.path.join(directory, path)):
            path = path[len(base):]
        resource = f["resource"] if framework == "kubernetes" else plain(f["resource"])
        theirs[f["check_id"]].add((path, resource))
    shared = sorted(set(ck for ids in refs.values() for ck in ids))
    both = only_ours = only_theirs = 0
    for ck in shared:
        a, b = ours.get(ck, set()), theirs.get(ck, set())
        if not a and not b:
            continue
        rule = [r for r, ids in refs.items() if ck in ids]
        print(f"{ck:14} {','.join(rule):10} both={len(a & b):3} strata-only={len(a - b):3} checkov-only={len(b - a):3}")
        for item in sorted(a - b):
            print(f"    strata only : {item[0]} {item[1]}")
        for item in sorted(b - a):
            print(f"    checkov only: {item[0]} {item[1]}")
        both += len(a & b)
        only_ours += len(a - b)
        only_theirs += len(b - a)
    total = both + only_ours + only_theirs
    if total:
        print(f"\nshared checks: {both} agreed, {only_ours} only Strata, {only_theirs} only Checkov "
              f"({100 * both / total:.0f}% agreement)")


if __name__ == "__main__":
    main()
