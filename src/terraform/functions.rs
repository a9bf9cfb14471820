//! Terraform's built-in functions, evaluated statically.
//!
//! [`call`] dispatches by name to one of the families under `functions/`.
//! Each function follows Terraform's documented semantics (and those of the
//! `cty` library underneath it) as closely as a static analyzer can:
//!
//! - a call that would fail in Terraform returns `Err(message)`, so that the
//!   evaluator's `try()` and `can()` can catch it;
//! - unknown arguments make the result unknown, unless Terraform itself knows
//!   the answer without them (`length` of a list with unknown elements,
//!   `coalesce` when a known argument comes before the unknown one, …);
//! - anything that needs I/O, the clock or randomness (`file`, `timestamp`,
//!   `uuid`, hashes, …) and any function we do not know is unknown, never an
//!   error that would stop the evaluation.
//!
//! Values that pass through a function unchanged (the elements of `concat`,
//! `merge`, `flatten`, …) keep their [`Node`] and so their span, so findings
//! still point at the attribute that wrote them.

mod args;
mod collections;
mod convert;
mod encoding;
pub(super) use encoding::json_string;
mod format;
mod maps;
mod network;
mod numeric;
mod sets;
mod strings;

use crate::model::{Node, Value};

/// What a function's handler sees of unknown arguments.
#[derive(Clone, Copy)]
enum Unknowns {
    /// Any unknown anywhere in the arguments makes the result unknown.
    Strict,
    /// A wholly unknown argument makes the result unknown; unknowns nested
    /// inside lists and maps reach the handler.
    Shallow,
    /// The handler sees everything (e.g. `coalesce`, `lookup`).
    Custom,
}

type Handler = fn(Vec<Value>) -> Result<Value, String>;

struct Spec {
    min: usize,
    max: usize,
    unknowns: Unknowns,
    run: Handler,
}

const MANY: usize = usize::MAX;

const fn spec(min: usize, max: usize, unknowns: Unknowns, run: Handler) -> Spec {
    Spec {
        min,
        max,
        unknowns,
        run,
    }
}

/// Functions whose result cannot be known statically: they read files, the
/// clock, randomness or the environment, or we do not model them.
const NOT_STATIC: &[&str] = &[
    "abspath",
    "base64gzip",
    "base64sha256",
    "base64sha512",
    "bcrypt",
    "csvdecode",
    "file",
    "filebase64",
    "filebase64sha256",
    "filebase64sha512",
    "fileexists",
    "filemd5",
    "fileset",
    "filesha1",
    "filesha256",
    "filesha512",
    "formatdate",
    "issensitive",
    "md5",
    "pathexpand",
    "plantimestamp",
    "rsadecrypt",
    "sha1",
    "sha256",
    "sha512",
    "templatefile",
    "templatestring",
    "textdecodebase64",
    "textencodebase64",
    "timeadd",
    "timecmp",
    "timestamp",
    "uuid",
    "uuidv5",
    "yamlencode",
];

/// The functions we evaluate, by name: arity, unknown handling, handler.
#[rustfmt::skip]
const FUNCTIONS: &[(&str, Spec)] = {
    use Unknowns::{Custom, Shallow, Strict};
    &[
        // Collections.
        ("alltrue",          spec(1, 1, Shallow, collections::alltrue)),
        ("anytrue",          spec(1, 1, Shallow, collections::anytrue)),
        ("chunklist",        spec(2, 2, Shallow, collections::chunklist)),
        ("coalesce",         spec(0, MANY, Custom, collections::coalesce)),
        ("coalescelist",     spec(0, MANY, Custom, collections::coalescelist)),
        ("compact",          spec(1, 1, Strict, collections::compact)),
        ("concat",           spec(0, MANY, Shallow, collections::concat)),
        ("contains",         spec(2, 2, Shallow, collections::contains)),
        ("distinct",         spec(1, 1, Strict, collections::distinct)),
        ("element",          spec(2, 2, Shallow, collections::element)),
        ("flatten",          spec(1, 1, Shallow, collections::flatten)),
        ("index",            spec(2, 2, Shallow, collections::index)),
        ("length",           spec(1, 1, Shallow, collections::length)),
        ("one",              spec(1, 1, Shallow, collections::one)),
        ("range",            spec(1, 3, Strict, collections::range)),
        ("reverse",          spec(1, 1, Shallow, collections::reverse)),
        ("slice",            spec(3, 3, Shallow, collections::slice)),
        ("sort",             spec(1, 1, Strict, collections::sort)),
        // Maps.
        ("keys",             spec(1, 1, Shallow, maps::keys)),
        ("lookup",           spec(2, 3, Custom, maps::lookup)),
        ("matchkeys",        spec(3, 3, Strict, maps::matchkeys)),
        ("merge",            spec(0, MANY, Shallow, maps::merge)),
        ("transpose",        spec(1, 1, Strict, maps::transpose)),
        ("values",           spec(1, 1, Shallow, maps::values)),
        ("zipmap",           spec(2, 2, Shallow, maps::zipmap)),
        // Sets.
        ("setintersection",  spec(1, MANY, Strict, sets::setintersection)),
        ("setproduct",       spec(2, MANY, Strict, sets::setproduct)),
        ("setsubtract",      spec(2, 2, Strict, sets::setsubtract)),
        ("setunion",         spec(1, MANY, Strict, sets::setunion)),
        // Type conversions.
        ("ephemeralasnull",  spec(1, 1, Custom, convert::identity)),
        ("nonsensitive",     spec(1, 1, Custom, convert::identity)),
        ("sensitive",        spec(1, 1, Custom, convert::identity)),
        ("list",             spec(0, MANY, Custom, convert::removed_list)),
        ("map",              spec(0, MANY, Custom, convert::removed_map)),
        ("object",           spec(1, 1, Custom, convert::identity)),
        ("tuple",            spec(1, 1, Custom, convert::identity)),
        ("tobool",           spec(1, 1, Strict, convert::tobool)),
        ("tolist",           spec(1, 1, Shallow, convert::tolist)),
        ("tomap",            spec(1, 1, Shallow, convert::tomap)),
        ("tonumber",         spec(1, 1, Strict, convert::tonumber)),
        ("toset",            spec(1, 1, Strict, convert::toset)),
        ("tostring",         spec(1, 1, Strict, convert::tostring)),
        // Strings.
        ("basename",         spec(1, 1, Strict, strings::basename)),
        ("chomp",            spec(1, 1, Strict, strings::chomp)),
        ("dirname",          spec(1, 1, Strict, strings::dirname)),
        ("endswith",         spec(2, 2, Strict, strings::endswith)),
        ("format",           spec(1, MANY, Strict, format::format)),
        ("formatlist",       spec(1, MANY, Shallow, format::formatlist)),
        ("indent",           spec(2, 2, Strict, strings::indent)),
        ("join",             spec(1, MANY, Strict, strings::join)),
        ("lower",            spec(1, 1, Strict, strings::lower)),
        ("regex",            spec(2, 2, Strict, strings::regex)),
        ("regexall",         spec(2, 2, Strict, strings::regexall)),
        ("replace",          spec(3, 3, Strict, strings::replace)),
        ("split",            spec(2, 2, Strict, strings::split)),
        ("startswith",       spec(2, 2, Strict, strings::startswith)),
        ("strcontains",      spec(2, 2, Strict, strings::strcontains)),
        ("strrev",           spec(1, 1, Strict, strings::strrev)),
        ("substr",           spec(3, 3, Strict, strings::substr)),
        ("title",            spec(1, 1, Strict, strings::title)),
        ("trim",             spec(2, 2, Strict, strings::trim)),
        ("trimprefix",       spec(2, 2, Strict, strings::trimprefix)),
        ("trimspace",        spec(1, 1, Strict, strings::trimspace)),
        ("trimsuffix",       spec(2, 2, Strict, strings::trimsuffix)),
        ("upper",            spec(1, 1, Strict, strings::upper)),
        // Encoding.
        ("base64decode",     spec(1, 1, Strict, encoding::base64decode)),
        ("base64encode",     spec(1, 1, Strict, encoding::base64encode)),
        ("jsondecode",       spec(1, 1, Strict, encoding::jsondecode)),
        ("jsonencode",       spec(1, 1, Strict, encoding::jsonencode)),
        ("urlencode",        spec(1, 1, Strict, encoding::urlencode)),
        ("yamldecode",       spec(1, 1, Strict, encoding::yamldecode)),
        // Numbers.
        ("abs",              spec(1, 1, Strict, numeric::abs)),
        ("ceil",             spec(1, 1, Strict, numeric::ceil)),
        ("floor",            spec(1, 1, Strict, numeric::floor)),
        ("log",              spec(2, 2, Strict, numeric::log)),
        ("max",              spec(1, MANY, Strict, numeric::max)),
        ("min",              spec(1, MANY, Strict, numeric::min)),
        ("parseint",         spec(2, 2, Strict, numeric::parseint)),
        ("pow",              spec(2, 2, Strict, numeric::pow)),
        ("signum",           spec(1, 1, Strict, numeric::signum)),
        ("sum",              spec(1, 1, Strict, numeric::sum)),
        // Network.
        ("cidrhost",         spec(2, 2, Strict, network::cidrhost)),
        ("cidrnetmask",      spec(1, 1, Strict, network::cidrnetmask)),
        ("cidrsubnet",       spec(3, 3, Strict, network::cidrsubnet)),
        ("cidrsubnets",      spec(1, MANY, Strict, network::cidrsubnets)),
    ]
};

fn lookup(name: &str) -> Option<&'static Spec> {
    FUNCTIONS.iter().find(|(n, _)| *n == name).map(|(_, s)| s)
}

/// Calls a Terraform built-in function on already-evaluated arguments.
/// `name` may carry a `provider::<p>::` prefix only for provider functions
/// (return Unknown for those).
/// Returns Err(message) for a call that would fail in Terraform (wrong
/// types, bad index), so the evaluator's `try()`/`can()` can catch it.
/// Unknown arguments propagate: if any argument needed to compute the result
/// is `Value::Unknown` (or contains one where it matters), the result is
/// `Value::Unknown` — except where Terraform itself knows the answer without
/// it (e.g. `length()` of a list whose ELEMENTS are unknown is still known;
/// `coalesce` returns the first known non-null, non-empty arg if all args
/// before it are known).
pub fn call(name: &str, args: Vec<Value>) -> Result<Value, String> {
    if name.starts_with("provider::") {
        return Ok(Value::Unknown);
    }
    // Terraform 1.8+ accepts `core::length(…)` for the built-ins.
    let name = name.strip_prefix("core::").unwrap_or(name);
    if NOT_STATIC.contains(&name) {
        return Ok(Value::Unknown);
    }
    // A function we do not know is unknown too, never an error.
    let Some(spec) = lookup(name) else {
        return Ok(Value::Unknown);
    };
    if args.len() < spec.min || args.len() > spec.max {
        return Err(format!("{name}: {}", arity_message(spec, args.len())));
    }
    let unknown = match spec.unknowns {
        Unknowns::Strict => args.iter().any(args::has_unknown),
        Unknowns::Shallow => args.iter().any(Value::is_unknown),
        Unknowns::Custom => false,
    };
    if unknown {
        return Ok(Value::Unknown);
    }
    (spec.run)(args).map_err(|e| format!("{name}: {e}"))
}

fn arity_message(spec: &Spec, given: usize) -> String {
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    if spec.max == MANY {
        format!(
            "at least {} argument{} required, got {given}",
            spec.min,
            plural(spec.min)
        )
    } else if spec.min == spec.max {
        format!(
            "exactly {} argument{} required, got {given}",
            spec.min,
            plural(spec.min)
        )
    } else {
        format!(
            "between {} and {} arguments required, got {given}",
            spec.min, spec.max
        )
    }
}

/// A made-up node (no span).
fn node(value: Value) -> Node {
    Node::new(value, None)
}

/// A list of made-up nodes.
fn list_of(values: impl IntoIterator<Item = Value>) -> Value {
    Value::List(values.into_iter().map(node).collect())
}

/// A list of strings.
fn string_list(values: impl IntoIterator<Item = String>) -> Value {
    list_of(values.into_iter().map(Value::String))
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn s(v: &str) -> Value {
        Value::String(v.into())
    }

    #[test]
    fn unknown_function_and_provider_functions_are_unknown() {
        assert_eq!(call("no_such_function", vec![]), Ok(Value::Unknown));
        assert_eq!(
            call("provider::aws::arn_parse", vec![s("arn:aws:s3:::b")]),
            Ok(Value::Unknown)
        );
        assert_eq!(call("timestamp", vec![]), Ok(Value::Unknown));
        assert_eq!(call("file", vec![s("x.txt")]), Ok(Value::Unknown));
        assert_eq!(call("sha256", vec![s("x")]), Ok(Value::Unknown));
        assert!(NOT_STATIC.iter().all(|n| lookup(n).is_none()));
    }

    #[test]
    fn core_prefix_and_arity() {
        assert_eq!(call("core::upper", vec![s("a")]), Ok(s("A")));
        let err = call("upper", vec![]).unwrap_err();
        assert!(err.contains("exactly 1 argument required"), "{err}");
        assert!(call("lookup", vec![s("a")]).is_err());
        assert!(call("max", vec![]).is_err());
    }

    #[test]
    fn strict_functions_propagate_unknown() {
        assert_eq!(call("upper", vec![Value::Unknown]), Ok(Value::Unknown));
        assert_eq!(
            call("join", vec![s(","), list_of([s("a"), Value::Unknown])]),
            Ok(Value::Unknown)
        );
        assert_eq!(
            call("length", vec![list_of([Value::Unknown, Value::Unknown])]),
            Ok(Value::Number(2.0))
        );
    }

    /// Every function, with every combination of awkward arguments up to
    /// three: results or errors, never a panic.
    #[test]
    fn no_argument_makes_a_function_panic() {
        let map = |entries: Vec<(&str, Value)>| {
            Value::Map(
                entries
                    .into_iter()
                    .map(|(k, v)| (k.to_string(), node(v)))
                    .collect(),
            )
        };
        let pool = vec![
            Value::Unknown,
            Value::Null,
            Value::Bool(true),
            Value::Number(-1.0),
            Value::Number(0.0),
            Value::Number(2.5),
            Value::Number(1e300),
            Value::Number(-9.3e18),
            s(""),
            s("%[2]s %05.2f %v %"),
            s("/(a)(?P<x>b)/"),
            s("10.0.0.0/8"),
            s("::/0"),
            list_of([s("a"), Value::Number(1.0), Value::Null]),
            list_of([list_of([s("x")]), Value::Unknown]),
            map(vec![("a", list_of([s("1")])), ("b", Value::Null)]),
        ];
        for (name, _) in FUNCTIONS {
            let _ = call(name, vec![]);
            for a in &pool {
                let _ = call(name, vec![a.clone()]);
                for b in &pool {
                    let _ = call(name, vec![a.clone(), b.clone()]);
                    for c in &pool {
                        let _ = call(name, vec![a.clone(), b.clone(), c.clone()]);
                    }
                }
            }
        }
    }

    #[test]
    fn large_inputs_stay_fast() {
        let big = list_of((0..200_000).map(|i| s(&format!("v{}", i % 50_000))));
        let Ok(Value::List(items)) = call("distinct", vec![big.clone()]) else {
            panic!("distinct failed")
        };
        assert_eq!(items.len(), 50_000);
        let Ok(Value::List(items)) = call("setintersection", vec![big.clone(), big]) else {
            panic!("setintersection failed")
        };
        assert_eq!(items.len(), 50_000);
    }

    #[test]
    fn errors_name_the_function() {
        let err = call("element", vec![list_of([]), Value::Number(0.0)]).unwrap_err();
        assert!(err.starts_with("element: "), "{err}");
    }
}
