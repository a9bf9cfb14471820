//! The function library, one table per family.

use super::{check, check_errors};

#[test]
fn comparisons_and_builtins() {
    check(&[
        (
            "{{ eq 1 1 }} {{ eq \"a\" \"b\" \"a\" }} {{ ne 1 2 }} {{ lt 1 2 }} {{ le 2 2 }} {{ gt 3 2 }} {{ ge 1 2 }}",
            "",
            "true true true true true true false",
        ),
        ("{{ eq .Values.missing \"x\" }}", "", "false"),
        ("{{ eq .Values.f 1.0 }}", "f: 1", "true"),
        (
            "{{ len \"abc\" }} {{ len (list 1 2) }} {{ len (dict \"a\" 1) }}",
            "",
            "3 2 1",
        ),
        (
            "{{ index .Values.m \"k\" }} {{ index .Values.l 1 }} {{ index .Values.m \"none\" }}",
            "m: {k: v}\nl: [a, b]",
            "v b ",
        ),
        (
            "{{ slice (list 1 2 3) 1 }} {{ slice \"hello\" 1 3 }}",
            "",
            "[2 3] el",
        ),
        (
            "{{ print \"a\" 1 2 \"b\" }}|{{ println \"x\" }}|",
            "",
            "a1 2b|x\n|",
        ),
        (
            "{{ printf \"%s-%d-%v-%q-%5.2f-%t-%x-%03d-%-4s|\" \"s\" 42 .Values.f \"q\" 3.14159 true 255 7 \"ab\" }}",
            "f: 2",
            "s-42-2-\"q\"- 3.14-true-ff-007-ab  |",
        ),
        (
            "{{ printf \"%d\" .Values.f }} {{ printf \"%s\" 1 }} {{ printf \"%s\" }}",
            "f: 2",
            "%!d(float64=2) %!s(int=1) %!s(MISSING)",
        ),
        ("{{ urlquery \"a b&c\" }}", "", "a+b%26c"),
    ]);
    check_errors(&[
        (
            "{{ eq .Values.f 1 }}",
            "f: 1",
            "incompatible types for comparison",
        ),
        ("{{ lt \"a\" 1 }}", "", "incompatible types"),
        ("{{ index (list 1) 5 }}", "", "index out of range"),
    ]);
}

#[test]
fn strings() {
    check(&[
        (
            "{{ upper \"ab\" }} {{ lower \"AB\" }} {{ title \"hello world\" }} {{ untitle \"Hello World\" }}",
            "",
            "AB ab Hello World hello world",
        ),
        (
            "[{{ trim \"  x  \" }}] {{ trimAll \"-\" \"--x--\" }} {{ trimPrefix \"a\" \"abc\" }} {{ trimSuffix \"-\" \"abc-\" }}",
            "",
            "[x] x bc abc",
        ),
        (
            "{{ trunc 3 \"abcdef\" }} {{ trunc -2 \"abcdef\" }} {{ trunc 10 \"ab\" }}",
            "",
            "abc ef ab",
        ),
        (
            "{{ abbrev 5 \"hello world\" }} {{ substr 1 3 \"hello\" }} {{ replace \"a\" \"b\" \"aXa\" }} {{ repeat 3 \"ab\" }}",
            "",
            "he... el bXb ababab",
        ),
        (
            "{{ contains \"b\" \"abc\" }} {{ hasPrefix \"a\" \"abc\" }} {{ hasSuffix \"c\" \"abc\" }}",
            "",
            "true true true",
        ),
        (
            "{{ (split \",\" \"a,b\")._1 }} {{ splitList \",\" \"a,b,c\" }} {{ (splitn \",\" 2 \"a,b,c\")._1 }} {{ join \"-\" (list \"a\" 1 \"b\") }}",
            "",
            "b [a b c] b,c a-1-b",
        ),
        (
            "{{ quote \"a\" 1 }} {{ squote \"a\" }} [{{ quote .Values.missing }}] {{ quote \"a\\\"b\" }}",
            "",
            "\"a\" \"1\" 'a' [] \"a\\\"b\"",
        ),
        (
            "{{ indent 2 \"a\\nb\" }}|{{ nindent 2 \"a\" }}",
            "",
            "  a\n  b|\n  a",
        ),
        (
            "{{ nospace \"a b c\" }} {{ cat \"a\" 1 nil \"b\" }} {{ toString 1.5 }} {{ toStrings (list 1 \"a\") }}",
            "",
            "abc a 1 b 1.5 [1 a]",
        ),
        (
            "{{ camelcase \"foo_bar\" }} {{ snakecase \"FooBar\" }} {{ kebabcase \"FooBar\" }} {{ plural \"one\" \"many\" 2 }}",
            "",
            "FooBar foo_bar foo-bar many",
        ),
        (
            "{{ regexMatch \"^a.c$\" \"abc\" }} {{ regexFind \"[0-9]+\" \"a12b3\" }} {{ regexFindAll \"[0-9]\" \"a1b2c3\" 2 }}",
            "",
            "true 12 [1 2]",
        ),
        (
            "{{ regexReplaceAll \"a(x*)b\" \"-ab-axxb-\" \"${1}W\" }} {{ regexReplaceAllLiteral \"a\" \"aa\" \"$1\" }} {{ regexSplit \",\" \"a,b\" -1 }}",
            "",
            "-W-xxW- $1$1 [a b]",
        ),
        (
            "{{ base \"a/b.txt\" }} {{ dir \"a/b.txt\" }} {{ ext \"a/b.txt\" }} {{ clean \"a//b/../c\" }}",
            "",
            "b.txt a .txt a/c",
        ),
    ]);
    check_errors(&[
        (
            "{{ upper .Values.n }}",
            "n: 1",
            "wrong type for value; expected string; got float64",
        ),
        (
            "{{ trimSuffix \"-\" .Values.missing }}",
            "",
            "invalid value; expected string",
        ),
        (
            "{{ trunc .Values.n \"abc\" }}",
            "n: 1",
            "expected int; got float64",
        ),
    ]);
}

#[test]
fn lists() {
    check(&[
        (
            "{{ list 1 \"a\" }} {{ first (list 1 2) }} {{ last (list 1 2) }} {{ rest (list 1 2 3) }} {{ initial (list 1 2 3) }}",
            "",
            "[1 a] 1 2 [2 3] [1 2]",
        ),
        (
            "{{ append (list 1) 2 }} {{ prepend (list 1) 0 }} {{ concat (list 1) (list 2 3) }} {{ uniq (list 1 1 2) }}",
            "",
            "[1 2] [0 1] [1 2 3] [1 2]",
        ),
        (
            "{{ without (list 1 2 1 3) 1 }} {{ has 2 (list 1 2) }} {{ compact (list 0 1 \"\" \"a\") }} {{ reverse (list 1 2) }}",
            "",
            "[2 3] true [1 a] [2 1]",
        ),
        (
            "{{ sortAlpha (list \"b\" \"a\" \"c\") }} {{ until 3 }} {{ untilStep 0 10 4 }} {{ seq 3 }} {{ seq 2 4 }}",
            "",
            "[a b c] [0 1 2] [0 4 8] 1 2 3 2 3 4",
        ),
        (
            "{{ mustFirst (list 5) }} {{ has 1 .Values.none }}",
            "",
            "5 false",
        ),
    ]);
}

#[test]
fn dicts() {
    check(&[
        (
            "{{ $d := dict \"a\" 1 \"b\" 2 }}{{ get $d \"a\" }} [{{ get $d \"x\" }}] {{ hasKey $d \"b\" }} {{ keys $d }} {{ values $d }}",
            "",
            "1 [] true [a b] [1 2]",
        ),
        (
            "{{ pluck \"a\" (dict \"a\" 1) (dict \"b\" 2) (dict \"a\" 3) }}",
            "",
            "[1 3]",
        ),
        (
            "{{ omit (dict \"a\" 1 \"b\" 2) \"a\" }} {{ pick (dict \"a\" 1 \"b\" 2) \"a\" }}",
            "",
            "map[b:2] map[a:1]",
        ),
        (
            "{{ dig \"a\" \"b\" \"def\" .Values }} {{ dig \"a\" \"x\" \"def\" .Values }}",
            "a: {b: found}",
            "found def",
        ),
        (
            "{{ deepEqual (dict \"a\" (list 1)) (dict \"a\" (list 1)) }}",
            "",
            "true",
        ),
        (
            "{{ $d := dict \"a\" \"\" \"b\" 1 }}{{ $_ := merge $d (dict \"a\" \"filled\" \"b\" 2) }}{{ $d }}",
            "",
            "map[a:filled b:1]",
        ),
        (
            "{{ hasKey (lookup \"v1\" \"Secret\" \"ns\" \"n\").data \"k\" }}",
            "",
            "false",
        ),
    ]);
}

#[test]
fn math_types_and_defaults() {
    check(&[
        (
            "{{ add 1 2 3 }} {{ add1 1 }} {{ sub 5 2 }} {{ mul 2 3 }} {{ div 7 2 }} {{ mod 7 2 }} {{ max 1 5 3 }} {{ min 4 2 }}",
            "",
            "6 2 3 6 3 1 5 2",
        ),
        (
            "{{ add .Values.f 1 }} {{ int .Values.f }} {{ int \"12\" }} {{ int64 \"0x10\" }} {{ float64 \"1.5\" }} {{ atoi \"7\" }}",
            "f: 2.7",
            "3 2 12 16 1.5 7",
        ),
        (
            "{{ floor 1.5 }} {{ ceil 1.2 }} {{ round 1.256 2 }} {{ addf 1.5 1 }} {{ mulf 1.5 2 }} {{ divf 3 2 }}",
            "",
            "1 2 1.26 2.5 3 1.5",
        ),
        (
            "{{ kindOf .Values.f }} {{ kindOf (list) }} {{ kindIs \"map\" .Values }} {{ typeOf 1 }} {{ typeOf \"s\" }} {{ typeIs \"float64\" .Values.f }}",
            "f: 1",
            "float64 slice true int string true",
        ),
        (
            "{{ default \"d\" .Values.missing }} {{ default \"d\" \"\" }} {{ default \"d\" \"v\" }} {{ .Values.z | default 5 }}",
            "z: 0",
            "d d v 5",
        ),
        (
            "{{ empty \"\" }} {{ empty 0 }} {{ empty (dict) }} {{ empty \"x\" }} {{ coalesce \"\" .Values.missing \"c\" }}",
            "",
            "true true true false c",
        ),
        (
            "{{ ternary \"y\" \"n\" true }} {{ ternary \"y\" \"n\" false }} {{ all 1 \"a\" }} {{ any 0 \"\" }}",
            "",
            "y n true false",
        ),
    ]);
    check_errors(&[
        ("{{ div 1 0 }}", "", "divide by zero"),
        ("{{ ternary 1 2 \"x\" }}", "", "expected bool"),
        (
            "{{ first .Values.none }}",
            "",
            "error calling first: runtime error",
        ),
    ]);
}

#[test]
fn encodings() {
    check(&[
        (
            "{{ toYaml .Values }}",
            "b: [1, x]\na: {c: true, d: null}\ne: \"yes\"\nf: \"\"\ng: 1.5",
            "a:\n  c: true\n  d: null\nb:\n- 1\n- x\ne: \"yes\"\nf: \"\"\ng: 1.5",
        ),
        (
            "{{ toYaml .Values.s }}",
            "s: \"line1\\nline2\\n\"",
            "|\n  line1\n  line2",
        ),
        (
            "{{ toYaml (list (dict \"a\" 1 \"b\" (list 2))) }}",
            "",
            "- a: 1\n  b:\n  - 2",
        ),
        (
            "{{ toYaml (dict) }} {{ toYaml (list) }} {{ toYaml \"1\" }} {{ toYaml \"a: b\" }}",
            "",
            "{} [] \"1\" 'a: b'",
        ),
        (
            "{{ toJson .Values }}",
            "b: [1, \"<x>\"]\na: 1.5",
            "{\"a\":1.5,\"b\":[1,\"\\u003cx\\u003e\"]}",
        ),
        ("{{ toPrettyJson (dict \"a\" 1) }}", "", "{\n  \"a\": 1\n}"),
        (
            "{{ (fromYaml \"a: 1\\nb: [x]\").b }} {{ (fromYaml \"a: [\").Error | empty }}",
            "",
            "[x] false",
        ),
        (
            "{{ fromYamlArray \"- 1\\n- 2\" }} {{ (fromJson \"{\\\"a\\\": [1]}\").a }} {{ fromJsonArray \"[1,2]\" }}",
            "",
            "[1 2] [1] [1 2]",
        ),
        (
            "{{ toToml (dict \"a\" 1 \"b\" \"x\") }}",
            "",
            "a = 1\nb = \"x\"\n",
        ),
        (
            "{{ b64enc \"hello\" }} {{ b64dec \"aGVsbG8=\" }} {{ b64enc \"\" }}",
            "",
            "aGVsbG8= hello ",
        ),
        (
            "{{ sha256sum \"abc\" }}",
            "",
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        ),
        (
            "{{ sha1sum \"abc\" }} {{ adler32sum \"abc\" }}",
            "",
            "a9993e364706816aba3e25717850c26c9cd0d89d 38600999",
        ),
    ]);
}

#[test]
fn semver_and_placeholders() {
    check(&[
        (
            "{{ semverCompare \">=1.21-0\" \"v1.31.0\" }} {{ semverCompare \"<1.19\" \"1.31.0\" }} {{ semverCompare \"^1.2\" \"1.9.0\" }} {{ semverCompare \"~1.2\" \"1.3.0\" }}",
            "",
            "true false true false",
        ),
        (
            "{{ semverCompare \"1.x\" \"1.5.0\" }} {{ semverCompare \">=1.0, <2.0\" \"1.5.0\" }} {{ semverCompare \"<1.0 || >=1.5\" \"1.5.0\" }} {{ semverCompare \">= 1.27.x\" \"1.30.1\" }}",
            "",
            "true true true true",
        ),
        (
            "{{ (semver \"v1.2.3-rc.1\").Minor }} {{ (semver \"1.2.3\").Patch }}",
            "",
            "2 3",
        ),
        (
            "{{ randAlphaNum 6 }} {{ len (randAlpha 40) }} {{ uuidv4 }} {{ now }} {{ date \"2006-01-02\" now }}",
            "",
            "strata 40 00000000-0000-4000-8000-000000000000 2000-01-01T00:00:00Z 2000-01-01",
        ),
        (
            "{{ (genCA \"ca\" 365).Cert | contains \"PLACEHOLDER\" }}",
            "",
            "true",
        ),
    ]);
}
