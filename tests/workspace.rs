//! The API the language server will use: documents handed in from memory,
//! re-analysed by unit, answered from immutable snapshots.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use strata::analysis::{AnalysisOptions, Unit};
use strata::engine::Catalog;
use strata::source::{LoadError, SourceLoader};
use strata::workspace::Workspace;

/// A disk made of strings, counting reads so tests can see what was redone.
#[derive(Default)]
struct FakeDisk {
    files: HashMap<PathBuf, Arc<str>>,
    reads: Mutex<Vec<PathBuf>>,
}

impl FakeDisk {
    fn with(files: &[(&str, &str)]) -> Self {
        FakeDisk {
            files: files
                .iter()
                .map(|(p, t)| (PathBuf::from(p), Arc::from(*t)))
                .collect(),
            reads: Mutex::default(),
        }
    }
}

/// The workspace owns its loader; the test keeps a handle on the same disk.
struct Shared(Arc<FakeDisk>);

impl SourceLoader for Shared {
    fn read(&self, path: &Path) -> Result<Arc<str>, LoadError> {
        self.0.reads.lock().unwrap().push(path.to_path_buf());
        self.0.files.get(path).cloned().ok_or(LoadError::NotFound)
    }

    fn list_dir(&self, dir: &Path) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = self
            .0
            .files
            .keys()
            .filter(|p| p.parent() == Some(dir))
            .cloned()
            .collect();
        files.sort();
        files
    }
}

const UNENCRYPTED: &str = "resource \"aws_ebs_volume\" \"v\" {\n  availability_zone = \"a\"\n  size = 1\n  encrypted = false\n}\n";
const ENCRYPTED: &str = "resource \"aws_ebs_volume\" \"v\" {\n  availability_zone = \"a\"\n  size = 1\n  encrypted = true\n}\n";

fn workspace(disk: &Arc<FakeDisk>) -> Workspace {
    let rules = Catalog::builtin()
        .select(&["AWS009".to_string()], &[])
        .unwrap();
    let options = AnalysisOptions {
        rules,
        ..AnalysisOptions::default()
    };
    Workspace::new(options, Box::new(Shared(disk.clone())))
}

fn rule_lines(workspace: &mut Workspace) -> Vec<(String, u32)> {
    workspace
        .snapshot()
        .report()
        .findings
        .iter()
        .map(|f| (f.rule_id.clone(), f.location.start_line))
        .collect()
}

#[test]
fn unsaved_edits_are_analysed_and_only_their_unit_is_redone() {
    let disk = Arc::new(FakeDisk::with(&[
        ("infra/main.tf", UNENCRYPTED),
        ("other/main.tf", ENCRYPTED),
    ]));
    let mut ws = workspace(&disk);
    ws.add_units(vec![
        Unit::Terraform {
            dir: "infra".into(),
            files: vec!["infra/main.tf".into()],
        },
        Unit::Terraform {
            dir: "other".into(),
            files: vec!["other/main.tf".into()],
        },
    ]);
    assert_eq!(rule_lines(&mut ws), [("AWS009".to_string(), 4)]);
    let first = ws.snapshot();

    // The editor fixes the file without saving: the buffer wins over disk.
    disk.reads.lock().unwrap().clear();
    ws.set_document("infra/main.tf".into(), Arc::from(ENCRYPTED));
    let fixed = ws.snapshot();
    assert!(fixed.report().findings.is_empty());
    assert!(fixed.revision > first.revision);
    // The untouched unit was not re-read.
    let reads = disk.reads.lock().unwrap().clone();
    assert!(reads.iter().all(|p| !p.starts_with("other")), "{reads:?}");

    // The old snapshot still answers as it did.
    assert_eq!(first.report().findings.len(), 1);

    // Closing the buffer brings the disk version back.
    ws.close_document(Path::new("infra/main.tf"));
    assert_eq!(rule_lines(&mut ws), [("AWS009".to_string(), 4)]);
}

#[test]
fn a_new_document_creates_its_unit() {
    let disk = Arc::new(FakeDisk::default());
    let mut ws = workspace(&disk);
    assert!(ws.snapshot().report().files.is_empty());
    ws.set_document("new/main.tf".into(), Arc::from(UNENCRYPTED));
    let snapshot = ws.snapshot();
    let unit = snapshot.unit_result(Path::new("new/main.tf")).unwrap();
    assert_eq!(unit.findings.len(), 1);
    assert_eq!(unit.files[0].path, "new/main.tf");
}
