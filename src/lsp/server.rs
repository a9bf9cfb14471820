//! The server's state and message loop.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, Sender, select};
use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::{
    CodeActionProviderCapability, HoverProviderCapability, InitializeParams, InitializeResult,
    NumberOrString, PositionEncodingKind, ProgressParams, ProgressParamsValue, SaveOptions,
    ServerCapabilities, ServerInfo, TextDocumentSyncCapability, TextDocumentSyncKind,
    TextDocumentSyncOptions, TextDocumentSyncSaveOptions, WorkDoneProgress, WorkDoneProgressBegin,
    WorkDoneProgressEnd,
};
use serde_json::Value;

use super::convert::{self, Encoding};
use super::settings::Settings;
use crate::analysis;
use crate::discover::{self, WalkOptions};
use crate::engine::rule::Rule;
use crate::source::DiskLoader;
use crate::workspace::{Done, Job, Workspace};

/// Quiet time after a change before analysis starts: rapid keystrokes
/// coalesce, and a job already running is cancelled by the change itself.
const DEBOUNCE: Duration = Duration::from_millis(5);

/// An open document: its version and text, as the client sent them.
pub(super) struct OpenDocument {
    pub version: i32,
    pub text: Arc<str>,
}

pub struct Server {
    pub(super) sender: Sender<Message>,
    receiver: Receiver<Message>,
    pub(super) workspace: Workspace,
    pub(super) encoding: Encoding,
    pub(super) roots: Vec<PathBuf>,
    pub(super) settings: Settings,
    pub(super) rules: Vec<Arc<Rule>>,
    pub(super) documents: HashMap<PathBuf, OpenDocument>,
    /// What each file last got, so only changes are sent.
    pub(super) published: HashMap<PathBuf, Vec<lsp_types::Diagnostic>>,
    jobs: Sender<Job>,
    finished: Receiver<Done>,
    worker: std::thread::JoinHandle<()>,
    running: bool,
    /// When the next analysis may start (set by changes).
    due: Option<Instant>,
    /// The initial scan's progress token, until the scan is done.
    progress: Option<NumberOrString>,
    client_supports_configuration: bool,
    client_supports_progress: bool,
    next_request: i32,
    shutdown: bool,
}

impl Server {
    pub fn new(sender: Sender<Message>, receiver: Receiver<Message>) -> Self {
        let (jobs, queue) = crossbeam_channel::unbounded::<Job>();
        let (done, finished) = crossbeam_channel::unbounded::<Done>();
        // The worker: one job at a time, each parallel inside.
        let worker = std::thread::spawn(move || {
            for job in queue {
                if done.send(job.run()).is_err() {
                    break;
                }
            }
        });
        Server {
            sender,
            receiver,
            workspace: Workspace::new(Default::default(), Box::new(DiskLoader)),
            encoding: Encoding::Utf16,
            roots: Vec::new(),
            settings: Settings::default(),
            rules: Vec::new(),
            documents: HashMap::new(),
            published: HashMap::new(),
            jobs,
            finished,
            worker,
            running: false,
            due: None,
            progress: None,
            client_supports_configuration: false,
            client_supports_progress: false,
            next_request: 0,
            shutdown: false,
        }
    }

    /// Serves until `exit` (true if a `shutdown` came first) or until the
    /// client goes away (false), then stops the worker.
    pub fn run(mut self) -> bool {
        let clean = self.serve();
        // A running job sees the cancellation and ends; then the worker does.
        self.workspace.cancel();
        let Server { jobs, worker, .. } = self;
        drop(jobs);
        let _ = worker.join();
        clean
    }

    fn serve(&mut self) -> bool {
        loop {
            let wait = self
                .due
                .filter(|_| !self.running)
                .map(|due| due.saturating_duration_since(Instant::now()));
            let timeout = crossbeam_channel::after(wait.unwrap_or(Duration::from_secs(3600)));
            select! {
                recv(self.receiver) -> message => match message {
                    Ok(Message::Notification(n)) if n.method == "exit" => return self.shutdown,
                    Ok(message) => self.handle(message),
                    Err(_) => return false,
                },
                recv(self.finished) -> done => {
                    if let Ok(done) = done {
                        self.finish(done);
                    }
                },
                recv(timeout) -> _ => self.start_job(),
            }
        }
    }

    fn handle(&mut self, message: Message) {
        // A bug in one handler must not take the editor's server down.
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match message {
            Message::Request(request) => self.request(request),
            Message::Notification(notification) => self.notification(notification),
            Message::Response(response) => self.response(response),
        }));
        if outcome.is_err() {
            self.log("internal error while handling a message (see stderr)");
        }
    }

    fn request(&mut self, request: Request) {
        let id = request.id.clone();
        if self.shutdown && request.method != "shutdown" {
            return self.reply_error(id, ErrorCode::InvalidRequest, "the server is shutting down");
        }
        let result = match request.method.as_str() {
            "initialize" => self.initialize(request.params),
            "shutdown" => {
                self.shutdown = true;
                Ok(Value::Null)
            }
            "textDocument/codeAction" => parse(request.params).map(|p| self.code_actions(p)),
            "textDocument/hover" => parse(request.params).map(|p| self.hover(p)),
            other => Err((
                ErrorCode::MethodNotFound,
                format!("unknown method `{other}`"),
            )),
        };
        match result {
            Ok(value) => self.send(Message::Response(Response::new_ok(id, value))),
            Err((code, message)) => self.reply_error(id, code, &message),
        }
    }

    fn notification(&mut self, notification: Notification) {
        let params = notification.params;
        let outcome = match notification.method.as_str() {
            "initialized" => {
                self.initialized();
                Ok(())
            }
            "textDocument/didOpen" => parse(params).map(|p| self.did_open(p)),
            "textDocument/didChange" => parse(params).map(|p| self.did_change(p)),
            "textDocument/didSave" => parse(params).map(|p| self.did_save(p)),
            "textDocument/didClose" => parse(params).map(|p| self.did_close(p)),
            "workspace/didChangeWatchedFiles" => parse(params).map(|p| self.watched_files(p)),
            "workspace/didChangeConfiguration" => {
                self.configuration_changed(params);
                Ok(())
            }
            // `$/cancelRequest` and other notifications need no answer.
            _ => Ok(()),
        };
        if let Err((_, message)) = outcome {
            self.log(&format!("ignored `{}`: {message}", notification.method));
        }
    }

    fn response(&mut self, response: Response) {
        // The only requests the server sends: workspace/configuration (its
        // answer is a list with the `strata` section) and progress creation.
        if let Ok(Value::Array(sections)) = response.response_result
            && let Some(section) = sections.first()
            && !section.is_null()
        {
            let settings = Settings::from_json(section, &self.root());
            self.apply_settings(settings);
        }
    }

    fn initialize(&mut self, params: Value) -> Result<Value, (ErrorCode, String)> {
        let params: InitializeParams = serde_json::from_value(params)
            .map_err(|e| (ErrorCode::InvalidParams, e.to_string()))?;
        let capabilities = &params.capabilities;
        let utf8 = PositionEncodingKind::UTF8;
        let offers_utf8 = capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref())
            .is_some_and(|kinds| kinds.contains(&utf8));
        self.encoding = if offers_utf8 {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        };
        self.client_supports_configuration = capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.configuration)
            .unwrap_or(false);
        self.client_supports_progress = capabilities
            .window
            .as_ref()
            .and_then(|w| w.work_done_progress)
            .unwrap_or(false);
        self.roots = workspace_roots(&params);
        // Flat, or wrapped in `strata` (Helix sends its config both ways).
        let settings = params
            .initialization_options
            .as_ref()
            .map(|o| o.get("strata").unwrap_or(o))
            .map(|o| Settings::from_json(o, &self.root()))
            .unwrap_or_default();
        self.apply_settings(settings);
        let result = InitializeResult {
            capabilities: ServerCapabilities {
                position_encoding: Some(if offers_utf8 {
                    utf8
                } else {
                    PositionEncodingKind::UTF16
                }),
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
                        save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                            include_text: Some(false),
                        })),
                        ..TextDocumentSyncOptions::default()
                    },
                )),
                code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                ..ServerCapabilities::default()
            },
            server_info: Some(ServerInfo {
                name: "strata".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
        };
        serde_json::to_value(result).map_err(|e| (ErrorCode::InternalError, e.to_string()))
    }

    /// After the handshake: ask for settings, then scan the workspace
    /// folders with progress.
    fn initialized(&mut self) {
        if self.client_supports_configuration {
            self.request_configuration();
        }
        let walk = WalkOptions {
            use_ignore_files: true,
            ..WalkOptions::default()
        };
        let roots: Vec<PathBuf> = self.roots.iter().filter(|r| r.is_dir()).cloned().collect();
        if roots.is_empty() {
            return;
        }
        let found = match discover::walk(&roots, &walk) {
            Ok(found) => found,
            Err(message) => return self.log(&format!("workspace scan: {message}")),
        };
        self.workspace
            .add_units(analysis::plan_units(&found.files, &DiskLoader));
        if self.client_supports_progress {
            let token = NumberOrString::String("strata/initial-scan".to_string());
            self.send_request(
                "window/workDoneProgress/create",
                serde_json::json!({ "token": token }),
            );
            self.progress(
                &token,
                WorkDoneProgress::Begin(WorkDoneProgressBegin {
                    title: "Strata".to_string(),
                    message: Some(format!("analysing {} files", found.files.len())),
                    cancellable: Some(false),
                    percentage: None,
                }),
            );
            self.progress = Some(token);
        }
        self.schedule_now();
    }

    fn configuration_changed(&mut self, params: Value) {
        // Clients either push the settings or expect a pull.
        match params.get("settings").and_then(|s| s.get("strata")) {
            Some(section) => {
                let settings = Settings::from_json(section, &self.root());
                self.apply_settings(settings);
            }
            None if self.client_supports_configuration => self.request_configuration(),
            None => {}
        }
    }

    fn request_configuration(&mut self) {
        self.send_request(
            "workspace/configuration",
            serde_json::json!({ "items": [{ "section": "strata" }] }),
        );
    }

    /// New settings (or a changed strata.toml): rebuild the options; every
    /// unit is analysed again.
    pub(super) fn apply_settings(&mut self, settings: Settings) {
        match settings.options(&self.root()) {
            Ok((options, rules)) => {
                self.settings = settings;
                self.rules = rules;
                self.workspace.set_options(options);
                self.schedule();
            }
            Err(message) => self.show_error(&format!("Strata settings: {message}")),
        }
    }

    /// The first workspace folder (settings paths are relative to it).
    pub(super) fn root(&self) -> PathBuf {
        self.roots
            .first()
            .cloned()
            .unwrap_or_else(|| std::env::current_dir().unwrap_or_default())
    }

    /// Analysis should start after the debounce.
    pub(super) fn schedule(&mut self) {
        self.due.get_or_insert_with(|| Instant::now() + DEBOUNCE);
    }

    fn schedule_now(&mut self) {
        self.due = Some(Instant::now());
    }

    fn start_job(&mut self) {
        if self.running || self.due.is_none_or(|due| due > Instant::now()) {
            return;
        }
        self.due = None;
        if let Some(job) = self.workspace.prepare() {
            self.running = self.jobs.send(job).is_ok();
        } else {
            self.publish();
        }
    }

    fn finish(&mut self, done: Done) {
        self.running = false;
        self.workspace.complete(done);
        if self.workspace.is_stale() {
            // Changes came in while the job ran: go again.
            self.schedule_now();
            return;
        }
        self.publish();
        if let Some(token) = self.progress.take() {
            self.progress(
                &token,
                WorkDoneProgress::End(WorkDoneProgressEnd {
                    message: Some("done".to_string()),
                }),
            );
        }
    }

    fn progress(&self, token: &NumberOrString, value: WorkDoneProgress) {
        let params = ProgressParams {
            token: token.clone(),
            value: ProgressParamsValue::WorkDone(value),
        };
        self.notify("$/progress", params);
    }

    pub(super) fn notify(&self, method: &str, params: impl serde::Serialize) {
        self.send(Message::Notification(Notification::new(
            method.to_string(),
            params,
        )));
    }

    fn send_request(&mut self, method: &str, params: Value) {
        self.next_request += 1;
        let id = RequestId::from(format!("strata-{}", self.next_request));
        self.send(Message::Request(Request::new(
            id,
            method.to_string(),
            params,
        )));
    }

    fn send(&self, message: Message) {
        // A closed channel means the client is gone; the loop ends soon.
        let _ = self.sender.send(message);
    }

    fn reply_error(&self, id: RequestId, code: ErrorCode, message: &str) {
        self.send(Message::Response(Response::new_err(
            id,
            code as i32,
            message.to_string(),
        )));
    }

    pub(super) fn log(&self, message: &str) {
        eprintln!("strata lsp: {message}");
        self.notify(
            "window/logMessage",
            serde_json::json!({ "type": 4, "message": message }),
        );
    }

    fn show_error(&self, message: &str) {
        eprintln!("strata lsp: {message}");
        self.notify(
            "window/showMessage",
            serde_json::json!({ "type": 1, "message": message }),
        );
    }

    /// The path of a document URI, made absolute.
    pub(super) fn path_of(&self, uri: &lsp_types::Uri) -> Option<PathBuf> {
        convert::path_of(uri).map(|p| convert::absolute(&p))
    }

    pub(super) fn is_open(&self, path: &Path) -> bool {
        self.documents.contains_key(path)
    }
}

/// Workspace folders, else the root URI, else nothing (single files).
#[allow(deprecated)] // root_uri: older clients (Neovim 0.7) send only it.
fn workspace_roots(params: &InitializeParams) -> Vec<PathBuf> {
    let folders: Vec<PathBuf> = params
        .workspace_folders
        .iter()
        .flatten()
        .filter_map(|f| convert::path_of(&f.uri))
        .collect();
    if !folders.is_empty() {
        return folders;
    }
    params
        .root_uri
        .as_ref()
        .and_then(convert::path_of)
        .into_iter()
        .collect()
}

fn parse<P: serde::de::DeserializeOwned>(params: Value) -> Result<P, (ErrorCode, String)> {
    serde_json::from_value(params)
        .map_err(|e| (ErrorCode::InvalidParams, format!("invalid params: {e}")))
}
