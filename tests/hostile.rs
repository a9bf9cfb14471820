//! Hostile repositories (issue 13): every case is generated here, scanned
//! by the real binary, and must end with a JSON report in which the good
//! file beside the hostile one is scanned with its finding and the
//! diagnostic names what happened. Work is bounded by counting (the
//! budgets), never by timing, so nothing here measures time.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

const BUDGET: &str = "evaluation budget exceeded; values from here are unknown";

/// A public S3 bucket: AWS007 must fire on it.
const GOOD_TF: &str =
    "resource \"aws_s3_bucket\" \"good\" {\n  bucket = \"b\"\n  acl    = \"public-read\"\n}\n";

/// A privileged pod: K8S001 must fire on it.
const GOOD_POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: good\nspec:\n  containers:\n    - name: app\n      image: nginx:1.25\n      securityContext:\n        privileged: true\n";

fn strata(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_strata"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .expect("the strata binary runs")
}

struct Scan {
    code: i32,
    report: Value,
}

impl Scan {
    fn files(&self) -> &Vec<Value> {
        self.report["files"].as_array().unwrap()
    }

    /// The status entry of the file whose path ends with `name`.
    fn file(&self, name: &str) -> &Value {
        self.files()
            .iter()
            .find(|f| f["path"].as_str().unwrap().ends_with(name))
            .unwrap_or_else(|| panic!("{name} not in the report: {:#?}", self.files()))
    }

    fn error(&self, name: &str) -> String {
        self.file(name)["error"].as_str().unwrap_or("").to_owned()
    }

    fn has_finding(&self, rule: &str, path_end: &str) -> bool {
        self.report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule_id"] == rule && f["path"].as_str().unwrap().ends_with(path_end))
    }

    fn all_errors(&self) -> String {
        self.files()
            .iter()
            .filter_map(|f| f["error"].as_str())
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// `strata scan --format json ARGS…` in `cwd`.
fn scan_in(cwd: &Path, args: &[&str]) -> Scan {
    let mut all = vec!["scan", "--format", "json"];
    all.extend_from_slice(args);
    let out = strata(&all, cwd);
    let report = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    Scan {
        code: out.status.code().unwrap(),
        report,
    }
}

fn scan(dir: &Path) -> Scan {
    scan_in(dir, &["."])
}

/// A scratch directory under the target dir, emptied first.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("hostile")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A scratch directory outside any Git work tree (confinement cases,
/// where the repository root would otherwise count as scanned).
fn outside_git(name: &str) -> PathBuf {
    let dir = std::env::temp_dir()
        .join(format!("strata-hostile-{}", std::process::id()))
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(path: &Path, text: impl AsRef<[u8]>) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A Terraform unit with `hostile` before a resource that uses `local.x`
/// and the public bucket; the bucket's finding must survive.
fn terraform_case(name: &str, hostile: &str) -> Scan {
    let dir = scratch(name);
    let text = format!(
        "{hostile}\nresource \"aws_s3_bucket\" \"bomb\" {{\n  bucket = \"x\"\n  tags   = {{ n = length(local.x) }}\n}}\n{GOOD_TF}"
    );
    write(&dir.join("main.tf"), text);
    let out = scan(&dir);
    assert!(
        out.has_finding("AWS007", "main.tf"),
        "{:#?}",
        out.report["findings"]
    );
    assert_eq!(out.code, 1);
    out
}

#[test]
fn three_nested_fors_over_range_1000_run_out_of_budget() {
    let out = terraform_case(
        "nested-for",
        "locals {\n  x = [for a in range(1000) : [for b in range(1000) : [for c in range(1000) : a + b + c]]]\n}",
    );
    assert!(
        out.error("main.tf").contains(BUDGET),
        "{}",
        out.all_errors()
    );
}

#[test]
fn forty_lines_of_join_doubling_run_out_of_budget() {
    let mut locals = String::from("locals {\n  s0 = \"ab\"\n");
    for i in 1..=40 {
        let p = i - 1;
        locals += &format!("  s{i} = join(local.s{p}, [local.s{p}, local.s{p}])\n");
    }
    locals += "  x = local.s40\n}";
    let out = terraform_case("join-doubling", &locals);
    assert!(
        out.error("main.tf").contains(BUDGET),
        "{}",
        out.all_errors()
    );
}

#[test]
fn a_short_for_if_chain_three_deep_runs_out_of_budget() {
    let chain = "locals {\n  x = [for i in range(1024) : [for j in range(1024) : [for k in range(1024) : k if k > i] if j > i] if i >= 0]\n}";
    assert!(chain.len() < 200);
    let out = terraform_case("for-if-chain", chain);
    assert!(
        out.error("main.tf").contains(BUDGET),
        "{}",
        out.all_errors()
    );
}

#[test]
fn string_growth_through_replace_format_and_indent_is_bounded() {
    let mut locals = String::from("locals {\n  a0 = \"xy\"\n");
    for i in 1..=30 {
        let p = i - 1;
        let f = match i % 3 {
            0 => format!("replace(local.a{p}, \"x\", local.a{p})"),
            1 => format!("format(\"%s%s%s\", local.a{p}, local.a{p}, local.a{p})"),
            _ => format!("indent(10000, join(\"\\n\", [local.a{p}, local.a{p}]))"),
        };
        locals += &format!("  a{i} = {f}\n");
    }
    locals += "  x = local.a30\n}";
    let out = terraform_case("string-growth", &locals);
    assert!(
        out.error("main.tf").contains(BUDGET),
        "{}",
        out.all_errors()
    );
}

#[test]
fn template_for_loops_over_literal_text_are_bounded() {
    let out = terraform_case(
        "template-for",
        "locals {\n  x = \"%{for a in range(1024)}%{for b in range(1024)}%{for c in range(1024)}xyz%{endfor}%{endfor}%{endfor}\"\n}",
    );
    assert!(
        out.error("main.tf").contains(BUDGET),
        "{}",
        out.all_errors()
    );
}

#[test]
fn list_doubling_is_bounded() {
    let mut locals = String::from("locals {\n  l0 = [1]\n");
    for i in 1..=40 {
        let p = i - 1;
        locals += &format!("  l{i} = concat(local.l{p}, local.l{p})\n");
    }
    locals += "  x = local.l40\n}";
    let out = terraform_case("list-doubling", &locals);
    assert!(
        out.error("main.tf").contains(BUDGET),
        "{}",
        out.all_errors()
    );
}

#[test]
fn nested_dynamic_blocks_are_bounded() {
    let dir = scratch("dynamic");
    let hostile = r#"resource "aws_security_group" "d" {
  dynamic "a" {
    for_each = range(1000)
    content {
      dynamic "b" {
        for_each = range(1000)
        content {
          dynamic "c" {
            for_each = range(1000)
            content { x = a.value + b.value + c.value }
          }
        }
      }
    }
  }
}
"#;
    write(&dir.join("main.tf"), format!("{hostile}{GOOD_TF}"));
    let out = scan(&dir);
    assert!(out.has_finding("AWS007", "main.tf"));
    assert!(
        out.error("main.tf").contains(BUDGET),
        "{}",
        out.all_errors()
    );
}

#[test]
fn ten_module_blocks_per_level_eight_levels_deep_are_bounded() {
    let dir = scratch("module-tree");
    let calls: String = (0..10)
        .map(|k| format!("module \"m{k}\" {{\n  source = \"./l\"\n}}\n"))
        .collect();
    write(&dir.join("root.tf"), format!("{GOOD_TF}{calls}"));
    let mut level = dir.join("l");
    for depth in 1..=8 {
        let leaf = "resource \"aws_s3_bucket\" \"x\" {\n  bucket = \"x\"\n}\n";
        let text = if depth < 8 {
            format!("{leaf}{calls}")
        } else {
            leaf.to_owned()
        };
        write(&level.join("main.tf"), text);
        level = level.join("l");
    }
    let out = scan(&dir);
    assert!(out.has_finding("AWS007", "root.tf"));
    // The root unit stops instantiating at its budget (10^8 instances
    // otherwise), and says so at its own call that leads there.
    assert!(
        out.error("root.tf").contains(BUDGET),
        "{}",
        out.all_errors()
    );
    let resources = out.report["summary"]["resources"].as_u64().unwrap();
    assert!(resources < 100_000, "{resources}");
}

#[test]
fn ten_resources_with_count_100000_are_bounded() {
    let dir = scratch("count");
    let mut text = GOOD_TF.to_owned();
    for i in 0..10 {
        text += &format!(
            "resource \"aws_s3_bucket\" \"c{i}\" {{\n  count  = 100000\n  bucket = \"c${{count.index}}\"\n}}\n"
        );
    }
    write(&dir.join("main.tf"), text);
    let out = scan(&dir);
    assert!(out.has_finding("AWS007", "main.tf"));
    assert!(
        out.error("main.tf").contains(BUDGET),
        "{}",
        out.all_errors()
    );
    // Each counted resource became one stand-in instance.
    let resources = out.report["summary"]["resources"].as_u64().unwrap();
    assert!(resources <= 11, "{resources}");
}

#[test]
fn a_chain_of_locals_deeper_than_the_nesting_limit_is_reported() {
    let dir = scratch("locals-chain");
    let mut text = String::from("locals {\n  l0 = true\n");
    for i in 1..=200 {
        text += &format!("  l{i} = local.l{}\n", i - 1);
    }
    text += "}\nresource \"aws_s3_bucket\" \"chained\" {\n  bucket = \"x\"\n  acl    = local.l200 ? \"public-read\" : \"private\"\n}\n";
    write(&dir.join("main.tf"), format!("{text}{GOOD_TF}"));
    let out = scan(&dir);
    assert!(out.has_finding("AWS007", "main.tf"));
    let error = out.error("main.tf");
    assert!(
        error.contains("nested references; its value is unknown"),
        "{error}"
    );
}

#[test]
fn a_nested_chain_of_anchors_over_a_large_list_is_read() {
    let dir = scratch("yaml-anchor-chain");
    let mut value = format!("[{}]", vec!["x"; 5000].join(","));
    for i in 0..200 {
        value = format!("&a{i} [{value}]");
    }
    write(
        &dir.join("bomb.yaml"),
        format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  k: {value}\n"),
    );
    write(&dir.join("good.yaml"), GOOD_POD);
    let out = scan(&dir);
    assert!(out.has_finding("K8S001", "good.yaml"));
    // No alias, so nothing to refuse: the file is read.
    assert_eq!(out.file("bomb.yaml")["status"], "scanned");
}

#[test]
fn copies_of_anchors_count_against_the_alias_budget() {
    let dir = scratch("yaml-anchor-copies");
    let mut value = format!("[{}]", vec!["x"; 5000].join(","));
    for i in 0..200 {
        value = format!("&a{i} [{value}]");
    }
    write(
        &dir.join("bomb.yaml"),
        format!(
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  k: {value}\n  j: *a199\n"
        ),
    );
    write(&dir.join("good.yaml"), GOOD_POD);
    let out = scan(&dir);
    assert!(out.has_finding("K8S001", "good.yaml"));
    let error = out.error("bomb.yaml");
    assert!(error.contains("alias expansion too large"), "{error}");
}

#[test]
fn eighty_thousand_anchors_are_read() {
    let dir = scratch("yaml-many-anchors");
    let mut text = String::from("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n");
    for i in 0..80_000 {
        text += &format!("  k{i}: &a{i} v{i}\n");
    }
    text += "  last: *a0\n";
    write(&dir.join("bomb.yaml"), text);
    write(&dir.join("good.yaml"), GOOD_POD);
    let out = scan(&dir);
    assert!(out.has_finding("K8S001", "good.yaml"));
    assert_eq!(out.file("bomb.yaml")["status"], "scanned");
}

#[test]
fn a_flat_merge_chain_is_not_too_deeply_nested() {
    let dir = scratch("yaml-merge-chain");
    let mut text = String::from(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\nx:\n  m0: &m0 {a0: 1}\n",
    );
    for i in 1..300 {
        text += &format!("  m{i}: &m{i} {{<<: *m{}, a{i}: 1}}\n", i - 1);
    }
    write(&dir.join("bomb.yaml"), text);
    write(&dir.join("good.yaml"), GOOD_POD);
    let out = scan(&dir);
    assert!(out.has_finding("K8S001", "good.yaml"));
    let error = out.error("bomb.yaml");
    assert!(!error.contains("too deeply nested"), "{error}");
}

#[test]
fn doubling_env_lines_run_out_of_the_expansion_budget() {
    let dir = scratch("dockerfile-env");
    let mut text = String::from("FROM alpine:3.19\nENV A0=ab\n");
    for i in 1..=40 {
        text += &format!("ENV A{i}=${{A{p}}}${{A{p}}}\n", p = i - 1);
    }
    text += "USER root\n";
    write(&dir.join("bomb/Dockerfile"), text);
    write(
        &dir.join("good/Dockerfile"),
        "FROM alpine:3.19\nUSER root\n",
    );
    let out = scan(&dir);
    assert!(out.has_finding("DKR004", "good/Dockerfile"));
    // The rest of the hostile file is still analysed.
    assert!(out.has_finding("DKR004", "bomb/Dockerfile"));
    let error = out.error("bomb/Dockerfile");
    assert!(
        error.contains("variable expansion budget exceeded; values from here are unknown"),
        "{error}"
    );
}

#[cfg(unix)]
#[test]
fn special_files_are_listed_with_the_reason_and_never_read() {
    let dir = scratch("special-files");
    write(&dir.join("good.tf"), GOOD_TF);
    let fifo = dir.join("fifo.tf");
    let made = Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    std::os::unix::fs::symlink(&fifo, dir.join("to-fifo.yaml")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", dir.join("zero.yaml")).unwrap();
    std::os::unix::fs::symlink("/dev/stdin", dir.join("Dockerfile")).unwrap();
    let out = scan(&dir);
    assert!(out.has_finding("AWS007", "good.tf"));
    let fifo_error = out.error("fifo.tf");
    assert!(fifo_error.contains("not a regular file"), "{fifo_error}");
    for name in ["to-fifo.yaml", "zero.yaml", "Dockerfile"] {
        let error = out.error(name);
        assert!(
            error.contains("not a regular file") || error.contains("outside the scanned tree"),
            "{name}: {error}"
        );
    }
}

#[cfg(unix)]
#[test]
fn directory_symlinks_out_of_the_tree_are_not_walked() {
    let dir = outside_git("dir-symlinks");
    let root = dir.join("repo");
    let secret = dir.join("secret");
    write(&root.join("good.tf"), GOOD_TF);
    write(&secret.join("main.tf"), GOOD_TF.replace("good", "secret"));
    std::os::unix::fs::symlink("/", root.join("slash")).unwrap();
    std::os::unix::fs::symlink(&secret, root.join("elsewhere")).unwrap();
    std::os::unix::fs::symlink(secret.join("main.tf"), root.join("linked.tf")).unwrap();
    let out = scan(&root);
    assert!(out.has_finding("AWS007", "good.tf"));
    let text = out.report.to_string();
    assert!(!text.contains("aws_s3_bucket.secret"), "{text}");
    assert!(!text.contains("secret/"), "{text}");
    assert!(
        out.error("slash")
            .contains("outside the scanned tree; not followed")
    );
    assert!(out.error("linked.tf").contains("outside the scanned tree"));
}

#[test]
fn module_sources_outside_the_tree_are_not_read() {
    let dir = outside_git("module-outside");
    let root = dir.join("repo");
    write(
        &dir.join("secret/main.tf"),
        GOOD_TF.replace("good", "secret"),
    );
    write(
        &root.join("main.tf"),
        format!("{GOOD_TF}module \"up\" {{\n  source = \"../secret\"\n}}\n"),
    );
    // An installed module whose manifest points outside the tree.
    write(
        &root.join(".terraform/modules/modules.json"),
        r#"{"Modules":[{"Key":"reg","Source":"x","Dir":"../secret"}]}"#,
    );
    write(
        &root.join("reg.tf"),
        "module \"reg\" {\n  source = \"registry.example/x/y\"\n}\n",
    );
    let out = scan(&root);
    assert!(out.has_finding("AWS007", "main.tf"));
    let text = out.report.to_string();
    assert!(!text.contains("aws_s3_bucket.secret"), "{text}");
    let errors = out.all_errors();
    assert!(
        errors.contains("module source is outside the scanned tree; not analysed"),
        "{errors}"
    );
}

#[test]
fn config_var_files_outside_the_tree_are_a_usage_error() {
    let dir = outside_git("config-var-file");
    let root = dir.join("repo");
    write(&dir.join("outside.tfvars"), "a = 1\n");
    write(&root.join("main.tf"), GOOD_TF);
    write(
        &root.join("strata.toml"),
        "[terraform]\nvar_files = [\"../outside.tfvars\"]\n",
    );
    let out = strata(&["scan", "."], &root);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("outside the scanned tree"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn file_names_that_are_not_utf8_are_scanned() {
    use std::os::unix::ffi::OsStrExt;
    let dir = scratch("non-utf8");
    let name = std::ffi::OsStr::from_bytes(b"pub\xfflic.tf");
    write(&dir.join(name), GOOD_TF);
    let out = scan(&dir);
    assert!(out.has_finding("AWS007", "lic.tf"), "{:#?}", out.report);
}

#[test]
fn jobs_are_validated() {
    let dir = scratch("jobs");
    write(&dir.join("main.tf"), GOOD_TF);
    let out = strata(&["scan", ".", "-j20000"], &dir);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("at most 512"));
    assert_eq!(
        strata(&["scan", ".", "-j", "x"], &dir).status.code(),
        Some(2)
    );
    // 0 means one per core.
    assert_eq!(scan_in(&dir, &[".", "-j0"]).code, 1);
}

#[test]
fn every_invalid_rule_file_reports_its_own_error() {
    let dir = scratch("rules");
    write(&dir.join("rules/a.yaml"), "id: [\n");
    write(&dir.join("rules/b.yaml"), "hello: 1\n");
    write(
        &dir.join("rules/huge.yaml"),
        format!("id: X1\n# {}\n", "x".repeat(300 * 1024)),
    );
    write(&dir.join("main.tf"), GOOD_TF);
    let out = strata(&["scan", ".", "--rules", "rules"], &dir);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    for name in ["a.yaml", "b.yaml", "huge.yaml"] {
        assert!(stderr.contains(name), "{name}: {stderr}");
    }
    assert!(stderr.contains("larger than the limit"), "{stderr}");
}

#[test]
fn messages_quote_short_excerpts() {
    let dir = scratch("long-excerpt");
    let long = "x".repeat(300_000);
    write(
        &dir.join("Dockerfile"),
        format!("FROM alpine:3.19\nEXPOSE {long}\n"),
    );
    write(
        &dir.join("k.yaml"),
        format!("? \"{long}\"\n: 1\n? \"{long}\"\n: 2\n"),
    );
    write(&dir.join("good.yaml"), GOOD_POD);
    let out = scan(&dir);
    assert!(out.has_finding("K8S001", "good.yaml"));
    for f in out.files() {
        for field in ["error", "reason"] {
            let text = f[field].as_str().unwrap_or("");
            assert!(text.len() < 400, "{}: {} bytes", f["path"], text.len());
        }
    }
    assert!(out.error("Dockerfile").contains('…'));
    // Broken YAML that never began as an object is not a manifest: skipped,
    // with the parser's (short) message as the reason.
    let reason = out.file("k.yaml")["reason"]
        .as_str()
        .unwrap_or("")
        .to_owned();
    assert!(reason.contains("duplicate key"), "{reason}");
}

#[test]
fn a_one_line_list_of_many_pods_is_reported_finding_by_finding() {
    // `jq -c` output: one line holding 1,300 privileged pods.
    let dir = scratch("one-line-list");
    let pod = r#"{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "pN"}, "spec": {"containers": [{"name": "c", "image": "nginx", "securityContext": {"privileged": true}}]}}"#;
    let items: Vec<String> = (0..1300)
        .map(|i| pod.replace("pN", &format!("p{i}")))
        .collect();
    let list = format!(
        r#"{{"apiVersion": "v1", "kind": "List", "items": [{}]}}"#,
        items.join(", ")
    );
    write(&dir.join("list.yaml"), &list);
    let scan = scan_in(&dir, &[".", "--select", "K8S001"]);
    let findings = scan.report["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1300);
    // Each on its own attribute of the one line: the last pod's is near the end.
    let last = findings
        .iter()
        .map(|f| f["start_column"].as_u64().unwrap())
        .max()
        .unwrap();
    let expected = list.rfind(r#""privileged""#).unwrap() as u64 + 1;
    assert_eq!(last, expected);
    assert!(findings.iter().all(|f| f["start_line"] == 1));
}
