//! The language server driven in-process by a fake client over channels:
//! initialize → initial scan with progress → publishDiagnostics → didOpen /
//! didChange (including the cross-file module case) → codeAction → hover →
//! suppression warnings → bad messages → shutdown / exit, across Terraform,
//! Kubernetes YAML and a Dockerfile.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, Sender};
use lsp_server::{Message, Notification, Request, RequestId, Response};
use serde_json::{Value, json};
use strata::lsp::Server;

const MODULE: &str = r#"variable "encrypt" {
  type    = bool
  default = true
}

resource "aws_ebs_volume" "v" {
  availability_zone = "eu-west-1a"
  size              = 10
  encrypted         = var.encrypt
}
"#;

const CALLER: &str = r#"module "data" {
  source  = "../modules/vol"
  encrypt = false
}
"#;

const POD: &str = "apiVersion: v1
kind: Pod
metadata:
  name: debug
  namespace: tools
spec:
  containers:
    - name: shell
      image: ghcr.io/acme/toolbox:2.1.0
      securityContext:
        privileged: true
";

const DOCKERFILE: &str = "FROM quay.io/someone/runtime:1.0\nUSER 10001\n";

/// A throwaway workspace on disk.
struct TempTree(PathBuf);

impl TempTree {
    fn new(name: &str, files: &[(&str, &str)]) -> Self {
        let root = std::env::temp_dir().join(format!("strata-lsp-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        for (path, text) in files {
            let path = root.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        TempTree(root)
    }

    fn uri(&self, path: &str) -> String {
        format!("file://{}", self.0.join(path).display())
    }
}

impl Drop for TempTree {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The client side of the connection.
struct Client {
    to_server: Sender<Message>,
    from_server: Receiver<Message>,
    /// Notifications seen while waiting for something else.
    seen: Vec<Notification>,
    next_id: i32,
    server: Option<std::thread::JoinHandle<bool>>,
}

const PATIENCE: Duration = Duration::from_secs(30);

impl Client {
    fn start() -> Client {
        let (to_server, server_in) = crossbeam_channel::unbounded();
        let (server_out, from_server) = crossbeam_channel::unbounded();
        let server = std::thread::spawn(move || Server::new(server_out, server_in).run());
        Client {
            to_server,
            from_server,
            seen: Vec::new(),
            next_id: 0,
            server: Some(server),
        }
    }

    fn request(&mut self, method: &str, params: Value) -> Response {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        self.send(Message::Request(Request::new(
            id.clone(),
            method.into(),
            params,
        )));
        let deadline = Instant::now() + PATIENCE;
        loop {
            match self.next(deadline) {
                Message::Response(r) if r.id == id => return r,
                Message::Notification(n) => self.seen.push(n),
                // The server's own requests (configuration, progress) get
                // an empty answer.
                Message::Request(r) => {
                    self.send(Message::Response(Response::new_ok(r.id, Value::Null)))
                }
                Message::Response(_) => {}
            }
        }
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(Message::Notification(Notification::new(
            method.into(),
            params,
        )));
    }

    fn send(&self, message: Message) {
        self.to_server.send(message).unwrap();
    }

    fn next(&mut self, deadline: Instant) -> Message {
        let left = deadline.saturating_duration_since(Instant::now());
        self.from_server
            .recv_timeout(left)
            .unwrap_or_else(|_| panic!("no message from the server in time; seen {:?}", self.seen))
    }

    /// Waits until diagnostics for `uri` satisfy `want`; returns them.
    fn diagnostics_until(&mut self, uri: &str, want: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        let diagnostics = |n: &Notification| {
            (n.method == "textDocument/publishDiagnostics" && n.params["uri"] == uri).then(|| {
                n.params["diagnostics"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default()
            })
        };
        // The latest already seen counts; earlier ones are history.
        if let Some(latest) = self.seen.iter().rev().find_map(diagnostics)
            && want(&latest)
        {
            return latest;
        }
        let seen = self.seen.len();
        let found = self.notification_from(seen, |n| diagnostics(n).is_some_and(|d| want(&d)));
        diagnostics(&found).unwrap_or_default()
    }

    /// Waits for a notification matching `want` (or finds it among those seen).
    fn notification_until(&mut self, want: impl Fn(&Notification) -> bool) -> Notification {
        self.notification_from(0, want)
    }

    /// Like `notification_until`, looking only at notifications from the
    /// `first` seen on.
    fn notification_from(
        &mut self,
        first: usize,
        want: impl Fn(&Notification) -> bool,
    ) -> Notification {
        if let Some(found) = self.seen[first..].iter().find(|n| want(n)) {
            return found.clone();
        }
        let deadline = Instant::now() + PATIENCE;
        loop {
            match self.next(deadline) {
                Message::Notification(n) => {
                    let found = want(&n);
                    self.seen.push(n.clone());
                    if found {
                        return n;
                    }
                }
                Message::Request(r) => {
                    self.send(Message::Response(Response::new_ok(r.id, Value::Null)))
                }
                Message::Response(_) => {}
            }
        }
    }

    fn exit(mut self) -> bool {
        self.notify("exit", Value::Null);
        self.server.take().unwrap().join().unwrap()
    }
}

fn codes(diagnostics: &[Value]) -> Vec<(String, u64)> {
    diagnostics
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or_default().to_string(),
                d["range"]["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn has(code: &str) -> impl Fn(&[Value]) -> bool + '_ {
    move |d: &[Value]| codes(d).iter().any(|(c, _)| c == code)
}

fn initialize(client: &mut Client, tree: &TempTree) {
    let response = client.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": tree.uri(""),
            "workspaceFolders": [{"uri": tree.uri(""), "name": "ws"}],
            "capabilities": {"window": {"workDoneProgress": true}},
            "initializationOptions": {"trustedRegistries": ["ghcr.io/acme"]}
        }),
    );
    let result = response.response_result.expect("initialize succeeds");
    assert_eq!(result["serverInfo"]["name"], "strata");
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-16");
    client.notify("initialized", json!({}));
}

#[test]
fn a_session_across_formats() {
    let tree = TempTree::new(
        "session",
        &[
            ("root/main.tf", CALLER),
            ("modules/vol/main.tf", MODULE),
            ("k8s/pod.yaml", POD),
            ("app/Dockerfile", DOCKERFILE),
        ],
    );
    let mut client = Client::start();
    initialize(&mut client, &tree);

    // The initial scan reports every format, on the exact line (0-based).
    let pod = client.diagnostics_until(&tree.uri("k8s/pod.yaml"), has("K8S001"));
    let privileged = pod.iter().find(|d| d["code"] == "K8S001").unwrap();
    assert_eq!(
        privileged["range"]["start"],
        json!({"line": 10, "character": 8})
    );
    assert_eq!(privileged["source"], "strata");
    assert_eq!(privileged["severity"], 1);
    let docker = client.diagnostics_until(&tree.uri("app/Dockerfile"), has("DKR003"));
    assert_eq!(
        codes(&docker)
            .iter()
            .find(|(c, _)| c == "DKR003")
            .unwrap()
            .1,
        0
    );
    // The module's volume is unencrypted through its caller: the finding
    // is in the module file, with the call site as related information.
    let module = client.diagnostics_until(&tree.uri("modules/vol/main.tf"), has("AWS009"));
    let aws009 = module.iter().find(|d| d["code"] == "AWS009").unwrap();
    assert_eq!(aws009["range"]["start"]["line"], 8);
    let related = aws009["relatedInformation"]
        .as_array()
        .expect("the call site");
    assert!(
        related[0]["location"]["uri"]
            .as_str()
            .unwrap()
            .ends_with("root/main.tf")
    );
    client.notification_until(|n| n.method == "$/progress" && n.params["value"]["kind"] == "end");

    // Editing the caller (unsaved) updates the module file's diagnostics.
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": tree.uri("root/main.tf"), "languageId": "terraform",
               "version": 1, "text": CALLER}}),
    );
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": tree.uri("root/main.tf"), "version": 2},
               "contentChanges": [{"range": {"start": {"line": 2, "character": 12},
                                             "end": {"line": 2, "character": 17}},
                                   "text": "true"}]}),
    );
    client.diagnostics_until(&tree.uri("modules/vol/main.tf"), |d| !has("AWS009")(d));

    // A suppression is one code action away, with the right comment.
    let response = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": tree.uri("k8s/pod.yaml")},
               "range": privileged["range"],
               "context": {"diagnostics": [privileged]}}),
    );
    let actions = response.response_result.unwrap();
    let titled = |prefix: &str| {
        actions
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["title"].as_str().unwrap().starts_with(prefix))
            .cloned()
            .unwrap_or_else(|| panic!("no `{prefix}` action in {actions}"))
    };
    // The rule's quick fix, not preferred (it may break the workload).
    let fix = titled("Set `privileged: false`");
    assert_eq!(fix["isPreferred"], false);
    let fix_edit = &fix["edit"]["changes"][tree.uri("k8s/pod.yaml")][0];
    assert_eq!(fix_edit["newText"], "false");
    assert_eq!(
        fix_edit["range"]["start"],
        json!({"line": 10, "character": 20})
    );
    let suppress = titled("Suppress K8S001");
    let edit = &suppress["edit"]["changes"][tree.uri("k8s/pod.yaml")][0];
    assert_eq!(edit["newText"], "        # strata:ignore K8S001 <reason>\n");
    assert_eq!(edit["range"]["start"], json!({"line": 10, "character": 0}));

    // Applying it (as the editor would) silences the finding: it stays as
    // a greyed-out hint.
    let suppressed = POD.replace(
        "        privileged: true",
        "        # strata:ignore K8S001 debugging pod, removed after the incident\n        privileged: true",
    );
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": tree.uri("k8s/pod.yaml"), "languageId": "yaml",
               "version": 1, "text": suppressed}}),
    );
    let hinted = client.diagnostics_until(&tree.uri("k8s/pod.yaml"), |d| {
        d.iter()
            .any(|x| x["code"] == "K8S001" && x["severity"] == 4)
    });
    assert!(
        hinted
            .iter()
            .all(|x| x["code"] != "K8S001" || x["tags"] == json!([1]))
    );

    // Hover explains the rule, as `strata explain` does.
    let response = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": tree.uri("app/Dockerfile")},
               "position": {"line": 0, "character": 6}}),
    );
    let hover = response.response_result.unwrap();
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(
        text.contains("DKR003") && text.contains("Why it matters"),
        "{text}"
    );

    // Shutdown, then exit: a clean end.
    let response = client.request("shutdown", Value::Null);
    assert_eq!(response.response_result.ok(), Some(Value::Null));
    assert!(client.exit());
}

#[test]
fn a_file_that_does_not_parse_shows_where_and_keeps_its_other_findings() {
    let tree = TempTree::new("broken", &[("k8s/pod.yaml", POD)]);
    let mut client = Client::start();
    initialize(&mut client, &tree);
    client.diagnostics_until(&tree.uri("k8s/pod.yaml"), has("K8S001"));
    // Half-typed: an unclosed flow mapping at the end of the file.
    let broken = format!("{POD}---\nkind: {{\n");
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": tree.uri("k8s/pod.yaml"), "languageId": "yaml",
               "version": 1, "text": broken}}),
    );
    let diagnostics = client.diagnostics_until(&tree.uri("k8s/pod.yaml"), has("parse-error"));
    let error = diagnostics
        .iter()
        .find(|d| d["code"] == "parse-error")
        .unwrap();
    assert!(
        error["range"]["start"]["line"].as_u64().unwrap() >= 12,
        "{error}"
    );
    // Closing the buffer brings back the file on disk.
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": tree.uri("k8s/pod.yaml")}}),
    );
    client.diagnostics_until(&tree.uri("k8s/pod.yaml"), |d| {
        !has("parse-error")(d) && has("K8S001")(d)
    });
    assert!(
        client
            .request("shutdown", Value::Null)
            .response_result
            .is_ok()
    );
    assert!(client.exit());
}

const SUPPRESSED: &str = "# strata:ignore AWS009 scratch disk, wiped nightly
resource \"aws_ebs_volume\" \"scratch\" {
  availability_zone = \"eu-west-1a\"
  size              = 10
  encrypted         = false
}

# strata:ignore AWS009
resource \"aws_ebs_volume\" \"fine\" {
  availability_zone = \"eu-west-1a\"
  size              = 10
  encrypted         = true
}

# strata:ignore AWS00999 a typo
resource \"aws_ebs_volume\" \"other\" {
  availability_zone = \"eu-west-1a\"
  size              = 10
  encrypted         = true
}
";

#[test]
fn suppression_warnings_are_diagnostics_on_their_comments() {
    let tree = TempTree::new(
        "suppressions",
        &[
            ("infra/main.tf", SUPPRESSED),
            (
                "strata.toml",
                "[[ignore]]\nrules = [\"AWS009\"]\npaths = [\"legacy/**\"]\nreason = \"retired\"\n\
                 expires = 2020-01-31\n",
            ),
        ],
    );
    let mut client = Client::start();
    initialize(&mut client, &tree);
    let uri = tree.uri("infra/main.tf");
    let diagnostics = client.diagnostics_until(&uri, has("unused-suppression"));
    let warnings: Vec<Value> = diagnostics
        .iter()
        .filter(|d| d["severity"] == 2)
        .cloned()
        .collect();
    let mut found = codes(&warnings);
    found.sort();
    assert_eq!(
        found,
        [
            ("suppression-without-reason".to_string(), 7),
            ("unknown-rule-in-suppression".to_string(), 14),
            ("unused-suppression".to_string(), 7),
        ],
        "{diagnostics:?}"
    );
    let unused = diagnostics
        .iter()
        .find(|d| d["code"] == "unused-suppression")
        .unwrap();
    assert_eq!(unused["severity"], 2, "a warning");
    assert_eq!(unused["tags"], json!([1]), "faded as unnecessary");
    // On the directive, to the end of its line.
    assert_eq!(unused["range"]["start"]["character"], 2);
    assert_eq!(unused["range"]["end"]["character"], 22);
    assert!(
        unused["message"]
            .as_str()
            .unwrap()
            .contains("`strata:ignore AWS009` silenced no finding"),
        "{unused}"
    );
    // The comment that silenced the finding is not warned about.
    assert!(codes(&warnings).iter().all(|(_, line)| *line != 0));
    // The expired `[[ignore]]`, on its `expires`.
    let config = client.diagnostics_until(&tree.uri("strata.toml"), has("expired-ignore"));
    assert_eq!(codes(&config), [("expired-ignore".to_string(), 4)]);
    // Fixing the comments in the editor clears their warnings.
    let fixed = SUPPRESSED
        .replace("# strata:ignore AWS009\n", "")
        .replace("# strata:ignore AWS00999 a typo\n", "");
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "terraform",
               "version": 1, "text": fixed}}),
    );
    client.diagnostics_until(&uri, |d| {
        codes(d)
            .iter()
            .all(|(code, _)| !code.contains("suppression"))
    });
    assert!(
        client
            .request("shutdown", Value::Null)
            .response_result
            .is_ok()
    );
    assert!(client.exit());
}

#[test]
fn deleted_files_lose_their_diagnostics() {
    let tree = TempTree::new("deleted", &[("k8s/pod.yaml", POD)]);
    let mut client = Client::start();
    initialize(&mut client, &tree);
    client.diagnostics_until(&tree.uri("k8s/pod.yaml"), has("K8S001"));
    std::fs::remove_file(tree.0.join("k8s/pod.yaml")).unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": tree.uri("k8s/pod.yaml"), "type": 3}]}),
    );
    client.diagnostics_until(&tree.uri("k8s/pod.yaml"), |d| d.is_empty());
    assert!(
        client
            .request("shutdown", Value::Null)
            .response_result
            .is_ok()
    );
    assert!(client.exit());
}

#[test]
fn bad_requests_get_errors_and_the_server_stays_up() {
    let tree = TempTree::new("bad", &[("k8s/pod.yaml", POD)]);
    let mut client = Client::start();
    initialize(&mut client, &tree);
    let unknown = client.request("textDocument/nonsense", json!({}));
    assert_eq!(
        unknown.response_result.unwrap_err().code,
        lsp_server::ErrorCode::MethodNotFound as i32
    );
    let invalid = client.request("textDocument/hover", json!({"textDocument": 42}));
    assert_eq!(
        invalid.response_result.unwrap_err().code,
        lsp_server::ErrorCode::InvalidParams as i32
    );
    // Notifications with bad params and for unknown files are ignored.
    client.notify("textDocument/didChange", json!({"nope": true}));
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": "untitled:Untitled-1", "languageId": "yaml",
               "version": 1, "text": POD}}),
    );
    // Hundreds of rapid edits end in the diagnostics of the last one.
    let uri = tree.uri("k8s/pod.yaml");
    for version in 1..=300 {
        let text = if version % 2 == 0 {
            POD.to_string()
        } else {
            POD.replace("true", "false")
        };
        client.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "yaml", "version": version, "text": text}}),
        );
    }
    let last = client.diagnostics_until(&uri, has("K8S001"));
    assert!(has("K8S001")(&last));
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(hover.response_result.ok(), Some(Value::Null));
    assert!(
        client
            .request("shutdown", Value::Null)
            .response_result
            .is_ok()
    );
    // Requests after shutdown are refused, and exit ends cleanly.
    assert!(
        client
            .request("textDocument/hover", json!({}))
            .response_result
            .is_err()
    );
    assert!(client.exit());
}

#[test]
fn a_client_that_disappears_ends_the_server() {
    let client = Client::start();
    let Client {
        to_server, server, ..
    } = client;
    drop(to_server);
    assert!(!server.unwrap().join().unwrap());
    let _ = Path::new("");
}
