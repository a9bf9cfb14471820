#!/usr/bin/env python3
"""Renders each chart of a corpus with real Helm (the helm-python-sdk
package, in a throwaway virtualenv, never a Strata dependency) and with
Strata's in-process engine (examples/render_chart), compares the parsed
YAML objects per template, and reports charts/second for both.

usage: compare_helm.py [--strata BIN] [--repeat N] [--diff] [--ci] [--text] CHART_DIR...
       --text also compares the text of each template whose objects match
       and hold nothing random (quoting, folding and key order show there)
       (Python from a virtualenv with helm-python-sdk and pyyaml)
"""
import argparse
import glob
import os
import re
import subprocess
import sys
import time

import yaml
import helm_python as helm


def docs(text):
    try:
        return [d for d in yaml.safe_load_all(text) if d is not None]
    except yaml.YAMLError as e:
        return [{"__yaml_error__": str(e).splitlines()[0]}]


def helm_render(chart_dir, values_file=None):
    chart = helm.Chart.load(chart_dir)
    values = None
    if values_file:
        with open(values_file) as f:
            values = helm.values_from_yaml(f.read())
    out = chart.render(values, name="release-name", namespace="default", is_install=True)
    rendered = {k: v for k, v in out.items() if not k.endswith("NOTES.txt")}
    crds = chart.crds() if callable(chart.crds) else chart.crds
    name = chart.name() if callable(chart.name) else chart.name
    for crd in crds:
        key = crd["name"] if crd["name"].startswith(name + "/") else f"{name}/{crd['name']}"
        rendered[key] = crd["data"]
    return rendered


def strata_render(binary, chart_dir, repeat=1, values_file=None):
    extra = ["-f", values_file] if values_file else []
    p = subprocess.run([binary, chart_dir, "--repeat", str(repeat)] + extra, capture_output=True, text=True)
    rendered = {}
    chunks = re.split(r"^---\n# Source: (.*)\n", p.stdout, flags=re.M)
    for i in range(1, len(chunks) - 1, 2):
        # render_chart ends every document with one extra line break.
        rendered[chunks[i]] = chunks[i + 1][:-1] if chunks[i + 1].endswith("\n") else chunks[i + 1]
    secs = None
    m = re.search(r"rendered \d+ times in ([0-9.]+)s", p.stderr)
    if m:
        secs = float(m.group(1))
    diags = [l for l in p.stderr.splitlines() if l.startswith("diagnostic:")]
    return rendered, diags, secs


def pool_crds(rendered):
    out = {k: v for k, v in rendered.items() if "crds/" not in k}
    # The SDK lists blank CRD files too; render_chart leaves them out.
    crds = sorted(v for k, v in rendered.items() if "crds/" in k and v.strip())
    if crds:
        out["(crds)"] = "\n---\n".join(crds)
    return out


def first_diff(a, b, path=""):
    if type(a) is not type(b):
        return f"{path}: {a!r:.80} != {b!r:.80}"
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b), key=str):
            if k not in a or k not in b:
                return f"{path}.{k}: only in {'helm' if k in a else 'strata'}"
            d = first_diff(a[k], b[k], f"{path}.{k}")
            if d:
                return d
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{path}: {len(a)} items != {len(b)}"
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_diff(x, y, f"{path}[{i}]")
            if d:
                return d
        return None
    return None if a == b else f"{path}: {a!r:.80} != {b!r:.80}"


def first_text_diff(want, got):
    # render_chart, like `helm template`, leaves out blank templates.
    if not want.strip() and not got:
        return None
    # CRD files keep their own final line breaks.
    want, got = want.rstrip("\n"), got.rstrip("\n")
    for n, (w, g) in enumerate(zip(want.split("\n"), got.split("\n")), 1):
        if w != g:
            return f"text line {n}: {w!r:.100} != {g!r:.100}"
    return None if want == got else "text differs in length"


def mask(a, b):
    """Replaces, in place in `a`, the leaves where two Helm renders of the
    same chart differ (random passwords, generated certificates and the
    checksums over them) by a marker; returns their (document, keys…)."""
    masked = []

    def walk(x, y, keys, parent, key):
        if isinstance(x, dict) and isinstance(y, dict):
            for k in x:
                if k in y:
                    walk(x[k], y[k], keys + (k,), x, k)
        elif isinstance(x, list) and isinstance(y, list) and len(x) == len(y):
            for i in range(len(x)):
                walk(x[i], y[i], keys + (i,), x, i)
        elif x != y:
            parent[key] = "<non-deterministic>"
            masked.append(keys)

    for i in range(min(len(a), len(b))):
        walk(a[i], b[i], (i,), a, i)
    return masked


def apply_mask(doc_list, paths):
    for keys in paths:
        cur = doc_list
        try:
            for k in keys[:-1]:
                cur = cur[k]
            if isinstance(cur, dict) and keys[-1] not in cur:
                continue
            cur[keys[-1]] = "<non-deterministic>"
        except (KeyError, IndexError, TypeError):
            pass


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--strata", default="target/release/examples/render_chart")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--diff", action="store_true")
    ap.add_argument("--ci", action="store_true", help="also render with each chart's ci/*.yaml values file")
    ap.add_argument("--text", action="store_true", help="also compare each template's text")
    ap.add_argument("charts", nargs="+")
    args = ap.parse_args()
    identical = text_identical = compared = 0
    helm_secs = strata_secs = 0.0
    cases = []
    for chart_dir in args.charts:
        cases.append((chart_dir, None))
        if args.ci:
            for v in sorted(glob.glob(os.path.join(chart_dir, "ci", "*.yaml"))):
                cases.append((chart_dir, v))
    for chart_dir, values_file in cases:
        label = chart_dir + (f" -f {os.path.basename(values_file)}" if values_file else "")
        try:
            expected = helm_render(chart_dir, values_file)
            again = helm_render(chart_dir, values_file)
        except Exception as e:  # a chart Helm cannot render is reported, not compared
            print(f"{label}: helm failed: {str(e)[:200]}")
            continue
        t = time.perf_counter()
        for _ in range(args.repeat):
            helm_render(chart_dir, values_file)
        helm_secs += time.perf_counter() - t
        got, diags, secs = strata_render(args.strata, chart_dir, args.repeat, values_file)
        strata_secs += secs or 0.0
        # The SDK names CRDs relative to the chart that ships them; compare
        # them as one set instead.
        expected, again, got = (pool_crds(x) for x in (expected, again, got))
        problems, text_problems = [], []
        for name in sorted(set(expected) | set(got)):
            e, g = docs(expected.get(name, "")), docs(got.get(name, ""))
            paths = mask(e, docs(again.get(name, "")))
            apply_mask(g, paths)
            if e != g:
                problems.append(f"  {name}: {first_diff(e, g) or 'differs'}")
            elif args.text and not paths:
                d = first_text_diff(expected.get(name, ""), got.get(name, ""))
                if d:
                    text_problems.append(f"  {name}: {d}")
        compared += 1
        status = "identical" if not problems else "different"
        if args.text and not problems:
            status += ", same text" if not text_problems else ", other text"
        identical += not problems
        text_identical += not problems and not text_problems
        print(f"{label}: {status} ({len(expected)} templates, {len(diags)} diagnostics)")
        if (problems or text_problems) and args.diff:
            print("\n".join((problems + text_problems)[:20]))
            for d in diags[:5]:
                print("  " + d)
    n = len(cases)
    print(f"\n{identical}/{compared} charts identical ({n - compared} not rendered by Helm itself)")
    if args.text:
        print(f"{text_identical}/{compared} charts identical in text too")
    if helm_secs and strata_secs:
        runs = compared * args.repeat
        print(f"helm:   {runs / helm_secs:8.1f} charts/s")
        print(f"strata: {runs / strata_secs:8.1f} charts/s ({helm_secs / strata_secs:.1f}x)")


if __name__ == "__main__":
    sys.exit(main())
