//! Files generated from the command-line definition itself, so they never
//! drift from it: shell completions (`strata completions SHELL`) and the
//! man page (`strata man`).

use clap::CommandFactory;

use super::Cli;

pub fn completions(shell: clap_complete::Shell) -> Result<u8, String> {
    let mut command = Cli::command();
    let mut text = Vec::new();
    clap_complete::generate(shell, &mut command, "strata", &mut text);
    super::stdout::print(&String::from_utf8_lossy(&text))?;
    Ok(super::exit::CLEAN)
}

/// The man page in roff on standard output; with `dir`, one page per
/// command written there (`strata.1`, `strata-scan.1`, …).
pub fn man_pages(dir: Option<&std::path::Path>) -> Result<u8, String> {
    let command = Cli::command();
    let render = |command: clap::Command| -> Result<Vec<u8>, String> {
        let mut text = Vec::new();
        clap_mangen::Man::new(command)
            .render(&mut text)
            .map_err(|e| e.to_string())?;
        Ok(text)
    };
    let Some(dir) = dir else {
        super::stdout::print(&String::from_utf8_lossy(&render(command)?))?;
        return Ok(super::exit::CLEAN);
    };
    let mut pages = vec![("strata".to_string(), command.clone())];
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = format!("strata-{}", sub.get_name());
        pages.push((name.clone(), sub.clone().name(name)));
    }
    for (name, page) in pages {
        let path = dir.join(format!("{name}.1"));
        std::fs::write(&path, render(page)?)
            .map_err(|e| format!("cannot write `{}`: {e}", path.display()))?;
    }
    Ok(super::exit::CLEAN)
}
