//! JSON-RPC framing over stdio (`Content-Length` headers), tolerant of bad
//! input: a malformed header is skipped, a body that is not a JSON-RPC
//! message is answered with a parse error, and the server stays up. Only
//! the end of the input ends the reader.

use std::io::{self, BufRead, Read, Write};

use crossbeam_channel::{Receiver, Sender};
use lsp_server::{ErrorCode, Message, RequestId, Response};

/// The largest message accepted (a whole file's text fits many times).
const MAX_MESSAGE_BYTES: usize = 64 * 1024 * 1024;

/// One framed message, or why it could not be read.
#[derive(Debug)]
pub enum Frame {
    Message(Message),
    /// The body was not a JSON-RPC message: answer with this error.
    Invalid(Response),
}

/// Reads the next frame; `Ok(None)` at the end of the input.
pub fn read_frame(input: &mut dyn BufRead) -> io::Result<Option<Frame>> {
    let mut length = None;
    let mut line = String::new();
    loop {
        line.clear();
        if input.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        let header = line.trim_end_matches(['\r', '\n']);
        if header.is_empty() {
            if length.is_some() {
                break;
            }
            // A blank line before any header: noise between messages.
            continue;
        }
        if let Some((name, value)) = header.split_once(':')
            && name.trim().eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse::<usize>().ok();
        }
        // Other headers (Content-Type) and garbage lines are ignored.
    }
    let length = length.unwrap_or(0);
    if length > MAX_MESSAGE_BYTES {
        // Drain the body so the next frame starts where it should.
        io::copy(&mut input.take(length as u64), &mut io::sink())?;
        return Ok(Some(Frame::Invalid(error(
            ErrorCode::InvalidRequest,
            format!("message of {length} bytes is larger than the {MAX_MESSAGE_BYTES}-byte limit"),
        ))));
    }
    let mut body = vec![0; length];
    input.read_exact(&mut body)?;
    Ok(Some(parse(&body)))
}

fn parse(body: &[u8]) -> Frame {
    match serde_json::from_slice::<Message>(body) {
        Ok(message) => Frame::Message(message),
        Err(e) => Frame::Invalid(error(
            ErrorCode::ParseError,
            format!("not a JSON-RPC message: {e}"),
        )),
    }
}

/// An error response to a message whose id could not be read.
fn error(code: ErrorCode, message: String) -> Response {
    Response::new_err(RequestId::from(0), code as i32, message)
}

pub fn write_message(output: &mut dyn Write, message: &Message) -> io::Result<()> {
    #[derive(serde::Serialize)]
    struct JsonRpc<'a> {
        jsonrpc: &'static str,
        #[serde(flatten)]
        message: &'a Message,
    }
    let text = serde_json::to_string(&JsonRpc {
        jsonrpc: "2.0",
        message,
    })?;
    write!(output, "Content-Length: {}\r\n\r\n", text.len())?;
    output.write_all(text.as_bytes())?;
    output.flush()
}

/// Starts the reader and writer threads over stdin and stdout. Invalid
/// frames are answered directly by the writer.
pub fn stdio() -> (
    Sender<Message>,
    Receiver<Message>,
    [std::thread::JoinHandle<()>; 2],
) {
    let (to_client, outgoing) = crossbeam_channel::unbounded::<Message>();
    let (incoming, from_client) = crossbeam_channel::unbounded::<Message>();
    let writer = std::thread::spawn(move || {
        let stdout = io::stdout();
        let mut out = stdout.lock();
        for message in outgoing {
            if write_message(&mut out, &message).is_err() {
                break;
            }
        }
    });
    let answers = to_client.clone();
    let reader = std::thread::spawn(move || {
        let stdin = io::stdin();
        let mut input = stdin.lock();
        while let Ok(Some(frame)) = read_frame(&mut input) {
            let sent = match frame {
                Frame::Message(message) => incoming.send(message).is_ok(),
                Frame::Invalid(response) => answers.send(Message::Response(response)).is_ok(),
            };
            if !sent {
                break;
            }
        }
    });
    (to_client, from_client, [reader, writer])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(input: &str) -> Vec<Frame> {
        let mut reader = io::Cursor::new(input.as_bytes().to_vec());
        let mut out = Vec::new();
        while let Ok(Some(frame)) = read_frame(&mut reader) {
            out.push(frame);
        }
        out
    }

    #[test]
    fn bad_frames_are_answered_and_reading_goes_on() {
        let good = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let input = format!(
            "garbage line\r\nContent-Length: 5\r\n\r\nnope!Content-Length: {}\r\n\r\n{good}",
            good.len()
        );
        let read = frames(&input);
        assert_eq!(read.len(), 2);
        assert!(
            matches!(&read[0], Frame::Invalid(r) if r.response_result.as_ref().is_err_and(|e| e.code == ErrorCode::ParseError as i32))
        );
        assert!(
            matches!(&read[1], Frame::Message(Message::Notification(n)) if n.method == "initialized")
        );
    }

    #[test]
    fn a_truncated_body_ends_the_input() {
        assert!(frames("Content-Length: 50\r\n\r\n{}").is_empty());
    }
}
