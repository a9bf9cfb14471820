//! Go `text/template` constructs, as Helm runs them.

use super::{check, check_errors};

#[test]
fn text_actions_and_trim_markers() {
    check(&[
        ("plain", "", "plain"),
        ("a {{ .Values.x }} b", "x: 1", "a 1 b"),
        ("a  {{- .Values.x -}}  b", "x: y", "ayb"),
        ("a\n{{- /* comment */ -}}\nb", "", "ab"),
        ("{{/* c */}}x", "", "x"),
        ("{{ -3 }}", "", "-3"),
        ("{{\n  .Values.x\n}}", "x: multi", "multi"),
        ("{{ \"}}\" }}", "", "}}"),
        ("{{ `raw\\n` }}", "", "raw\\n"),
        ("{{ 'a' }}", "", "97"),
        ("{{ 0x10 }} {{ 1e3 }} {{ 1.5 }}", "", "16 1000 1.5"),
        (
            "{{ 0x1p4 }} {{ 0x1.8p1 }} {{ 0x1p60 }}",
            "",
            "16 3 1.152921504606847e+18",
        ),
        ("{{ mulf 3 0x1p-1 }} {{ kindOf 0x1p4 }}", "", "1.5 float64"),
    ]);
}

#[test]
fn missing_keys_nil_and_numbers() {
    check(&[
        ("[{{ .Values.missing }}]", "", "[]"),
        ("{{ .Values.big }}", "big: 1000000", "1e+06"),
        ("{{ .Values.n }}", "n: 123456", "123456"),
        ("{{ (.Values.missing).deeper }}", "", ""),
        ("{{ $x := .Values.missing }}{{ $x.a }}", "", ""),
        ("{{ .Values.m }}", "m: {b: 1, a: x}", "map[a:x b:1]"),
        ("{{ .Values.l }}", "l: [1, two]", "[1 two]"),
        ("{{ .Values.t }}", "t: true", "true"),
    ]);
    check_errors(&[
        (
            "{{ .Values.missing.deeper }}",
            "",
            "nil pointer evaluating interface {}.deeper",
        ),
        (
            "{{ .Values.s.x }}",
            "s: str",
            "can't evaluate field x in type string",
        ),
        (
            "{{ .Values.x 1 }}",
            "x: 1",
            "not a method but has arguments",
        ),
        ("{{ nil }}", "", "nil is not a command"),
        ("{{ 1 2 }}", "", "can't give argument to non-function"),
        ("{{ nosuch 1 }}", "", "function \"nosuch\" not defined"),
        ("{{ $u }}", "", "undefined variable: $u"),
        ("{{ 0x1.8 }}", "", "bad number syntax: \"0x1.8\""),
        ("{{ 0xp3 }}", "", "bad number syntax"),
    ]);
}

#[test]
fn conditionals_and_truthiness() {
    check(&[
        ("{{ if .Values.a }}y{{ else }}n{{ end }}", "a: 0", "n"),
        ("{{ if .Values.a }}y{{ else }}n{{ end }}", "a: \"\"", "n"),
        ("{{ if .Values.a }}y{{ else }}n{{ end }}", "a: []", "n"),
        ("{{ if .Values.a }}y{{ else }}n{{ end }}", "a: {}", "n"),
        ("{{ if .Values.a }}y{{ else }}n{{ end }}", "a: [0]", "y"),
        (
            "{{ if .Values.a }}1{{ else if .Values.b }}2{{ else }}3{{ end }}",
            "b: true",
            "2",
        ),
        (
            "{{ with .Values.a }}{{ .b }}{{ else }}none{{ end }}",
            "a: {b: x}",
            "x",
        ),
        (
            "{{ with .Values.a }}{{ .b }}{{ else with .Values.c }}c={{ . }}{{ end }}",
            "c: 5",
            "c=5",
        ),
        ("{{ with $v := .Values.a }}{{ $v }}{{ end }}", "a: q", "q"),
        (
            "{{ and 1 0 2 }} {{ or 0 \"\" 3 }} {{ and 1 2 }} {{ or 0 false }}",
            "",
            "0 3 2 false",
        ),
        // Short-circuit: the failing call is never made.
        (
            "{{ and false (fail \"no\") }}{{ or true (fail \"no\") }}",
            "",
            "falsetrue",
        ),
        ("{{ not .Values.x }}", "", "true"),
        ("{{ if (eq .Values.a \"x\") }}eq{{ end }}", "a: x", "eq"),
    ]);
}

#[test]
fn variables_and_scoping() {
    check(&[
        (
            "{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ end }}{{ $x }}",
            "",
            "2",
        ),
        (
            "{{ $x := 1 }}{{ if true }}{{ $x := 2 }}{{ end }}{{ $x }}",
            "",
            "1",
        ),
        (
            "{{ range $i, $v := list \"a\" \"b\" }}{{ $i }}{{ $v }}{{ end }}",
            "",
            "0a1b",
        ),
        ("{{ $ := 1 }}", "", ""),
        (
            "{{ with .Values.a }}{{ $.Values.top }}{{ end }}",
            "a: 1\ntop: t",
            "t",
        ),
    ]);
    check_errors(&[(
        "{{ if true }}{{ $y := 1 }}{{ end }}{{ $y }}",
        "",
        "undefined variable: $y",
    )]);
}

#[test]
fn range_forms() {
    check(&[
        (
            "{{ range .Values.l }}[{{ . }}]{{ end }}",
            "l: [a, b]",
            "[a][b]",
        ),
        (
            "{{ range $k, $v := .Values.m }}{{ $k }}={{ $v }};{{ end }}",
            "m: {b: 2, a: 1, c: 3}",
            "a=1;b=2;c=3;",
        ),
        (
            "{{ range $v := .Values.m }}{{ $v }}{{ end }}",
            "m: {b: 2, a: 1}",
            "12",
        ),
        ("{{ range 3 }}{{ . }}{{ end }}", "", "012"),
        (
            "{{ range .Values.none }}x{{ else }}empty{{ end }}",
            "",
            "empty",
        ),
        (
            "{{ range .Values.l }}{{ if eq . 2.0 }}{{ break }}{{ end }}{{ . }}{{ end }}",
            "l: [1, 2, 3]",
            "1",
        ),
        (
            "{{ range .Values.l }}{{ if eq . 2.0 }}{{ continue }}{{ end }}{{ . }}{{ end }}",
            "l: [1, 2, 3]",
            "13",
        ),
        ("{{ range until 3 }}{{ . }}{{ end }}", "", "012"),
        // The body may change the map it ranges over.
        (
            "{{ $m := dict \"a\" 1 }}{{ range $k, $v := $m }}{{ $_ := set $m \"b\" 2 }}{{ $k }}{{ end }}{{ len $m }}",
            "",
            "a2",
        ),
    ]);
    check_errors(&[(
        "{{ range \"s\" }}{{ end }}",
        "",
        "range can't iterate over s",
    )]);
}

#[test]
fn define_template_block_include() {
    check(&[
        (
            "{{ define \"t\" }}T{{ . }}{{ end }}{{ template \"t\" 1 }}",
            "",
            "T1",
        ),
        (
            "{{ define \"t\" }}[{{ . }}]{{ end }}{{ include \"t\" \"x\" | upper }}",
            "",
            "[X]",
        ),
        ("{{ block \"b\" . }}default{{ end }}", "", "default"),
        (
            "{{ define \"t\" }}{{ $ }}{{ end }}{{ include \"t\" 5 }}",
            "",
            "5",
        ),
        (
            "{{ define \"n\" }}{{ if gt . 0 }}{{ . }}{{ include \"n\" (sub . 1) }}{{ end }}{{ end }}{{ include \"n\" 3 }}",
            "",
            "321",
        ),
        ("{{ tpl \"{{ .Values.a }}-x\" . }}", "a: v", "v-x"),
        (
            "{{ tpl .Values.t . }}",
            "t: \"{{ .Values.a | default 1 }}\"",
            "1",
        ),
    ]);
    check_errors(&[
        ("{{ template \"nope\" }}", "", "no template \"nope\""),
        ("{{ include \"nope\" . }}", "", "no template \"nope\""),
        (
            "{{ define \"r\" }}{{ include \"r\" . }}{{ end }}{{ include \"r\" . }}",
            "",
            "nesting too deep",
        ),
        ("{{ tpl \"{{ if }}\" . }}", "", "error calling tpl"),
    ]);
}

#[test]
fn shared_mutable_maps() {
    check(&[
        (
            "{{ $d := dict \"a\" 1 }}{{ $_ := set $d \"b\" 2 }}{{ $d }}",
            "",
            "map[a:1 b:2]",
        ),
        (
            "{{ $_ := set .Values \"x\" \"set\" }}{{ .Values.x }}",
            "",
            "set",
        ),
        (
            "{{ $d := dict }}{{ $e := $d }}{{ $_ := set $e \"k\" 1 }}{{ $d.k }}",
            "",
            "1",
        ),
        (
            "{{ $_ := unset .Values \"a\" }}{{ hasKey .Values \"a\" }}",
            "a: 1",
            "false",
        ),
        (
            "{{ $d := dict \"a\" (dict \"x\" 1) }}{{ $_ := mergeOverwrite $d (dict \"a\" (dict \"y\" 2)) }}{{ $d }}",
            "",
            "map[a:map[x:1 y:2]]",
        ),
        (
            "{{ $d := dict \"a\" 1 }}{{ $_ := merge $d (dict \"a\" 2 \"b\" 3) }}{{ $d }}",
            "",
            "map[a:1 b:3]",
        ),
        (
            "{{ $c := deepCopy .Values.m }}{{ $_ := set $c \"k\" 9 }}{{ .Values.m.k }}",
            "m: {k: 1}",
            "1",
        ),
    ]);
}

#[test]
fn parse_errors_and_budgets() {
    check_errors(&[
        ("{{ if }}", "", "missing value"),
        ("{{ end }}", "", "unexpected {{end}}"),
        ("{{ if 1 }}", "", "no end"),
        ("{{ range 1000000000000 }}{{ end }}", "", "too large"),
        ("{{ repeat 100000000 \"xxxxxxxxxx\" }}", "", "too large"),
        (
            "{{ range until 100000 }}{{ repeat 10000 \"abcdefghij\" }}{{ end }}",
            "",
            "output exceeds",
        ),
        ("{{ fail \"custom message\" }}", "", "custom message"),
        ("{{ required \"need x\" .Values.x }}", "", "need x"),
        ("{{ required \"need x\" .Values.x }}", "x: \"\"", "need x"),
    ]);
}

#[test]
fn self_referencing_and_exponential_maps_are_bounded() {
    for tpl in [
        "{{ $d := dict }}{{ $_ := set $d \"self\" $d }}{{ $d }}{{ toYaml $d }}{{ toJson $d }}{{ deepCopy $d }}{{ deepEqual $d $d }}",
        "{{ $d := dict }}{{ $s := repeat 100000 \"x\" }}{{ range until 40 }}{{ $d = dict \"a\" $d \"b\" $d \"s\" $s }}{{ end }}{{ len (toString $d) }}{{ len (toYaml $d) }}{{ len (toJson $d) }}{{ $_ := deepCopy $d }}{{ $_ := merge (deepCopy $d) $d }}",
    ] {
        // Only termination matters here.
        let _ = super::render(tpl, "");
    }
}

#[test]
fn step_budget_stops_runaway_loops() {
    let limits = crate::helm::exec::Limits {
        max_steps: 50_000,
        ..Default::default()
    };
    let dot = crate::helm::value::Val::nil();
    let r = crate::helm::exec::render_str(
        "{{ range until 1000 }}{{ range until 1000 }}{{ end }}{{ end }}",
        dot,
        limits,
    );
    assert!(r.is_err_and(|e| e.contains("budget exhausted")));
}

#[test]
fn capabilities_and_files() {
    use crate::helm::value::{Capabilities, Map, Object, Val, Value};
    use std::rc::Rc;
    let caps = Rc::new(Capabilities {
        api_versions: vec!["v1".into(), "apps/v1".into()],
        kube_version: "v1.31.2".into(),
        major: "1".into(),
        minor: "31".into(),
        helm_version: "v4".into(),
    });
    let mut files = std::collections::BTreeMap::new();
    files.insert("files/a.conf".to_string(), Rc::from("A\nB\n"));
    files.insert("files/b.txt".to_string(), Rc::from("bee"));
    let mut dot = Map::new();
    dot.insert(
        "Capabilities".into(),
        Value::Obj(Rc::new(Object::Capabilities(caps))).into(),
    );
    dot.insert(
        "Files".into(),
        Value::Obj(Rc::new(Object::Files(Rc::new(files)))).into(),
    );
    let dot = Val::map(dot);
    let cases = [
        ("{{ .Capabilities.APIVersions.Has \"apps/v1\" }}", "true"),
        ("{{ .Capabilities.APIVersions.Has \"x/v1\" }}", "false"),
        (
            "{{ .Capabilities.KubeVersion.Version }} {{ .Capabilities.KubeVersion.Minor }}",
            "v1.31.2 31",
        ),
        (
            "{{ semverCompare \">=1.21-0\" .Capabilities.KubeVersion.GitVersion }}",
            "true",
        ),
        ("{{ .Files.Get \"files/b.txt\" }}", "bee"),
        ("{{ .Files.Get \"none\" }}", ""),
        (
            "{{ range .Files.Lines \"files/a.conf\" }}[{{ . }}]{{ end }}",
            "[A][B]",
        ),
        ("{{ (.Files.Glob \"files/*.txt\").AsConfig }}", "b.txt: bee"),
        (
            "{{ (.Files.Glob \"files/*.txt\").AsSecrets }}",
            "b.txt: YmVl",
        ),
        (
            "{{ range $p, $_ := .Files.Glob \"files/*\" }}{{ $p }};{{ end }}{{ if .Files.Glob \"none\" }}x{{ end }}",
            "files/a.conf;files/b.txt;",
        ),
    ];
    for (tpl, want) in cases.iter() {
        let got =
            crate::helm::exec::render_str(tpl, dot.clone(), crate::helm::exec::Limits::default());
        assert_eq!(got.map(|t| t.s.to_string()).as_deref(), Ok(*want), "{tpl}");
    }
}
