//! `template: secret_manifest_values`: a Secret manifest commits a value
//! that is a credential.
//!
//! A Secret is a place, not proof: charts and operators keep plain settings
//! (log levels, feature flags, host names) in Secrets too, and committing
//! those discloses nothing. An entry counts as a credential when
//! - the Secret's `type` is a credential type (TLS, basic-auth, SSH,
//!   registry auth, bootstrap token) and the entry holds a real value;
//! - the shared detector ([`super::secrets`]) recognises it: a known key
//!   format, or a plausible literal under a name such as `password` or
//!   `api_key`, or a random-looking one under `storage_key`-like names;
//! - the value is random-looking whatever its name (a generated key);
//! - or `data` decodes to binary key material (a keystore).
//!
//! `data` values are base64 and are judged decoded; `stringData` as
//! written. Entries that a comment declares test data are left alone (see
//! [`super::placeholder::test_data_regions`]). The witness is the entry; `{value}` names what it holds, never
//! the value.

use std::borrow::Cow;
use std::sync::Arc;

use super::secrets::{self, SecretKind};
use super::{Params, Template, TemplateDef, TemplateInput, check_keys, clean};
use crate::encoding::BASE64_ALPHABET;
use crate::engine::{Outcome, Truth, Witness, WitnessValue};
use crate::model::{Node, Value};

pub const DEF: TemplateDef = TemplateDef {
    name: "secret_manifest_values",
    compile,
};

#[derive(Debug)]
struct SecretManifestValues;

fn compile(params: &Params) -> Result<Arc<dyn Template>, String> {
    check_keys(params, &[])?;
    Ok(Arc::new(SecretManifestValues))
}

/// Secret types whose every entry is a credential by definition.
const CREDENTIAL_TYPES: &[&str] = &[
    "kubernetes.io/tls",
    "kubernetes.io/basic-auth",
    "kubernetes.io/ssh-auth",
    "kubernetes.io/dockerconfigjson",
    "kubernetes.io/dockercfg",
    "bootstrap.kubernetes.io/token",
];

/// What an entry holds, when it is a credential.
fn credential(key: &str, value: &Decoded, typed: bool) -> Option<Cow<'static, str>> {
    let text = match value {
        Decoded::Binary(len) if *len >= 16 => return Some("binary key material".into()),
        Decoded::Binary(_) => return None,
        Decoded::Text(text) => text.as_str(),
    };
    if typed && secrets::plausible(text) {
        return Some("a credential of the Secret's type".into());
    }
    if let Some(kind) = secrets::classify(Some(key), text) {
        return Some(match kind {
            SecretKind::Named => "a secret under a credential name".into(),
            kind => Cow::Borrowed(kind.label()),
        });
    }
    secrets::random_looking(text).then(|| "a random-looking key".into())
}

enum Decoded {
    Text(String),
    /// Not UTF-8: its length in bytes.
    Binary(usize),
}

/// Standard base64, as the API server reads `data` (whitespace ignored);
/// `None` for text that is not base64.
fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let (mut acc, mut bits) = (0u32, 0u32);
    for byte in text.bytes().filter(|b| !b.is_ascii_whitespace()) {
        if byte == b'=' {
            break;
        }
        let digit = BASE64_ALPHABET.iter().position(|&a| a == byte)? as u32;
        acc = (acc << 6) | digit;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

fn decoded(text: &str, encoded: bool) -> Decoded {
    if !encoded {
        return Decoded::Text(text.to_string());
    }
    match base64_decode(text) {
        Some(bytes) => match String::from_utf8(bytes) {
            Ok(text) => Decoded::Text(text),
            Err(e) => Decoded::Binary(e.into_bytes().len()),
        },
        // Not base64 (the API server would reject it): judged as written.
        None => Decoded::Text(text.to_string()),
    }
}

impl Template for SecretManifestValues {
    fn check<'a>(&self, input: &TemplateInput<'a>) -> Outcome<'a> {
        let body = input.node;
        let declared = |node: &Node| {
            node.span
                .is_some_and(|span| input.graph.is_declared_test_data(span))
        };
        if input.graph.is_declared_test_block(input.resource.span) {
            return clean(false);
        }
        let typed = match body.get("type").map(|n| &n.value) {
            Some(Value::String(t)) => CREDENTIAL_TYPES.contains(&t.as_str()),
            Some(Value::Unknown) => return Outcome::unknown(),
            _ => false,
        };
        let mut unknown = false;
        for (field, encoded) in [("stringData", false), ("data", true)] {
            let entries = match body.get(field).map(|n| &n.value) {
                Some(Value::Map(entries)) => entries,
                Some(Value::Unknown) => {
                    unknown = true;
                    continue;
                }
                _ => continue,
            };
            for (key, node) in entries {
                if declared(node) {
                    continue;
                }
                let text = match &node.value {
                    Value::String(text) => text,
                    Value::Unknown => {
                        unknown = true;
                        continue;
                    }
                    _ => continue,
                };
                if let Some(what) = credential(key, &decoded(text, encoded), typed) {
                    return found(node, field, key, what);
                }
            }
        }
        clean(unknown)
    }
}

fn found<'a>(node: &'a Node, field: &str, key: &str, what: Cow<'static, str>) -> Outcome<'a> {
    let witness = Witness::attr(node, Cow::Owned(format!("{field}.{key}")))
        .with_value(WitnessValue::Text(what));
    Outcome::new(Truth::True, Some(witness))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_standard_base64() {
        assert_eq!(base64_decode("aGVsbG8=").unwrap(), b"hello");
        assert_eq!(base64_decode("aGVs\nbG8").unwrap(), b"hello");
        assert!(base64_decode("not base64!").is_none());
    }
}
