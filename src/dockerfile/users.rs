//! Who a stage runs as: the image's default account (root on Linux,
//! `ContainerAdministrator` on Windows Server Core, `ContainerUser` on Nano
//! Server), the accounts a `RUN useradd` / `adduser` creates, and whether a
//! `USER` can be shown to be an administrator or not.

use crate::model::image::ImageRef;
use crate::model::{Node, Value};

/// The operating system of a base image, as far as its name tells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Os {
    Linux,
    /// Nano Server runs as `ContainerUser`, Server Core (and images built
    /// on it) as `ContainerAdministrator`.
    Windows {
        nano: bool,
    },
    /// The base image is not known (an unresolved ARG).
    Unknown,
}

impl Os {
    /// Windows images are published under `mcr.microsoft.com/windows…`
    /// (and `dotnet/framework`), or tagged for a Windows flavour
    /// (`python:3.12-windowsservercore-ltsc2022`, `…-nanoserver-1809`).
    pub fn of_image(raw: &str) -> Os {
        let Some(image) = ImageRef::parse(raw) else {
            return Os::Unknown;
        };
        let repository = image.repository.to_ascii_lowercase();
        let tag = image.tag.unwrap_or_default().to_ascii_lowercase();
        let nano = repository.contains("nanoserver") || tag.contains("nanoserver");
        let windows = nano
            || repository.starts_with("windows")
            || repository.contains("/windows")
            || repository.starts_with("dotnet/framework")
            || tag.contains("windowsservercore")
            || tag.contains("servercore");
        if windows {
            Os::Windows { nano }
        } else {
            Os::Linux
        }
    }

    /// The account a container runs as without a `USER`.
    pub fn default_user(self) -> Option<&'static str> {
        match self {
            Os::Linux => Some("root"),
            Os::Windows { nano: true } => Some("ContainerUser"),
            Os::Windows { nano: false } => Some("ContainerAdministrator"),
            Os::Unknown => None,
        }
    }
}

/// An account created in a `RUN`: its name and the UID it was given
/// (`None`: chosen by the tool, which never picks 0).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Created {
    pub name: String,
    pub uid: Option<u64>,
}

/// What the effective user is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// root / UID 0 / `ContainerAdministrator`.
    Admin,
    /// Shown not to be: a non-zero UID, an account this file creates with
    /// one, or `ContainerUser`.
    NotAdmin,
    /// A name the base image defines: not root by name, but its UID is not
    /// known here.
    Unverified,
}

/// Judges `user` (`name[:group]`) with the accounts created so far.
pub fn judge(user: &str, os: Os, created: &[Created]) -> Verdict {
    let name = user.split(':').next().unwrap_or_default().trim();
    if let Ok(uid) = name.parse::<u64>() {
        return if uid == 0 {
            Verdict::Admin
        } else {
            Verdict::NotAdmin
        };
    }
    if name == "root" {
        return Verdict::Admin;
    }
    if matches!(os, Os::Windows { .. }) {
        if name.eq_ignore_ascii_case("ContainerAdministrator") {
            return Verdict::Admin;
        }
        if name.eq_ignore_ascii_case("ContainerUser") {
            return Verdict::NotAdmin;
        }
    }
    // The last creation of the name wins (`useradd -o -u 0` makes root).
    match created.iter().rev().find(|c| c.name == name) {
        Some(Created { uid: Some(0), .. }) => Verdict::Admin,
        Some(_) => Verdict::NotAdmin,
        None => Verdict::Unverified,
    }
}

/// Accounts created by the `commands` of a RUN node (`useradd`, Debian's
/// and BusyBox's `adduser`). `expand` gives the value of an argument that
/// names variables (a RUN sees the stage's ARG and ENV values), or `None`
/// when it is not known; such an account is skipped.
pub fn created_by(commands: &Node, expand: &dyn Fn(&str) -> Option<String>) -> Vec<Created> {
    let Value::List(commands) = &commands.value else {
        return Vec::new();
    };
    commands
        .iter()
        .filter_map(|c| created_by_command(c, expand))
        .collect()
}

/// Options of useradd/adduser that take a value (besides the UID).
const VALUE_OPTIONS: &[&str] = &[
    "-b",
    "--base-dir",
    "-c",
    "--comment",
    "--gecos",
    "-d",
    "--home",
    "--home-dir",
    "-e",
    "--expiredate",
    "-f",
    "--inactive",
    "-g",
    "--gid",
    "-G",
    "--groups",
    "--ingroup",
    "-h",
    "-k",
    "--skel",
    "-K",
    "--key",
    "-p",
    "--password",
    "-s",
    "--shell",
    "-R",
    "--root",
    "-P",
    "--prefix",
    "-Z",
    "--selinux-user",
    "--firstuid",
    "--lastuid",
    "--firstgid",
    "--lastgid",
    "--conf",
    "--extrausers",
];

fn created_by_command(command: &Node, expand: &dyn Fn(&str) -> Option<String>) -> Option<Created> {
    let program = command.get("program")?.value.as_str()?;
    if program != "useradd" && program != "adduser" {
        return None;
    }
    let Value::List(args) = &command.get("args")?.value else {
        return None;
    };
    // An argument that cannot be known becomes `$`, which is neither an
    // option nor a usable name or UID.
    let args: Vec<String> = args
        .iter()
        .filter_map(|a| a.value.as_str())
        .map(|a| match a.contains('$') {
            true => expand(a).unwrap_or_else(|| "$".to_string()),
            false => a.to_string(),
        })
        .collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut uid = None;
    let mut operands = Vec::new();
    let mut i = 0;
    while let Some(&arg) = args.get(i) {
        i += 1;
        if let Some(value) = arg.strip_prefix("--uid=") {
            uid = Some(value);
        } else if arg == "-u" || arg == "--uid" {
            uid = args.get(i).copied();
            i += 1;
        } else if VALUE_OPTIONS.contains(&arg) {
            i += 1;
        } else if !arg.starts_with('-') {
            operands.push(arg);
        }
    }
    // `adduser NAME GROUP` adds an existing user to a group.
    if program == "adduser" && operands.len() == 2 {
        return None;
    }
    let name = *operands.last()?;
    if name.contains('$') {
        return None;
    }
    let uid = match uid {
        // A UID from a variable is not known: the account is not shown
        // to be anything.
        Some(text) => Some(text.parse::<u64>().ok()?),
        None => None,
    };
    Some(Created {
        name: name.to_string(),
        uid,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_images_by_name() {
        let servercore = Os::of_image("mcr.microsoft.com/windows/servercore:ltsc2022");
        assert_eq!(servercore, Os::Windows { nano: false });
        assert_eq!(
            Os::of_image("mcr.microsoft.com/dotnet/framework/sdk:4.8"),
            Os::Windows { nano: false }
        );
        assert_eq!(
            Os::of_image("mcr.microsoft.com/powershell:lts-nanoserver-1809"),
            Os::Windows { nano: true }
        );
        assert_eq!(
            Os::of_image("python:3.12-windowsservercore-ltsc2022"),
            Os::Windows { nano: false }
        );
        assert_eq!(Os::of_image("debian:bookworm"), Os::Linux);
        assert_eq!(Os::of_image("$BASE"), Os::Unknown);
    }

    #[test]
    fn users_are_judged_by_uid_name_and_creation() {
        let made = [
            Created {
                name: "app".into(),
                uid: None,
            },
            Created {
                name: "svc".into(),
                uid: Some(0),
            },
        ];
        let linux = Os::Linux;
        assert_eq!(judge("0:0", linux, &made), Verdict::Admin);
        assert_eq!(judge("root", linux, &made), Verdict::Admin);
        assert_eq!(judge("1000:1000", linux, &made), Verdict::NotAdmin);
        assert_eq!(judge("app:app", linux, &made), Verdict::NotAdmin);
        assert_eq!(judge("svc", linux, &made), Verdict::Admin);
        assert_eq!(judge("node", linux, &made), Verdict::Unverified);
        let windows = Os::Windows { nano: false };
        assert_eq!(
            judge("ContainerAdministrator", windows, &[]),
            Verdict::Admin
        );
        assert_eq!(judge("ContainerUser", windows, &[]), Verdict::NotAdmin);
    }
}
