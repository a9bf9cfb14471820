//! Document sync and watched files: each change is applied to the
//! workspace at once (before anything else is handled), then analysis is
//! scheduled.

use std::sync::Arc;

use lsp_types::{
    DidChangeTextDocumentParams, DidChangeWatchedFilesParams, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, DidSaveTextDocumentParams, FileChangeType,
};

use super::convert;
use super::server::{OpenDocument, Server};
use super::settings::Settings;

impl Server {
    pub(super) fn did_open(&mut self, params: DidOpenTextDocumentParams) {
        let document = params.text_document;
        self.set_text(&document.uri, document.version, document.text);
    }

    pub(super) fn did_change(&mut self, params: DidChangeTextDocumentParams) {
        let document = params.text_document;
        let Some(path) = self.path_of(&document.uri) else {
            return;
        };
        // Incremental sync: each change replaces a range (or, without one,
        // the whole text), in order.
        let mut text = self
            .documents
            .get(&path)
            .map(|d| d.text.to_string())
            .unwrap_or_default();
        for change in params.content_changes {
            match change.range {
                Some(range) => {
                    let start = convert::offset(&text, range.start, self.encoding);
                    let end = convert::offset(&text, range.end, self.encoding).max(start);
                    text.replace_range(start..end, &change.text);
                }
                None => text = change.text,
            }
        }
        self.set_text(&document.uri, document.version, text);
    }

    pub(super) fn did_save(&mut self, params: DidSaveTextDocumentParams) {
        let Some(path) = self.path_of(&params.text_document.uri) else {
            return;
        };
        if path
            .file_name()
            .is_some_and(|n| n == crate::config::FILE_NAME)
        {
            self.reload_settings();
        }
        // The buffer is what was saved; files beside it may have changed too.
        self.workspace.touch(&path);
        self.schedule();
    }

    pub(super) fn did_close(&mut self, params: DidCloseTextDocumentParams) {
        let Some(path) = self.path_of(&params.text_document.uri) else {
            return;
        };
        self.documents.remove(&path);
        // The disk version counts again (or the file is gone).
        self.workspace.close_document(&path);
        self.schedule();
    }

    pub(super) fn watched_files(&mut self, params: DidChangeWatchedFilesParams) {
        for change in params.changes {
            let Some(path) = self.path_of(&change.uri) else {
                continue;
            };
            if path
                .file_name()
                .is_some_and(|n| n == crate::config::FILE_NAME)
            {
                self.reload_settings();
                continue;
            }
            if change.typ == FileChangeType::DELETED {
                self.documents.remove(&path);
                self.workspace.delete(&path);
            } else if !self.is_open(&path) {
                // An open buffer wins over the disk.
                self.workspace.touch(&path);
            }
        }
        self.schedule();
    }

    fn set_text(&mut self, uri: &lsp_types::Uri, version: i32, text: String) {
        let Some(path) = self.path_of(uri) else {
            return;
        };
        let text: Arc<str> = Arc::from(text);
        self.documents.insert(
            path.clone(),
            OpenDocument {
                version,
                text: text.clone(),
            },
        );
        self.workspace.set_document(path, text);
        self.schedule();
    }

    /// strata.toml changed: the same editor settings over the new file.
    fn reload_settings(&mut self) {
        let settings: Settings = self.settings.clone();
        self.apply_settings(settings);
    }
}
