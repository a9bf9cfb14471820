//! Arbitrary bytes as the language server's input stream: framing, then
//! every message that frames into the server (initialize first, so document
//! handling is reached), then `exit`. The server must answer or ignore
//! each, never panic, and end.
#![no_main]

use std::io::Cursor;

use lsp_server::{Message, Notification, Request, RequestId};
use strata::lsp::Server;
use strata::lsp::transport::{Frame, read_frame};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let (to_server, server_in) = crossbeam_channel::unbounded();
    let (server_out, from_server) = crossbeam_channel::unbounded::<Message>();
    let server = std::thread::spawn(move || Server::new(server_out, server_in).run());
    let init = serde_json::json!({"processId": null, "capabilities": {}});
    let _ = to_server.send(Message::Request(Request::new(RequestId::from(0), "initialize".into(), init)));
    let mut input = Cursor::new(data);
    while let Ok(Some(frame)) = read_frame(&mut input) {
        if let Frame::Message(message) = frame {
            let _ = to_server.send(message);
        }
    }
    let _ = to_server.send(Message::Notification(Notification::new("exit".into(), serde_json::Value::Null)));
    server.join().expect("the server never panics");
    drop(from_server);
});
