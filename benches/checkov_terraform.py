"""Terraform side of compare_checkov.py: agreement with Checkov per problem."""
import collections
import fnmatch
import json
import os
import re
import shutil
import subprocess
import sys

from compare_checkov import ROOT, STRATA, SUBSUMED_BY, checkov_findings, plain, run_checkov

# ---------------------------------------------------------------- Terraform
#
# Compared per problem, not per ID: one Strata finding may stand for several
# Checkov checks (an administrator policy is AWS049 alone, where Checkov
# fails CKV_AWS_1 and CKV_AWS_62), and a rule that supersedes others stands
# for their checks too. Both tools name a module's resource by its file and
# address; Checkov judges a module once (with its defaults, or as called),
# Strata once per instance, so instances are folded onto the resource.

VERDICTS = os.path.join(ROOT, "benches", "checkov_verdicts.txt")

# Repositories compared, chosen before any was measured (AWS, Azure and GCP;
# published modules and deployable roots). A `var=value` after the name is
# given to both tools as a variable file: sadcloud creates nothing unless
# asked (its README: set `all_findings = true`).
SUITE = [
    ("bridgecrewio/terragoat", []),
    ("nccgroup/sadcloud", ["all_findings=true"]),
    ("nozaq/terraform-aws-secure-baseline", []),
    ("terraform-aws-modules/terraform-aws-s3-bucket", []),
    ("terraform-aws-modules/terraform-aws-vpc", []),
    ("terraform-aws-modules/terraform-aws-iam", []),
    ("Azure/terraform-azurerm-aks", []),
    ("Azure/terraform-azurerm-avm-res-storage-storageaccount", []),
    ("terraform-google-modules/terraform-example-foundation", []),
    ("terraform-google-modules/terraform-google-kubernetes-engine", []),
]


def catalog():
    """Per rule: the Checkov IDs it stands for (its own and, transitively,
    those of the rules it supersedes) and the kinds it judges."""
    rules = json.loads(subprocess.run([STRATA, "rules", "--format", "json"],
                                      capture_output=True, text=True, check=True).stdout)
    by_id = {r["id"]: r for r in rules}

    def stands_for(rule_id, seen=()):
        rule = by_id.get(rule_id)
        if rule is None or rule_id in seen:
            return set()
        ids = set(rule["references"].get("checkov", []))
        ids |= {ck for ck, rules in SUBSUMED_BY.items() if rule_id in rules}
        for other in rule.get("supersedes", []):
            ids |= stands_for(other, seen + (rule_id,))
        return ids
    return {r: (stands_for(r), set(by_id[r]["applies_to"])) for r in by_id}


def resource_address(address):
    """`module.m.kubernetes_pod.web[0]/containers/app` -> `kubernetes_pod.web`:
    Checkov reports a container on its resource."""
    return plain(address.split("/")[0])


def resource_type(address):
    return resource_address(address).split(".")[0]


PROVIDERS = ("aws_", "azurerm_", "azuread_", "google_", "kubernetes_", "helm_")


# The Terraform resources behind the pod kinds of Strata's model.
WORKLOADS = re.compile(r"^kubernetes_(pod|deployment|daemon_?set|stateful_set|replica_set|"
                       r"replication_controller|job|cron_job)(_v1)?$")


def judged(kind, kinds):
    """Whether a rule on KINDS can judge a Terraform resource of KIND. A kind
    of Strata's model stands for several resource types (`workload` for the
    pod-running ones, `ingress_rule` for firewalls), and a policy document is
    judged through the resource that reads it."""
    if kind in kinds or kind.endswith("_policy_document") or "*" in kinds:
        return True
    if {"workload", "container"} & kinds and WORKLOADS.match(kind):
        return True
    return any(not k.startswith(PROVIDERS) and k not in ("workload", "container") for k in kinds)


def load_verdicts(path=VERDICTS):
    """`class: who: reason` lines name the classes; `side ID REPO:PATH RESOURCE class`
    lines (fnmatch patterns) put reviewed disagreements in them."""
    classes, entries = {}, []
    if not os.path.exists(path):
        return classes, entries
    with open(path) as f:
        for number, line in enumerate(f, 1):
            line = line.split(" #")[0].strip() if not line.startswith("#") else ""
            if not line:
                continue
            if line.startswith("class "):
                name, who, reason = [p.strip() for p in line[6:].split(":", 2)]
                if who not in ("strata right", "checkov right"):
                    sys.exit(f"{path}:{number}: verdict must be `strata right` or `checkov right`")
                classes[name] = (who, reason)
                continue
            side, ident, where, resource, name = line.split()
            if name not in classes:
                sys.exit(f"{path}:{number}: unknown class `{name}`")
            entries.append((side, ident, where, resource, name))
    return classes, entries


def classify(entries, side, ident, where, resource):
    for s, i, w, r, name in entries:
        if s == side and fnmatch.fnmatchcase(ident, i) and fnmatch.fnmatchcase(where, w) \
                and fnmatch.fnmatchcase(resource, r):
            return name
    return None


class Node:
    """One tool's verdict on one resource: a Strata rule or a Checkov check."""

    def __init__(self, side, ident, path, resource, spots):
        self.side, self.ident, self.path, self.resource = side, ident, path, resource
        self.spots = spots  # (path, line) or (path, first, last) places it names
        self.links = []


CHECK_KINDS = """
import json, os, yaml
import checkov.terraform.checks.graph_checks as graph
from checkov.terraform.checks.resource.registry import resource_registry
from checkov.terraform.checks.data.registry import data_registry
from checkov.terraform.checks.provider.registry import provider_registry
kinds = {}
for registry in (resource_registry, data_registry, provider_registry):
    for kind, checks in registry.checks.items():
        for check in checks:
            kinds.setdefault(check.id, []).append(kind)
def types(node):
    if isinstance(node, dict):
        found = []
        for key in ("resource_types", "connected_resource_types"):
            value = node.get(key, [])
            found += [value] if isinstance(value, str) else value
        return found + [t for v in node.values() for t in types(v)]
    return [t for v in node for t in types(v)] if isinstance(node, list) else []
for folder, _, files in os.walk(os.path.dirname(graph.__file__)):
    for name in files:
        if name.endswith((".json", ".yaml", ".yml")):
            with open(os.path.join(folder, name)) as f:
                check = yaml.safe_load(f)
            if isinstance(check, dict) and "metadata" in check:
                kinds.setdefault(check["metadata"]["id"], []).extend(types(check.get("definition", {})))
print(json.dumps(kinds))
"""


# Checkov's Terraform checks of Kubernetes resources that carry another
# check's ID in its manifest framework (MemoryLimits.py and MemoryRequests.py
# of checkov/terraform/checks/resource/kubernetes and checkov/kubernetes):
# named as in manifests, which Strata's references follow.
TERRAFORM_ALIASES = {"CKV_K8S_12": "CKV_K8S_13", "CKV_K8S_13": "CKV_K8S_12"}


def checkov_kinds():
    """What each Checkov check judges (resource types, data sources, provider
    names), from Checkov's own registries: a rule on every kind (a hard-coded
    secret) is compared only on the kinds its Checkov checks read."""
    checkov = shutil.which(os.environ.get("CHECKOV", "checkov"))
    python = os.path.join(os.path.dirname(os.path.realpath(checkov)) if checkov else "", "python3")
    if not checkov or not os.path.exists(python):
        sys.exit("Checkov's interpreter is needed to read what its checks judge: set CHECKOV")
    out = json.loads(subprocess.run([python, "-c", CHECK_KINDS], capture_output=True, text=True,
                                    check=True).stdout)
    return {TERRAFORM_ALIASES.get(ck, ck): set(k) for ck, k in out.items()}


def reads(kinds, kind):
    """Whether a check on KINDS reads a resource of KIND, or one that
    configures a resource of those kinds (`aws_s3_bucket_logging`)."""
    return any(kind == k or ("_" in k and kind.startswith(k + "_")) for k in kinds)


SKIP = re.compile(r"checkov:skip=([A-Z0-9_]+)")


def skips(directory, path, address):
    """The Checkov checks the repository skips in a resource's block."""
    kind, name = resource_address(address).split(".", 1)
    try:
        with open(os.path.join(directory, path)) as f:
            lines = f.read().splitlines()
    except OSError:
        return set()
    header = re.compile(r'^\s*resource\s+"?%s"?\s+"?%s"?' % (re.escape(kind), re.escape(name)))
    found, inside = set(), False
    for line in lines:
        if header.match(line):
            inside = True
        elif inside and re.match(r"^(resource|data|module|variable|output|locals)\b", line):
            break
        if inside:
            found |= set(SKIP.findall(line))
    return found


BLOCK = re.compile(r'^(resource|data)\s+"?([\w-]+)"?\s+"?([\w-]+)"?')


def enclosing_block(directory, path, line):
    """The `resource`/`data` block a line of a file is in: (keyword, type, name)."""
    try:
        with open(os.path.join(directory, path)) as f:
            lines = f.read().splitlines()[:line]
    except OSError:
        return None
    for text in reversed(lines):
        m = BLOCK.match(text)
        if m:
            return m.groups()
        if re.match(r"^(module|variable|output|locals|provider|terraform)\b", text):
            return None
    return None


def finding_kind(address):
    parts = resource_address(address).split(".")
    return parts[1] if parts[0] == "provider" and len(parts) > 1 else parts[0]


def strata_nodes(directory, var_files, rules, kinds):
    args = [STRATA, "scan", directory, "--format", "json", "--exit-zero"]
    # Checkov's terraform framework reads only Terraform.
    args += ["--exclude", "*.yaml", "--exclude", "*.yml", "--exclude", "Dockerfile*"]
    for v in var_files:
        args += ["--var-file", v]
    out = subprocess.run(args, capture_output=True, text=True, check=False)
    if out.returncode not in (0, 3):  # 3: some files could not be read; the rest is reported
        sys.exit(f"strata failed on {directory}:\n{out.stderr[-2000:]}")
    report = json.loads(out.stdout)
    nodes, apart = {}, collections.Counter()
    for f in report["files"]:
        if f["status"] == "error":
            ext = f["path"].rsplit(".", 1)[-1]
            apart[f"file Strata reports unreadable (an error in its report): *.{ext}"] += 1
    for f in report["findings"]:
        stands, applies = rules.get(f["rule_id"], (set(), set()))
        if not f["path"].endswith((".tf", ".tf.json")) or not stands:
            continue  # a rule no Checkov check matches
        kind = finding_kind(f["resource"])
        path = os.path.relpath(os.path.abspath(f["path"]), directory)
        block = enclosing_block(directory, path, f["start_line"])
        if block and block[0] == "data":
            kind = block[1]  # a policy document the resource reads: Checkov judges it
        if not any(reads(kinds.get(ck, ()), kind) for ck in stands):
            # e.g. a secret in a database password, or a Kubernetes check
            # Checkov has only for manifests: no Checkov check reads it
            apart[f"Strata {f['rule_id']} on {kind}: no Checkov Terraform check of "
                  f"{','.join(sorted(stands))} reads it"] += 1
            continue
        skipped = skips(directory, path, f["resource"]) & stands
        if skipped:
            apart[f"Strata {f['rule_id']}: the repository skips {','.join(sorted(skipped))} "
                  "there (#checkov:skip)"] += 1
            continue
        key = (f["rule_id"], path, resource_address(f["resource"]))
        node = nodes.setdefault(key, Node("strata", *key, set()))
        node.spots.add((path, f["start_line"]))
        for t in f["trace"]:
            if "called here" not in t["note"]:
                node.spots.add((os.path.relpath(os.path.abspath(t["path"]), directory), t["start_line"]))
    return list(nodes.values()), apart


def checkov_nodes(directory, fails, rules):
    """Failures of checks some Strata rule stands for, on kinds it judges;
    the rest are counted apart."""
    shared = collections.defaultdict(set)
    for stands, kinds in rules.values():
        for ck in stands:
            shared[ck] |= kinds
    nodes, apart = {}, collections.Counter()
    for f in fails:
        ck, kind = f["check_id"], resource_type(f["resource"])
        if kind.startswith("kubernetes_"):
            ck = TERRAFORM_ALIASES.get(ck, ck)
        if ck not in shared:
            continue
        if not judged(kind, shared[ck]):
            apart[f"Checkov {ck} on {kind}: the Strata rule judges {','.join(sorted(shared[ck]))}"] += 1
            continue
        path = f["file_path"].lstrip("/")
        key = (ck, path, resource_address(f["resource"]))
        first, last = f["file_line_range"]
        nodes.setdefault(key, Node("checkov", *key, {(path, first, last)}))
    return list(nodes.values()), apart


def same_place(s, c):
    """A Strata finding and a Checkov failure name one object: the same
    resource, or Strata points inside the block Checkov reports (a policy
    document a resource reads)."""
    if (s.path, s.resource) == (c.path, c.resource):
        return True
    # A resource that configures another and is named alike (Strata judges
    # `aws_s3_bucket_server_side_encryption_configuration.logs`, Checkov the
    # bucket `aws_s3_bucket.logs` it configures).
    (s_kind, s_name), (c_kind, c_name) = s.resource.split(".", 1), c.resource.split(".", 1)
    if s.path == c.path and s_name == c_name and s_kind.startswith(c_kind + "_"):
        return True
    return any(p == path and first <= line <= last
               for (path, first, last) in c.spots for (p, line) in s.spots)


def problems(ours, theirs, rules):
    """Connected groups of verdicts that describe one problem."""
    for s in ours:
        stands = rules[s.ident][0]
        for c in theirs:
            if c.ident in stands and same_place(s, c):
                s.links.append(c)
                c.links.append(s)
    seen, groups = set(), []
    for start in ours + theirs:
        if id(start) in seen:
            continue
        group, todo = [], [start]
        seen.add(id(start))
        while todo:
            n = todo.pop()
            group.append(n)
            for m in n.links:
                if id(m) not in seen:
                    seen.add(id(m))
                    todo.append(m)
        groups.append(group)
    return groups


def compare_terraform(directory, checkov_json=None, var_files=(), name=None, commit=None,
                      verdicts=None, kinds=None):
    """Prints every problem one tool reports alone, with its reviewed class, and
    returns the tallies."""
    classes, entries = verdicts or load_verdicts()
    rules = catalog()
    slug = os.path.basename(directory)
    name = name or slug.replace("+", "/", 1)
    commit = commit or mirror_commit(slug)
    kinds = kinds or checkov_kinds()
    ours, apart = strata_nodes(directory, var_files, rules, kinds)
    fails = checkov_findings(directory, "terraform", checkov_json, var_files)
    theirs, their_apart = checkov_nodes(directory, fails, rules)
    apart.update(their_apart)
    tally = collections.Counter()
    lines = []
    for group in problems(ours, theirs, rules):
        sides = {n.side for n in group}
        if len(sides) == 2:
            tally["agreed"] += 1
            continue
        side = sides.pop()
        n = group[0]
        ids = "/".join(sorted({m.ident for m in group}))
        where = f"{name}:{n.path}"
        cls = classify(entries, side, ids, where, n.resource)
        if cls is None:
            tally["unreviewed"] += 1
            verdict = "UNREVIEWED"
        else:
            who = classes[cls][0]
            tally[who] += 1
            verdict = f"{who} [{cls}]"
        lines.append(f"  {side}-only {ids:24} {n.path} {n.resource}: {verdict}")
    print(f"== {name} @ {commit or 'unknown commit'}")
    for line in sorted(lines):
        print(line)
    for why, count in sorted(apart.items()):
        print(f"  not compared: {count:3} {why}")
    print("  " + summary(tally))
    return tally


def summary(t):
    total = t["agreed"] + t["strata right"] + t["checkov right"] + t["unreviewed"]
    if not total:
        return "no problem either tool reports on checks both have"
    raw = 100 * t["agreed"] / total
    reviewed = 100 * (t["agreed"] + t["strata right"]) / total
    return (f"{total} problems: {t['agreed']} agreed, {t['strata right']} Strata right, "
            f"{t['checkov right']} Checkov right, {t['unreviewed']} unreviewed; "
            f"raw {raw:.1f}%, reviewed {reviewed:.1f}%")


# Bare snapshots of the SUITE repositories, one `<owner>+<name>/repo` each.
MIRRORS = os.environ.get("STRATA_MIRRORS", "/work/.mirror")


def mirror_commit(slug):
    """The commit of the snapshot a directory was extracted from."""
    git = os.path.join(MIRRORS, slug, "repo")
    if not os.path.isdir(git):
        return None
    return subprocess.run(["git", "--git-dir", git, "rev-parse", "HEAD"], capture_output=True,
                          text=True, check=True).stdout.strip()


def run_suite(work):
    """Every SUITE repository from its snapshot in MIRRORS: extracted to
    WORK, Checkov's output cached next to it by commit."""
    verdicts, kinds = load_verdicts(), checkov_kinds()
    overall = collections.Counter()
    rows = []
    for repo, assignments in SUITE:
        slug = repo.replace("/", "+")
        git = os.path.join(MIRRORS, slug, "repo")
        commit = mirror_commit(slug)
        directory = os.path.join(work, slug)
        if not os.path.isdir(directory):
            os.makedirs(directory)
            archive = subprocess.run(["git", "--git-dir", git, "archive", "HEAD"],
                                     capture_output=True, check=True).stdout
            subprocess.run(["tar", "-x", "-C", directory], input=archive, check=True)
        var_files = []
        if assignments:
            var_file = os.path.join(work, slug + ".tfvars")
            with open(var_file, "w") as f:
                f.writelines(a.replace("=", " = ", 1) + "\n" for a in assignments)
            var_files.append(var_file)
        cache = os.path.join(work, f"{slug}@{commit[:12]}.checkov.json")
        if not os.path.exists(cache):
            with open(cache + ".part", "w") as f:
                json.dump(run_checkov(directory, "terraform", var_files), f)
            os.rename(cache + ".part", cache)
        tally = compare_terraform(directory, cache, var_files, repo, commit, verdicts, kinds)
        overall.update(tally)
        rows.append((repo, commit[:12], summary(tally)))
    print("\n== per repository")
    for row in rows:
        print("  %s @ %s: %s" % row)
    print("\n== overall\n  " + summary(overall))
