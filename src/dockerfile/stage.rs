//! One build stage while its instructions are read: what it inherits from
//! an earlier stage it is built FROM, what each instruction changes, and
//! finally its body node.

use std::collections::HashMap;

use indexmap::IndexMap;

use super::scope::{self, Scope};
use super::subst::Lookup;
use super::users::{self, Created, Os, Verdict};
use crate::model::{Node, Value};
use crate::source::Span;

/// What a stage is built FROM.
#[derive(Clone, Debug)]
pub enum Base {
    /// An external image: its facts (or `Unknown` when not resolvable).
    Image(Node),
    /// An earlier stage of the same file, by index.
    Stage(usize),
    Scratch,
}

#[derive(Clone, Debug)]
pub struct Stage {
    pub index: usize,
    /// The `AS` name, lower-cased as BuildKit matches it, and its node.
    pub name: Option<(String, Node)>,
    /// The FROM instruction.
    pub span: Span,
    pub from: Node,
    pub platform: Option<Node>,
    pub base: Base,
    pub user: Option<Node>,
    pub env: IndexMap<String, Node>,
    pub env_vars: HashMap<String, Lookup>,
    pub args: IndexMap<String, Node>,
    pub arg_vars: HashMap<String, Lookup>,
    pub labels: IndexMap<String, Node>,
    pub exposed: Vec<Node>,
    pub healthcheck: Option<Node>,
    /// The SHELL words and the node (spanned on the SHELL instruction).
    pub shell: Option<(Vec<String>, Node)>,
    pub instructions: Vec<Node>,
    /// Earlier stages named by `COPY --from`.
    pub copy_from: Vec<usize>,
    pub os: Os,
    /// Accounts created by RUN instructions (inherited).
    pub created_users: Vec<Created>,
    /// Built on `scratch`, directly or through earlier stages.
    pub from_scratch: bool,
    /// The image it is built on, directly or through earlier stages, when
    /// that is not an official image (whose default account is known to be
    /// the OS's): such an image may set its own USER.
    pub unofficial_base: Option<String>,
    /// Has a CMD or ENTRYPOINT (inherited; an external base may have one).
    pub has_command: bool,
}

impl Stage {
    pub fn new(index: usize, span: Span, from: Node, base: Base) -> Stage {
        let os = match &base {
            Base::Image(facts) => match facts.get("raw").and_then(|r| r.value.as_str()) {
                Some(raw) => Os::of_image(raw),
                None => Os::Unknown,
            },
            Base::Scratch => Os::Linux,
            // Set by `inherit`.
            Base::Stage(_) => Os::Unknown,
        };
        let from_scratch = matches!(base, Base::Scratch);
        let unofficial_base = match &base {
            Base::Image(facts) => unofficial(facts),
            Base::Scratch | Base::Stage(_) => None,
        };
        Stage {
            index,
            name: None,
            span,
            from,
            platform: None,
            base,
            user: None,
            env: IndexMap::new(),
            env_vars: HashMap::new(),
            args: IndexMap::new(),
            arg_vars: HashMap::new(),
            labels: IndexMap::new(),
            exposed: Vec::new(),
            healthcheck: None,
            shell: None,
            instructions: Vec::new(),
            copy_from: Vec::new(),
            os,
            created_users: Vec::new(),
            from_scratch,
            unofficial_base,
            has_command: false,
        }
    }

    /// Takes over the image configuration of the stage it is built FROM:
    /// user, environment, labels, exposed ports, healthcheck and shell.
    /// ARGs do not cross stages.
    pub fn inherit(&mut self, parent: &Stage) {
        self.user = parent.user.clone();
        self.env = parent.env.clone();
        self.env_vars = parent.env_vars.clone();
        self.labels = parent.labels.clone();
        self.exposed = parent.exposed.clone();
        self.healthcheck = parent.healthcheck.clone();
        self.shell = parent.shell.clone();
        self.os = parent.os;
        self.created_users = parent.created_users.clone();
        self.from_scratch = parent.from_scratch;
        self.unofficial_base = parent.unofficial_base.clone();
        self.has_command = parent.has_command;
    }

    pub fn scope(&self) -> Scope<'_> {
        Scope::Stage {
            env: &self.env_vars,
            args: &self.arg_vars,
        }
    }

    /// The stage's name, or its index when it has none.
    pub fn label(&self) -> String {
        match &self.name {
            Some((_, node)) => node.value.as_str().unwrap_or_default().to_string(),
            None => self.index.to_string(),
        }
    }

    /// `baseStage`/`copyFrom` value for a reference to this stage.
    pub fn reference(&self, span: Span) -> Node {
        match &self.name {
            Some((_, node)) => scope::string(node.value.as_str().unwrap_or_default(), span),
            None => scope::number(self.index as f64, span),
        }
    }

    /// Whether the SHELL makes pipelines fail on any failing command.
    pub fn shell_pipefail(&self) -> bool {
        self.shell.as_ref().is_some_and(|(words, _)| {
            words
                .windows(2)
                .any(|w| w[1] == "pipefail" && w[0].starts_with('-') && w[0].contains('o'))
        })
    }

    /// The resource body (see the module documentation for its shape);
    /// `instructions` is moved out, as no later stage needs it.
    pub fn body(
        &mut self,
        is_final: bool,
        ships: bool,
        stages: &[Stage],
        global_args: &IndexMap<String, Node>,
    ) -> Node {
        let span = self.span;
        let mut body = IndexMap::new();
        body.insert("index".into(), scope::number(self.index as f64, span));
        if let Some((_, name)) = &self.name {
            body.insert("name".into(), name.clone());
        }
        body.insert("final".into(), scope::boolean(is_final, span));
        body.insert("ships".into(), scope::boolean(ships, span));
        body.insert("runnable".into(), scope::boolean(self.runnable(), span));
        body.insert("windows".into(), self.windows());
        body.insert("from".into(), self.from.clone());
        if let Some(platform) = &self.platform {
            body.insert("platform".into(), platform.clone());
        }
        match &self.base {
            Base::Image(facts) => {
                body.insert("base".into(), facts.clone());
            }
            Base::Stage(i) => {
                if let Some(parent) = stages.get(*i) {
                    let at = self.from.span.unwrap_or(span);
                    body.insert("baseStage".into(), parent.reference(at));
                }
            }
            Base::Scratch => {
                body.insert("scratch".into(), scope::boolean(true, span));
            }
        }
        self.user_facts(&mut body);
        body.insert("env".into(), scope::map(self.env.clone(), span));
        body.insert("args".into(), scope::map(self.args.clone(), span));
        // Once is enough for rules that look at values (and keeps the
        // size linear in the file).
        if self.index == 0 {
            body.insert("globalArgs".into(), scope::map(global_args.clone(), span));
        }
        body.insert("labels".into(), scope::map(self.labels.clone(), span));
        body.insert(
            "exposedPorts".into(),
            scope::list(self.exposed.clone(), span),
        );
        if let Some(healthcheck) = &self.healthcheck {
            body.insert("healthcheck".into(), healthcheck.clone());
        }
        if let Some((_, shell)) = &self.shell {
            body.insert("shell".into(), shell.clone());
        }
        body.insert(
            "instructions".into(),
            scope::list(std::mem::take(&mut self.instructions), span),
        );
        scope::map(body, span)
    }

    /// `windows`: whether the base image is a Windows one. When the base
    /// cannot be resolved (`FROM ${BASE}`), a SHELL of PowerShell or cmd
    /// says Windows and anything else Linux, by far the common case.
    pub fn windows(&self) -> Node {
        let windows = match self.os {
            Os::Windows { .. } => true,
            Os::Linux => false,
            Os::Unknown => self.shell.as_ref().is_some_and(|(words, _)| {
                let program = words.first().map(|w| w.to_ascii_lowercase());
                let name = program.as_deref().unwrap_or_default();
                let name = name.rsplit(['/', '\\']).next().unwrap_or_default();
                let name = name.strip_suffix(".exe").unwrap_or(name);
                matches!(name, "powershell" | "pwsh" | "cmd")
            }),
        };
        scope::boolean(windows, self.span)
    }

    /// A container can be started from the image: it is built on an image
    /// (which may bring a command) or names a CMD/ENTRYPOINT. A `scratch`
    /// stage with neither only carries files (`docker build --output`,
    /// `COPY --from`).
    fn runnable(&self) -> bool {
        !self.from_scratch || self.has_command
    }

    /// `user`, `effectiveUser`, `userIsRoot` and (with a USER)
    /// `userVerified`.
    fn user_facts(&self, body: &mut IndexMap<String, Node>) {
        let Some(user) = &self.user else {
            // The image's default account.
            let default = self.os.default_user().unwrap_or("root");
            let verdict = users::judge(default, self.os, &[]);
            let account = match &self.unofficial_base {
                None => default.to_owned(),
                Some(base) => format!("{default} (no USER here; `{base}` may set one)"),
            };
            body.insert("effectiveUser".into(), scope::string(account, self.span));
            body.insert(
                "userIsRoot".into(),
                scope::boolean(verdict == Verdict::Admin, self.span),
            );
            return;
        };
        let span = user.span.unwrap_or(self.span);
        body.insert("user".into(), user.clone());
        body.insert("effectiveUser".into(), user.clone());
        let Value::String(text) = &user.value else {
            body.insert("userIsRoot".into(), Node::unknown(Some(span)));
            body.insert("userVerified".into(), Node::unknown(Some(span)));
            return;
        };
        let verdict = users::judge(text, self.os, &self.created_users);
        body.insert(
            "userIsRoot".into(),
            scope::boolean(verdict == Verdict::Admin, span),
        );
        body.insert(
            "userVerified".into(),
            scope::boolean(verdict != Verdict::Unverified, span),
        );
    }
}

/// The image `facts` name, unless it is an official one (Docker Hub's
/// `library/`, Microsoft's `mcr.microsoft.com`), whose default account is
/// the OS's.
fn unofficial(facts: &Node) -> Option<String> {
    let text = |key: &str| facts.get(key).and_then(|n| n.value.as_str());
    let raw = text("raw")?;
    let official = match (text("registry"), text("repository")) {
        (Some("docker.io"), Some(repository)) => repository.starts_with("library/"),
        (Some(registry), _) => registry == "mcr.microsoft.com",
        _ => false,
    };
    (!official).then(|| raw.to_owned())
}
