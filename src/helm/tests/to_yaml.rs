//! `toYaml` text against what Helm (helm-python-sdk, go.yaml.in/yaml/v2
//! v2.4.3) printed for the same template: quoting, block scalars, complex
//! keys, folding and key order.

use super::check;

#[test]
fn strings_are_quoted_only_where_go_yaml_quotes_them() {
    check(&[
        // Indicators at the start; `-`, `?` and `:` only before a space.
        (
            r#"{{ toYaml (list "*.example.com" "@at" "- dash" "-dash" "-" "?x" ":x" "`b" "%x" "|x" "it's") }}"#,
            "",
            "- '*.example.com'\n- '@at'\n- '- dash'\n- -dash\n- '-'\n- ?x\n- :x\n- '`b'\n- '%x'\n- '|x'\n- it's",
        ),
        // Inside: `: ` and ` #` (and a final `:`), not `:` or `#` alone.
        (
            r#"{{ toYaml (list "a: b" "a #b" "x:" "x:y" "a#b" "a[b]" "a,b") }}"#,
            "",
            "- 'a: b'\n- 'a #b'\n- 'x:'\n- x:y\n- a#b\n- a[b]\n- a,b",
        ),
        // Document markers, edge spaces.
        (
            r#"{{ toYaml (list "---" "...x" "----" " lead" "trail " " ") }}"#,
            "",
            "- '---'\n- '...x'\n- '----'\n- ' lead'\n- 'trail '\n- ' '",
        ),
    ]);
}

#[test]
fn strings_that_read_as_other_types_are_double_quoted() {
    check(&[
        // go-yaml's words, in its three spellings only.
        (
            r#"{{ toYaml (list "yes" "Yes" "YES" "yEs" "on" "n" "tRue" "Null" "nUll" "~" "" "<<" "=") }}"#,
            "",
            "- \"yes\"\n- \"Yes\"\n- \"YES\"\n- yEs\n- \"on\"\n- \"n\"\n- tRue\n- \"Null\"\n- nUll\n- \"~\"\n- \"\"\n- <<\n- =",
        ),
        // Go integers in any base, YAML floats, base-60, timestamps.
        (
            r#"{{ toYaml (list "0755" "08" "1e3" "1e" "0x1F" "0x1g" "0o17" "0b101" "0b2" "1_000" "+1" ".5" "1." "1.2.3") }}"#,
            "",
            "- \"0755\"\n- \"08\"\n- \"1e3\"\n- 1e\n- \"0x1F\"\n- 0x1g\n- \"0o17\"\n- \"0b101\"\n- 0b2\n- \"1_000\"\n- \"+1\"\n- \".5\"\n- \"1.\"\n- 1.2.3",
        ),
        (
            r#"{{ toYaml (list ".inf" "-.INF" ".NaN" ".nAn" "inf" "1:20" "1:61" "2001-12-14" "2001-12-14t21:59:43.10-05:00" "2001-13-01" "2001-12") }}"#,
            "",
            "- \".inf\"\n- \"-.INF\"\n- \".NaN\"\n- .nAn\n- inf\n- \"1:20\"\n- 1:61\n- \"2001-12-14\"\n- \"2001-12-14t21:59:43.10-05:00\"\n- 2001-13-01\n- 2001-12",
        ),
    ]);
}

#[test]
fn characters_yaml_cannot_show_are_escaped() {
    check(&[
        (
            r#"{{ toYaml (list "tab\there" "x\x01y" "emoji 😀" "ünïcode" "a\r\nb") }}"#,
            "",
            "- \"tab\\there\"\n- \"x\\x01y\"\n- \"emoji \\U0001F600\"\n- ünïcode\n- \"a\\r\\nb\"",
        ),
        // After a leading BOM libyaml escapes every character.
        (
            r#"{{ toYaml "\ufeffbom" }}"#,
            "",
            "\"\\uFEFF\\x62\\x6F\\x6D\"",
        ),
        // JSON leaves DEL raw and go-yaml cannot read it back: Helm prints
        // nothing.
        (r#"[{{ toYaml (dict "k" "x\x7fy") }}]"#, "", "[]"),
    ]);
}

#[test]
fn multi_line_strings_are_literal_blocks_with_helms_indicators() {
    check(&[
        (
            r#"{{ toYaml (dict "k" "multi\nline") }}"#,
            "",
            "k: |-\n  multi\n  line",
        ),
        (
            r#"{{ toYaml (dict "k" "multi\nline\n") }}"#,
            "",
            "k: |\n  multi\n  line",
        ),
        // Helm trims one line break of the document, not all of them.
        (
            r#"{{ toYaml (dict "k" "multi\nline\n\n") }}"#,
            "",
            "k: |+\n  multi\n  line\n",
        ),
        // A first line that is blank or starts with a space needs `2`.
        (
            r#"{{ toYaml (dict "k" "\nlead") }}"#,
            "",
            "k: |2-\n\n  lead",
        ),
        (
            r#"{{ toYaml (dict "k" "\nlead\n") }}"#,
            "",
            "k: |2\n\n  lead",
        ),
        (
            r#"{{ toYaml (dict "k" "\nlead\n\n") }}"#,
            "",
            "k: |2+\n\n  lead\n",
        ),
        (
            r#"{{ toYaml (dict "k" " lead\nx") }}"#,
            "",
            "k: |2-\n   lead\n  x",
        ),
        (r#"{{ toYaml (dict "k" "\n") }}"#, "", "k: |2+\n"),
        (r#"{{ toYaml "\n\n" }}"#, "", "|2+\n\n"),
        (
            r#"{{ toYaml (dict "a" (list (dict "b" (list "\nlead")))) }}"#,
            "",
            "a:\n- b:\n  - |2-\n\n    lead",
        ),
        // No block when a space ends a line or a tab is in it.
        (
            r#"{{ toYaml (list "x \ny" "trail\nsp " "a\tb\nc" "x\n y") }}"#,
            "",
            "- \"x \\ny\"\n- \"trail\\nsp \"\n- \"a\\tb\\nc\"\n- |-\n  x\n   y",
        ),
    ]);
}

#[test]
fn multi_line_and_long_keys_are_complex_keys() {
    let k129 = "k".repeat(129);
    let long_key = format!(
        r#"{{{{ toYaml (dict "{k129}" (list 1 2) "{}" 2) }}}}"#,
        &k129[1..]
    );
    let want = format!("{}: 2\n? {k129}\n: - 1\n  - 2", &k129[1..]);
    check(&[
        (
            r#"{{ toYaml (dict "multi\nkey" (dict "a" 1 "b" (list 1)) "m\n" (dict)) }}"#,
            "",
            "? |\n  m\n: {}\n? |-\n  multi\n  key\n: a: 1\n  b:\n  - 1",
        ),
        (
            r#"{{ toYaml (dict "x \ny" "v\nw") }}"#,
            "",
            "? \"x \\ny\"\n: |-\n  v\n  w",
        ),
        (&long_key, "", &want),
        // Not being simple, a long key folds like a value.
        (
            "{{ toYaml .Values }}",
            &format!("\"{}\": 1", "word ".repeat(30).trim_end()),
            "? word word word word word word word word word word word word word word word word\n  word word word word word word word word word word word word word word\n: 1",
        ),
    ]);
}

#[test]
fn long_lines_fold_at_the_first_space_past_column_80() {
    let words = "word ".repeat(30);
    let words = words.trim_end();
    let key = &words[..99];
    check(&[
        (
            "{{ toYaml .Values }}",
            &format!("a: {words}\nb:\n- c: {words}\n"),
            "a: word word word word word word word word word word word word word word word word\n  word word word word word word word word word word word word word word\nb:\n- c: word word word word word word word word word word word word word word word word\n    word word word word word word word word word word word word word word",
        ),
        // Quoted scalars fold too; a double-quoted one escapes the space
        // that would start the next line.
        (
            "{{ toYaml .Values }}",
            &format!("sq: \"'{words}\"\ndq: \"\\t{}c\"\n", "a  b ".repeat(30)),
            "dq: \"\\ta  b a  b a  b a  b a  b a  b a  b a  b a  b a  b a  b a  b a  b a  b a  b\n  a  b a  b a  b a  b a  b a  b a  b a  b a  b a  b a  b a  b a  b a  b a  b c\"\nsq: '''word word word word word word word word word word word word word word word\n  word word word word word word word word word word word word word word word'",
        ),
        // Simple keys never fold; a word longer than the line is not broken.
        (
            "{{ toYaml .Values }}",
            &format!("\"{key}\": 1\nx: {} y\n", "x".repeat(85)),
            &format!("{key}: 1\nx: {}\n  y", "x".repeat(85)),
        ),
    ]);
}

#[test]
fn keys_are_in_go_yamls_natural_order() {
    check(&[(
        "{{ toYaml .Values }}",
        "{port10: 1, port2: 2, B: 3, _x: 4, a: 5, \"01\": 6, \"1\": 7, v1.2.10: 8, v1.2.9: 9, x-1: 10, x_1: 11}",
        "_x: 4\n\"1\": 7\n\"01\": 6\nB: 3\na: 5\nport2: 2\nport10: 1\nv1.2.9: 9\nv1.2.10: 8\nx-1: 10\nx_1: 11",
    )]);
}
