//! Recognises literal secrets: known key formats anywhere in a string, and
//! plausible literals under names that say "secret". Shared by every front
//! end (Terraform attributes today, Dockerfile `ENV` and Kubernetes `env`
//! later), so it works on a name and a string only.

use std::sync::LazyLock;

use regex::Regex;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SecretKind {
    AwsAccessKeyId,
    AwsSecretAccessKey,
    GithubToken,
    SlackToken,
    PrivateKey,
    GoogleApiKey,
    StripeKey,
    /// `scheme://user:password@host`.
    UrlCredentials,
    /// A literal under a name such as `password` or `api_key`.
    Named,
    /// A random-looking literal under a weaker name such as `storage_key`.
    HighEntropy,
}

impl SecretKind {
    pub const ALL: [SecretKind; 10] = [
        SecretKind::AwsAccessKeyId,
        SecretKind::AwsSecretAccessKey,
        SecretKind::GithubToken,
        SecretKind::SlackToken,
        SecretKind::PrivateKey,
        SecretKind::GoogleApiKey,
        SecretKind::StripeKey,
        SecretKind::UrlCredentials,
        SecretKind::Named,
        SecretKind::HighEntropy,
    ];

    /// Stable identifier, as used in template parameters.
    pub fn id(self) -> &'static str {
        match self {
            SecretKind::AwsAccessKeyId => "aws_access_key_id",
            SecretKind::AwsSecretAccessKey => "aws_secret_access_key",
            SecretKind::GithubToken => "github_token",
            SecretKind::SlackToken => "slack_token",
            SecretKind::PrivateKey => "private_key",
            SecretKind::GoogleApiKey => "google_api_key",
            SecretKind::StripeKey => "stripe_key",
            SecretKind::UrlCredentials => "url_credentials",
            SecretKind::Named => "named",
            SecretKind::HighEntropy => "high_entropy",
        }
    }

    /// Human wording for messages.
    pub fn label(self) -> &'static str {
        match self {
            SecretKind::AwsAccessKeyId => "AWS access key ID",
            SecretKind::AwsSecretAccessKey => "AWS secret access key",
            SecretKind::GithubToken => "GitHub token",
            SecretKind::SlackToken => "Slack token",
            SecretKind::PrivateKey => "private key",
            SecretKind::GoogleApiKey => "Google API key",
            SecretKind::StripeKey => "Stripe live key",
            SecretKind::UrlCredentials => "password in a URL",
            SecretKind::Named => "secret",
            SecretKind::HighEntropy => "high-entropy key",
        }
    }

    pub fn from_id(id: &str) -> Option<SecretKind> {
        SecretKind::ALL.into_iter().find(|k| k.id() == id)
    }
}

/// Which detectors may report; all by default.
#[derive(Clone, Debug)]
pub struct Detector {
    kinds: Vec<SecretKind>,
}

impl Default for Detector {
    fn default() -> Self {
        Detector {
            kinds: SecretKind::ALL.to_vec(),
        }
    }
}

impl Detector {
    pub fn only(kinds: Vec<SecretKind>) -> Detector {
        Detector { kinds }
    }

    /// The first secret in `value` (stored under `name`, if any) that this
    /// detector reports.
    pub fn classify(&self, name: Option<&str>, value: &str) -> Option<SecretKind> {
        self.find(name, value).map(|(kind, _)| kind)
    }

    /// Like [`Detector::classify`], with the name the secret is assigned to
    /// when it differs from `name` (`DB_PASSWORD` inside a script).
    pub fn find(&self, name: Option<&str>, value: &str) -> Option<(SecretKind, Option<String>)> {
        let allowed = |k: &(SecretKind, Option<String>)| self.kinds.contains(&k.0);
        formats(value)
            .map(|kind| (kind, None))
            .into_iter()
            .chain(name.and_then(|n| named(n, value)).map(|kind| (kind, None)))
            .chain(embedded(value))
            .find(allowed)
    }
}

/// The first secret in `value`, with every detector on.
pub fn classify(name: Option<&str>, value: &str) -> Option<SecretKind> {
    Detector::default().classify(name, value)
}

// ASCII word boundaries (`(?-u:\b)`): every format is ASCII, and unlike
// Unicode ones they let the regex engine use its DFA, so a multi-megabyte
// value is scanned in linear time with a small constant.
static FORMATS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?P<akid>(?-u:\b)(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}(?-u:\b))",
        r"|(?P<gh>(?-u:\b)(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,}))",
        r"|(?P<slack>(?-u:\b)xox[baprs]-[A-Za-z0-9-]{10,})",
        r"|(?P<pem>-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----)",
        r"|(?P<gcp>(?-u:\b)AIza[0-9A-Za-z_-]{35})",
        r"|(?P<stripe>(?-u:\b)[sr]k_live_[0-9A-Za-z]{16,})",
        r"|(?P<url>[A-Za-z][A-Za-z0-9+.-]*://[^/\s:@]+:(?P<urlpass>[^/\s@]+)@)",
    ))
    .expect("static regex")
});

/// Known key formats found anywhere in the string.
fn formats(value: &str) -> Option<SecretKind> {
    if !FORMATS.is_match(value) {
        return None;
    }
    // The URL alternative can match a placeholder; keep looking past it.
    for caps in FORMATS.captures_iter(value) {
        let kind = if caps.name("akid").is_some() {
            SecretKind::AwsAccessKeyId
        } else if caps.name("gh").is_some() {
            SecretKind::GithubToken
        } else if caps.name("slack").is_some() {
            SecretKind::SlackToken
        } else if caps.name("pem").is_some() {
            SecretKind::PrivateKey
        } else if caps.name("gcp").is_some() {
            SecretKind::GoogleApiKey
        } else if caps.name("stripe").is_some() {
            SecretKind::StripeKey
        } else if caps.name("urlpass").is_some_and(|p| {
            plausible(p.as_str()) && !super::placeholder::is_placeholder(p.as_str(), None)
        }) {
            SecretKind::UrlCredentials
        } else {
            continue;
        };
        return Some(kind);
    }
    None
}

/// Names (lower-case, no separators) whose literal value is a secret.
const STRONG: &[&str] = &[
    "password",
    "passwd",
    "passphrase",
    "secret",
    "token",
    "apikey",
    "accesskey",
    "secretkey",
    "privatekey",
    "connectionstring",
];

/// Names that end like a secret but hold identifiers.
const NOT_SECRET: &[&str] = &[
    "creationtoken",
    "clienttoken",
    "clientrequesttoken",
    "idempotencytoken",
    "nexttoken",
    "continuationtoken",
    "pagetoken",
    "publickey",
    "sshpublickey",
    // Public OpenPGP key fingerprints and ids that images verify downloads
    // with (`ENV GPG_KEY 7169605F62C751356D054A26A821E680E5FA6305`).
    "gpgkey",
    "gpgkeys",
    "pgpkey",
    "keyid",
    "fingerprint",
    // The name of an object in a bucket (`ca_certificates_bundle_s3_key`).
    "s3key",
    "objectkey",
];

/// Names that may hold a secret; reported only for random-looking values.
const WEAK: &[&str] = &["key", "credential", "credentials", "auth", "sas"];

/// `masterPassword`, `DB-PASSWORD`, `db_password` → `masterpassword`, `dbpassword`.
fn compact(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Judges a value by the name it is stored under. A write-only argument
/// (`password_wo`, Terraform 1.11) is judged like the one it replaces: a
/// literal there still sits in the code, though not in the state.
fn named(name: &str, value: &str) -> Option<SecretKind> {
    if super::placeholder::is_placeholder(value, Some(name)) {
        return None;
    }
    let name = compact(name.strip_suffix("_wo").unwrap_or(name));
    if NOT_SECRET.iter().any(|n| name.ends_with(n)) {
        return None;
    }
    if STRONG.iter().any(|s| name.ends_with(s)) {
        if !plausible(value) {
            return None;
        }
        if name.ends_with("connectionstring") {
            // Only the credentials inside it are secret; `embedded` finds them.
            return None;
        }
        let aws_secret = name.ends_with("secretaccesskey") || name.ends_with("secretkey");
        if aws_secret && AWS_SECRET.is_match(value.trim()) {
            return Some(SecretKind::AwsSecretAccessKey);
        }
        return Some(SecretKind::Named);
    }
    // A bare `key` or `auth` names a tag key, an object key, a map entry:
    // only a qualified name (`storage_key`, `sas`-suffixed tokens) may hold
    // a secret.
    let weak = WEAK
        .iter()
        .any(|s| name.ends_with(s) && name.len() > s.len());
    if weak && random_looking(value) {
        return Some(SecretKind::HighEntropy);
    }
    None
}

static AWS_SECRET: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[A-Za-z0-9/+=]{40}$").expect("static regex"));

/// `NAME=value`, `name: value`, `"name": "value"` inside scripts and documents.
static ASSIGNMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"([A-Za-z][A-Za-z0-9_-]*)["']?[ \t]*[=:][ \t]*["']?([^\s"'`,;&|)]+)"#)
        .expect("static regex")
});

static SECRET_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)pass|secret|token|key|pwd|auth|cred|sas").expect("static regex")
});

/// Secrets assigned inside a larger text (user data, connection strings),
/// with the name they are assigned to.
fn embedded(value: &str) -> Option<(SecretKind, Option<String>)> {
    if !(value.contains('=') || value.contains(':')) || !SECRET_WORD.is_match(value) {
        return None;
    }
    ASSIGNMENT.captures_iter(value).find_map(|caps| {
        let (name, literal) = (caps.get(1)?.as_str(), caps.get(2)?.as_str());
        if literal.starts_with(['$', '%', '{', '<', '(', '[', '\\']) {
            return None;
        }
        named(name, literal).map(|kind| (kind, Some(name.to_string())))
    })
}

/// A value that is not empty, not a placeholder and not a reference.
pub fn plausible(value: &str) -> bool {
    let v = value.trim();
    if v.chars().count() < 4 {
        return false;
    }
    let lower = v.to_ascii_lowercase();
    const NOT_VALUES: &[&str] = &["null", "none", "nil", "true", "false", "undefined", "empty"];
    if NOT_VALUES.contains(&lower.as_str()) {
        return false;
    }
    // References resolved elsewhere: templating, shell and ARM expansions,
    // secret-store pointers.
    const REFERENCES: &[&str] = &["${", "{{", "$(", "#{", "arn:", "@microsoft.keyvault("];
    if REFERENCES.iter().any(|r| lower.starts_with(r)) || (v.starts_with('<') && v.ends_with('>')) {
        return false;
    }
    // Masks such as `********` or `xxxxxxxx`.
    let mut chars = v.chars();
    let first = chars.next();
    !chars.all(|c| Some(c) == first)
}

static UUID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
        .expect("static regex")
});

/// A long token of mixed characters with high Shannon entropy: what
/// generated keys look like, unlike ids, names, paths and URLs.
pub fn random_looking(value: &str) -> bool {
    let v = value.trim();
    let len = v.chars().count();
    if !(16..=512).contains(&len) || v.chars().any(char::is_whitespace) {
        return false;
    }
    if UUID.is_match(v)
        || v.contains("://")
        || v.starts_with(['/', '.', '~'])
        || v.starts_with("ssh-")
        || v.starts_with("ecdsa-")
        || is_file_path(v)
        || !plausible(v)
    {
        return false;
    }
    let classes = [
        v.chars().any(|c| c.is_ascii_lowercase()),
        v.chars().any(|c| c.is_ascii_uppercase()),
        v.chars().any(|c| c.is_ascii_digit()),
    ];
    classes.iter().filter(|&&c| c).count() >= 2 && shannon_entropy(v) >= 3.5
}

/// `ca_cert/RootCA.pem`, `configs/app.json`: a relative path to a file.
/// Base64 has no `.`, and a token with dots (a JWT) has no `/`.
fn is_file_path(value: &str) -> bool {
    let Some((_, file)) = value.rsplit_once('/') else {
        return false;
    };
    let Some((stem, extension)) = file.rsplit_once('.') else {
        return false;
    };
    !stem.is_empty()
        && (1..=5).contains(&extension.len())
        && extension.starts_with(|c: char| c.is_ascii_alphabetic())
        && extension.chars().all(|c| c.is_ascii_alphanumeric())
}

/// Bits per character.
pub fn shannon_entropy(text: &str) -> f64 {
    let mut counts = std::collections::HashMap::<char, usize>::new();
    let mut total = 0usize;
    for c in text.chars() {
        *counts.entry(c).or_default() += 1;
        total += 1;
    }
    if total == 0 {
        return 0.0;
    }
    counts
        .values()
        .map(|&n| {
            let p = n as f64 / total as f64;
            -p * p.log2()
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_formats_anywhere() {
        let cases = [
            ("key AKIAIOSFODNN7EXAMPLE here", SecretKind::AwsAccessKeyId),
            (
                "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
                SecretKind::GithubToken,
            ),
            ("xoxb-1234567890-abcdefghij", SecretKind::SlackToken),
            (
                "-----BEGIN RSA PRIVATE KEY-----\nMIIE...",
                SecretKind::PrivateKey,
            ),
            (
                "-----BEGIN PRIVATE KEY-----\nMIIE...",
                SecretKind::PrivateKey,
            ),
            (
                "AIzaSyA1234567890abcdefghijklmnopqrstuv",
                SecretKind::GoogleApiKey,
            ),
            ("sk_live_abcdefghijklmnop1234", SecretKind::StripeKey),
            (
                "postgres://admin:s3cr3tpw@db:5432/app",
                SecretKind::UrlCredentials,
            ),
        ];
        for (value, kind) in cases {
            assert_eq!(classify(None, value), Some(kind), "{value}");
        }
        assert_eq!(classify(None, "AKIA123"), None);
        assert_eq!(classify(None, "postgres://admin:${pw}@db"), None);
    }

    #[test]
    fn paths_to_files_are_not_random() {
        assert!(is_file_path("ca_cert/RootCA.pem"));
        assert!(is_file_path("configs/prod/app-settings.json"));
        assert!(!is_file_path("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));
        assert!(!is_file_path("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln"));
        assert_eq!(
            classify(Some("storage_key"), "certs/Intermediate2024CA.crt"),
            None
        );
        assert_eq!(
            classify(
                Some("ca_certificates_bundle_s3_key"),
                "Zx81/Qw9RtY2vBn7Lk3P"
            ),
            None
        );
        assert_eq!(
            classify(Some("storage_key"), "Zx81/Qw9RtY2vBn7Lk3P"),
            Some(SecretKind::HighEntropy)
        );
    }

    #[test]
    fn names_with_plausible_literals() {
        assert_eq!(
            classify(Some("master_password"), "changeme"),
            Some(SecretKind::Named)
        );
        assert_eq!(
            classify(Some("masterPassword"), "hunter22"),
            Some(SecretKind::Named)
        );
        assert_eq!(
            classify(Some("DB_PASSWORD"), "hunter22"),
            Some(SecretKind::Named)
        );
        assert_eq!(
            classify(
                Some("secret_key"),
                "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
            ),
            Some(SecretKind::AwsSecretAccessKey)
        );
        for placeholder in ["", "abc", "null", "${var.pw}", "********", "<password>"] {
            assert_eq!(
                classify(Some("password"), placeholder),
                None,
                "{placeholder}"
            );
        }
        assert_eq!(classify(Some("password_length"), "16"), None);
        assert_eq!(classify(Some("secret_arn"), "arn:aws:x"), None);
        assert_eq!(classify(Some("creation_token"), "my-product"), None);
        assert_eq!(classify(Some("name"), "hunter22"), None);
    }

    #[test]
    fn weak_names_need_entropy() {
        assert_eq!(classify(Some("storage_key"), "logs"), None);
        // A tag's `key` is a name, whatever it looks like.
        assert_eq!(
            classify(Some("key"), "k8s.io/cluster-autoscaler/Q8zk2LmN0pR7sT4v"),
            None
        );
        // A public key fingerprint, as official images publish them.
        assert_eq!(
            classify(Some("GPG_KEY"), "7169605F62C751356D054A26A821E680E5FA6305"),
            None
        );
        assert_eq!(
            classify(Some("storage_key"), "1234abcd-12ab-34cd-56ef-1234567890ab"),
            None
        );
        assert_eq!(
            classify(Some("storage_key"), "q8Zk2LmN0pR7sT4vXw1yB3cD6fG9hJ5a"),
            Some(SecretKind::HighEntropy)
        );
        assert_eq!(
            classify(Some("public_key"), "q8Zk2LmN0pR7sT4vXw1yB3cD6fG9hJ5a"),
            None
        );
    }

    #[test]
    fn assignments_inside_scripts() {
        let script = "#!/bin/bash\nexport DB_PASSWORD=hunter22\necho ok\n";
        assert_eq!(classify(Some("user_data"), script), Some(SecretKind::Named));
        let safe = "#!/bin/bash\nexport DB_PASSWORD=$(fetch-secret)\nexport X=${Y}\n";
        assert_eq!(classify(Some("user_data"), safe), None);
        let aws = "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        assert_eq!(classify(None, aws), Some(SecretKind::AwsSecretAccessKey));
        assert_eq!(
            classify(Some("connection_string"), "Server=x;Password=hunter22;"),
            Some(SecretKind::Named)
        );
        assert_eq!(
            classify(
                Some("connection_string"),
                "Server=x;Integrated Security=true"
            ),
            None
        );
    }

    #[test]
    fn write_only_arguments_and_placeholders() {
        assert_eq!(
            classify(Some("password_wo"), "hunter22"),
            Some(SecretKind::Named)
        );
        assert_eq!(classify(Some("password_wo_version"), "1"), None);
        assert_eq!(classify(Some("access_key"), "mock_access_key"), None);
        assert_eq!(classify(Some("api_key"), "GOOGLE_API_KEY_VAL"), None);
        assert_eq!(classify(None, "postgres://app:your-password@db/app"), None);
        // A weak default is deployed as written: still a secret.
        assert_eq!(
            classify(Some("admin_password"), "changeme"),
            Some(SecretKind::Named)
        );
        let script = "export DB_PASSWORD=hunter22";
        assert_eq!(
            Detector::default().find(Some("user_data"), script),
            Some((SecretKind::Named, Some("DB_PASSWORD".to_string())))
        );
    }

    #[test]
    fn detector_subsets() {
        let only_aws = Detector::only(vec![SecretKind::AwsAccessKeyId]);
        assert_eq!(only_aws.classify(Some("password"), "hunter22"), None);
        assert_eq!(
            only_aws.classify(None, "AKIAIOSFODNN7EXAMPLE"),
            Some(SecretKind::AwsAccessKeyId)
        );
    }
}
