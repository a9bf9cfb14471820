//! Methods of Helm's built-in objects: `.Files`, `.Capabilities`,
//! `.Capabilities.APIVersions`, `.Capabilities.KubeVersion`.

use std::collections::BTreeMap;
use std::rc::Rc;

use crate::helm::value::{Map, Object, Val, Value};
use crate::helm::yaml_out::to_yaml;

fn obj(o: Object) -> Val {
    Value::Obj(Rc::new(o)).into()
}

fn no_args(name: &str, args: &[Val]) -> Result<(), String> {
    if args.is_empty() {
        Ok(())
    } else {
        Err(format!("{name} takes no arguments"))
    }
}

fn one_str<'a>(name: &str, args: &'a [Val]) -> Result<&'a str, String> {
    match args {
        [v] => v.as_str().ok_or_else(|| {
            format!(
                "wrong type for value; expected string; got {}",
                v.type_name()
            )
        }),
        _ => Err(format!(
            "wrong number of args for {name}: want 1 got {}",
            args.len()
        )),
    }
}

pub fn method(o: &Rc<Object>, name: &str, args: Vec<Val>) -> Result<Val, String> {
    match &**o {
        Object::Files(files) => files_method(files, name, &args),
        Object::Capabilities(c) => {
            no_args(name, &args)?;
            match name {
                "APIVersions" => Ok(obj(Object::ApiVersions(c.clone()))),
                "KubeVersion" => Ok(obj(Object::KubeVersion(c.clone()))),
                "HelmVersion" => {
                    let mut m = Map::new();
                    m.insert("Version".into(), Val::str(c.helm_version.as_str()));
                    m.insert("GitCommit".into(), Val::str(""));
                    m.insert("GitTreeState".into(), Val::str(""));
                    m.insert("GoVersion".into(), Val::str(""));
                    Ok(Val::map(m))
                }
                _ => Err(format!(
                    "can't evaluate field {name} in type *chart.Capabilities"
                )),
            }
        }
        Object::ApiVersions(c) => match name {
            "Has" => {
                let v = one_str(name, &args)?;
                Ok(Val::bool(c.api_versions.iter().any(|a| a == v)))
            }
            _ => Err(format!(
                "can't evaluate field {name} in type chart.VersionSet"
            )),
        },
        Object::KubeVersion(c) => {
            no_args(name, &args)?;
            match name {
                "Version" | "GitVersion" | "String" => Ok(Val::str(c.kube_version.as_str())),
                "Major" => Ok(Val::str(c.major.as_str())),
                "Minor" => Ok(Val::str(c.minor.as_str())),
                _ => Err(format!(
                    "can't evaluate field {name} in type *chart.KubeVersion"
                )),
            }
        }
    }
}

fn base(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

fn files_method(
    files: &Rc<BTreeMap<String, Rc<str>>>,
    name: &str,
    args: &[Val],
) -> Result<Val, String> {
    match name {
        "Get" | "GetBytes" => {
            let p = one_str(name, args)?;
            Ok(Val::str(
                files.get(p).cloned().unwrap_or_else(|| Rc::from("")),
            ))
        }
        "Lines" => {
            let p = one_str(name, args)?;
            let Some(text) = files.get(p) else {
                return Ok(Val::list(vec![]));
            };
            let t = text.strip_suffix('\n').unwrap_or(text);
            Ok(Val::list(t.split('\n').map(Val::str).collect()))
        }
        "Glob" => {
            let pattern = one_str(name, args)?;
            let glob = globset::GlobBuilder::new(pattern)
                .literal_separator(true)
                .build()
                .map_err(|e| e.to_string())?
                .compile_matcher();
            let matched = files
                .iter()
                .filter(|(k, _)| glob.is_match(k.as_str()))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            Ok(obj(Object::Files(Rc::new(matched))))
        }
        "AsConfig" | "AsSecrets" => {
            no_args(name, args)?;
            let m: Map = files
                .iter()
                .map(|(k, v)| {
                    let value = if name == "AsSecrets" {
                        super::encoding::b64encode(v.as_bytes())
                    } else {
                        v.to_string()
                    };
                    (base(k).to_string(), Val::str(value))
                })
                .collect();
            if m.is_empty() {
                return Ok(Val::str(""));
            }
            Ok(Value::Str(to_yaml(&Val::map(m))).into())
        }
        _ => Err(format!("can't evaluate field {name} in type chart.Files")),
    }
}
