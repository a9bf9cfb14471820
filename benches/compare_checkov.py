#!/usr/bin/env python3
"""Side-by-side agreement with Checkov on the same directory.

Usage: compare_checkov.py [--framework terraform|kubernetes] [--var-file F]... DIR [CHECKOV_JSON]
       compare_checkov.py --suite [WORK]   (the Terraform repositories of SUITE, from
                                           the snapshots in $STRATA_MIRRORS)
  (needs a build in $STRATA or target/release, and `checkov` on PATH or in
  $CHECKOV unless CHECKOV_JSON holds the output of
  `checkov -d DIR --framework FRAMEWORK --quiet --compact -o json`)

Terraform is compared per problem: every problem either tool reports on a
check both have is agreed, or reported by one tool alone and then looked up
in benches/checkov_verdicts.txt, the reviewed list of who is right and why.
Kubernetes compares the (file, resource) pairs per Checkov ID.
"""
import collections
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STRATA = os.environ.get("STRATA") or os.path.join(ROOT, "target", "release", "strata")


def strata_findings(directory):
    out = subprocess.run([STRATA, "scan", directory, "--format", "json"],
                         capture_output=True, text=True, check=False)
    report = json.loads(out.stdout)
    rules = json.loads(subprocess.run([STRATA, "rules", "--format", "json"],
                                      capture_output=True, text=True, check=True).stdout)
    refs = {r["id"]: r["references"].get("checkov", []) for r in rules}
    applies = {r["id"]: r.get("applies_to", []) for r in rules}
    return report, refs, applies


# Kubernetes kinds Checkov's resource checks read pod specs from; a custom
# resource that embeds a pod template (an Argo Rollout) is Strata's alone.
WORKLOAD_KINDS = {"Pod", "Deployment", "DaemonSet", "StatefulSet", "ReplicaSet",
                  "ReplicationController", "Job", "CronJob", "PodTemplate"}


# Checkov graph checks that judge one entity only (their resource_types filter).
CHECKOV_ENTITIES = {
    "CKV2_K8S_5": {"RoleBinding", "ClusterRoleBinding"},  # ReadAllSecrets: on bindings
}

# Checkov graph checks that name a workload's pods `Pod.<ns>.<name>.<labels…>`:
# compared by namespace and name.
POD_NAMED = {"CKV2_K8S_6"}


def by_name(pair, checkov):
    path, resource = pair
    kind, ns, name = (resource.split(".", 2) + ["", ""])[:3]
    return path, ns + "." + (name.split(".")[0] if checkov and kind == "Pod" else name)


# A Checkov failure that Strata reports once under another rule on the same
# object (one finding per problem): agreed, and listed as such.
SUBSUMED_BY = {
    "CKV_K8S_43": ["K8S025"],  # `:latest` / no tag: K8S025, not also K8S026
    "CKV_K8S_155": ["K8S056"], "CKV_K8S_156": ["K8S056"],  # `*` on `*` in `*`:
    "CKV_K8S_157": ["K8S056"], "CKV_K8S_158": ["K8S056"],  # K8S056 alone
}


def comparable_kinds(applies_to):
    """The kinds a Strata rule and Checkov can both judge."""
    if "workload" in applies_to or "container" in applies_to:
        return WORKLOAD_KINDS
    return set(applies_to)


FRAMEWORKS = {
    "terraform": (".tf", ".tf.json"),
    "kubernetes": (".yaml", ".yml", ".json"),
}


def run_checkov(directory, framework, var_files=()):
    args = [os.environ.get("CHECKOV", "checkov"), "-d", directory, "--framework", framework,
            "--quiet", "--compact", "-o", "json"]
    for v in var_files:
        args += ["--var-file", v]
    out = subprocess.run(args, capture_output=True, text=True, check=False)
    return json.loads(out.stdout or "[]")


def checkov_findings(directory, framework, saved=None, var_files=()):
    if saved:
        with open(saved) as f:
            data = json.load(f)
    else:
        data = run_checkov(directory, framework, var_files)
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


def through_kustomization(finding):
    """Whether Strata judged the object as a kustomize overlay renders it
    (namespace, name prefix, patches and images applied)."""
    return any(step["path"].endswith(("kustomization.yaml", "kustomization.yml", "Kustomization"))
               for step in finding.get("trace", []))


def kustomize_dirs(finding, directory):
    """The directories (relative to DIR) of the kustomizations a finding was
    rendered through."""
    return {os.path.dirname(os.path.relpath(os.path.abspath(step["path"]), directory))
            for step in finding.get("trace", [])
            if step["path"].endswith(("kustomization.yaml", "kustomization.yml", "Kustomization"))}


def base_object(item, failures, rendered_in=()):
    """The failure Checkov reports on the object an overlay rendered `item`
    from: the same kind, its name inside the rendered one (a prefix or
    suffix added), in any namespace (the overlay may set one). A finding on
    a kustomization's `images` line names no file of the object: the
    kustomization directories it was rendered through (`rendered_in`) tell
    two same-named objects of sibling directories apart."""
    path, resource = item
    kind, _, name = (resource.split(".", 2) + ["", ""])[:3]

    def same_object(failure):
        their_kind, _, their_name = (failure[1].split(".", 2) + ["", ""])[:3]
        return their_kind == kind and their_name and their_name in name

    candidates = sorted(f for f in failures if same_object(f))
    # The object's own file first (the finding is on a base line), then the
    # nearest directory (it is on a kustomization's `images` line).
    def nearness(failure):
        return (failure[0] != path, os.path.dirname(failure[0]) not in rendered_in,
                -len(os.path.commonpath([os.path.dirname(failure[0]), os.path.dirname(path)])))
    return min(candidates, key=nearness, default=None)


def same_file_object(item, failures, pod_named):
    """`item` as Checkov names it when a kustomization in its own directory
    renamed it or set its namespace: the failure on the same-named object of
    the same file, if there is one."""
    if item in failures:
        return item
    same_file = {y for y in failures if y[0] == item[0]}
    if pod_named:   # `ns.name`: the same name in another namespace
        name = item[1].split(".", 1)[-1]
        return min((y for y in same_file if y[1].split(".", 1)[-1] == name), default=item)
    return base_object(item, same_file) or item


def compare_kubernetes(directory, saved):
    """Per Checkov ID: the (file, object) pairs each tool flags."""
    report, refs, applies = strata_findings(directory)
    checkov = checkov_findings(directory, "kubernetes", saved)
    # Files Strata analyses as Helm charts (Checkov's kubernetes framework
    # does not render them) or skips on purpose (kustomize patches,
    # templates): listed apart, with the reason, not compared.
    status = {os.path.relpath(os.path.abspath(f["path"]), directory): f for f in report["files"]}
    apart = collections.Counter()
    ours = collections.defaultdict(set)
    by_rule = collections.defaultdict(set)
    rendered = collections.defaultdict(list)
    for f in report["findings"]:
        if not f["path"].endswith(FRAMEWORKS["kubernetes"]):
            continue  # Checkov runs on one framework
        path = os.path.relpath(os.path.abspath(f["path"]), directory)
        resource = plain(f["resource"])
        if status.get(path, {}).get("kind") == "helm":
            apart["Strata: file of a Helm chart (rendered; Checkov's kubernetes framework does not)"] += 1
            continue
        if resource.split(".")[0] not in comparable_kinds(applies[f["rule_id"]]):
            apart["Strata: custom resource with a pod template (Checkov reads none)"] += 1
            continue
        if status.get(path, {}).get("status") == "skipped":
            apart["Strata: value a kustomize patch sets (Checkov judges the patch alone)"] += 1
            continue
        if through_kustomization(f):
            # Judged as an overlay renders it: matched to the base object
            # Checkov judged as written, once all failures are known.
            for ck in refs.get(f["rule_id"], []):
                rendered[ck].append((f["rule_id"], (path, resource), kustomize_dirs(f, directory)))
            continue
        by_rule[f["rule_id"]].add((path, resource))
        for ck in refs.get(f["rule_id"], []):
            ours[ck].add((path, resource))
    theirs = collections.defaultdict(set)
    base = os.path.basename(directory) + "/"
    for f in checkov:
        # Checkov's Kubernetes paths are relative to the working directory.
        path = f["file_path"].lstrip("/")
        if path.startswith(base) and not os.path.exists(os.path.join(directory, path)):
            path = path[len(base):]
        resource = f["resource"]
        file = status.get(path, {})
        if file.get("status") == "skipped":
            apart["Checkov: file Strata skips: " + file.get("reason", "")[:70]] += 1
            continue
        rules = [r for r, ids in refs.items() if f["check_id"] in ids]
        kinds = set().union(*(comparable_kinds(applies[r]) for r in rules)) if rules else set()
        if kinds and resource.split(".")[0] not in kinds:
            continue  # e.g. a default-namespace check on a ConfigMap: no Strata rule judges it
        theirs[f["check_id"]].add((path, resource))
    for ck, items in rendered.items():
        for rule_id, item, dirs in items:
            key = base_object(item, theirs.get(ck, set()), dirs) or item
            by_rule[rule_id].add(key)
            ours[ck].add(key)
    shared = sorted(set(ck for ids in refs.values() for ck in ids))
    both = only_ours = only_theirs = 0
    for ck in shared:
        a, b = ours.get(ck, set()), theirs.get(ck, set())
        rule = [r for r, ids in refs.items() if ck in ids]
        if ck in CHECKOV_ENTITIES:
            kinds = CHECKOV_ENTITIES[ck] & set().union(*(comparable_kinds(applies[r]) for r in rule))
            if not kinds:
                if a or b:
                    print(f"{ck:14} {','.join(rule):10} not comparable: Checkov judges {sorted(CHECKOV_ENTITIES[ck])}")
                continue
            a = {p for p in a if p[1].split(".")[0] in kinds}
            b = {p for p in b if p[1].split(".")[0] in kinds}
        if ck in POD_NAMED:
            a = {by_name(p, False) for p in a}
            b = {by_name(p, True) for p in b}
        # An object a kustomization in its own directory renames (a name
        # prefix): Checkov names it as written in the same file.
        a = {same_file_object(x, b - a, ck in POD_NAMED) for x in a}
        subsuming = {same_file_object(x, b, False) for r in SUBSUMED_BY.get(ck, [])
                     for x in by_rule[r]}
        once = (b - a) & subsuming
        a = a | once
        if not a and not b:
            continue
        print(f"{ck:14} {','.join(rule):10} both={len(a & b):3} strata-only={len(a - b):3} checkov-only={len(b - a):3}")
        for item in sorted(once):
            print(f"    agreed, reported once as {'/'.join(SUBSUMED_BY[ck])}: {item[0]} {item[1]}")
        for item in sorted(a - b):
            print(f"    strata only : {item[0]} {item[1]}")
        for item in sorted(b - a):
            print(f"    checkov only: {item[0]} {item[1]}")
        both += len(a & b)
        only_ours += len(a - b)
        only_theirs += len(b - a)
    total = both + only_ours + only_theirs
    if total:
        for why, n in sorted(apart.items()):
            print(f"not compared: {n:4} {why}")
        print(f"\nshared checks: {both} agreed, {only_ours} only Strata, {only_theirs} only Checkov "
              f"({100 * both / total:.0f}% agreement)")


def main():
    args = sys.argv[1:]
    import checkov_terraform  # noqa: E402 (it imports this module's helpers)
    if args[:1] == ["--suite"]:
        return checkov_terraform.run_suite(os.path.abspath(args[1] if len(args) > 1 else "/tmp/strata-checkov"))
    framework, var_files = "terraform", []
    while args[:1] in (["--framework"], ["--var-file"]):
        if args[0] == "--framework":
            framework = args[1]
        else:
            var_files.append(os.path.abspath(args[1]))
        args = args[2:]
    directory = os.path.abspath(args[0])
    saved = args[1] if len(args) > 1 else None
    if framework == "kubernetes":
        return compare_kubernetes(directory, saved)
    return checkov_terraform.compare_terraform(directory, saved, var_files)


if __name__ == "__main__":
    main()
