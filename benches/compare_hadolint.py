#!/usr/bin/env python3
"""Side-by-side agreement with hadolint on the same Dockerfiles, and speed.

Usage: compare_hadolint.py [--hadolint PATH] [--strata PATH] [--runs N] SOURCE...

A SOURCE is one repository: a git directory (a bare mirror or a `.git`),
whose Dockerfiles at HEAD are extracted to a temporary directory and whose
commit is printed, or a plain directory. Every file named `Dockerfile`,
`Dockerfile.*`, `*.Dockerfile` or `Containerfile` is given to both tools, as
one explicit file list.

For every hadolint code that a Strata rule lists in its references, compares
the (file, first line of the instruction) pairs each tool flags — both tools
report once per instruction; a Strata finding inside a multi-line RUN is
mapped back to the instruction that contains it. Checks on the built image
(its user, its health check) are compared once per file. Suppressed Strata
findings (`# hadolint ignore=…`) do not count, as hadolint does not report
what it was told to ignore. A file hadolint cannot parse (DL1000) is left
out and listed; a file Strata reports an error in is listed and compared
all the same, as Strata analyses what it can of it. Raw agreement is both / (both + only hadolint + only strata).

Every disagreement is listed with the first class of REVIEWED that explains
it — a documented semantic difference with its verdict — or as
"unreviewed". The second figure leaves out the disagreements a
"strata right" class explains: agreement where no reviewed difference in
Strata's favour applies.

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
NAMES = re.compile(r"(^|/)(Dockerfile|Dockerfile\.[^/]+|[^/]+\.Dockerfile|Containerfile)$")
INSTRUCTION = re.compile(
    r"^\s*(FROM|RUN|CMD|LABEL|MAINTAINER|EXPOSE|ENV|ADD|COPY|ENTRYPOINT|VOLUME|USER|"
    r"WORKDIR|ARG|ONBUILD|STOPSIGNAL|HEALTHCHECK|SHELL)\b", re.IGNORECASE)
WINDOWS_BASE = re.compile(r"(nanoserver|servercore|windows/server|windows:)", re.I)


# --- the Dockerfile as this script sees it --------------------------------

class Stage:
    def __init__(self, line, image, alias):
        self.line, self.image, self.alias = line, image, alias
        self.instructions = []   # (keyword, text)

    def last(self, keyword):
        found = [t for k, t in self.instructions if k == keyword]
        return found[-1] if found else None


def heredoc_marker(keyword, text):
    """The word that ends a heredoc opened on this line of RUN/COPY/ADD."""
    m = re.search(r"<<-?[\"']?([A-Za-z_][A-Za-z0-9_]*)", text)
    return m.group(1) if m and keyword in ("RUN", "COPY", "ADD") else None


class Layout:
    """Instructions (first line → whole text), their stages, and which
    stages end up in the built image."""

    def __init__(self, path):
        with open(path, encoding="utf-8", errors="replace") as fh:
            self.source = fh.read()
        self.lines = self.source.split("\n")
        self.start = {}   # line -> first line of its instruction
        self.stage = {}   # line -> stage index
        self.full = {}    # first line -> whole instruction text
        self.stages = []
        self.first_keyword = None
        escape = "\\"
        for line in self.lines[:5]:
            m = re.match(r"^#\s*escape\s*=\s*(\S)", line, re.IGNORECASE)
            if m:
                escape = m.group(1)
        current, continued, heredoc, keyword = None, False, None, None
        for number, text in enumerate(self.lines, start=1):
            stripped = text.strip()
            if heredoc is not None:
                if stripped == heredoc:
                    heredoc = None
                self._extend(current, text)
            elif continued:
                if not stripped.startswith("#"):
                    continued = text.rstrip().endswith(escape)
                    self._extend(current, text.rstrip().rstrip(escape))
                    heredoc = heredoc_marker(keyword, text)
            elif stripped and not stripped.startswith("#") and INSTRUCTION.match(text):
                current = number
                keyword = INSTRUCTION.match(text).group(1).upper()
                self.first_keyword = self.first_keyword or keyword
                if keyword == "FROM":
                    self._from(number, text)
                continued = text.rstrip().endswith(escape)
                self.full[number] = text.rstrip().rstrip(escape) if continued else text
                if self.stages:
                    self.stages[-1].instructions.append((keyword, number))
                heredoc = heredoc_marker(keyword, text)
            self.start[number] = current or number
            self.stage[number] = max(len(self.stages) - 1, 0)
        for stage in self.stages:
            stage.instructions = [(k, self.full[n]) for k, n in stage.instructions]
        self.ships = self._ships()

    def _extend(self, current, text):
        if current is not None:
            self.full[current] += "\n" + text

    def _from(self, number, text):
        words = text.split()[1:]
        words = [w for w in words if not w.startswith("--")]
        image = words[0].lower() if words else ""
        alias = words[2].lower() if len(words) >= 3 and words[1].lower() == "as" else None
        self.stages.append(Stage(number, image, alias))

    def _ships(self):
        """The final stage and the stages it is built FROM."""
        if not self.stages:
            return set()
        by_alias = {s.alias: i for i, s in enumerate(self.stages) if s.alias}
        ships, at = set(), len(self.stages) - 1
        while at is not None and at not in ships:
            ships.add(at)
            at = by_alias.get(self.stages[at].image)
            if at is not None and at >= max(ships):
                break
        return ships

    def text(self, line):
        return self.full.get(line, self.lines[line - 1] if 0 < line <= len(self.lines) else "")

    def final(self):
        return self.stages[-1] if self.stages else Stage(0, "", None)


# --- reviewed differences ---------------------------------------------------

def scoped_cds(text):
    """Whether every `cd` of a RUN sits inside `( … )` or a quoted script
    (`sh -c "…"`), where it ends with the child shell."""
    depth, quote, found, i = 0, None, False, 0
    while i < len(text):
        c = text[i]
        if c == "\\" and quote != "'":
            i += 2
            continue
        if (text.startswith("cd", i) and text[i + 2:i + 3].isspace()
                and not re.match(r"[\w./-]", text[i - 1:i] or " ")):
            found = True
            if depth == 0 and quote is None:
                return False
        if quote:
            quote = None if c == quote else quote
        elif c in "'\"":
            quote = c
        elif c == "(" and text[i - 1:i] != "$":
            depth += 1
        elif c == ")" and depth:
            depth -= 1
        i += 1
    return found


def pip_ranges_only(text):
    """Whether every package of the RUN's `pip install`s carries a version
    operator and at least one of them only a range."""
    specs = []
    for m in re.finditer(r"\bpip\S*\s+install\b([^;&|]*)", text):
        specs += [w.strip("'\"") for w in m.group(1).split() if not w.startswith("-")]
    operators = re.compile(r"(==|<=|>=|~=|!=|<|>)")
    return bool(specs) and all(operators.search(w) for w in specs) and any(
        "==" not in w for w in specs)


def valid_exec_form(text):
    args = re.sub(r"^\s*\w+\s+", "", text, count=1)
    args = re.sub(r"^(--\S+\s+)*CMD\s+", "", args) if text.upper().startswith("HEALTHCHECK") else args
    try:
        value = json.loads(args)
    except ValueError:
        return False
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def from_names_a_stage(text, lay):
    m = re.match(r"^\s*FROM\s+(?:--\S+\s+)*([^\s$]*)\$", text, re.I)
    aliases = [s.alias for s in lay.stages if s.alias]
    return bool(m) and any(a.startswith(m.group(1).lower()) for a in aliases)


def final_user(lay):
    user = lay.final().last("USER")
    return re.sub(r"^\s*USER\s+", "", user, flags=re.I).split(":")[0].strip() if user else None


def runs_nothing(lay):
    final = lay.final()
    return final.image == "scratch" and not final.last("CMD") and not final.last("ENTRYPOINT")


def defaults(lay):
    """The file's ARG and ENV defaults, name -> value (the last one written)."""
    found = {}
    for m in re.finditer(r"^\s*(?:ARG|ENV)\s+(\w+)=(\"[^\"]*\"|'[^']*'|\S*)",
                         lay.source, re.I | re.M):
        found[m.group(1)] = m.group(2).strip("\"'")
    return found


def expand(word, lay):
    """`word` with the file's ARG/ENV defaults substituted; None if a
    variable has none."""
    values = defaults(lay)
    for _ in range(5):
        word = re.sub(r"\$\{?(\w+)\}?", lambda m: values.get(m.group(1), "\0"), word)
    return None if "\0" in word or "$" in word else word


def user_variable(lay):
    """The final USER's value when it is a variable: its ARG/ENV default in
    this file, or "" when the file gives it none; None for a literal user."""
    user = final_user(lay) or ""
    return (expand(user, lay) or "") if user.startswith("$") else None


def from_default_untagged(text, lay):
    """`FROM $BASE_IMAGE` whose ARG default names an image without a tag
    (or `latest`) and without a digest."""
    m = re.match(r"^\s*FROM\s+(?:--\S+\s+)*(\S*\$\S*)", text, re.I)
    image = expand(m.group(1), lay) if m else None
    if not image or "@" in image or image.lower() in {s.alias for s in lay.stages}:
        return False
    tag = image.rsplit("/", 1)[-1].partition(":")[2]
    return tag in ("", "latest")


STRATA_RIGHT, HADOLINT_RIGHT = "strata right", "hadolint right"
# (name, Strata rules, who alone flags it, test(d), verdict, reason). The
# first class whose rules, side and test match a disagreement explains it.
REVIEWED = [
    ("instruction-before-from", None, "hadolint",
     lambda d: d.lay.first_keyword not in ("FROM", "ARG", None),
     STRATA_RIGHT, "an instruction comes before the first FROM: BuildKit cannot build the file, "
     "Strata reports that error (with its line) instead of linting (parser test inputs)"),
    ("apt-dist-clean", {"DKR015"}, "hadolint",
     lambda d: re.search(r"\bapt-get\s+dist-clean\b", d.text),
     STRATA_RIGHT, "`apt-get dist-clean` (new in Debian 13's apt) deletes /var/lib/apt/lists "
     "(but the Release files); hadolint only knows `rm -rf /var/lib/apt/lists/*`"),
    ("any-rm-rf-counts-as-clean", {"DKR015", "DKR024", "DKR025", "DKR026"}, "strata",
     lambda d: re.search(r"\brm\s+(-\S+\s+)*-rf\b", d.text),
     STRATA_RIGHT, "hadolint takes any `rm -rf …` for the clean-up (cmdHasArgs matches any one "
     "listed argument); this RUN removes other paths, the cache stays"),
    ("stage-does-not-ship", {"DKR015", "DKR018", "DKR020", "DKR024", "DKR025", "DKR026"},
     "hadolint", lambda d: d.stage not in d.lay.ships,
     STRATA_RIGHT, "the stage is not the final one nor one it is built FROM; its package "
     "cache never reaches the image (hadolint judges every stage, DL3009 final + FROM-bases)"),
    ("add-variable-is-url", {"DKR008"}, "hadolint",
     lambda d: re.match(r"^\s*ADD\s+(--\S+\s+)*\$", d.text, re.I) and "DKR007" in d.strata_here,
     STRATA_RIGHT, "the variable's ARG/ENV default is a URL (Strata reports the download, DKR007); "
     "COPY cannot fetch a URL — hadolint does not expand variables"),
    ("add-source-unexpandable", {"DKR008"}, "hadolint",
     lambda d: re.match(r"^\s*ADD\s+\S*\"", d.text) and d.text.count('"') % 2 == 1,
     STRATA_RIGHT, "the source has an unterminated quote: BuildKit cannot expand it, so "
     "nothing is known of what ADD fetches (a parser test input)"),
    ("healthcheck-shell-form", {"DKR034"}, "hadolint",
     lambda d: re.match(r"^\s*HEALTHCHECK\b", d.text, re.I),
     STRATA_RIGHT, "JSON form matters for the signals PID 1 gets (CMD/ENTRYPOINT); a health "
     "probe is a separate `sh -c` per run, Docker documents the shell form"),
    ("valid-exec-form", {"DKR034"}, "hadolint", lambda d: valid_exec_form(d.text),
     STRATA_RIGHT, "the arguments are a valid JSON string array (`\\/` is a JSON escape): exec form"),
    ("cd-in-child-shell", {"DKR032"}, "hadolint", lambda d: scoped_cds(d.text),
     STRATA_RIGHT, "every `cd` is inside `( … )` or an `sh -c`/`su -c` script: it ends with "
     "that child shell, WORKDIR cannot stand in for it"),
    ("pipefail-set-in-script", {"DKR031"}, "hadolint",
     lambda d: re.search(r"\bset\s+(-\w+\s+)*-\w*o\s+pipefail\b", d.text),
     STRATA_RIGHT, "the RUN's own script sets `-o pipefail` before its pipes; hadolint only "
     "reads SHELL"),
    ("pipe-in-inline-script", {"DKR031"}, "strata",
     lambda d: re.search(r"\b(ba|z|a|da)?sh\s+(-\w+\s+)*-\w*c\s+(['\"])[^'\"]*\|", d.text),
     STRATA_RIGHT, "the pipe is in an `sh -c '…'` script without pipefail and masks failures "
     "the same way; hadolint does not parse the quoted script"),
    ("pip-range-is-not-a-pin", {"DKR021"}, "strata", lambda d: pip_ranges_only(d.text),
     STRATA_RIGHT, "every package has a version operator but some only a range (`<0.46`): "
     "it still floats; hadolint counts any operator as a pin"),
    ("pip-by-path", {"DKR020", "DKR021"}, "strata",
     lambda d: re.search(r"/\S*/pip\d*(\.\d+)?\s+install\b", d.text),
     STRATA_RIGHT, "`/venv/bin/pip install` is pip; hadolint only matches commands whose whole "
     "name starts with `pip`"),
    ("from-variable-names-a-stage", {"DKR001"}, "hadolint",
     lambda d: from_names_a_stage(d.text, d.lay),
     STRATA_RIGHT, "`FROM name-${ARG}` names a stage of this file for the ARG's values, not an "
     "image with a tag"),
    ("from-arg-default-untagged", {"DKR001"}, "strata",
     lambda d: from_default_untagged(d.text, d.lay),
     STRATA_RIGHT, "`FROM $BASE_IMAGE`: the ARG's default names an image without a tag or "
     "digest, which a build without --build-arg pulls as `latest`; hadolint does not expand "
     "variables in FROM"),
    ("image-runs-nothing", {"DKR004", "DKR011", "DKR040"}, "hadolint",
     lambda d: runs_nothing(d.lay),
     STRATA_RIGHT, "the final stage is FROM scratch without CMD/ENTRYPOINT: an artifact image "
     "that holds files and runs nothing"),
    ("healthcheck-in-final-stage", {"DKR011"}, "hadolint",
     lambda d: d.lay.final().last("HEALTHCHECK"),
     STRATA_RIGHT, "the final stage has a HEALTHCHECK; DL3057 asks one of every stage, but only "
     "the final image runs"),
    ("windows-account", {"DKR040"}, "hadolint",
     lambda d: WINDOWS_BASE.search(" ".join(s.image for s in d.lay.stages))
     or (final_user(d.lay) or "").lower().startswith("container"),
     STRATA_RIGHT, "a Windows account (ContainerUser) has no UID; runAsNonRoot and numeric "
     "users are Linux notions"),
    ("user-root-by-name", {"DKR040"}, "hadolint",
     lambda d: final_user(d.lay) in ("root", "0"),
     STRATA_RIGHT, "`root` is UID 0 by definition; DKR004 reports it (DL3066 flags every name)"),
    ("user-variable-numeric", {"DKR040"}, "hadolint",
     lambda d: (user_variable(d.lay) or "").isdigit(),
     STRATA_RIGHT, "the final `USER ${NB_UID}` expands to the ARG/ENV default of this file, a "
     "numeric UID; hadolint reads the unexpanded text (DL3066 also fires on an earlier "
     "`USER root`)"),
    ("user-variable-from-base", {"DKR040"}, "hadolint",
     lambda d: user_variable(d.lay) == "",
     STRATA_RIGHT, "the final `USER ${NB_UID}` is an ENV of the base image (jupyter's "
     "foundation sets NB_UID=1000): Docker writes its value, not the text, into the image "
     "config; the file does not show it and Strata reports no unknown; hadolint calls the "
     "text a name"),
    ("name-created-in-file", {"DKR040"}, "hadolint",
     lambda d: re.search(r"\b(useradd|adduser)\b[^\n]*\b" + re.escape(final_user(d.lay) or "\0")
                         + r"\b", d.lay.source),
     HADOLINT_RIGHT, "the kubelet's runAsNonRoot check reads only the image config, so a name "
     "fails even when this file creates it with a known UID (DKR040 exempts it by design)"),
    ("package-variable-set-by-script", {"DKR021"}, "hadolint",
     lambda d: re.search(r"\b(\w+)=.*\$\{?\1\b", d.text, re.S),
     HADOLINT_RIGHT, "the package name takes a variable the RUN itself assigns in each branch "
     "(`TF_POSTFIX=-cpu` or empty): every value is unpinned, but Strata expands only ARG and "
     "ENV values and leaves a script-assigned one unknown"),
]

# Findings of checks hadolint does not have, told apart by the text of the
# instruction a Strata finding is on: counted on their own, not as
# disagreements about a check both tools have.
BEYOND_HADOLINT = [
    ("DKR004", re.compile(r"^\s*FROM\b", re.I),
     "no USER at all (DL3002 only judges an explicit `USER root`)"),
    ("DKR028", re.compile(r"\btdnf\b"), "tdnf (hadolint knows yum, dnf, microdnf, zypper)"),
    ("DKR025", re.compile(r"\btdnf\b"), "tdnf (hadolint knows yum, dnf, microdnf, zypper)"),
    ("DKR022", re.compile(r"\bnpm\s+(install|i)((\s+-[\w-]+(=\S+)?)*)\s*(&&|;|\||\)|\Z)"),
     "a bare `npm install` re-resolves package.json (DL3016 judges named packages only)"),
]


class Disagreement:
    def __init__(self, repo, group, codes, rules, side, key, lay, strata_here):
        self.repo, self.group, self.rules, self.side, self.key = repo, group, rules, side, key
        self.lay, self.strata_here = lay, strata_here
        self.code_pattern = "(" + "|".join(sorted(codes)) + ")"
        self.path, self.line = key if isinstance(key, tuple) else (key, 0)
        self.text = lay.text(self.line) if self.line else ""
        self.stage = lay.stage.get(self.line, 0)

    def classify(self):
        for name, rules, side, test, verdict, reason in REVIEWED:
            if side == self.side and (rules is None or rules & self.rules) and test(self):
                return name, verdict, reason
        return "unreviewed", "unreviewed", ""


# --- running the tools --------------------------------------------------------

def git_dir(path):
    for candidate in (path, os.path.join(path, ".git")):
        if os.path.isfile(os.path.join(candidate, "HEAD")) and os.path.isdir(
                os.path.join(candidate, "objects")):
            return candidate
    return None


def checkout(source, into):
    """The repository's Dockerfiles under `into`; its name and commit."""
    gd = git_dir(source)
    name = os.path.basename(os.path.normpath(source))
    if name in ("repo", ".git"):
        name = os.path.basename(os.path.dirname(os.path.normpath(source)))
        if name == "repo":
            name = os.path.basename(os.path.dirname(os.path.dirname(os.path.normpath(source))))
    if gd is None:
        return name, "(not a git directory)", os.path.abspath(source)
    git = ["git", "--git-dir", gd]
    commit = subprocess.run([*git, "rev-parse", "HEAD"], capture_output=True, text=True,
                            check=True).stdout.strip()
    paths = subprocess.run([*git, "ls-tree", "-r", "--name-only", "-z", "HEAD"],
                           capture_output=True, check=True).stdout.decode().split("\0")
    root = os.path.join(into, name)
    for path in (p for p in paths if p and NAMES.search(p)):
        blob = subprocess.run([*git, "cat-file", "blob", f"HEAD:{path}"], capture_output=True)
        if blob.returncode != 0:   # a blob the mirror lacks
            continue
        target = os.path.join(root, path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as fh:
            fh.write(blob.stdout)
    return name, commit, root


def dockerfiles(root):
    found = []
    for base, subdirs, files in os.walk(root):
        subdirs[:] = [s for s in subdirs if s != ".git"]
        found.extend(os.path.join(base, f) for f in files
                     if NAMES.search("/" + f))
    return sorted(os.path.abspath(f) for f in found)


def timed(cmd, runs):
    best, out = None, None
    for _ in range(runs):
        t0 = time.perf_counter()
        out = subprocess.run(cmd, capture_output=True, text=True, check=False)
        elapsed = time.perf_counter() - t0
        best = elapsed if best is None else min(best, elapsed)
    return best, out


def groups_of(strata):
    """Strata rules and the hadolint codes they cite, merged so that a code
    cited by two rules (DL3064: DKR005, DKR006) and a rule citing two codes
    (DKR001: DL3006, DL3007) are compared once, as one check."""
    rules = json.loads(subprocess.run([strata, "rules", "--format", "json"],
                                      capture_output=True, text=True, check=True).stdout)
    groups = []
    for rule in sorted(rules, key=lambda r: r["id"]):
        codes = set(rule["references"].get("hadolint", []))
        if not rule["id"].startswith("DKR") or not codes:
            continue
        rules_set = {rule["id"]}
        for g in [g for g in groups if g[1] & codes]:
            groups.remove(g)
            rules_set |= g[0]
            codes |= g[1]
        groups.append((rules_set, codes))
    return sorted(groups, key=lambda g: sorted(g[1]))


def pct(part, whole):
    return f"{100.0 * part / whole:5.1f}%" if whole else "    -"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("sources", nargs="+")
    ap.add_argument("--hadolint", default=None)
    ap.add_argument("--strata", default=STRATA,
                    help="the strata binary (default: the release build)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--details", action="store_true",
                    help="(kept for old command lines; disagreements are always listed)")
    ap.add_argument("--trusted", action="append", default=[],
                    help="trusted registry for DL3026/DKR003 (repeatable)")
    args = ap.parse_args()
    hadolint = args.hadolint or (
        "/work/peers/bin/hadolint" if os.path.exists("/work/peers/bin/hadolint")
        else shutil.which("hadolint"))
    work = tempfile.mkdtemp(prefix="compare-hadolint-")
    repos = [checkout(s, work) for s in args.sources]
    repo_of, files = {}, []
    for name, _, root in repos:
        for f in dockerfiles(root):
            repo_of[f] = name
            files.append(f)
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
    s_time, s_out = timed([*s_cmd, *files], args.runs)
    if not s_out.stdout:
        sys.exit(f"strata produced no output: {s_out.stderr}")
    report = json.loads(s_out.stdout)
    # A file one tool cannot parse gets no findings from it: comparing it
    # would count every finding of the other as a disagreement.
    left_out = {os.path.abspath(f["file"]): "hadolint cannot parse it (DL1000)"
                for f in hadolint_findings if f["code"] == "DL1000"}
    # Strata still analyses a file it reports an error in, as far as it can.
    strata_errors = {os.path.abspath(e["path"]): e.get("error", "")[:110]
                     for e in report.get("files", []) if e.get("status") == "error"}

    groups = groups_of(args.strata)
    rule_group = {r: i for i, (rules_, _) in enumerate(groups) for r in rules_}
    code_group = {c: i for i, (_, codes) in enumerate(groups) for c in codes}

    def unit(group):
        # A check on the built image is judged once per file; hadolint
        # reports it on some stage, Strata on the final one.
        return "file" if groups[group][0] & IMAGE_RULES else "instruction"

    def key(group, path, line):
        return path if unit(group) == "file" else (path, layouts[path].start.get(line, line))

    ours, theirs = collections.defaultdict(set), collections.defaultdict(set)
    strata_here = collections.defaultdict(set)   # (path, start) -> Strata rules
    beyond = collections.Counter()
    for f in report["findings"]:
        path = os.path.abspath(f["path"])
        if f.get("suppressed") or path not in layouts or path in left_out:
            continue
        lay = layouts[path]
        start = lay.start.get(f["start_line"], f["start_line"])
        strata_here[(path, start)].add(f["rule_id"])
        if f["rule_id"] not in rule_group:
            continue
        kind = next((why for rule, pattern, why in BEYOND_HADOLINT
                     if rule == f["rule_id"] and pattern.search(lay.text(start))), None)
        if kind:
            beyond[f"{f['rule_id']}: {kind}"] += 1
            continue
        g = rule_group[f["rule_id"]]
        ours[g].add(key(g, path, f["start_line"]))
    for f in hadolint_findings:
        path = os.path.abspath(f["file"])
        if f["code"] in code_group and path in layouts and path not in left_out:
            g = code_group[f["code"]]
            theirs[g].add(key(g, path, f["line"]))

    def repo(k):
        return repo_of[k if isinstance(k, str) else k[0]]

    per_repo = collections.defaultdict(lambda: [0, 0, 0, 0])   # both, h, s, strata-right
    disagreements = []
    for g, (rules_, codes) in enumerate(groups):
        for k in theirs[g] & ours[g]:
            per_repo[repo(k)][0] += 1
        for side, keys, slot in (("hadolint", theirs[g] - ours[g], 1),
                                 ("strata", ours[g] - theirs[g], 2)):
            for k in keys:
                lay = layouts[k if isinstance(k, str) else k[0]]
                here = strata_here.get(k if isinstance(k, tuple) else None, set())
                d = Disagreement(repo(k), g, codes, rules_, side, k, lay, here)
                d.cls = d.classify()
                per_repo[repo(k)][slot] += 1
                if d.cls[1] == STRATA_RIGHT:
                    per_repo[repo(k)][3] += 1
                disagreements.append(d)

    print(f"{len(files)} Dockerfiles in {len(repos)} repositories")
    print(f"hadolint: {h_time:.3f}s   strata: {s_time:.3f}s   "
          f"(hadolint/strata = {h_time / s_time:.1f}x, best of {args.runs})")
    print()
    header = (f"{'repository':34} {'commit':12} {'files':>5} {'both':>5} {'only h':>6} "
              f"{'only s':>6} {'raw':>6} {'excl. strata-right':>19}")
    print(header)
    print("-" * len(header))
    total = [0, 0, 0, 0]
    for name, commit, root in repos:
        b, h, s, right = per_repo[name]
        total = [a + x for a, x in zip(total, (b, h, s, right))]
        n = sum(1 for f in files if repo_of[f] == name)
        print(f"{name:34} {commit[:12]:12} {n:5} {b:5} {h:6} {s:6} {pct(b, b + h + s):>6} "
              f"{pct(b, b + h + s - right):>19}")
    b, h, s, right = total
    print(f"{'overall':34} {'':12} {len(files):5} {b:5} {h:6} {s:6} {pct(b, b + h + s):>6} "
          f"{pct(b, b + h + s - right):>19}")
    print("(raw = both / (both + only hadolint + only strata); the last column leaves out "
          "the disagreements a \"strata right\" class explains)")
    print()
    for path, why in sorted(left_out.items()):
        print(f"left out, {why}: {os.path.relpath(path, work)}")
    for path, error in sorted(strata_errors.items()):
        print(f"strata reports an error (compared all the same): "
              f"{os.path.relpath(path, work)}: {error}")
    for kind, n in sorted(beyond.items()):
        print(f"strata only, a check hadolint does not have: {n} x {kind}")
    print()
    print(f"{'hadolint':20} {'strata':16} {'both':>5} {'only h':>6} {'only s':>6}  unit")
    silent = []
    for g, (rules_, codes) in enumerate(groups):
        h_, s_ = theirs[g], ours[g]
        if not h_ and not s_:
            silent.append(f"{','.join(sorted(codes))} ({','.join(sorted(rules_))})")
            continue
        print(f"{','.join(sorted(codes)):20} {','.join(sorted(rules_)):16} {len(h_ & s_):5} "
              f"{len(h_ - s_):6} {len(s_ - h_):6}  {unit(g)}")
    if silent:
        print("neither tool fires: " + ", ".join(silent))
    print()
    by_class = collections.defaultdict(list)
    for d in disagreements:
        by_class[d.cls].append(d)
    print("disagreements by class:")
    order = {name: i for i, (name, *_rest) in enumerate(REVIEWED)}
    for (name, verdict, reason), items in sorted(by_class.items(),
                                                 key=lambda kv: order.get(kv[0][0], 99)):
        print(f"  {len(items):3} {name} [{verdict}] {reason}")
    for (name, verdict, _), items in sorted(by_class.items(),
                                            key=lambda kv: order.get(kv[0][0], 99)):
        print(f"\n{name} [{verdict}]")
        for d in sorted(items, key=lambda d: (d.repo, d.path, d.line)):
            where = os.path.relpath(d.path, os.path.join(work, d.repo))
            text = d.text.split("\n")[0].strip()[:100]
            label = ",".join(sorted(d.rules))
            at = f"{where}:{d.line}: {text}" if d.line else where
            print(f"  {label} only {d.side}: {d.repo}/{at}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
