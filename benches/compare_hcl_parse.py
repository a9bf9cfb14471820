#!/usr/bin/env python3
"""HCL parse oracle: HashiCorp's parser (pygohcl) against Strata's, file by file.

    python3 -m venv /tmp/venv-peers && /tmp/venv-peers/bin/pip install pygohcl
    cargo build --example parse_check
    /tmp/venv-peers/bin/python benches/compare_hcl_parse.py CORPUS_DIR [--show N]

Walks CORPUS_DIR for `.tf` files (skipping `.terraform/` and `.git/`), parses
each with pygohcl (hashicorp/hcl's hclsyntax, through cgo) and with Strata
(`examples/parse_check.rs`: the same parse the analysis runs, all files in one
process), and prints the four figures — files, accepted by both, rejected by
both, and the mismatches either way — then lists every file HashiCorp's parser
accepts and Strata rejects, with Strata's message. Exit status 1 when there is
such a file, so the script can gate a corpus run.

A benchmark-style tool, not a test dependency: the corpus is fetched public
repositories, never committed.
"""

import argparse
import os
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SKIP_DIRS = {".git", ".terraform"}


def corpus(root):
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
        for name in sorted(filenames):
            if name.endswith(".tf"):
                yield os.path.join(dirpath, name)


def hashicorp_verdicts(paths):
    import pygohcl  # imported here so `--help` works without it

    verdicts = {}
    for path in paths:
        with open(path, "rb") as f:
            text = f.read().decode("utf-8", errors="replace")
        try:
            pygohcl.loads(text)
            verdicts[path] = None
        except Exception as e:  # pygohcl raises HCLParseError (and ValueError on odd input)
            verdicts[path] = str(e).splitlines()[0] if str(e) else type(e).__name__
    return verdicts


def strata_verdicts(paths, binary):
    run = subprocess.run(
        [binary],
        input="\n".join(paths) + "\n",
        capture_output=True,
        text=True,
        check=True,
    )
    verdicts = {}
    for line in run.stdout.splitlines():
        fields = line.split("\t")
        verdicts[fields[1]] = None if fields[0] == "ok" else fields[2]
    return verdicts


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus")
    parser.add_argument(
        "--strata",
        default=os.path.join(REPO, "target/debug/examples/parse_check"),
        help="the parse_check example binary (cargo build --example parse_check)",
    )
    parser.add_argument("--show", type=int, default=50, help="mismatches to list")
    args = parser.parse_args()

    paths = list(corpus(args.corpus))
    if not paths:
        sys.exit(f"no .tf files under {args.corpus}")
    ours = strata_verdicts(paths, args.strata)
    theirs = hashicorp_verdicts(paths)

    both_ok = [p for p in paths if theirs[p] is None and ours.get(p) is None]
    both_bad = [p for p in paths if theirs[p] is not None and ours.get(p) is not None]
    we_reject = [p for p in paths if theirs[p] is None and ours.get(p) is not None]
    we_accept = [p for p in paths if theirs[p] is not None and ours.get(p) is None]

    print(f"files: {len(paths)}")
    print(f"accepted by both: {len(both_ok)}")
    print(f"rejected by both: {len(both_bad)}")
    print(f"accepted by HashiCorp, rejected by Strata: {len(we_reject)}")
    print(f"rejected by HashiCorp, accepted by Strata: {len(we_accept)}")
    for path in we_reject[: args.show]:
        print(f"  strata rejects {os.path.relpath(path, args.corpus)}: {ours[path]}")
    for path in we_accept[: args.show]:
        print(f"  strata accepts {os.path.relpath(path, args.corpus)}: hcl says {theirs[path]}")
    sys.exit(1 if we_reject else 0)


if __name__ == "__main__":
    main()
