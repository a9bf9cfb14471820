//! The package managers `template: unpinned_packages` knows: how each is
//! invoked (program, install subcommands, options that take a value) and
//! when one package operand fixes its version.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Manager {
    AptGet,
    Apk,
    Pip,
    Npm,
    Gem,
    Yum,
    Dnf,
    Zypper,
    Go,
}

impl Manager {
    pub const ALL: [(&'static str, Manager); 9] = [
        ("apt-get", Manager::AptGet),
        ("apk", Manager::Apk),
        ("pip", Manager::Pip),
        ("npm", Manager::Npm),
        ("gem", Manager::Gem),
        ("yum", Manager::Yum),
        ("dnf", Manager::Dnf),
        ("zypper", Manager::Zypper),
        ("go", Manager::Go),
    ];

    pub fn runs(self, program: &str) -> bool {
        match self {
            Manager::AptGet => program == "apt-get",
            Manager::Apk => program == "apk",
            // pip, pip3, pip3.12 (not pipx or pipenv, which pin elsewhere).
            Manager::Pip => {
                program
                    .strip_prefix("pip")
                    .is_some_and(|rest| rest.chars().all(|c| c.is_ascii_digit() || c == '.'))
                    || is_python(program)
            }
            Manager::Npm => program == "npm",
            Manager::Gem => program == "gem",
            Manager::Yum => program == "yum",
            Manager::Dnf => matches!(program, "dnf" | "microdnf" | "tdnf"),
            Manager::Zypper => program == "zypper",
            Manager::Go => program == "go",
        }
    }

    pub fn subcommands(self) -> &'static [&'static str] {
        match self {
            Manager::AptGet | Manager::Pip | Manager::Yum | Manager::Dnf => &["install"],
            Manager::Apk => &["add"],
            Manager::Npm => &["install", "i", "add"],
            Manager::Gem => &["install", "i"],
            Manager::Zypper => &["install", "in"],
            // `go get` installs too in GOPATH mode, and adds to go.mod in
            // module mode: unpinned, it takes the newest release either way.
            Manager::Go => &["install", "get"],
        }
    }

    /// Options whose value is the next argument (when not written `--x=v`).
    pub fn value_options(self) -> &'static [&'static str] {
        match self {
            Manager::AptGet => &[
                "-o",
                "--option",
                "-c",
                "--config-file",
                "-t",
                "--target-release",
                "--default-release",
            ],
            Manager::Apk => &[
                "-t",
                "--virtual",
                "-X",
                "--repository",
                "-p",
                "--root",
                "--arch",
                "--keys-dir",
                "--cache-dir",
                "--repositories-file",
            ],
            Manager::Pip => &[
                "-b",
                "--build",
                "-e",
                "--editable",
                "--extra-index-url",
                "-f",
                "--find-links",
                "-i",
                "--index-url",
                "--implementation",
                "--no-binary",
                "--only-binary",
                "--platform",
                "--prefix",
                "--progress-bar",
                "--proxy",
                "--python",
                "--python-version",
                "--root",
                "--root-user-action",
                "--src",
                "-t",
                "--target",
                "--trusted-host",
                "--upgrade-strategy",
                "--abi",
                "--cert",
                "--client-cert",
                "--cache-dir",
                "--log",
                "--timeout",
                "--retries",
                "--exists-action",
                "--global-option",
                "-C",
                "--config-settings",
                "--report",
            ],
            Manager::Npm => &[
                "--loglevel",
                "--registry",
                "--prefix",
                "-w",
                "--workspace",
                "--tag",
                "--cache",
                "--userconfig",
            ],
            Manager::Gem => &[
                "-v",
                "--version",
                "-i",
                "--install-dir",
                "-n",
                "--bindir",
                "-s",
                "--source",
                "-p",
                "--http-proxy",
                "--platform",
                "-g",
                "--file",
                "--build-root",
                "-P",
                "--trust-policy",
            ],
            Manager::Yum | Manager::Dnf => &[
                "-x",
                "--exclude",
                "--releasever",
                "--installroot",
                "-c",
                "--config",
                "--enablerepo",
                "--disablerepo",
                "--repo",
                "--repoid",
                "--setopt",
                "-d",
                "--debuglevel",
                "-e",
                "--errorlevel",
                "--downloaddir",
                "--forcearch",
            ],
            Manager::Go => &[
                "-C",
                "-p",
                "-ldflags",
                "--ldflags",
                "-gcflags",
                "--gcflags",
                "-asmflags",
                "-gccgoflags",
                "-tags",
                "--tags",
                "-mod",
                "-modfile",
                "-overlay",
                "-pgo",
                "-pkgdir",
                "-toolexec",
                "-exec",
                "-buildmode",
                "-compiler",
                "-installsuffix",
                "-covermode",
                "-coverpkg",
                "-buildvcs",
            ],
            Manager::Zypper => &[
                "-r",
                "--repo",
                "-t",
                "--type",
                "--from",
                "-R",
                "--root",
                "--installroot",
            ],
        }
    }

    /// Whether one package operand fixes its version.
    pub fn pinned(self, package: &str) -> bool {
        if is_path(package) {
            return true;
        }
        match self {
            Manager::AptGet => package.contains('=') || package.ends_with(".deb"),
            Manager::Apk => package.contains(['=', '~', '>', '<']) || package.ends_with(".apk"),
            Manager::Pip => pip_pinned(package),
            Manager::Npm => npm_pinned(package),
            Manager::Gem => package.contains(':'),
            Manager::Yum | Manager::Dnf => rpm_pinned(package),
            Manager::Zypper => package.contains(['=', '<', '>']) || package.ends_with(".rpm"),
            Manager::Go => go_pinned(package),
        }
    }
}

pub fn is_python(program: &str) -> bool {
    program
        .strip_prefix("python")
        .is_some_and(|rest| rest.chars().all(|c| c.is_ascii_digit() || c == '.'))
}

fn is_path(package: &str) -> bool {
    package.starts_with('/')
        || package.starts_with("./")
        || package.starts_with("../")
        || package.starts_with("~/")
        || package == "."
        || package == ".."
}

const ARCHIVES: &[&str] = &[".whl", ".tar.gz", ".tgz", ".tar.bz2", ".zip", ".tar"];

fn pip_pinned(package: &str) -> bool {
    let lower = package.to_ascii_lowercase();
    if ARCHIVES.iter().any(|a| lower.ends_with(a)) {
        return true;
    }
    const VCS: &[&str] = &["git+", "hg+", "svn+", "bzr+", "git://"];
    if VCS.iter().any(|v| lower.starts_with(v)) {
        // `git+https://host/org/repo@v1.2#egg=x`: a ref after the repository.
        let without_fragment = package.split('#').next().unwrap_or(package);
        let last = without_fragment.rsplit('/').next().unwrap_or("");
        return last.contains('@');
    }
    if lower.contains("://") {
        // A direct URL that is not a built artifact (an index page, a branch).
        return false;
    }
    // `name==1.2.3` and `name===1.2.3` fix one release; ranges (`>=`, `~=`,
    // `<`) still take whatever is newest inside them.
    package.contains("==")
}

fn npm_pinned(package: &str) -> bool {
    let lower = package.to_ascii_lowercase();
    if lower.starts_with("git") || lower.starts_with("github:") {
        return package.contains('#');
    }
    if lower.starts_with("file:")
        || [".tgz", ".tar.gz", ".tar"]
            .iter()
            .any(|a| lower.ends_with(a))
    {
        return true;
    }
    if lower.contains("://") {
        return false;
    }
    // Drop the scope of `@scope/name@1.2.3`.
    let name = match package.strip_prefix('@') {
        Some(rest) => rest.split_once('/').map_or(rest, |(_, n)| n),
        None => package,
    };
    let Some((_, version)) = name.split_once('@') else {
        return false;
    };
    // An exact version; tags (`latest`, `next`) and ranges (`^1`, `1.x`) move.
    let version = version.trim_start_matches(['=', 'v']);
    let core = version.split(['-', '+']).next().unwrap_or("");
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
}

/// `name-1.2.3-4.el9` (as hadolint reads it: some part after the name starts
/// with a digit and every part looks like a version), an `.rpm` file, a URL.
fn rpm_pinned(package: &str) -> bool {
    if package.ends_with(".rpm") || package.contains("://") || package.starts_with('@') {
        // Files and URLs name one build; `@group` is not a package.
        return true;
    }
    let parts: Vec<&str> = package.split('-').collect();
    if parts.len() <= 1 {
        return false;
    }
    let rest = &parts[1..];
    let valid = |p: &&str| {
        p.chars()
            .all(|c| c.is_ascii_alphanumeric() || ".~^_:+".contains(c))
    };
    rest.iter().all(valid)
        && rest
            .iter()
            .any(|p| p.chars().next().is_some_and(|c| c.is_ascii_digit()))
}

/// `example.com/cmd/tool@v1.2.3` (or a pseudo-version, or a commit) fixes
/// one build; `@latest`, the `@upgrade`/`@patch` queries, the usual branch
/// names, and a path without `@` move. (`./cmd/...` and `.` are local.)
fn go_pinned(package: &str) -> bool {
    const MOVING: &[&str] = &["latest", "upgrade", "patch", "master", "main", "HEAD"];
    if matches!(package, "std" | "cmd" | "all") {
        return true;
    }
    match package.rsplit_once('@') {
        Some((_, version)) => !version.is_empty() && !MOVING.contains(&version),
        None => false,
    }
}
