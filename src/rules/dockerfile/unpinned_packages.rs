//! `template: unpinned_packages`: a package-manager command in a `RUN` that
//! installs a package without fixing its version.
//!
//! Evaluated on one command of a `RUN` instruction (a map with `program`
//! and `args`, as the Dockerfile front end lowers it), usually under
//! `instructions` → `commands` quantifiers. Parameters:
//! - `manager` (required): `apt-get`, `apk`, `pip`, `npm`, `gem`, `yum`,
//!   `dnf` (also `microdnf`, `tdnf`), `zypper` or `go` (`go install`);
//! - `bare_install` (optional, `npm` only): also report an `npm install`
//!   that names no package (it resolves the manifest's ranges instead of
//!   installing the lockfile as `npm ci` does).
//!
//! Which arguments are packages follows each tool's command line: options
//! that take a value (`apt-get -t bookworm-backports`, `apk --virtual
//! .deps`, `pip -i URL`) are skipped with their value, and only operands
//! after the install subcommand count. A package written with a variable
//! (`$PKG`) cannot be judged and makes the result unknown rather than true.
//!
//! The witness is the first unpinned package argument; `{value}` renders as
//! that package.

use std::borrow::Cow;
use std::sync::Arc;

use super::super::{Params, Template, TemplateDef, TemplateInput, check_keys, clean};
use super::managers::{Manager, is_python};
use crate::engine::{Outcome, Truth, Witness, WitnessValue};
use crate::model::{Node, Value};

pub const DEF: TemplateDef = TemplateDef {
    name: "unpinned_packages",
    compile,
};

#[derive(Debug)]
struct UnpinnedPackages {
    manager: Manager,
    bare_install: bool,
}

fn compile(params: &Params) -> Result<Arc<dyn Template>, String> {
    Ok(Arc::new(build(params)?))
}

fn build(params: &Params) -> Result<UnpinnedPackages, String> {
    check_keys(params, &["manager", "bare_install"])?;
    let names: Vec<&str> = Manager::ALL.iter().map(|(n, _)| *n).collect();
    let manager = match params.get("manager") {
        Some(Value::String(name)) => Manager::ALL
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, m)| *m)
            .ok_or_else(|| {
                format!(
                    "unknown `manager` `{name}` (expected one of {})",
                    names.join(", ")
                )
            })?,
        Some(other) => {
            return Err(format!(
                "`manager` must be a string, found a {}",
                other.type_name()
            ));
        }
        None => {
            return Err(format!(
                "missing parameter `manager` (one of {})",
                names.join(", ")
            ));
        }
    };
    let bare_install = match params.get("bare_install") {
        None => false,
        Some(Value::Bool(b)) => *b,
        Some(other) => {
            return Err(format!(
                "`bare_install` must be true or false, found a {}",
                other.type_name()
            ));
        }
    };
    if bare_install && manager != Manager::Npm {
        return Err("`bare_install` only applies to `manager: npm`".to_string());
    }
    Ok(UnpinnedPackages {
        manager,
        bare_install,
    })
}

/// An argument as the command sees it: text, or unknown (a variable the
/// front end could not resolve).
fn word(node: &Node) -> Option<&str> {
    match &node.value {
        Value::String(s) if !s.contains('$') => Some(s),
        _ => None,
    }
}

/// The install command's package operands, or `None` when the command is
/// not an install (another subcommand), or `Err` when that cannot be told.
fn packages(manager: Manager, args: &[Node]) -> Result<Option<Vec<&Node>>, ()> {
    let value_options = manager.value_options();
    let subcommands = manager.subcommands();
    let mut found_subcommand = false;
    let mut out = Vec::new();
    let mut operands_only = false;
    let mut i = 0;
    while i < args.len() {
        let node = &args[i];
        i += 1;
        let Some(text) = word(node) else {
            if found_subcommand {
                out.push(node);
                continue;
            }
            return Err(());
        };
        if !operands_only && text == "--" {
            operands_only = true;
            continue;
        }
        if !operands_only && text.starts_with('-') && text.len() > 1 {
            if value_options.contains(&text) {
                i += 1;
            }
            continue;
        }
        if !found_subcommand {
            if subcommands.contains(&text) {
                found_subcommand = true;
                continue;
            }
            return Ok(None);
        }
        out.push(node);
    }
    Ok(found_subcommand.then_some(out))
}

/// `python -m pip install …` → the arguments after `-m pip`.
fn pip_module_args(args: &[Node]) -> Option<&[Node]> {
    let at = args.windows(2).position(|w| {
        w[0].value.as_str() == Some("-m")
            && w[1]
                .value
                .as_str()
                .is_some_and(|m| m == "pip" || m == "pip3")
    })?;
    Some(&args[at + 2..])
}

impl UnpinnedPackages {
    fn judge<'a>(&self, command: &'a Node) -> Outcome<'a> {
        let Some(program) = command.get("program").and_then(|p| p.value.as_str()) else {
            return clean(command.get("program").is_some_and(|p| p.value.is_unknown()));
        };
        if !self.manager.runs(program) {
            return clean(false);
        }
        let args: &[Node] = match command.get("args").map(|a| &a.value) {
            Some(Value::List(items)) => items,
            Some(Value::Unknown) => return clean(true),
            _ => &[],
        };
        let args = if self.manager == Manager::Pip && is_python(program) {
            match pip_module_args(args) {
                Some(rest) => rest,
                None => return clean(false),
            }
        } else {
            args
        };
        if self.manager == Manager::Pip
            && args.iter().any(|a| {
                a.value.as_str().is_some_and(|t| {
                    matches!(t, "-r" | "--requirement" | "-c" | "--constraint")
                        || t.starts_with("--requirement=")
                        || t.starts_with("--constraint=")
                        || (t.starts_with("-r") && t.len() > 2 && !t.starts_with("--"))
                })
            })
        {
            // Versions come from a requirements or constraints file.
            return clean(false);
        }
        if self.manager == Manager::Gem
            && args.iter().any(|a| {
                a.value
                    .as_str()
                    .is_some_and(|t| matches!(t, "-v" | "--version") || t.starts_with("--version="))
            })
        {
            return clean(false);
        }
        let packages = match packages(self.manager, args) {
            Err(()) => return clean(true),
            Ok(None) => return clean(false),
            Ok(Some(packages)) => packages,
        };
        if packages.is_empty() {
            if self.bare_install {
                let program_node = command.get("program").unwrap_or(command);
                let witness = Witness::attr(program_node, "program").with_value(
                    WitnessValue::Text(Cow::Borrowed("`npm install` with no package list")),
                );
                return Outcome::new(Truth::True, Some(witness));
            }
            return clean(false);
        }
        let mut unknown = false;
        for node in packages {
            match word(node) {
                None => unknown = true,
                Some(text) if self.manager.pinned(text) => {}
                Some(text) => {
                    let witness = Witness::attr(node, "args")
                        .with_value(WitnessValue::Text(Cow::Owned(text.to_string())));
                    return Outcome::new(Truth::True, Some(witness));
                }
            }
        }
        clean(unknown)
    }
}

impl Template for UnpinnedPackages {
    fn check<'a>(&self, input: &TemplateInput<'a>) -> Outcome<'a> {
        match &input.node.value {
            Value::Map(_) => self.judge(input.node),
            Value::Unknown => clean(true),
            _ => clean(false),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use indexmap::IndexMap;

    fn command(program: &str, args: &[&str]) -> Node {
        let mut map = IndexMap::new();
        map.insert(
            "program".to_string(),
            Node::new(Value::String(program.to_string()), None),
        );
        map.insert(
            "args".to_string(),
            Node::new(
                Value::List(
                    args.iter()
                        .map(|a| Node::new(Value::String(a.to_string()), None))
                        .collect(),
                ),
                None,
            ),
        );
        Node::new(Value::Map(map), None)
    }

    fn run(manager: &str, program: &str, args: &[&str]) -> (Truth, Option<String>) {
        run_with(manager, false, program, args)
    }

    fn run_with(
        manager: &str,
        bare: bool,
        program: &str,
        args: &[&str],
    ) -> (Truth, Option<String>) {
        let mut params = Params::new();
        params.insert("manager".into(), Value::String(manager.into()));
        if bare {
            params.insert("bare_install".into(), Value::Bool(true));
        }
        let template = build(&params).unwrap();
        let node = command(program, args);
        let outcome = template.judge(&node);
        let value = outcome.witness.as_ref().and_then(|w| match &w.value {
            WitnessValue::Text(t) => Some(t.to_string()),
            _ => None,
        });
        (outcome.truth, value)
    }

    #[test]
    fn go_install() {
        let go = |args: &[&str]| run("go", "go", args);
        assert_eq!(
            go(&["install", "golang.org/x/tools/gopls@latest"]),
            (Truth::True, Some("golang.org/x/tools/gopls@latest".into()))
        );
        assert_eq!(go(&["install", "github.com/a/b/cmd/x"]).0, Truth::True);
        assert_eq!(
            go(&["install", "-v", "github.com/a/b@v1.2.3"]).0,
            Truth::False
        );
        assert_eq!(
            go(&[
                "install",
                "-ldflags",
                "-s -w",
                "github.com/a/b@v0.0.0-20240101000000-abcdef123456"
            ])
            .0,
            Truth::False
        );
        assert_eq!(go(&["install", "./cmd/..."]).0, Truth::False);
        assert_eq!(go(&["install"]).0, Truth::False);
        assert_eq!(go(&["build", "-o", "/out/x", "."]).0, Truth::False);
        assert_eq!(
            go(&["install", "github.com/a/b@$VERSION"]).0,
            Truth::Unknown
        );
    }

    #[test]
    fn apt_get() {
        assert_eq!(
            run(
                "apt-get",
                "apt-get",
                &["install", "-y", "curl=7.88.1-10", "git"]
            ),
            (Truth::True, Some("git".into()))
        );
        assert_eq!(
            run(
                "apt-get",
                "apt-get",
                &["-t", "bookworm-backports", "install", "-y", "curl=7.88"]
            )
            .0,
            Truth::False
        );
        assert_eq!(run("apt-get", "apt-get", &["update"]).0, Truth::False);
        assert_eq!(
            run("apt-get", "apt-get", &["install", "-y", "./local.deb"]).0,
            Truth::False
        );
        assert_eq!(
            run("apt-get", "apt-get", &["install", "-y", "$PACKAGES"]).0,
            Truth::Unknown
        );
        assert_eq!(
            run(
                "apt-get",
                "apt-get",
                &["-o", "Dpkg::Options::=--force-confnew", "install", "vim"]
            ),
            (Truth::True, Some("vim".into()))
        );
    }

    #[test]
    fn apk() {
        assert_eq!(
            run(
                "apk",
                "apk",
                &[
                    "add",
                    "--no-cache",
                    "--virtual",
                    ".build-deps",
                    "gcc=13.2.1-r0"
                ]
            )
            .0,
            Truth::False
        );
        assert_eq!(
            run("apk", "apk", &["add", "--no-cache", "curl"]),
            (Truth::True, Some("curl".into()))
        );
        assert_eq!(run("apk", "apk", &["add", "musl~1.2"]).0, Truth::False);
        assert_eq!(run("apk", "apk", &["del", "curl"]).0, Truth::False);
    }

    #[test]
    fn pip() {
        assert_eq!(
            run("pip", "pip", &["install", "--no-cache-dir", "requests"]),
            (Truth::True, Some("requests".into()))
        );
        assert_eq!(
            run("pip", "pip3", &["install", "requests==2.32.3"]).0,
            Truth::False
        );
        assert_eq!(
            run("pip", "pip", &["install", "requests>=2"]),
            (Truth::True, Some("requests>=2".into()))
        );
        assert_eq!(
            run("pip", "pip", &["install", "-r", "requirements.txt"]).0,
            Truth::False
        );
        assert_eq!(
            run(
                "pip",
                "python3",
                &["-m", "pip", "install", "-i", "https://x/simple", "flask"]
            ),
            (Truth::True, Some("flask".into()))
        );
        assert_eq!(
            run("pip", "python3", &["setup.py", "install"]).0,
            Truth::False
        );
        assert_eq!(
            run(
                "pip",
                "pip",
                &["install", "git+https://github.com/a/b@v1.0"]
            )
            .0,
            Truth::False
        );
        assert_eq!(
            run("pip", "pip", &["install", "git+https://github.com/a/b"]).0,
            Truth::True
        );
        assert_eq!(run("pip", "pip", &["install", "."]).0, Truth::False);
        assert_eq!(run("pip", "pipx", &["install", "black"]).0, Truth::False);
    }

    #[test]
    fn npm() {
        assert_eq!(
            run("npm", "npm", &["install", "-g", "typescript"]),
            (Truth::True, Some("typescript".into()))
        );
        assert_eq!(
            run("npm", "npm", &["install", "-g", "typescript@5.4.5"]).0,
            Truth::False
        );
        assert_eq!(
            run("npm", "npm", &["install", "@angular/cli@17.3.0"]).0,
            Truth::False
        );
        assert_eq!(
            run("npm", "npm", &["install", "@angular/cli@latest"]).0,
            Truth::True
        );
        assert_eq!(
            run("npm", "npm", &["install", "left-pad@^1"]).0,
            Truth::True
        );
        assert_eq!(run("npm", "npm", &["install"]).0, Truth::False);
        assert_eq!(
            run_with("npm", true, "npm", &["install", "--omit=dev"]).0,
            Truth::True
        );
        assert_eq!(run_with("npm", true, "npm", &["ci"]).0, Truth::False);
    }

    #[test]
    fn gem_and_rpm() {
        assert_eq!(
            run("gem", "gem", &["install", "--no-document", "bundler"]),
            (Truth::True, Some("bundler".into()))
        );
        assert_eq!(
            run("gem", "gem", &["install", "bundler:2.5.3"]).0,
            Truth::False
        );
        assert_eq!(
            run("gem", "gem", &["install", "bundler", "-v", "2.5.3"]).0,
            Truth::False
        );
        assert_eq!(
            run("yum", "yum", &["install", "-y", "httpd-2.4.57-5.el9"]).0,
            Truth::False
        );
        assert_eq!(
            run("yum", "yum", &["install", "-y", "python3-devel"]),
            (Truth::True, Some("python3-devel".into()))
        );
        assert_eq!(
            run("dnf", "microdnf", &["install", "-y", "shadow-utils"]).0,
            Truth::True
        );
        assert_eq!(
            run(
                "zypper",
                "zypper",
                &["--non-interactive", "install", "curl=8.0"]
            )
            .0,
            Truth::False
        );
    }

    #[test]
    fn parameters_are_checked() {
        let mut params = Params::new();
        assert!(compile(&params).is_err());
        params.insert("manager".into(), Value::String("cargo".into()));
        assert!(compile(&params).unwrap_err().contains("unknown `manager`"));
        params.insert("manager".into(), Value::String("pip".into()));
        params.insert("bare_install".into(), Value::Bool(true));
        assert!(compile(&params).is_err());
    }
}
