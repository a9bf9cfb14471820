//! Language-server benchmark, in-process over channels (no editor):
//!
//!   cargo run --release --example lsp_latency -- [WORKSPACE_DIR]
//!
//! - latency from `didChange` to the `publishDiagnostics` of that version,
//!   on a 2,000-line Terraform file, over 20 edits (each flips one volume's
//!   `encrypted`, so the diagnostics really change);
//! - with WORKSPACE_DIR (e.g. 2,000 manifests from benches/gen_manifests.py):
//!   the time to the end of the initial scan and the process's resident
//!   memory after it.

use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, Sender};
use lsp_server::{Message, Notification, Request, RequestId, Response};
use serde_json::{Value, json};
use strata::lsp::Server;

fn main() {
    terraform_latency();
    if let Some(dir) = std::env::args().nth(1) {
        workspace_memory(&dir);
    }
}

struct Client {
    to: Sender<Message>,
    from: Receiver<Message>,
}

impl Client {
    fn start() -> Client {
        let (to, server_in) = crossbeam_channel::unbounded();
        let (server_out, from) = crossbeam_channel::unbounded();
        std::thread::spawn(move || Server::new(server_out, server_in).run());
        Client { to, from }
    }

    fn initialize(&self, root: &str) {
        let params = json!({"processId": null, "rootUri": root,
            "workspaceFolders": [{"uri": root, "name": "ws"}],
            "capabilities": {"window": {"workDoneProgress": true}}});
        let id = RequestId::from(1);
        self.to
            .send(Message::Request(Request::new(
                id,
                "initialize".into(),
                params,
            )))
            .unwrap();
        self.wait(|m| matches!(m, Message::Response(_)));
        self.notify("initialized", json!({}));
    }

    fn notify(&self, method: &str, params: Value) {
        self.to
            .send(Message::Notification(Notification::new(
                method.into(),
                params,
            )))
            .unwrap();
    }

    /// Reads messages (answering the server's requests) until `done`.
    fn wait(&self, done: impl Fn(&Message) -> bool) {
        loop {
            let message = self
                .from
                .recv_timeout(Duration::from_secs(120))
                .expect("the server answers");
            if let Message::Request(r) = &message {
                let answer = Response::new_ok(r.id.clone(), Value::Null);
                self.to.send(Message::Response(answer)).unwrap();
            }
            if done(&message) {
                return;
            }
        }
    }
}

fn publishes(message: &Message, uri: &str, version: i32) -> bool {
    matches!(message, Message::Notification(n)
        if n.method == "textDocument/publishDiagnostics"
            && n.params["uri"] == uri
            && n.params["version"] == version)
}

/// 200 volumes of 10 lines; volume `flip` is unencrypted.
fn big_terraform(flip: usize) -> String {
    (0..200)
        .map(|i| {
            let encrypted = if i == flip { "false" } else { "true" };
            format!(
                "resource \"aws_ebs_volume\" \"v{i}\" {{\n  availability_zone = \"eu-west-1a\"\n  size              = {}\n  encrypted         = {encrypted}\n  type              = \"gp3\"\n  tags = {{\n    Name = \"v{i}\"\n  }}\n}}\n\n",
                10 + i
            )
        })
        .collect()
}

fn terraform_latency() {
    let dir = std::env::temp_dir().join(format!("strata-lsp-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let root = format!("file://{}", dir.display());
    let uri = format!("{root}/main.tf");
    let client = Client::start();
    client.initialize(&root);
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "terraform", "version": 0,
               "text": big_terraform(0)}}),
    );
    client.wait(|m| publishes(m, &uri, 0));
    let mut times = Vec::new();
    for version in 1..=20 {
        // Line 3 of volume `version - 1` becomes true, volume `version`'s false.
        let start = Instant::now();
        client.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version},
                   "contentChanges": [{"text": big_terraform(version as usize)}]}),
        );
        client.wait(|m| publishes(m, &uri, version));
        times.push(start.elapsed());
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "didChange → publishDiagnostics, 2000-line .tf: median {:.2} ms, max {:.2} ms over {} edits",
        ms(times[times.len() / 2]),
        ms(*times.last().unwrap()),
        times.len()
    );
    let _ = std::fs::remove_dir_all(&dir);
}

fn workspace_memory(dir: &str) {
    let absolute = std::fs::canonicalize(dir).expect("an existing directory");
    let root = format!("file://{}", absolute.display());
    let client = Client::start();
    let start = Instant::now();
    client.initialize(&root);
    client.wait(|m| {
        matches!(m, Message::Notification(n)
        if n.method == "$/progress" && n.params["value"]["kind"] == "end")
    });
    println!(
        "initial scan of {}: {:.0} ms; {}",
        absolute.display(),
        start.elapsed().as_secs_f64() * 1000.0,
        memory()
    );
}

/// Resident and peak memory of this process (Linux).
fn memory() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .map(|l| l[name.len()..].trim().to_string())
            .unwrap_or_default()
    };
    format!("RSS {}, peak {}", field("VmRSS:"), field("VmHWM:"))
}
