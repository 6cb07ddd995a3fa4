//! Nothing lost (issue #10): a build killed at any moment leaves the previous output
//! intact and complete; `build` and `check` never write into the sources; the bundled hub
//! builds to the same bytes from two different folders. (`new` never overwriting a file
//! is tests/engine.rs `new_creates_a_valid_file_and_never_overwrites`; the dev server
//! under load with rebuilds is tests/serve.rs `load_during_rebuilds_serves_only_whole_pages`.)

mod common;
use common::{TestSite, BIN};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

/// Every file under `dir`: relative path → (SHA-256 of the bytes, modification time).
fn snapshot(dir: &Path) -> BTreeMap<String, ([u8; 32], SystemTime)> {
    common::files_under(dir)
        .into_iter()
        .map(|(rel, bytes)| {
            let modified = std::fs::metadata(dir.join(&rel))
                .and_then(|m| m.modified())
                .expect("mtime");
            (rel, (Sha256::digest(&bytes).into(), modified))
        })
        .collect()
}

/// The same, without times (a rebuild writes new files with the same bytes).
fn contents(dir: &Path) -> BTreeMap<String, [u8; 32]> {
    snapshot(dir)
        .into_iter()
        .map(|(k, (h, _))| (k, h))
        .collect()
}

fn build_into(site: &TestSite, out: &Path) -> std::process::Output {
    Command::new(BIN)
        .args(["build", "--root"])
        .arg(site.root())
        .arg("--out")
        .arg(out)
        .output()
        .expect("run kunskapsnav build")
}

/// A small deterministic generator (xorshift), so that a failing kill point can be
/// reproduced from the printed delay.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn a_build_killed_at_any_moment_leaves_the_previous_output_whole() {
    let site = TestSite::bundled_hub();
    let parent = tempfile::tempdir().expect("temp dir");
    let out = parent.path().join("public");
    // The quicker of two builds (the first runs with cold caches) sets the kill window.
    let mut took = Duration::MAX;
    for _ in 0..2 {
        let started = Instant::now();
        let run = build_into(&site, &out);
        assert!(run.status.success(), "{run:?}");
        took = took.min(started.elapsed());
    }
    let good = contents(&out);
    assert!(good.len() > 100, "the hub has a few hundred files");

    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let span = took.as_micros() as u64 * 9 / 10;
    let mut killed_mid_build = 0;
    for round in 0..24 {
        let delay = Duration::from_micros(rng.next() % span.max(1));
        let mut child = Command::new(BIN)
            .args(["build", "--root"])
            .arg(site.root())
            .arg("--out")
            .arg(&out)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start a build");
        std::thread::sleep(delay);
        let finished = child.try_wait().expect("wait").is_some();
        child.kill().ok(); // SIGKILL on Unix
        child.wait().expect("reap");
        if !finished {
            killed_mid_build += 1;
        }
        let now = contents(&out);
        assert!(
            now == good,
            "round {round}: output changed after SIGKILL at {delay:?}: {} files, expected {}",
            now.len(),
            good.len()
        );
    }
    // Sanity of the test itself (on a loaded machine a few kills land after the end).
    assert!(
        killed_mid_build >= 8,
        "kills should land inside a build ({killed_mid_build} of 24 did)"
    );

    // The next build clears what killed builds left beside the output (keeping one
    // folder as the spare it writes the following build over).
    let last = build_into(&site, &out);
    assert!(last.status.success(), "{last:?}");
    assert!(contents(&out) == good);
    let leftovers: Vec<String> = std::fs::read_dir(parent.path())
        .expect("list")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "public" && n != ".public.spare")
        .collect();
    assert!(leftovers.is_empty(), "left behind: {leftovers:?}");
}

#[test]
fn build_and_check_never_write_into_the_sources() {
    let site = TestSite::bundled_hub();
    let out = tempfile::tempdir().expect("temp dir");
    let before = snapshot(site.root());
    let built = build_into(&site, &out.path().join("public"));
    assert!(built.status.success(), "{built:?}");
    site.check();
    let strict = site.run(&["check", "--strict"]);
    assert_ne!(strict.code, -1, "check --strict ran");
    assert!(
        snapshot(site.root()) == before,
        "build or check changed, added or removed a file under the site root"
    );
}

#[test]
fn the_bundled_hub_builds_to_the_same_bytes_in_two_folders() {
    let a = TestSite::bundled_hub();
    let b = TestSite::bundled_hub();
    assert_ne!(a.root(), b.root());
    let out_a = tempfile::tempdir().expect("temp dir");
    let out_b = tempfile::tempdir().expect("temp dir");
    let (pa, pb) = (out_a.path().join("public"), out_b.path().join("site"));
    assert!(build_into(&a, &pa).status.success());
    assert!(build_into(&b, &pb).status.success());
    let (ca, cb) = (contents(&pa), contents(&pb));
    assert!(ca.len() > 100);
    let differing: Vec<&String> = ca
        .keys()
        .chain(cb.keys())
        .filter(|k| ca.get(*k) != cb.get(*k))
        .collect();
    assert!(differing.is_empty(), "files differ: {differing:?}");
}
