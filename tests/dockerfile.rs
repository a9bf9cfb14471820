//! The Dockerfile front end: parser constructs, recovery from bad input,
//! shell splitting of RUN, and the stage model (bases, users, edges).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::{Value as Json, json};
use strata::analysis::{self, AnalysisOptions, Unit};
use strata::dockerfile;
use strata::findings::FileStatus;
use strata::model::{Graph, Node, Value};
use strata::source::{Diagnostic, FileId, LoadError, SourceLoader, SourceMap, Span};

struct Lowered {
    graph: Graph,
    diagnostics: Vec<Diagnostic>,
    sources: SourceMap,
    file: FileId,
}

impl Lowered {
    /// The body of stage `i`.
    fn stage(&self, i: usize) -> &Node {
        let (_, resource) = self
            .graph
            .resources()
            .filter(|(_, r)| r.kind == dockerfile::KIND)
            .nth(i)
            .unwrap_or_else(|| panic!("no stage {i}"));
        &resource.body
    }

    /// A node by dotted path (`instructions.2.commands.0`) in stage `i`.
    fn at(&self, i: usize, path: &str) -> &Node {
        path.split('.').fold(self.stage(i), |node, key| {
            let next = match (&node.value, key.parse::<usize>()) {
                (Value::List(items), Ok(n)) => items.get(n),
                _ => node.get(key),
            };
            next.unwrap_or_else(|| panic!("no `{key}` in `{path}`: {}", plain(node)))
        })
    }

    fn json(&self, i: usize, path: &str) -> Json {
        plain(self.at(i, path))
    }

    fn has(&self, i: usize, path: &str) -> bool {
        let (head, last) = path.rsplit_once('.').unwrap_or(("", path));
        let parent = if head.is_empty() {
            self.stage(i)
        } else {
            self.at(i, head)
        };
        parent.get(last).is_some()
    }

    /// The source text a span covers.
    fn text(&self, span: Option<Span>) -> &str {
        let span = span.expect("spanned");
        let file = self.sources.get(self.file);
        &file.text[span.start as usize..span.end as usize]
    }

    fn spanned(&self, i: usize, path: &str) -> &str {
        self.text(self.at(i, path).span)
    }

    /// `line:column message` of each diagnostic.
    fn errors(&self) -> Vec<String> {
        let file = self.sources.get(self.file);
        self.diagnostics
            .iter()
            .map(|d| match d.span {
                Some(span) => {
                    let at = file.position(span.start);
                    format!("{}:{} {}", at.line, at.column, d.message)
                }
                None => d.message.clone(),
            })
            .collect()
    }

    /// Edges between stages, by stage index (not the instructions' links
    /// to their stage).
    fn stage_edges(&self) -> Vec<(usize, usize, String)> {
        let index = |id: strata::model::ResourceId| {
            self.graph
                .resources()
                .filter(|(_, r)| r.kind == dockerfile::KIND)
                .position(|(other, _)| other == id)
        };
        self.graph
            .edges()
            .iter()
            .filter_map(|e| Some((index(e.from)?, index(e.to)?, e.attribute.clone())))
            .collect()
    }

    /// Addresses of the stages.
    fn addresses(&self) -> Vec<String> {
        self.graph
            .resources()
            .filter(|(_, r)| r.kind == dockerfile::KIND)
            .map(|(_, r)| r.address.clone())
            .collect()
    }

    /// Keywords of the instructions of stage `i`.
    fn keywords(&self, i: usize) -> Vec<String> {
        match &self.at(i, "instructions").value {
            Value::List(items) => items
                .iter()
                .map(|n| {
                    n.get("instruction")
                        .unwrap()
                        .value
                        .as_str()
                        .unwrap()
                        .to_string()
                })
                .collect(),
            _ => panic!("instructions is not a list"),
        }
    }
}

fn lower(text: &str) -> Lowered {
    let mut sources = SourceMap::default();
    let file = sources.add("Dockerfile".into(), Arc::from(text));
    let mut graph = Graph::default();
    let diagnostics = dockerfile::lower_text(
        text,
        file,
        "Dockerfile",
        &AnalysisOptions::default(),
        &mut graph,
    );
    Lowered {
        graph,
        diagnostics,
        sources,
        file,
    }
}

fn fixture(name: &str) -> Lowered {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/dockerfile")
        .join(name);
    lower(&std::fs::read_to_string(path).unwrap())
}

/// A node without spans, for comparisons.
fn plain(node: &Node) -> Json {
    match &node.value {
        Value::Unknown => json!("(unknown)"),
        Value::Null => Json::Null,
        Value::Bool(b) => json!(b),
        Value::Number(n) => json!(n),
        Value::String(s) => json!(s),
        Value::List(items) => Json::Array(items.iter().map(plain).collect()),
        Value::Map(m) => Json::Object(m.iter().map(|(k, v)| (k.clone(), plain(v))).collect()),
    }
}

fn program_names(l: &Lowered, i: usize, path: &str) -> Vec<String> {
    match l.json(i, path) {
        Json::Array(items) => items
            .iter()
            .map(|c| c["program"].as_str().unwrap().to_string())
            .collect(),
        other => panic!("not a list: {other}"),
    }
}

// ---- parser: directives, continuations, escapes ----

#[test]
fn directives_are_read_only_at_the_top() {
    let (doc, diags) = dockerfile::parse(
        "# syntax=docker/dockerfile:1\n#escape = `\n# note\n# escape=\\\nFROM a\n",
        FileId(0),
    );
    assert!(diags.is_empty(), "{diags:?}");
    let names: Vec<_> = doc
        .directives
        .iter()
        .map(|d| (d.name.as_str(), d.value.as_str()))
        .collect();
    assert_eq!(names, [("syntax", "docker/dockerfile:1"), ("escape", "`")]);
    assert_eq!(doc.escape, '`');
    assert_eq!(doc.instructions.len(), 1);
}

#[test]
fn backslash_continuations_skip_comment_and_blank_lines() {
    let text = "FROM alpine\nRUN apk add \\\n# the tools\n\n    curl \\\n    jq\nUSER app\n";
    let l = lower(text);
    assert!(l.diagnostics.is_empty(), "{:?}", l.errors());
    assert_eq!(l.keywords(0), ["FROM", "RUN", "USER"]);
    assert_eq!(
        l.json(0, "instructions.1.commands.0.args"),
        json!(["add", "curl", "jq"])
    );
    // Spans point into the right physical lines.
    assert_eq!(l.spanned(0, "instructions.1.commands.0.args.2"), "jq");
    assert_eq!(l.spanned(0, "instructions.1.commands.0.args.1"), "curl");
    let whole = l.spanned(0, "instructions.1");
    assert!(
        whole.starts_with("RUN apk") && whole.ends_with("jq"),
        "{whole}"
    );
}

#[test]
fn backtick_escape_continues_lines_and_keeps_backslashes() {
    let l = fixture("escape-backtick.Dockerfile");
    assert!(l.diagnostics.is_empty(), "{:?}", l.errors());
    assert_eq!(l.keywords(0), ["FROM", "SHELL", "RUN", "WORKDIR", "COPY"]);
    assert_eq!(l.json(0, "shell"), json!(["powershell", "-Command"]));
    assert_eq!(l.json(0, "instructions.3.path"), json!("C:\\app"));
    assert_eq!(l.json(0, "instructions.3.relative"), json!(false));
    assert_eq!(l.json(0, "instructions.4.sources"), json!(["app\\"]));
    assert_eq!(l.spanned(0, "instructions.2.commands.0.args.0"), "hello");
}

#[test]
fn keywords_are_case_insensitive_and_crlf_and_bom_are_handled() {
    let l = lower("from alpine:3.19 as Base\nrun echo hi\nUser app\n");
    assert_eq!(l.keywords(0), ["FROM", "RUN", "USER"]);
    assert_eq!(l.json(0, "name"), json!("Base"));
    assert_eq!(l.addresses(), ["Dockerfile#Base"]);

    let crlf = fixture("crlf.Dockerfile");
    assert!(crlf.diagnostics.is_empty(), "{:?}", crlf.errors());
    assert_eq!(crlf.json(0, "user"), json!("nobody"));
    assert_eq!(crlf.spanned(0, "user"), "nobody");
    assert_eq!(crlf.spanned(0, "instructions.1.commands.0.args.2"), "curl");

    let bom = fixture("bom.Dockerfile");
    assert!(bom.diagnostics.is_empty(), "{:?}", bom.errors());
    assert_eq!(bom.spanned(0, "from"), "alpine:3.19");
    assert_eq!(bom.json(0, "user"), json!("app"));
}

// ---- heredocs ----

#[test]
fn heredocs_in_run_and_copy() {
    let l = fixture("heredocs.Dockerfile");
    assert!(l.diagnostics.is_empty(), "{:?}", l.errors());
    assert_eq!(
        l.keywords(0),
        ["FROM", "RUN", "RUN", "COPY", "RUN", "RUN", "USER"]
    );
    // `RUN <<EOF`: the body is the script.
    assert_eq!(
        program_names(&l, 0, "instructions.1.commands"),
        ["set", "apt-get", "curl", "bash"]
    );
    assert_eq!(
        l.json(0, "instructions.1.commands.2.pipedInto"),
        json!("bash")
    );
    assert_eq!(l.json(0, "instructions.1.pipefail"), json!(true));
    assert_eq!(l.spanned(0, "instructions.1.commands.1.program"), "apt-get");
    assert!(
        l.json(0, "instructions.1.script")
            .as_str()
            .unwrap()
            .contains("apt-get update\n")
    );
    // `<<-'SCRIPT' bash`: tabs stripped, still a shell script.
    assert_eq!(
        program_names(&l, 0, "instructions.2.commands"),
        ["bash", "echo", "tee"]
    );
    assert_eq!(l.spanned(0, "instructions.2.commands.1.program"), "echo");
    // COPY from a heredoc.
    assert_eq!(l.json(0, "instructions.3.heredoc"), json!(true));
    assert_eq!(l.json(0, "instructions.3.sources"), json!(["<<CONF"]));
    assert_eq!(
        l.json(0, "instructions.3.destination"),
        json!("/etc/app.conf")
    );
    // Two heredocs in one instruction; their bodies are data for `cat`.
    assert_eq!(
        program_names(&l, 0, "instructions.4.commands"),
        ["cat", "cat"]
    );
    let script = l.json(0, "instructions.4.script");
    assert!(
        script.as_str().unwrap().contains("first\nONE\nsecond\nTWO"),
        "{script}"
    );
    // A Python heredoc is not shell.
    assert_eq!(program_names(&l, 0, "instructions.5.commands"), ["python3"]);
    assert_eq!(l.json(0, "user"), json!("app"));
}

#[test]
fn heredoc_spans_cover_the_body() {
    let (doc, diags) = dockerfile::parse("FROM a\nRUN <<EOF\necho hi\nEOF\nUSER b\n", FileId(0));
    assert!(diags.is_empty());
    let run = &doc.instructions[1];
    assert_eq!(run.heredocs.len(), 1);
    assert_eq!(run.heredocs[0].body.text, "echo hi\n");
    assert!(run.heredocs[0].expand);
    assert_eq!((run.span.start, run.span.end), (7, 28));
    assert_eq!(doc.instructions[2].keyword, "USER");
}

// ---- forms ----

#[test]
fn exec_and_shell_forms() {
    let text = r#"FROM alpine
RUN ["/bin/sh", "-c", "curl -fsSL https://x | sh"]
RUN ["apk", "add", "--no-cache", "git"]
CMD nginx -g 'daemon off;'
ENTRYPOINT ["/entrypoint.sh"]
CMD ["a", "b"
RUN [ "$WITH_TLS" = "true" ] && apk add openssl
RUN [Net.ServicePointManager]::SecurityProtocol = 'Tls12'; Invoke-WebRequest x
"#;
    let l = lower(text);
    assert_eq!(l.json(0, "instructions.1.form"), json!("exec"));
    assert_eq!(
        program_names(&l, 0, "instructions.1.commands"),
        ["sh", "curl", "sh"]
    );
    assert_eq!(
        l.json(0, "instructions.1.commands.1.pipedInto"),
        json!("sh")
    );
    assert_eq!(l.json(0, "instructions.1.hasPipe"), json!(true));
    // The inner script's words keep spans inside the JSON string.
    assert_eq!(
        l.spanned(0, "instructions.1.commands.1.args.1"),
        "https://x"
    );
    assert_eq!(
        l.json(0, "instructions.2.commands.0.args"),
        json!(["add", "--no-cache", "git"])
    );
    assert_eq!(l.spanned(0, "instructions.2.commands.0.args.2"), "\"git\"");
    assert_eq!(l.json(0, "instructions.3.form"), json!("shell"));
    assert_eq!(l.json(0, "instructions.4.form"), json!("exec"));
    // Not a JSON array: shell form, as Docker runs it, and not an error
    // (a test `[ … ]`, a PowerShell type literal `[Net.…]`).
    assert_eq!(l.json(0, "instructions.5.form"), json!("shell"));
    assert_eq!(l.json(0, "instructions.6.form"), json!("shell"));
    assert_eq!(
        program_names(&l, 0, "instructions.6.commands"),
        ["[", "apk"]
    );
    assert_eq!(l.json(0, "instructions.7.form"), json!("shell"));
    assert!(l.errors().is_empty(), "{:?}", l.errors());
}

#[test]
fn flags_are_read_before_arguments() {
    let text = "FROM --platform=linux/amd64 alpine AS a\nRUN --mount=type=secret,id=npm --network=none npm ci\nCOPY --link --chmod=755 --chown=1000:1000 a b /dst/\n";
    let l = lower(text);
    assert_eq!(l.json(0, "platform"), json!("linux/amd64"));
    assert_eq!(
        l.json(0, "instructions.1.mounts"),
        json!(["type=secret,id=npm"])
    );
    assert_eq!(l.json(0, "instructions.1.flags.network"), json!("none"));
    assert_eq!(program_names(&l, 0, "instructions.1.commands"), ["npm"]);
    assert_eq!(l.json(0, "instructions.2.flags.link"), json!(true));
    assert_eq!(l.json(0, "instructions.2.chmod"), json!("755"));
    assert_eq!(l.json(0, "instructions.2.chown"), json!("1000:1000"));
    assert_eq!(l.json(0, "instructions.2.sources"), json!(["a", "b"]));
    assert_eq!(l.spanned(0, "instructions.2.chown"), "1000:1000");
}

#[test]
fn copy_and_add_words_split_on_blanks_alone() {
    // Docker splits the shell form of COPY/ADD/FROM/EXPOSE/VOLUME on blanks:
    // a quote does not group words (paths with spaces need the JSON form).
    // The quote is an error of the word it is in, not a missing destination.
    let l = lower("FROM alpine:3.20\nADD \\conf\\\\\" /.znc\n");
    assert_eq!(
        l.errors(),
        ["2:5 in `\\conf\\\\\"`: unterminated double quote"]
    );
    assert_eq!(l.json(0, "instructions.1.destination"), json!("/.znc"));
}

// ---- substitution ----

#[test]
fn substitution_forms_in_env_and_from() {
    let text = r#"ARG REGISTRY=ghcr.io/acme
ARG TAG
ARG VARIANT=slim
FROM ${REGISTRY}/base:${TAG:-1.0}-$VARIANT AS one
ENV A=x B="${A}y" C=${UNSET_IN_IMAGE:-d}
ARG VARIANT
ENV D=${VARIANT:+has-variant} E=$VARIANT F='$A' G=\$A
FROM $REGISTRY/app:$TAG
"#;
    let l = lower(text);
    assert!(l.diagnostics.is_empty(), "{:?}", l.errors());
    assert_eq!(l.json(0, "from"), json!("ghcr.io/acme/base:1.0-slim"));
    assert_eq!(
        l.spanned(0, "from"),
        "${REGISTRY}/base:${TAG:-1.0}-$VARIANT"
    );
    assert_eq!(l.json(0, "base.registry"), json!("ghcr.io"));
    // ENV sees the values from before the instruction (A is not yet x).
    assert_eq!(l.json(0, "env.B"), json!("(unknown)"));
    // A name that may come from the base image is unknown, not empty.
    assert_eq!(l.json(0, "env.C"), json!("(unknown)"));
    assert_eq!(l.spanned(0, "env.A"), "A=x");
    // `ARG VARIANT` re-declares the global one with its value.
    assert_eq!(l.json(0, "env.D"), json!("has-variant"));
    assert_eq!(l.json(0, "env.E"), json!("slim"));
    assert_eq!(l.json(0, "env.F"), json!("$A"));
    assert_eq!(l.json(0, "env.G"), json!("$A"));
    assert_eq!(
        l.json(0, "globalArgs"),
        json!({"REGISTRY": "ghcr.io/acme", "TAG": null, "VARIANT": "slim"})
    );
    // TAG has no default: the image is unknown.
    assert_eq!(l.json(1, "from"), json!("(unknown)"));
    assert_eq!(l.json(1, "base"), json!("(unknown)"));
    assert!(!l.has(1, "baseStage") && !l.has(1, "scratch"));
}

#[test]
fn env_overrides_arg_and_later_env_wins() {
    let text = "FROM alpine\nARG V=arg\nENV V=env\nENV W=$V V=again\nLABEL \"com.example.v\"=$V\n";
    let l = lower(text);
    assert_eq!(l.json(0, "env"), json!({"V": "again", "W": "env"}));
    assert_eq!(l.json(0, "args"), json!({"V": "arg"}));
    assert_eq!(l.json(0, "labels"), json!({"com.example.v": "again"}));
}

// ---- stages ----

#[test]
fn multi_stage_builds_link_stages() {
    let l = fixture("multistage.Dockerfile");
    assert!(l.diagnostics.is_empty(), "{:?}", l.errors());
    assert_eq!(
        l.addresses(),
        ["Dockerfile#builder", "Dockerfile#tester", "Dockerfile#2"]
    );
    assert_eq!(
        (l.json(0, "final"), l.json(1, "final"), l.json(2, "final")),
        (json!(false), json!(false), json!(true))
    );
    assert_eq!(l.json(0, "from"), json!("golang:1.22-alpine"));
    assert_eq!(l.json(1, "baseStage"), json!("builder"));
    assert!(!l.has(1, "base"));
    assert_eq!(l.json(2, "base.repository"), json!("library/alpine"));
    assert_eq!(l.json(2, "instructions.1.fromStage"), json!("builder"));
    assert_eq!(l.json(2, "instructions.2.fromStage"), json!("builder"));
    assert_eq!(
        l.json(2, "instructions.3.fromImage.repository"),
        json!("library/nginx")
    );
    // Image configuration is inherited from a base stage.
    assert_eq!(l.json(1, "env.CGO_ENABLED"), json!("0"));
    assert_eq!(
        l.json(2, "exposedPorts"),
        json!([{"port": 8080.0, "protocol": "tcp"}, {"port": 9090.0, "protocol": "udp"}])
    );
    assert_eq!(l.spanned(2, "exposedPorts.1"), "9090/udp");
    assert_eq!(l.json(2, "healthcheck"), json!({"none": false}));
    assert!(!l.has(0, "healthcheck"));

    assert_eq!(
        l.stage_edges(),
        [
            (1, 0, "baseStage".to_string()),
            (2, 0, "copyFrom".to_string()),
        ]
    );
    let (_, first) = l.graph.resources().next().unwrap();
    assert_eq!(first.kind, "dockerfile_stage");
    assert!(l.text(Some(first.span)).starts_with("FROM --platform"));
    // `tester` is built FROM `builder`, but the final stage only copies
    // from it: only the final stage's layers ship.
    assert_eq!(
        (l.json(0, "ships"), l.json(1, "ships"), l.json(2, "ships")),
        (json!(false), json!(false), json!(true))
    );
}

#[test]
fn every_instruction_is_a_resource_of_its_stage() {
    let l = lower("FROM alpine AS base\nRUN a\nRUN b \\\n  c\n\nFROM base\nCOPY x /x\n");
    let instructions: Vec<(&str, &str)> = l
        .graph
        .resources()
        .filter(|(_, r)| r.kind == dockerfile::INSTRUCTION)
        .map(|(_, r)| (r.address.as_str(), l.text(Some(r.span))))
        .collect();
    assert_eq!(
        instructions,
        [
            ("Dockerfile#base/FROM[0]", "FROM alpine AS base"),
            ("Dockerfile#base/RUN[0]", "RUN a"),
            ("Dockerfile#base/RUN[1]", "RUN b \\\n  c"),
            ("Dockerfile#1/FROM[0]", "FROM base"),
            ("Dockerfile#1/COPY[0]", "COPY x /x"),
        ]
    );
    let (id, run) = l
        .graph
        .resources()
        .find(|(_, r)| r.address == "Dockerfile#base/RUN[1]")
        .unwrap();
    assert_eq!(
        plain(run.body.get("stage").unwrap()),
        json!({"index": 0.0, "name": "base", "final": false, "ships": true, "windows": false})
    );
    let to: Vec<_> = l.graph.referents(id, Some("stage.index")).collect();
    assert_eq!(to.len(), 1);
    assert_eq!(l.graph.resource(to[0]).address, "Dockerfile#base");
}

#[test]
fn scratch_and_stage_bases() {
    let l = lower("FROM scratch AS s\nFROM s\nFROM S AS t\n");
    assert_eq!(l.json(0, "scratch"), json!(true));
    assert!(!l.has(0, "base"));
    assert_eq!(l.json(1, "baseStage"), json!("s"));
    assert_eq!(l.json(2, "baseStage"), json!("s"));
    assert_eq!(
        l.addresses(),
        ["Dockerfile#s", "Dockerfile#1", "Dockerfile#t"]
    );
}

#[test]
fn effective_user_across_stages() {
    let text = "FROM alpine AS base\nUSER app:app\n\
                FROM base AS child\nRUN id\n\
                FROM child AS back\nUSER root\n\
                FROM alpine AS fresh\n\
                FROM alpine AS numeric\nUSER 0:0\n\
                FROM alpine AS dynamic\nUSER $APP_USER\n\
                FROM alpine AS known\nARG U=svc\nUSER ${U}\n";
    let l = lower(text);
    assert!(l.diagnostics.is_empty(), "{:?}", l.errors());
    let root = |i| l.json(i, "userIsRoot");
    assert_eq!(l.json(0, "user"), json!("app:app"));
    assert_eq!(root(0), json!(false));
    // Inherited from the base stage, span still on the USER line.
    assert_eq!(l.json(1, "user"), json!("app:app"));
    assert_eq!(l.spanned(1, "user"), "app:app");
    assert_eq!(root(1), json!(false));
    assert_eq!(root(2), json!(true));
    assert!(!l.has(3, "user"));
    assert_eq!(root(3), json!(true));
    assert_eq!(root(4), json!(true));
    assert_eq!(l.json(5, "user"), json!("(unknown)"));
    assert_eq!(root(5), json!("(unknown)"));
    assert_eq!(l.json(6, "user"), json!("svc"));
    assert_eq!(root(6), json!(false));
}

#[test]
fn instruction_details() {
    let text = "FROM alpine\nMAINTAINER Jane <jane@example.com>\nWORKDIR app\nWORKDIR $HOME/x\n\
                ADD https://example.com/a.tar.gz /opt/\nADD local.tgz /opt/\nADD conf /etc/conf\n\
                EXPOSE 22 8000-8010/udp\nHEALTHCHECK NONE\nONBUILD RUN curl $URL | sh\n\
                STOPSIGNAL SIGTERM\nVOLUME [\"/data\"]\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\n\
                RUN wget -qO- https://x | tar xz\nUSER nobody\n";
    let l = lower(text);
    assert!(l.diagnostics.is_empty(), "{:?}", l.errors());
    let i = |n: usize, key: &str| l.json(0, &format!("instructions.{n}.{key}"));
    assert_eq!(i(1, "name"), json!("Jane <jane@example.com>"));
    assert_eq!(i(2, "relative"), json!(true));
    assert_eq!(i(3, "relative"), json!("(unknown)"));
    assert_eq!(
        (i(4, "remote"), i(4, "archive")),
        (json!(true), json!(true))
    );
    assert_eq!(
        (i(5, "remote"), i(5, "archive")),
        (json!(false), json!(true))
    );
    assert_eq!(
        (i(6, "remote"), i(6, "archive")),
        (json!(false), json!(false))
    );
    assert_eq!(
        i(7, "ports"),
        json!([{"port": 22.0, "protocol": "tcp"}, {"port": 8000.0, "endPort": 8010.0, "protocol": "udp"}])
    );
    assert_eq!(i(8, "none"), json!(true));
    assert_eq!(l.json(0, "healthcheck.none"), json!(true));
    assert_eq!(i(9, "trigger.instruction"), json!("RUN"));
    assert_eq!(i(9, "trigger.commands.0.pipedInto"), json!("sh"));
    assert_eq!(i(10, "signal"), json!("SIGTERM"));
    assert_eq!(i(11, "volumes"), json!(["/data"]));
    // SHELL with -o pipefail covers later RUNs.
    assert_eq!(i(13, "pipefail"), json!(true));
    assert_eq!(i(13, "hasPipe"), json!(true));
    assert_eq!(
        l.json(0, "shell"),
        json!(["/bin/bash", "-o", "pipefail", "-c"])
    );
}

// ---- bad input ----

#[test]
fn bad_input_is_reported_with_positions_and_parsing_continues() {
    let l = fixture("bad.Dockerfile");
    let errors = l.errors();
    let expected = [
        "1:1 invalid escape directive `x`",
        "3:1 unknown instruction `FOO`",
        "4:1 `COPY` needs a source and a destination",
        "5:7 in `${B`: missing `}`",
        "6:5 unterminated heredoc: no line `EOF` closes it",
        "9:11 invalid port `http`",
    ];
    assert_eq!(errors.len(), expected.len(), "{errors:#?}");
    for (error, prefix) in errors.iter().zip(expected) {
        assert!(
            error.starts_with(prefix),
            "{error} does not start with {prefix}"
        );
    }
    // Everything after the bad lines is still there, down to a last line
    // that ends in a continuation (BuildKit builds it as complete).
    assert_eq!(
        l.keywords(0),
        ["FROM", "FOO", "COPY", "ENV", "RUN", "USER", "EXPOSE", "RUN"]
    );
    assert_eq!(l.json(0, "user"), json!("app"));
    assert_eq!(l.json(0, "env.A"), json!("(unknown)"));
    assert_eq!(l.json(0, "exposedPorts.0.port"), json!(80.0));
    assert_eq!(l.json(0, "exposedPorts.1"), json!("(unknown)"));
    assert_eq!(program_names(&l, 0, "instructions.4.commands"), ["echo"]);
    assert_eq!(program_names(&l, 0, "instructions.7.commands"), ["echo"]);
}

#[test]
fn truncated_and_misplaced_instructions() {
    let l = lower("RUN echo early\nFROM\nFROM alpine AS\nUSER\nCOPY\nENV\nHEALTHCHECK\nRUN\n");
    let errors = l.errors();
    for (error, prefix) in errors.iter().zip([
        "1:1 `RUN` before the first FROM",
        "2:1 `FROM` needs an image",
        "3:6 `FROM` takes an image and an optional `AS name`",
        "4:1 `USER` needs an argument",
        "5:1 `COPY` needs a source and a destination",
        "6:1 `ENV` needs `NAME=value`",
        "7:1 `HEALTHCHECK` needs `CMD <command>` or `NONE`",
        "8:1 `RUN` needs a command",
    ]) {
        assert!(
            error.starts_with(prefix),
            "{error} does not start with {prefix}"
        );
    }
    assert_eq!(errors.len(), 8, "{errors:#?}");
    assert_eq!(l.addresses().len(), 2);
    assert_eq!(l.json(0, "from"), json!("(unknown)"));
}

#[test]
fn a_file_without_from_is_an_error_and_an_empty_one_is_skipped() {
    let l = lower("RUN x\n");
    assert_eq!(l.errors()[1], "no FROM instruction: this is not a build");

    struct One(&'static str);
    impl SourceLoader for One {
        fn read(&self, _: &Path) -> Result<Arc<str>, LoadError> {
            Ok(Arc::from(self.0))
        }
        fn list_dir(&self, _: &Path) -> Vec<PathBuf> {
            Vec::new()
        }
    }
    let unit = Unit::Dockerfile {
        path: PathBuf::from("Dockerfile"),
    };
    let options = AnalysisOptions::default();
    // The report's view of the file, as every format shows it.
    let status = |text| {
        let file = &analysis::analyze_unit(&unit, &One(text), &options).files[0];
        strata::report::resolve::file_entry(file, None).status
    };
    assert_eq!(
        status("# only a comment\n\n"),
        FileStatus::Skipped("no instructions (only comments or blank lines)".into())
    );
    assert_eq!(
        status("FROM alpine\nFOO\n"),
        FileStatus::Error("line 2, column 1: unknown instruction `FOO`".into())
    );
    assert_eq!(status("FROM alpine\n"), FileStatus::Scanned);
    // Named like a Dockerfile, but prose or code: skipped with the reason.
    assert_eq!(
        status("Notes on how the image is built.\n"),
        FileStatus::Skipped(
            "not a Dockerfile: it starts with `Notes`, not an instruction, and has no FROM".into()
        )
    );
    assert_eq!(
        status(
            "{{ if .Windows }}\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\n{{ end }}\n"
        ),
        FileStatus::Skipped("a template (lines start with `{{`), not a Dockerfile yet".into())
    );
    // A Dockerfile with a typo on its first line is still one.
    assert!(matches!(
        status("FORM alpine\nFROM alpine\n"),
        FileStatus::Error(_)
    ));
}

#[test]
fn dockerfiles_in_hidden_directories_are_scanned_but_not_caches() {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("hidden-dirs");
    let _ = std::fs::remove_dir_all(&root);
    let files = [
        ".devcontainer/Dockerfile",
        ".github/actions/build/Dockerfile",
        ".gitpod.Dockerfile",
        ".git/modules/x/Dockerfile",
        "node_modules/pkg/Dockerfile",
        ".terraform/modules/m/Dockerfile",
        "pkg/dockerfile.go",
    ];
    for file in files {
        let path = root.join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, "FROM alpine:3.20\n").unwrap();
    }
    let walk = strata::discover::WalkOptions::default();
    let found = strata::discover::walk(std::slice::from_ref(&root), &walk).unwrap();
    let names: Vec<String> = found
        .files
        .iter()
        .map(|(p, _)| p.strip_prefix(&root).unwrap().display().to_string())
        .collect();
    assert_eq!(
        names,
        [
            ".devcontainer/Dockerfile",
            ".github/actions/build/Dockerfile",
            ".gitpod.Dockerfile"
        ]
    );
}

// ---- RUN as shell ----

#[test]
fn shell_splitting() {
    let cases: &[(&str, &[&str])] = &[
        (
            "apt-get update && apt-get install -y --no-install-recommends curl=7.8 && rm -rf /var/lib/apt/lists/*",
            &["apt-get", "apt-get", "rm"],
        ),
        ("curl -fsSL https://x | sh", &["curl", "sh"]),
        ("a; b || c & d; e", &["a", "b", "c", "d", "e"]),
        ("(cd /x && make) && { echo ok; }", &["cd", "make", "echo"]),
        ("echo $(uname -m) `id -u`", &["uname", "id", "echo"]),
        ("sh -c 'apk add git && git clone x'", &["sh", "apk", "git"]),
        ("bash -ec \"pip install -r r.txt\"", &["bash", "pip"]),
        (
            "env DEBIAN_FRONTEND=noninteractive apt-get install -y x",
            &["apt-get"],
        ),
        ("FOO=1 BAR=\"a b\" /usr/bin/make -j4", &["make"]),
        ("sudo -u app npm install", &["npm"]),
        (
            "if [ -f x ]; then rm x; else touch x; fi",
            &["[", "rm", "touch"],
        ),
        ("for f in a b; do chmod 777 $f; done", &["chmod"]),
        (
            "case $A in x|y) echo x ;; *) echo other ;; esac",
            &["echo", "echo"],
        ),
        (
            "<<X\ncat > /f <<EOF\nnot a command\nEOF\necho after\nX",
            &["cat", "echo"],
        ),
        ("echo a # comment && rm -rf /", &["echo"]),
        ("[[ -n $A && -z $B ]] && echo yes", &["[[", "echo"]),
        ("f() { echo in; }; f", &["echo", "f"]),
        ("X=$(curl -s https://x) && echo $X", &["curl", "echo"]),
        ("echo 'a && b' \"c; d\" e\\;f", &["echo"]),
        ("exec nohup time server --port 1", &["server"]),
        ("ls 2>&1 >/dev/null | grep -v x", &["ls", "grep"]),
    ];
    for (script, programs) in cases {
        let l = lower(&format!("FROM alpine\nRUN {script}\n"));
        assert_eq!(
            program_names(&l, 0, "instructions.1.commands"),
            *programs,
            "{script}"
        );
    }
}

#[test]
fn commands_in_subshells_and_substitutions_are_marked() {
    let l = lower(
        "FROM alpine\nRUN (cd a && make) && cd b && echo $(cd c; pwd) `cd d`; f() ( cd e ); cd g\n",
    );
    let marked: Vec<(String, bool)> = (0..9)
        .map(|n| l.json(0, &format!("instructions.1.commands.{n}")))
        .filter(|c| c["program"] == json!("cd"))
        .map(|c| {
            (
                c["args"][0].as_str().unwrap().to_string(),
                c["subshell"] == json!(true),
            )
        })
        .collect();
    assert_eq!(
        marked,
        [
            ("a".to_string(), true),
            ("b".to_string(), false),
            ("c".to_string(), true),
            ("d".to_string(), true),
            ("e".to_string(), true),
            ("g".to_string(), false),
        ]
    );
}

#[test]
fn shell_commands_keep_arguments_pipes_and_sudo() {
    let l = lower(
        "FROM alpine\nRUN sudo apt-get install -y 'curl' && curl -fsSL https://x | sudo bash -s -- --yes\n",
    );
    let c = |n: usize| l.json(0, &format!("instructions.1.commands.{n}"));
    assert_eq!(
        c(0),
        json!({"program": "apt-get", "args": ["install", "-y", "curl"], "sudo": true, "subshell": false})
    );
    assert_eq!(c(1)["pipedInto"], json!("bash"));
    assert_eq!(c(2)["sudo"], json!(true));
    assert_eq!(c(2)["args"], json!(["-s", "--", "--yes"]));
    assert_eq!(l.spanned(0, "instructions.1.commands.0.args.2"), "'curl'");
    assert_eq!(
        l.spanned(0, "instructions.1.commands.1"),
        "curl -fsSL https://x"
    );
    assert_eq!(l.json(0, "instructions.1.hasPipe"), json!(true));
    assert_eq!(l.json(0, "instructions.1.pipefail"), json!(false));
}

#[test]
fn pipefail_from_set_or_shell() {
    let run = |script: &str| {
        let l = lower(&format!("FROM alpine\nRUN {script}\n"));
        l.json(0, "instructions.1.pipefail")
    };
    assert_eq!(run("set -o pipefail && curl x | sh"), json!(true));
    assert_eq!(run("set -euxo pipefail; curl x | sh"), json!(true));
    assert_eq!(run("curl x | sh; set -o pipefail"), json!(false));
    assert_eq!(run("set -e && curl x | sh"), json!(false));
    let l = lower(
        "FROM alpine\nSHELL [\"/bin/ash\", \"-eo\", \"pipefail\", \"-c\"]\nRUN a | b\nRUN [\"sh\", \"-c\", \"a | b\"]\n",
    );
    assert_eq!(l.json(0, "instructions.2.pipefail"), json!(true));
    // The exec form does not go through SHELL.
    assert_eq!(l.json(0, "instructions.3.pipefail"), json!(false));
}

#[test]
fn stage_references_and_triggers() {
    let text = "FROM alpine AS app\nFROM alpine AS App\nONBUILD ONBUILD RUN x\n\
                COPY --from=$SRC /a /b\nCOPY --from=5 /a /b\n";
    let l = lower(text);
    let errors = l.errors();
    assert!(
        errors[0].starts_with("2:16 duplicate stage name `App`"),
        "{errors:?}"
    );
    assert!(
        errors[1].starts_with("3:9 `ONBUILD` is not allowed as an ONBUILD trigger"),
        "{errors:?}"
    );
    assert_eq!(errors.len(), 2, "{errors:?}");
    // An unknown `--from` links nothing; an index that is not an earlier
    // stage is an image name.
    assert_eq!(l.json(1, "instructions.2.from"), json!("(unknown)"));
    assert!(!l.has(1, "instructions.2.fromStage") && !l.has(1, "instructions.2.fromImage"));
    assert_eq!(
        l.json(1, "instructions.3.fromImage.repository"),
        json!("library/5")
    );
    assert!(l.stage_edges().is_empty());
}

#[test]
fn many_unterminated_heredocs_are_each_reported() {
    let mut text = String::from("FROM alpine\n");
    for i in 0..2000 {
        text.push_str(&format!("RUN <<A{i}\n"));
    }
    text.push_str("RUN <<-EOF\n\techo ok\n\t\tEOF\nUSER app\n");
    let l = lower(&text);
    assert_eq!(l.diagnostics.len(), 2000);
    assert_eq!(l.keywords(0).len(), 2003);
    assert_eq!(l.json(0, "user"), json!("app"));
    assert_eq!(program_names(&l, 0, "instructions.2001.commands"), ["echo"]);
}

/// Parse speed on real files (a measurement, not a check):
/// `CORPUS=dir cargo test --release --test dockerfile bench_corpus -- --ignored --nocapture`.
#[test]
#[ignore]
fn bench_corpus() {
    let dir = std::env::var("CORPUS").unwrap();
    let mut files = Vec::new();
    let mut stack = vec![std::path::PathBuf::from(dir)];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p
                .file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("Dockerfile")
            {
                files.push(std::fs::read_to_string(&p).unwrap());
            }
        }
    }
    let bytes: usize = files.iter().map(|f| f.len()).sum();
    let rounds = 200;
    let start = std::time::Instant::now();
    for _ in 0..rounds {
        for f in &files {
            let (doc, d) = dockerfile::parse(f, FileId(0));
            std::hint::black_box((doc, d));
        }
    }
    let parse = start.elapsed().as_secs_f64();
    let start = std::time::Instant::now();
    for _ in 0..rounds {
        for f in &files {
            let mut g = Graph::default();
            let d = dockerfile::lower_text(f, FileId(0), "D", &AnalysisOptions::default(), &mut g);
            std::hint::black_box((g, d));
        }
    }
    let lower = start.elapsed().as_secs_f64();
    let mb = (bytes * rounds) as f64 / 1e6;
    println!(
        "{} files, {bytes} bytes: parse {:.0} MB/s, parse+lower {:.0} MB/s",
        files.len(),
        mb / parse,
        mb / lower
    );
}
