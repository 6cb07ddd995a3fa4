//! Test helpers: a fixture site copied into a temporary folder (with the repository's
//! default theme, unless the fixture has its own), and the real binary run on it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const BIN: &str = env!("CARGO_BIN_EXE_kunskapsnav");

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every file under `dir` (relative path with `/`, bytes), sorted by path.
pub fn files_under(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy();
            (rel.replace('\\', "/"), std::fs::read(e.path()).unwrap())
        })
        .collect();
    v.sort();
    v
}

pub struct TestSite {
    pub dir: tempfile::TempDir,
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = entry.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else if entry.file_type().is_file() {
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

impl TestSite {
    /// Copy `tests/fixtures/<name>` and the default theme into a fresh temporary folder.
    pub fn fixture(name: &str) -> TestSite {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&repo_root().join("tests/fixtures").join(name), dir.path());
        if !dir.path().join("themes").exists() {
            copy_dir(
                &repo_root().join("themes/default"),
                &dir.path().join("themes/default"),
            );
        }
        TestSite { dir }
    }

    /// The bundled hub (content, data, themes, config) in a temporary folder.
    pub fn bundled_hub() -> TestSite {
        let dir = tempfile::tempdir().unwrap();
        for part in ["content", "data", "themes"] {
            let from = repo_root().join(part);
            if from.exists() {
                copy_dir(&from, &dir.path().join(part));
            }
        }
        std::fs::copy(
            repo_root().join("kunskapsnav.yaml"),
            dir.path().join("kunskapsnav.yaml"),
        )
        .unwrap();
        TestSite { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn write(&self, rel: &str, content: impl AsRef<[u8]>) -> &Self {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, content).unwrap();
        self
    }

    pub fn remove(&self, rel: &str) {
        std::fs::remove_file(self.path(rel)).unwrap();
    }

    pub fn run(&self, args: &[&str]) -> Run {
        let out = Command::new(BIN)
            .args(args)
            .arg("--root")
            .arg(self.root())
            .output()
            .expect("run kunskapsnav");
        Run::from(out)
    }

    pub fn build(&self) -> Run {
        self.run(&["build"])
    }

    pub fn check(&self) -> Run {
        self.run(&["check"])
    }

    /// A file of the built site (`public/…`).
    pub fn output(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path("public").join(rel))
            .unwrap_or_else(|e| panic!("public/{rel}: {e}"))
    }

    pub fn output_exists(&self, rel: &str) -> bool {
        self.path("public").join(rel).exists()
    }
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(o: Output) -> Self {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

impl Run {
    #[track_caller]
    pub fn assert_ok(&self) -> &Self {
        assert_eq!(
            self.code, 0,
            "expected success, got {}:\n{}",
            self.code, self.stderr
        );
        self
    }

    /// Assert a content error (exit 1) whose message names `file:line`.
    #[track_caller]
    pub fn assert_error_at(&self, file_line: &str, fragment: &str) -> &Self {
        assert_eq!(
            self.code, 1,
            "expected exit 1, got {}:\n{}",
            self.code, self.stderr
        );
        let found = self
            .stderr
            .lines()
            .any(|l| l.starts_with(file_line) && l.contains(": error: ") && l.contains(fragment));
        assert!(
            found,
            "no error at `{file_line}` containing `{fragment}` in:\n{}",
            self.stderr
        );
        self
    }
}
