//! Container image references (`registry/repo:tag@digest`), written once
//! for every format that names an image: Dockerfile `FROM`, Kubernetes
//! `image:`, Terraform `kubernetes_*` `image`. One trusted-registry list
//! (from `strata.toml`) judges them all.

use indexmap::IndexMap;

use super::{Node, Value};
use crate::source::Span;

/// Docker Hub, where references without a registry resolve.
pub const DEFAULT_REGISTRY: &str = "docker.io";

/// Which images a team accepts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImagePolicy {
    /// Registries (optionally with a path prefix, e.g. `ghcr.io/acme`) that
    /// images may come from. Empty: no policy, so trust is unknown.
    pub trusted_registries: Vec<String>,
}

/// A parsed image reference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageRef {
    /// Registry host (with port), `docker.io` when none is written.
    pub registry: String,
    /// Repository path inside the registry, e.g. `library/nginx`.
    pub repository: String,
    pub tag: Option<String>,
    pub digest: Option<String>,
}

impl ImageRef {
    /// Parses a reference; `None` for text that cannot be one (empty,
    /// whitespace, or a variable that was not resolved such as `$BASE`).
    pub fn parse(raw: &str) -> Option<ImageRef> {
        let raw = raw.trim();
        if raw.is_empty() || raw.contains(char::is_whitespace) || raw.contains('$') {
            return None;
        }
        let (name, digest) = match raw.split_once('@') {
            Some((name, digest)) if !digest.is_empty() => (name, Some(digest.to_string())),
            Some(_) => return None,
            None => (raw, None),
        };
        // A tag follows the last ':' that comes after the last '/'
        // (a ':' before it belongs to a registry port).
        let last_slash = name.rfind('/').map_or(0, |i| i + 1);
        let (path, tag) = match name[last_slash..].rfind(':') {
            Some(i) => {
                let at = last_slash + i;
                (&name[..at], Some(name[at + 1..].to_string()))
            }
            None => (name, None),
        };
        if path.is_empty() || tag.as_deref() == Some("") {
            return None;
        }
        let (registry, repository) = match path.split_once('/') {
            Some((first, rest))
                if first.contains('.') || first.contains(':') || first == "localhost" =>
            {
                (first.to_ascii_lowercase(), rest.to_string())
            }
            _ if !path.contains('/') => (DEFAULT_REGISTRY.to_string(), format!("library/{path}")),
            _ => (DEFAULT_REGISTRY.to_string(), path.to_string()),
        };
        Some(ImageRef {
            registry,
            repository,
            tag,
            digest,
        })
    }

    /// No digest, and the tag is missing or `latest`: what runs can change
    /// under the same name at any time.
    pub fn is_latest(&self) -> bool {
        self.digest.is_none() && self.tag.as_deref().is_none_or(|t| t == "latest")
    }

    /// Whether the policy trusts this image's registry; `None` when the
    /// policy lists no registries.
    pub fn is_trusted(&self, policy: &ImagePolicy) -> Option<bool> {
        if policy.trusted_registries.is_empty() {
            return None;
        }
        let full = format!("{}/{}", self.registry, self.repository);
        Some(policy.trusted_registries.iter().any(|trusted| {
            let trusted = trusted.trim_end_matches('/').to_ascii_lowercase();
            let trusted = match trusted.as_str() {
                "docker.io" | "index.docker.io" | "registry-1.docker.io" => DEFAULT_REGISTRY,
                other => other,
            };
            full == trusted || full.starts_with(&format!("{trusted}/"))
        }))
    }
}

/// The facts rules read about an image, as a map node with the span of the
/// place that names the image: `raw`, `registry`, `repository`, `tag`,
/// `digest`, `pinned` (has a digest), `latest` (see [`ImageRef::is_latest`])
/// and `trusted` (unknown without a policy). A reference that cannot be
/// parsed (e.g. an unresolved variable) gives `Unknown`.
pub fn image_facts(raw: &Value, span: Option<Span>, policy: &ImagePolicy) -> Node {
    let Some(image) = raw.as_str().and_then(ImageRef::parse) else {
        return Node::unknown(span);
    };
    let leaf = |value: Value| Node::new(value, span);
    let mut facts = IndexMap::new();
    facts.insert("raw".to_string(), leaf(raw.clone()));
    facts.insert(
        "registry".to_string(),
        leaf(Value::String(image.registry.clone())),
    );
    facts.insert(
        "repository".to_string(),
        leaf(Value::String(image.repository.clone())),
    );
    if let Some(tag) = &image.tag {
        facts.insert("tag".to_string(), leaf(Value::String(tag.clone())));
    }
    if let Some(digest) = &image.digest {
        facts.insert("digest".to_string(), leaf(Value::String(digest.clone())));
    }
    facts.insert(
        "pinned".to_string(),
        leaf(Value::Bool(image.digest.is_some())),
    );
    facts.insert("latest".to_string(), leaf(Value::Bool(image.is_latest())));
    facts.insert(
        "trusted".to_string(),
        leaf(image.is_trusted(policy).map_or(Value::Unknown, Value::Bool)),
    );
    Node::new(Value::Map(facts), span)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(raw: &str) -> ImageRef {
        ImageRef::parse(raw).unwrap()
    }

    #[test]
    fn parses_the_usual_shapes() {
        let nginx = parse("nginx");
        assert_eq!(nginx.registry, "docker.io");
        assert_eq!(nginx.repository, "library/nginx");
        assert_eq!(nginx.tag, None);
        assert!(nginx.is_latest());

        let tagged = parse("bitnami/redis:7.2");
        assert_eq!(tagged.repository, "bitnami/redis");
        assert_eq!(tagged.tag.as_deref(), Some("7.2"));
        assert!(!tagged.is_latest());

        let private = parse("registry.acme.io:5000/team/api:1.4@sha256:abcd");
        assert_eq!(private.registry, "registry.acme.io:5000");
        assert_eq!(private.repository, "team/api");
        assert_eq!(private.tag.as_deref(), Some("1.4"));
        assert_eq!(private.digest.as_deref(), Some("sha256:abcd"));

        let latest = parse("ghcr.io/acme/tool:latest");
        assert!(latest.is_latest());
        let pinned = parse("alpine@sha256:0123");
        assert!(!pinned.is_latest());
    }

    #[test]
    fn unparseable_references_are_none() {
        for raw in ["", "$BASE_IMAGE", "${REGISTRY}/app:1", "a b", "x:", "x@"] {
            assert_eq!(ImageRef::parse(raw), None, "{raw}");
        }
    }

    #[test]
    fn trust_follows_the_policy() {
        let policy = ImagePolicy {
            trusted_registries: vec!["ghcr.io/acme".into(), "docker.io".into()],
        };
        assert_eq!(parse("ghcr.io/acme/api:1").is_trusted(&policy), Some(true));
        assert_eq!(parse("ghcr.io/evil/api:1").is_trusted(&policy), Some(false));
        assert_eq!(
            parse("ghcr.io/acmecorp/api:1").is_trusted(&policy),
            Some(false)
        );
        assert_eq!(parse("nginx:1.25").is_trusted(&policy), Some(true));
        assert_eq!(parse("nginx").is_trusted(&ImagePolicy::default()), None);
    }
}
