//! Root module variable values from `.tfvars` files.

use std::collections::HashMap;
use std::path::Path;

use super::module::Env;
use super::scope::Instance;
use super::{Options, json, parse};
use crate::model::Node;

/// Values for the root module's variables, in Terraform's precedence order
/// (later files win): `terraform.tfvars`, `terraform.tfvars.json`,
/// `*.auto.tfvars(.json)` in lexical order, then `--var-file`s.
pub fn root_inputs(env: &mut Env, dir: &Path, options: &Options) -> HashMap<String, Node> {
    let listing = env.list_dir(dir);
    let named = |name: &str| {
        listing
            .iter()
            .find(|p| p.file_name().is_some_and(|n| n == name))
    };
    let mut files: Vec<_> = ["terraform.tfvars", "terraform.tfvars.json"]
        .into_iter()
        .filter_map(named)
        .cloned()
        .collect();
    let mut auto: Vec<_> = listing
        .iter()
        .filter(|p| {
            let name = p
                .file_name()
                .map_or_else(Default::default, |n| n.to_string_lossy());
            name.ends_with(".auto.tfvars") || name.ends_with(".auto.tfvars.json")
        })
        .cloned()
        .collect();
    auto.sort_by(|a, b| a.file_name().cmp(&b.file_name()));
    files.extend(auto);
    files.extend(options.var_files.iter().cloned());

    let mut values = HashMap::new();
    for path in files {
        let Some((file, text)) = env.read(&path) else {
            continue;
        };
        let is_json = path.extension().is_some_and(|e| e == "json");
        if is_json {
            match json::parse_values(&text, file) {
                Ok(pairs) => values.extend(pairs),
                Err(d) => env.diags.push(d),
            }
            continue;
        }
        match parse::parse_file(&text, file) {
            Ok(body) => {
                let mut scope = Instance::constant(env);
                for attr in &body.attrs {
                    let v = scope.eval_or_unknown(env, &attr.expr);
                    values.insert(attr.name.clone(), v);
                }
            }
            Err(d) => env.diags.push(d),
        }
    }
    values
}
