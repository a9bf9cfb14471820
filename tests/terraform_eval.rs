//! The Terraform evaluator, end to end: files in an in-memory loader, a
//! graph out.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use strata::model::{Graph, Node, Resource, Value};
use strata::source::{LoadError, SourceLoader, SourceMap};
use strata::terraform::{self, Diagnostic, Options};

/// Files in memory, keyed by path.
#[derive(Default)]
struct MemLoader {
    files: BTreeMap<PathBuf, Arc<str>>,
}

impl MemLoader {
    fn with(files: &[(&str, &str)]) -> Self {
        let mut loader = MemLoader::default();
        for (path, text) in files {
            loader.files.insert(PathBuf::from(path), Arc::from(*text));
        }
        loader
    }

    /// Every file under a fixture directory of `testdata/terraform`, keyed
    /// by its path relative to that directory.
    fn from_fixture(name: &str) -> Self {
        fn walk(dir: &Path, base: &Path, out: &mut MemLoader) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, base, out);
                } else {
                    let text = std::fs::read_to_string(&path).unwrap();
                    let rel = path.strip_prefix(base).unwrap().to_path_buf();
                    out.files.insert(rel, Arc::from(text));
                }
            }
        }
        let base = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("testdata/terraform")
            .join(name);
        let mut loader = MemLoader::default();
        walk(&base, &base, &mut loader);
        loader
    }
}

impl SourceLoader for MemLoader {
    fn read(&self, path: &Path) -> Result<Arc<str>, LoadError> {
        self.files.get(path).cloned().ok_or(LoadError::NotFound)
    }

    fn list_dir(&self, dir: &Path) -> Vec<PathBuf> {
        self.files
            .keys()
            .filter(|p| p.parent() == Some(dir))
            .cloned()
            .collect()
    }
}

struct Analysis {
    graph: Graph,
    sources: SourceMap,
    diags: Vec<Diagnostic>,
}

impl Analysis {
    fn resource(&self, address: &str) -> &Resource {
        let found = self.graph.resources().find(|(_, r)| r.address == address);
        match found {
            Some((_, r)) => r,
            None => panic!("no resource {address}; have {:?}", self.addresses()),
        }
    }

    fn addresses(&self) -> Vec<String> {
        self.graph
            .resources()
            .map(|(_, r)| r.address.clone())
            .collect()
    }

    /// The value at a dotted path of a resource body (numbers index lists).
    fn value(&self, address: &str, path: &str) -> Value {
        let mut node: &Node = &self.resource(address).body;
        for step in path.split('.') {
            node = match (&node.value, step.parse::<usize>()) {
                (Value::List(items), Ok(i)) => &items[i],
                _ => node.get(step).unwrap_or_else(|| {
                    panic!("{address}: no `{step}` in {path}: {:?}", node.value)
                }),
            };
        }
        node.value.clone()
    }

    fn line_of(&self, node: &Node) -> u32 {
        let span = node.span.expect("a span");
        self.sources.get(span.file).position(span.start).line
    }
}

fn analyze_with(loader: &MemLoader, dir: &str, options: &Options) -> Analysis {
    let mut graph = Graph::default();
    let mut sources = SourceMap::default();
    let diags =
        terraform::analyze_module(Path::new(dir), loader, options, &mut sources, &mut graph);
    Analysis {
        graph,
        sources,
        diags,
    }
}

/// Analyses files of the root module `root`.
fn analyze(files: &[(&str, &str)]) -> Analysis {
    analyze_with(&MemLoader::with(files), "root", &Options::default())
}

fn s(v: &str) -> Value {
    Value::String(v.to_owned())
}

fn strings(v: &Value) -> Vec<String> {
    match v {
        Value::List(items) => items
            .iter()
            .map(|n| n.value.as_str().unwrap_or("?").to_owned())
            .collect(),
        other => panic!("not a list: {other:?}"),
    }
}

#[test]
fn variable_precedence_default_tfvars_auto_and_var_files() {
    let files = [
        (
            "root/main.tf",
            r#"
variable "a" { default = "default" }
variable "b" { default = "default" }
variable "c" { default = "default" }
variable "d" { default = "default" }
variable "e" { default = "default" }
variable "unset" {}
resource "x" "r" {
  a = var.a
  b = var.b
  c = var.c
  d = var.d
  e = var.e
  unset = var.unset
}
"#,
        ),
        (
            "root/terraform.tfvars",
            "b = \"tfvars\"\nc = \"tfvars\"\nd = \"tfvars\"\ne = \"tfvars\"\n",
        ),
        (
            "root/a.auto.tfvars",
            "c = \"a.auto\"\nd = \"a.auto\"\ne = \"a.auto\"\n",
        ),
        ("root/b.auto.tfvars", "d = \"b.auto\"\ne = \"b.auto\"\n"),
        ("root/prod.tfvars", "e = \"var-file\"\n"),
        // Not auto-loaded and not passed: ignored.
        ("root/other.tfvars", "a = \"other\"\n"),
    ];
    let loader = MemLoader::with(&files);
    let options = Options {
        var_files: vec![PathBuf::from("root/prod.tfvars")],
        ..Options::default()
    };
    let a = analyze_with(&loader, "root", &options);
    assert!(a.diags.is_empty(), "{:?}", a.diags);
    assert_eq!(a.value("x.r", "a"), s("default"));
    assert_eq!(a.value("x.r", "b"), s("tfvars"));
    assert_eq!(a.value("x.r", "c"), s("a.auto"));
    assert_eq!(a.value("x.r", "d"), s("b.auto"));
    assert_eq!(a.value("x.r", "e"), s("var-file"));
    assert_eq!(a.value("x.r", "unset"), Value::Unknown);
}

#[test]
fn variable_types_convert_loosely() {
    let a = analyze(&[
        (
            "root/main.tf",
            r#"
variable "flag" { type = bool }
variable "port" { type = number }
resource "x" "r" {
  flag = var.flag
  port = var.port
}
"#,
        ),
        ("root/terraform.tfvars", "flag = \"true\"\nport = \"22\"\n"),
    ]);
    assert_eq!(a.value("x.r", "flag"), Value::Bool(true));
    assert_eq!(a.value("x.r", "port"), Value::Number(22.0));
}

#[test]
fn locals_chain_and_cycles() {
    let a = analyze(&[(
        "root/main.tf",
        r#"
locals {
  env    = "prod"
  name   = "${local.prefix}-${local.env}"
  prefix = "app"
  loop_a = local.loop_b
  loop_b = local.loop_a
}
resource "x" "r" {
  name = local.name
  loop = local.loop_a
  path = path.module
  ws   = terraform.workspace
}
"#,
    )]);
    assert_eq!(a.value("x.r", "name"), s("app-prod"));
    assert_eq!(a.value("x.r", "loop"), Value::Unknown);
    assert_eq!(a.value("x.r", "path"), s("root"));
    assert_eq!(a.value("x.r", "ws"), s("default"));
}

#[test]
fn count_creates_indexed_instances() {
    let a = analyze(&[(
        "root/main.tf",
        r#"
variable "n" { default = 2 }
resource "x" "none" { count = 0 }
resource "x" "two" {
  count = var.n
  name  = "b-${count.index}"
}
resource "x" "maybe" {
  count = var.unknown_count
  name  = "m-${count.index}"
}
variable "unknown_count" {}
"#,
    )]);
    let addrs = a.addresses();
    assert!(!addrs.iter().any(|a| a.starts_with("x.none")), "{addrs:?}");
    assert_eq!(a.value("x.two[0]", "name"), s("b-0"));
    assert_eq!(a.value("x.two[1]", "name"), s("b-1"));
    // Unknown count: one stand-in instance with an unknown index.
    assert_eq!(a.value("x.maybe", "name"), Value::Unknown);
    assert_eq!(a.graph.len(), 3);
}

#[test]
fn for_each_over_map_and_set() {
    let a = analyze(&[(
        "root/main.tf",
        r#"
resource "x" "m" {
  for_each = { small = 1, large = 3 }
  name     = each.key
  size     = each.value
}
resource "x" "s" {
  for_each = ["a", "b"]
  name     = "${each.key}/${each.value}"
}
"#,
    )]);
    assert_eq!(a.value("x.m[\"small\"]", "name"), s("small"));
    assert_eq!(a.value("x.m[\"large\"]", "size"), Value::Number(3.0));
    assert_eq!(a.value("x.s[\"b\"]", "name"), s("b/b"));
    assert_eq!(a.graph.len(), 4);
}

#[test]
fn nested_and_dynamic_blocks() {
    let a = analyze(&[(
        "root/main.tf",
        r#"
locals {
  ports = { ssh = 22, web = 443 }
}
resource "aws_security_group" "sg" {
  ingress {
    from_port = 80
  }
  dynamic "ingress" {
    for_each = local.ports
    iterator = p
    content {
      from_port   = p.value
      description = p.key
    }
  }
  dynamic "egress" {
    for_each = [10, 20]
    content {
      to_port = egress.value * 2
      nested {
        k = egress.key
      }
    }
  }
  dynamic "unknown" {
    for_each = var.nope
    content {
      x = unknown.value
      y = 1
    }
  }
  lifecycle {
    prevent_destroy = true
  }
}
variable "nope" {}
"#,
    )]);
    let r = "aws_security_group.sg";
    assert_eq!(a.value(r, "ingress.0.from_port"), Value::Number(80.0));
    assert_eq!(a.value(r, "ingress.1.from_port"), Value::Number(22.0));
    assert_eq!(a.value(r, "ingress.1.description"), s("ssh"));
    assert_eq!(a.value(r, "ingress.2.from_port"), Value::Number(443.0));
    assert_eq!(a.value(r, "egress.1.to_port"), Value::Number(40.0));
    // Over a set (list), the key is the element.
    assert_eq!(a.value(r, "egress.1.nested.0.k"), Value::Number(20.0));
    // An unknown `for_each`: how many blocks there are is unknown.
    assert_eq!(a.value(r, "unknown"), Value::Unknown);
    assert!(a.resource(r).body.get("lifecycle").is_none());
    // A block node spans its header.
    let block = &a.resource(r).body.get("ingress").unwrap();
    let Value::List(items) = &block.value else {
        panic!()
    };
    assert_eq!(a.line_of(&items[0]), 6);
}

#[test]
fn expressions_conditionals_for_and_splats() {
    let a = analyze(&[(
        "root/main.tf",
        r#"
variable "env" { default = "prod" }
variable "unknown" {}
locals {
  users   = [{ name = "a", admin = true }, { name = "b", admin = false }]
  by_role = { for u in local.users : (u.admin ? "admin" : "user") => u.name... }
  names   = [for u in local.users : upper_or_self(u.name) if u.admin]
  plain   = [for i, u in local.users : "${i}:${u.name}"]
  objs    = { for u in local.users : u.name => u.admin }
}
resource "x" "r" {
  cond       = var.env == "prod" ? "yes" : "no"
  same       = var.unknown ? "x" : "x"
  differ     = var.unknown ? "x" : "y"
  splat      = local.users[*].name
  attr_splat = local.users.*.name
  index      = local.users[1]["name"]
  by_role    = local.by_role
  plain      = local.plain
  objs       = local.objs
  math       = (1 + 2) * 3 - 4 / 2 % 3
  logic      = !(1 < 2) || (3 >= 3 && "a" != "b")
  shortcut   = true || var.unknown
  neg        = -5
  tpl        = "%{if var.env == "prod"}P%{else}D%{endif}-%{for u in local.users}${u.name},%{endfor}"
  strip      = "a %{~ if true ~} b %{~ endif ~} c"
  heredoc    = <<-EOT
    hello ${var.env}
      indented
  EOT
  interp_unknown = "x-${var.unknown}"
  single     = "${local.users}"
  tried      = try(local.users[5].name, local.users[0].name)
  tried_unknown = try(var.unknown, "fallback")
  can_ok     = can(local.users[0].name)
  can_bad    = can(local.users[0].missing)
  missing    = local.users[0].missing
  names      = local.names
}
"#,
    )]);
    let r = "x.r";
    assert_eq!(a.value(r, "cond"), s("yes"));
    assert_eq!(a.value(r, "same"), s("x"));
    assert_eq!(a.value(r, "differ"), Value::Unknown);
    assert_eq!(strings(&a.value(r, "splat")), ["a", "b"]);
    assert_eq!(strings(&a.value(r, "attr_splat")), ["a", "b"]);
    assert_eq!(a.value(r, "index"), s("b"));
    assert_eq!(strings(&a.value(r, "by_role.admin")), ["a"]);
    assert_eq!(strings(&a.value(r, "by_role.user")), ["b"]);
    assert_eq!(strings(&a.value(r, "plain")), ["0:a", "1:b"]);
    assert_eq!(a.value(r, "objs.b"), Value::Bool(false));
    assert_eq!(a.value(r, "math"), Value::Number(7.0));
    assert_eq!(a.value(r, "logic"), Value::Bool(true));
    assert_eq!(a.value(r, "shortcut"), Value::Bool(true));
    assert_eq!(a.value(r, "neg"), Value::Number(-5.0));
    assert_eq!(a.value(r, "tpl"), s("P-a,b,"));
    assert_eq!(a.value(r, "strip"), s("abc"));
    assert_eq!(a.value(r, "heredoc"), s("hello prod\n  indented\n"));
    assert_eq!(a.value(r, "interp_unknown"), Value::Unknown);
    assert!(matches!(a.value(r, "single"), Value::List(l) if l.len() == 2));
    assert_eq!(a.value(r, "tried"), s("a"));
    assert_eq!(a.value(r, "tried_unknown"), Value::Unknown);
    assert_eq!(a.value(r, "can_ok"), Value::Bool(true));
    assert_eq!(a.value(r, "can_bad"), Value::Bool(false));
    assert_eq!(a.value(r, "missing"), Value::Unknown);
    // A function the evaluator does not know yields unknown, never a panic.
    assert!(matches!(
        a.value(r, "names"),
        Value::List(_) | Value::Unknown
    ));
}

#[test]
fn references_to_resources_and_edges() {
    let a = analyze(&[(
        "root/main.tf",
        r#"
resource "aws_s3_bucket" "b" {
  bucket = "logs"
}
resource "aws_s3_bucket_versioning" "v" {
  bucket = aws_s3_bucket.b.id
  name   = aws_s3_bucket.b.bucket
  versioning_configuration {
    status = "Enabled"
  }
}
resource "aws_kms_key" "k" {}
resource "aws_s3_bucket_server_side_encryption_configuration" "e" {
  bucket = aws_s3_bucket.b.bucket
  rule {
    apply_server_side_encryption_by_default {
      kms_master_key_id = aws_kms_key.k.arn
    }
  }
}
resource "aws_s3_bucket" "many" {
  count  = 2
  bucket = "many-${count.index}"
}
resource "x" "first" {
  target = aws_s3_bucket.many[1].bucket
}
resource "x" "all" {
  targets = aws_s3_bucket.many[*].bucket
}
locals {
  bucket_id = aws_s3_bucket.b.id
}
resource "x" "via_local" {
  bucket = local.bucket_id
}
data "aws_caller_identity" "me" {}
resource "x" "data" {
  account = data.aws_caller_identity.me.account_id
}
"#,
    )]);
    let id = |addr: &str| {
        a.graph
            .resources()
            .find(|(_, r)| r.address == addr)
            .unwrap()
            .0
    };
    let edges_from = |addr: &str| -> Vec<(String, String)> {
        a.graph
            .edges()
            .iter()
            .filter(|e| e.from == id(addr))
            .map(|e| (a.graph.resource(e.to).address.clone(), e.attribute.clone()))
            .collect()
    };
    assert_eq!(
        a.value("aws_s3_bucket_versioning.v", "bucket"),
        Value::Unknown
    );
    assert_eq!(a.value("aws_s3_bucket_versioning.v", "name"), s("logs"));
    let v: Vec<_> = a
        .graph
        .referrers(id("aws_s3_bucket.b"), Some("bucket"))
        .collect();
    assert!(v.contains(&id("aws_s3_bucket_versioning.v")));
    assert_eq!(
        edges_from("aws_s3_bucket_server_side_encryption_configuration.e"),
        [
            ("aws_s3_bucket.b".to_owned(), "bucket".to_owned()),
            ("aws_kms_key.k".to_owned(), "rule".to_owned())
        ]
    );
    assert_eq!(a.value("x.first", "target"), s("many-1"));
    assert_eq!(
        edges_from("x.first"),
        [("aws_s3_bucket.many[1]".to_owned(), "target".to_owned())]
    );
    assert_eq!(strings(&a.value("x.all", "targets")), ["many-0", "many-1"]);
    assert_eq!(edges_from("x.all").len(), 2);
    assert_eq!(
        edges_from("x.via_local"),
        [("aws_s3_bucket.b".to_owned(), "bucket".to_owned())]
    );
    assert_eq!(a.value("x.data", "account"), Value::Unknown);
    assert!(
        a.resource("aws_s3_bucket.b")
            .body
            .get("lifecycle")
            .is_none()
    );
}

#[test]
fn local_module_is_instantiated_with_caller_inputs_and_trace() {
    let loader = MemLoader::from_fixture("modules");
    let a = analyze_with(&loader, "root", &Options::default());
    assert!(a.diags.is_empty(), "{:?}", a.diags);
    assert_eq!(
        a.value("module.web.aws_s3_bucket.this", "bucket"),
        s("web-prod")
    );
    assert_eq!(
        a.value("module.web.aws_s3_bucket.this", "acl"),
        s("private")
    );
    // Module outputs flow back to the caller.
    assert_eq!(a.value("aws_s3_bucket.copy", "bucket"), s("web-prod-copy"));
    // count on a module, and a module inside a module.
    assert_eq!(
        a.value("module.many[1].aws_s3_bucket.this", "bucket"),
        s("many-1")
    );
    let inner = a.resource("module.web.module.inner.x.leaf");
    assert_eq!(inner.body.get("name").unwrap().value, s("web-prod-leaf"));
    // Trace: outermost call first, pointing at the module block header.
    let r = a.resource("module.web.aws_s3_bucket.this");
    assert_eq!(r.trace.len(), 1);
    assert_eq!(r.trace[0].note, "module `web` called here");
    let file = a.sources.get(r.trace[0].span.file);
    assert!(file.path.ends_with("root/main.tf"));
    let header = &file.text[r.trace[0].span.start as usize..r.trace[0].span.end as usize];
    assert_eq!(header, "module \"web\"");
    assert_eq!(inner.trace.len(), 2);
    assert_eq!(inner.trace[1].note, "module `inner` called here");
    // Remote module installed by `terraform init`.
    assert_eq!(
        a.value("module.remote.x.installed", "region"),
        s("eu-west-1")
    );
}

#[test]
fn module_cycles_and_missing_dirs_are_reported_not_followed() {
    let a = analyze(&[
        (
            "root/main.tf",
            "module \"a\" { source = \"./a\" }\nmodule \"gone\" { source = \"./gone\" }\n",
        ),
        (
            "root/a/main.tf",
            "module \"self\" { source = \"../a\" }\nresource \"x\" \"r\" {}\n",
        ),
        ("root/b/main.tf", "resource \"x\" \"unused\" {}\n"),
        // Remote module without a manifest: unknown, no diagnostic.
        (
            "root/c.tf",
            "module \"vpc\" { source = \"terraform-aws-modules/vpc/aws\" }\nresource \"x\" \"o\" { v = module.vpc.id }\n",
        ),
    ]);
    assert!(a.addresses().contains(&"module.a.x.r".to_owned()));
    assert_eq!(a.value("x.o", "v"), Value::Unknown);
    let messages: Vec<_> = a.diags.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(a.diags.len(), 2, "{messages:?}");
    assert!(
        messages.iter().any(|m| m.contains("calls itself")),
        "{messages:?}"
    );
    assert!(messages.iter().any(|m| m.contains("gone")), "{messages:?}");
}

#[test]
fn syntax_error_reports_line_and_other_files_still_lower() {
    let a = analyze(&[
        (
            "root/bad.tf",
            "resource \"x\" \"a\" {\n  ok = 1\n  broken = \n}\n",
        ),
        (
            "root/good.tf",
            "resource \"x\" \"b\" {\n  name = \"fine\"\n}\n",
        ),
    ]);
    assert_eq!(a.diags.len(), 1);
    let d = &a.diags[0];
    let file = a.sources.get(d.file);
    assert!(file.path.ends_with("bad.tf"));
    let span = d.span.expect("a span");
    assert_eq!(file.position(span.start).line, 3);
    assert!(d.message.contains("syntax error"), "{}", d.message);
    assert_eq!(a.value("x.b", "name"), s("fine"));
}

#[test]
fn spans_point_at_attributes_and_headers() {
    let text = "\n\nresource \"aws_s3_bucket\" \"b\" {\n  acl = \"public-read\"\n\n  tags = {\n    Name = \"x\"\n  }\n}\n";
    let a = analyze(&[("root/main.tf", text)]);
    let r = a.resource("aws_s3_bucket.b");
    let file = a.sources.get(r.span.file);
    assert_eq!(
        &file.text[r.span.start as usize..r.span.end as usize],
        "resource \"aws_s3_bucket\" \"b\""
    );
    let acl = r.body.get("acl").unwrap();
    assert_eq!(a.line_of(acl), 4);
    let span = acl.span.unwrap();
    assert_eq!(
        &file.text[span.start as usize..span.end as usize],
        "acl = \"public-read\""
    );
    let tags = r.body.get("tags").unwrap();
    assert_eq!(a.line_of(tags), 6);
    assert_eq!(a.line_of(tags.get("Name").unwrap()), 7);
}

#[test]
fn parse_only_and_check_file() {
    use strata::source::FileId;
    assert!(terraform::parse_only("a = 1\n", FileId(0)).is_empty());
    let d = terraform::parse_only("a = \n", FileId(3));
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].file, FileId(3));
    assert_eq!(terraform::check_file("region = \"x\"\n", FileId(0)), []);
    assert_eq!(terraform::check_file("region = [\n", FileId(0)).len(), 1);
}

#[test]
fn json_configuration_and_tfvars() {
    let main = r#"{
  "variable": { "name": { "default": "dflt" }, "n": { "type": "number" } },
  "locals": { "full": "${var.name}-x" },
  "resource": {
    "aws_s3_bucket": {
      "b": { "bucket": "${local.full}", "count": "${var.n}", "versioning": [{ "enabled": true }] }
    },
    "aws_s3_bucket_versioning": {
      "v": { "bucket": "${aws_s3_bucket.b[0].id}", "//": "a comment" }
    }
  }
}"#;
    let a = analyze(&[
        ("root/main.tf.json", main),
        ("root/terraform.tfvars", "name = \"hcl\"\n"),
        (
            "root/terraform.tfvars.json",
            "{\"name\": \"json\", \"n\": \"2\"}",
        ),
    ]);
    assert!(a.diags.is_empty(), "{:?}", a.diags);
    assert_eq!(a.value("aws_s3_bucket.b[1]", "bucket"), s("json-x"));
    assert_eq!(
        a.value("aws_s3_bucket.b[0]", "versioning.0.enabled"),
        Value::Bool(true)
    );
    assert!(
        a.resource("aws_s3_bucket_versioning.v")
            .body
            .get("//")
            .is_none()
    );
    // Spans come from the JSON reader: the header is the name key.
    let r = a.resource("aws_s3_bucket.b[0]");
    let file = a.sources.get(r.span.file);
    assert_eq!(
        &file.text[r.span.start as usize..r.span.end as usize],
        "\"b\""
    );
    assert_eq!(a.line_of(r.body.get("bucket").unwrap()), 6);
    let edges = a.graph.edges();
    assert_eq!(edges.len(), 1);
    assert_eq!(a.graph.resource(edges[0].to).address, "aws_s3_bucket.b[0]");
    assert_eq!(edges[0].attribute, "bucket");
}

#[test]
fn json_syntax_errors_have_positions() {
    let a = analyze(&[
        ("root/main.tf.json", "{\n  \"resource\": {\n    \"x\": ]\n}"),
        ("root/ok.tf", "resource \"x\" \"ok\" {}\n"),
    ]);
    assert_eq!(a.diags.len(), 1, "{:?}", a.diags);
    let span = a.diags[0].span.unwrap();
    assert_eq!(a.sources.get(span.file).position(span.start).line, 3);
    assert_eq!(a.addresses(), ["x.ok"]);
    assert_eq!(
        terraform::check_file("{\"a\": 1,}", strata::source::FileId(0)).len(),
        1
    );
    assert!(
        terraform::check_file("{\"a\": [1, \"\\u00e9\"]}", strata::source::FileId(0)).is_empty()
    );
}

#[test]
fn builtin_functions_drive_repetition() {
    let a = analyze(&[(
        "root/main.tf",
        r#"
variable "names" { default = ["a", "b", "c"] }
resource "x" "set" {
  for_each = toset(var.names)
  name     = each.value
}
resource "x" "counted" {
  count = length(var.names)
  name  = var.names[count.index]
}
"#,
    )]);
    assert_eq!(a.value("x.set[\"c\"]", "name"), s("c"));
    assert_eq!(a.value("x.counted[2]", "name"), s("c"));
    assert_eq!(a.graph.len(), 6);
}

#[test]
fn hostile_inputs_stay_bounded() {
    let mut doubling = String::from("locals {\n  l0 = \"xxxxxxxxxxxxxxxx\"\n  n0 = [1, 2]\n");
    for i in 1..64 {
        doubling.push_str(&format!(
            "  l{i} = \"${{local.l{p}}}${{local.l{p}}}\"\n",
            p = i - 1
        ));
        doubling.push_str(&format!("  n{i} = [local.n{p}, local.n{p}]\n", p = i - 1));
    }
    doubling.push_str("}\nresource \"x\" \"r\" {\n  s = local.l63\n  n = local.n63\n}\n");
    doubling.push_str("resource \"x\" \"huge\" {\n  count = 1e300\n}\n");
    doubling.push_str("resource \"x\" \"neg\" {\n  count = -3\n}\n");
    let a = analyze(&[("root/main.tf", &doubling)]);
    assert_eq!(a.value("x.r", "s"), Value::Unknown);
    assert!(!a.value("x.r", "n").is_null());
    assert_eq!(a.addresses(), ["x.r", "x.huge"]);
}

#[test]
fn for_each_over_resources_links_each_instance_to_its_own() {
    // The common module pattern: one companion resource per bucket, keyed
    // like the buckets, reading the bucket through `each.value`.
    let a = analyze(&[(
        "root/main.tf",
        r#"
resource "aws_s3_bucket" "logs" {
  for_each = toset(["audit", "access"])
  bucket   = "logs-${each.key}"
}
resource "aws_s3_bucket_versioning" "logs" {
  for_each = aws_s3_bucket.logs
  bucket   = each.value.id
  versioning_configuration {
    status = "Enabled"
  }
}
"#,
    )]);
    let id = |addr: &str| {
        a.graph
            .resources()
            .find(|(_, r)| r.address == addr)
            .unwrap_or_else(|| panic!("no {addr}"))
            .0
    };
    for key in ["audit", "access"] {
        let bucket = id(&format!("aws_s3_bucket.logs[\"{key}\"]"));
        let referrers: Vec<_> = a.graph.referrers(bucket, Some("bucket")).collect();
        assert_eq!(
            referrers,
            [id(&format!("aws_s3_bucket_versioning.logs[\"{key}\"]"))],
            "{key}"
        );
    }
}

#[test]
fn references_through_module_outputs_link_to_the_module_resource() {
    let a = analyze(&[
        (
            "root/main.tf",
            r#"
module "logs" {
  source = "./modules/bucket"
  name   = "logs"
}
resource "aws_s3_bucket_versioning" "logs" {
  bucket = module.logs.id
  versioning_configuration {
    status = "Enabled"
  }
}
"#,
        ),
        (
            "root/modules/bucket/main.tf",
            r#"
variable "name" {}
resource "aws_s3_bucket" "this" {
  bucket = var.name
}
output "id" {
  value = aws_s3_bucket.this.id
}
"#,
        ),
    ]);
    let id = |addr: &str| {
        a.graph
            .resources()
            .find(|(_, r)| r.address == addr)
            .unwrap_or_else(|| panic!("no {addr}"))
            .0
    };
    let referrers: Vec<_> = a
        .graph
        .referrers(id("module.logs.aws_s3_bucket.this"), Some("bucket"))
        .collect();
    assert_eq!(referrers, [id("aws_s3_bucket_versioning.logs")]);
}

#[test]
fn valid_hcl_that_hcl_edit_rejects_is_analysed() {
    // A `for` object whose value continues on new lines, and an object
    // with a repeated key (HCL keeps the last value): both valid HCL.
    let a = analyze(&[(
        "root/main.tf",
        r#"
variable "users" {
  default = { alice = "BUILT_IN", bob = "IAM" }
}
locals {
  hosts = {
    for k, v in var.users : k =>
    v == "BUILT_IN"
    ? "%"
    : null
  }
}
resource "x" "r" {
  hosts = local.hosts
  sizes = {
    min_size = 2
    "max" = 2
    min_size = 4
    "max" = 5
  }
}
"#,
    )]);
    assert!(a.diags.is_empty(), "{:?}", a.diags);
    assert_eq!(a.value("x.r", "hosts.alice"), s("%"));
    assert_eq!(a.value("x.r", "hosts.bob"), Value::Null);
    assert_eq!(a.value("x.r", "sizes.min_size"), Value::Number(4.0));
    assert_eq!(a.value("x.r", "sizes.max"), Value::Number(5.0));
}

#[test]
fn module_arguments_take_the_variable_type_with_optional_defaults() {
    let a = analyze(&[
        (
            "root/main.tf",
            r#"
module "db" {
  source   = "./db"
  settings = { encrypted = "false", replicas = [{}, { port = "5433" }] }
  pair     = ["1", true]
}
"#,
        ),
        (
            "root/db/main.tf",
            r#"
variable "settings" {
  type = object({
    encrypted = optional(bool, true)
    tier      = optional(string, "standard")
    replicas  = optional(list(object({ port = optional(number, 5432) })), [])
  })
}
variable "pair" { type = tuple([number, string]) }
resource "x" "db" {
  encrypted = var.settings.encrypted
  tier      = var.settings.tier
  ports     = [for r in var.settings.replicas : r.port]
  pair      = var.pair
}
"#,
        ),
    ]);
    assert!(a.diags.is_empty(), "{:?}", a.diags);
    let db = "module.db.x.db";
    assert_eq!(a.value(db, "encrypted"), Value::Bool(false));
    assert_eq!(a.value(db, "tier"), s("standard"));
    assert_eq!(a.value(db, "ports.0"), Value::Number(5432.0));
    assert_eq!(a.value(db, "ports.1"), Value::Number(5433.0));
    assert_eq!(a.value(db, "pair.0"), Value::Number(1.0));
    assert_eq!(a.value(db, "pair.1"), s("true"));
}

#[test]
fn a_dynamic_block_over_an_unknown_for_each_is_an_unknown_number_of_blocks() {
    let a = analyze(&[(
        "root/main.tf",
        r#"
variable "rules" {}
resource "x" "only_dynamic" {
  dynamic "rule" {
    for_each = var.rules
    content { port = rule.value }
  }
}
resource "x" "mixed" {
  rule { port = 22 }
  dynamic "rule" {
    for_each = var.rules
    content { port = rule.value }
  }
}
"#,
    )]);
    assert_eq!(a.value("x.only_dynamic", "rule"), Value::Unknown);
    // The known block stays visible; the unknown ones are one unknown element.
    assert_eq!(a.value("x.mixed", "rule.0.port"), Value::Number(22.0));
    assert_eq!(a.value("x.mixed", "rule.1"), Value::Unknown);
}

#[test]
fn values_passed_through_functions_keep_where_they_were_written() {
    let a = analyze(&[(
        "root/main.tf",
        r#"variable "password" {
  type    = string
  default = null
}

locals {
  fallback = "Fallback-Pa55word-2024"
  by_env   = { prod = "Prod-Pa55word-2024" }
  choices  = ["", "Listed-Pa55word-2024"]
}

resource "x" "server" {
  coalesced = coalesce(var.password, local.fallback)
  looked_up = lookup(local.by_env, "prod", "none")
  upper     = upper(local.fallback)
  expanded  = coalesce(local.choices...)
}
"#,
    )]);
    assert!(a.diags.is_empty(), "{:?}", a.diags);
    let (id, r) = (a.graph.resources())
        .find(|(_, r)| r.address == "x.server")
        .unwrap();
    let origin_line = |attr: &str| {
        let at = r.body.get(attr).unwrap().span.unwrap();
        (a.graph.origin(id, at)).map(|from| a.sources.get(from.file).position(from.start).line)
    };
    // 1-based lines of the literals in `locals`.
    assert_eq!(origin_line("coalesced"), Some(7));
    assert_eq!(origin_line("looked_up"), Some(8));
    // `...` spreads the list into arguments first; the element keeps its line.
    assert_eq!(a.value("x.server", "expanded"), s("Listed-Pa55word-2024"));
    assert_eq!(origin_line("expanded"), Some(9));
    // A function that changes the value makes a new one, written here.
    assert_eq!(origin_line("upper"), None);
}
