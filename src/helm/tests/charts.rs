//! Whole charts: source maps, dependencies, and the conformance charts in
//! `testdata/helm/<chart>/` against Helm's own output next to each
//! (`<chart>.rendered.yaml`, written by `helm template`-equivalent
//! rendering with the real Helm library).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::helm::{ChartOptions, RenderedChart, render_chart};
use crate::source::{DiskLoader, LoadError, SourceLoader};

/// An in-memory chart.
struct Mem(BTreeMap<PathBuf, String>);

impl SourceLoader for Mem {
    fn read(&self, path: &Path) -> Result<std::sync::Arc<str>, LoadError> {
        self.0
            .get(path)
            .map(|s| std::sync::Arc::from(s.as_str()))
            .ok_or(LoadError::NotFound)
    }
    fn list_dir(&self, dir: &Path) -> Vec<PathBuf> {
        self.0
            .keys()
            .filter(|p| p.parent() == Some(dir))
            .cloned()
            .collect()
    }
}

fn mem(files: &[(&str, &str)]) -> Mem {
    Mem(files
        .iter()
        .map(|(p, t)| (PathBuf::from(p), t.to_string()))
        .collect())
}

fn line_of(r: &RenderedChart, source: u32, offset: u32) -> (String, usize) {
    let (path, text) = &r.sources[source as usize];
    (
        path.display().to_string(),
        text[..offset as usize].matches('\n').count() + 1,
    )
}

#[test]
fn segments_map_bytes_to_template_and_values_lines() {
    let loader = mem(&[
        ("c/Chart.yaml", "apiVersion: v2\nname: c\nversion: 1.0.0\n"),
        (
            "c/values.yaml",
            "image: nginx\nsecurityContext:\n  privileged: true\n  runAsUser: 0\n",
        ),
        (
            "c/templates/_helpers.tpl",
            "{{- define \"c.name\" -}}\n{{ .Chart.Name }}-x\n{{- end }}\n",
        ),
        (
            "c/templates/pod.yaml",
            "kind: Pod\nmetadata:\n  name: {{ include \"c.name\" . }}\nspec:\n  image: {{ .Values.image | quote }}\n  securityContext:\n    {{- toYaml .Values.securityContext | nindent 4 }}\n",
        ),
    ]);
    let r = render_chart(Path::new("c"), &loader, &ChartOptions::default());
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    let doc = &r.documents[0];
    assert_eq!(
        doc.text,
        "kind: Pod\nmetadata:\n  name: c-x\nspec:\n  image: \"nginx\"\n  securityContext:\n    privileged: true\n    runAsUser: 0\n"
    );
    // Segments are sorted, non-overlapping and cover the output.
    let mut at = 0;
    for s in &doc.segments {
        assert_eq!(s.output.start, at, "{:?}", doc.segments);
        at = s.output.end;
    }
    assert_eq!(at as usize, doc.text.len());
    let seg_at = |needle: &str| {
        let off = doc.text.find(needle).unwrap() as u32;
        doc.segments
            .iter()
            .find(|s| s.output.contains(&off))
            .unwrap()
            .clone()
    };
    // `c-x`: "-x" is text of _helpers.tpl line 2, reached through the include.
    let s = seg_at("-x");
    assert_eq!(
        line_of(&r, s.origin.source, s.origin.range.start),
        ("c/templates/_helpers.tpl".into(), 2)
    );
    assert_eq!(s.via.len(), 1);
    assert_eq!(
        line_of(&r, s.via[0].source, s.via[0].range.start),
        ("c/templates/pod.yaml".into(), 3)
    );
    // The image value: printed by the action on pod.yaml line 5, from values.yaml line 1.
    let s = seg_at("nginx");
    assert_eq!(
        line_of(&r, s.origin.source, s.origin.range.start),
        ("c/templates/pod.yaml".into(), 5)
    );
    let v = s.value.unwrap();
    assert_eq!(
        line_of(&r, v.source, v.range.start),
        ("c/values.yaml".into(), 1)
    );
    // toYaml per scalar: `privileged: true` points at values.yaml line 3.
    let s = seg_at("true");
    assert_eq!(
        line_of(&r, s.origin.source, s.origin.range.start),
        ("c/templates/pod.yaml".into(), 7)
    );
    let v = s.value.unwrap();
    assert_eq!(
        line_of(&r, v.source, v.range.start),
        ("c/values.yaml".into(), 3)
    );
    let s = seg_at("0\n");
    let v = s.value.unwrap();
    assert_eq!(line_of(&r, v.source, v.range.start).1, 4);
}

#[test]
fn dependencies_values_and_errors() {
    let loader = mem(&[
        (
            "p/Chart.yaml",
            "apiVersion: v2\nname: p\nversion: 1.0.0\ndependencies:\n- name: sub\n  version: 1.0.0\n  condition: sub.enabled\n- name: off\n  version: 1.0.0\n  condition: off.enabled\n- name: gone\n  version: 2.0.0\n- name: gone-but-disabled\n  version: 1.0.0\n  condition: off.enabled\n",
        ),
        (
            "p/values.yaml",
            "global:\n  g: parent\nsub:\n  x: from-parent\noff:\n  enabled: false\n",
        ),
        (
            "p/templates/a.yaml",
            "a: {{ .Values.sub.x }} {{ .Release.Name }} {{ .Chart.Name }} {{ .Template.Name }}\n",
        ),
        (
            "p/templates/bad.yaml",
            "b: {{ required \"b is required\" .Values.b }}\n",
        ),
        ("p/templates/NOTES.txt", "notes {{ .Values.nope.nope }}"),
        ("p/templates/empty.yaml", "{{ if false }}x{{ end }}\n"),
        (
            "p/charts/sub/Chart.yaml",
            "apiVersion: v2\nname: sub\nversion: 1.0.0\n",
        ),
        (
            "p/charts/sub/values.yaml",
            "x: default\ny: sub-default\nglobal:\n  g: sub\n  h: sub\n",
        ),
        (
            "p/charts/sub/templates/s.yaml",
            "s: {{ .Values.x }} {{ .Values.y }} {{ .Values.global.g }} {{ .Values.global.h }} {{ .Chart.Name }}\n",
        ),
        (
            "p/charts/off/Chart.yaml",
            "apiVersion: v2\nname: off\nversion: 1.0.0\n",
        ),
        ("p/charts/off/templates/o.yaml", "o: 1\n"),
    ]);
    let r = render_chart(Path::new("p"), &loader, &ChartOptions::default());
    let texts: Vec<(&str, &str)> = r
        .documents
        .iter()
        .map(|d| (d.name.as_str(), d.text.as_str()))
        .collect();
    assert_eq!(
        texts,
        vec![
            (
                "p/charts/sub/templates/s.yaml",
                "s: from-parent sub-default parent sub sub\n"
            ),
            (
                "p/templates/a.yaml",
                "a: from-parent release-name p p/templates/a.yaml\n"
            ),
        ]
    );
    let messages: Vec<&str> = r.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("\"gone\"") && m.contains("helm dependency build")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("b is required")),
        "{messages:?}"
    );
    assert!(
        !messages.iter().any(|m| m.contains("gone-but-disabled")),
        "{messages:?}"
    );
    let required = r
        .diagnostics
        .iter()
        .find(|d| d.message.contains("b is required"))
        .unwrap();
    assert_eq!(
        line_of(
            &r,
            required.source.unwrap(),
            required.range.clone().unwrap().start
        )
        .0,
        "p/templates/bad.yaml"
    );
}

#[test]
fn values_files_override_in_order_and_null_deletes() {
    let loader = mem(&[
        ("c/Chart.yaml", "apiVersion: v2\nname: c\nversion: 1.0.0\n"),
        ("c/values.yaml", "a: 1\nb: {x: 1, y: 2}\nc: keep\n"),
        ("o1.yaml", "a: 2\nb: {x: 10}\n"),
        ("o2.yaml", "a: 3\nc: null\n"),
        ("c/templates/t.yaml", "{{ toYaml .Values }}\n"),
    ]);
    let options = ChartOptions {
        values_files: vec!["o1.yaml".into(), "o2.yaml".into()],
        ..ChartOptions::default()
    };
    let r = render_chart(Path::new("c"), &loader, &options);
    // `y` is a boolean to YAML 1.1 readers, so go-yaml quotes it.
    assert_eq!(r.documents[0].text, "a: 3\nb:\n  x: 10\n  \"y\": 2\n");
}

/// Segments are sorted, do not overlap, and cover every output byte; each
/// origin and value range lies inside its source.
fn assert_covered(d: &crate::helm::RenderedTemplate) {
    let mut at = 0;
    for s in &d.segments {
        assert_eq!(s.output.start, at, "{}: gap or overlap at {at}", d.name);
        assert!(s.output.end > s.output.start, "{}: empty segment", d.name);
        at = s.output.end;
    }
    assert_eq!(at as usize, d.text.len(), "{}: output not covered", d.name);
}

/// The text under each `# Source:` line, without its final line breaks.
fn source_texts(text: &str) -> BTreeMap<String, String> {
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    let mut current = None;
    for line in text.split_inclusive('\n') {
        if let Some(name) = line.strip_prefix("# Source: ") {
            current = Some(name.trim().to_string());
        } else if let Some(c) = &current {
            out.entry(c.clone()).or_default().push_str(line);
        }
    }
    out.values_mut()
        .for_each(|t| t.truncate(t.trim_end_matches('\n').len()));
    out
}

/// Parsed YAML documents of a multi-document text, keyed by `# Source:`.
fn split_sources(text: &str) -> BTreeMap<String, Vec<serde_json::Value>> {
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    let mut current = None;
    for line in text.split_inclusive('\n') {
        if let Some(name) = line.strip_prefix("# Source: ") {
            current = Some(name.trim().to_string());
            continue;
        }
        if let Some(c) = &current {
            out.entry(c.clone()).or_default().push_str(line);
        }
    }
    out.into_iter()
        .map(|(k, v)| {
            let docs = serde_saphyr::from_multiple::<serde_json::Value>(&v)
                .unwrap_or_else(|e| panic!("{k}: not YAML: {e}\n{v}"));
            (k, docs.into_iter().filter(|d| !d.is_null()).collect())
        })
        .collect()
}

#[test]
fn conformance_charts_match_helm() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/helm");
    let mut checked = 0;
    for entry in std::fs::read_dir(&root).unwrap().flatten() {
        let dir = entry.path();
        if !dir.is_dir() {
            continue;
        }
        let expected_path = dir.with_extension("rendered.yaml");
        let expected = std::fs::read_to_string(&expected_path).unwrap();
        let mut files = Vec::new();
        fn walk(d: &Path, out: &mut Vec<PathBuf>) {
            for e in std::fs::read_dir(d).unwrap().flatten() {
                if e.path().is_dir() {
                    walk(&e.path(), out);
                } else {
                    out.push(e.path());
                }
            }
        }
        walk(&dir, &mut files);
        let options = ChartOptions {
            files: Some(files),
            ..ChartOptions::default()
        };
        let r = render_chart(&dir, &DiskLoader, &options);
        for d in &r.documents {
            assert_covered(d);
        }
        let mut got = String::new();
        for d in &r.documents {
            got.push_str(&format!("# Source: {}\n{}\n", d.name, d.text));
        }
        let (want, have) = (split_sources(&expected), split_sources(&got));
        assert_eq!(
            want,
            have,
            "{}: diagnostics {:?}",
            dir.display(),
            r.diagnostics
        );
        // The same objects in the same text: quoting, folding and key order.
        assert_eq!(
            source_texts(&expected),
            source_texts(&got),
            "{}",
            dir.display()
        );
        checked += 1;
    }
    assert!(checked >= 3, "conformance charts missing");
}
