//! Dates from git: a repository built in the test with fixed author dates (with the `git`
//! binary, which the tool itself does not need; skipped with a message when it is absent).

mod common;
use common::TestSite;
use std::path::Path;
use std::process::Command;

fn have_git() -> bool {
    let ok = Command::new("git")
        .arg("--version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !ok {
        eprintln!("skipped: no `git` binary to build the fixture repository with");
    }
    ok
}

fn git(dir: &Path, args: &[&str], date: &str) {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=Redaktör",
            "-c",
            "user.email=redaktor@example.org",
        ])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

const OM: &str = "---\ntitle: \"Om\"\nsummary: \"Om testnavet.\"\n---\n\nDet här är en testsida.\n";
const KONTAKT: &str = "---\ntitle: \"Kontakt\"\nsummary: \"Kontakt.\"\n---\n\nSkriv till oss.\n";

/// Five commits: all files; an article changed; `om.md` renamed; white space only in
/// `kontakt.md`; the renamed page changed.
fn repository() -> TestSite {
    let site = TestSite::fixture("basic");
    site.write("content/om.md", OM);
    site.write("content/kontakt.md", KONTAKT);
    let root = site.root();
    git(root, &["init", "-q"], "2024-01-10T09:00:00+01:00");
    git(root, &["add", "-A"], "2024-01-10T09:00:00+01:00");
    git(
        root,
        &["commit", "-qm", "first"],
        "2024-01-10T09:00:00+01:00",
    );
    let forsta = std::fs::read_to_string(site.path("content/artiklar/forsta.md")).unwrap();
    site.write(
        "content/artiklar/forsta.md",
        format!("{forsta}\nEtt nytt stycke.\n"),
    );
    git(
        root,
        &["commit", "-qam", "change"],
        "2024-02-20T10:00:00+01:00",
    );
    git(
        root,
        &["mv", "content/om.md", "content/om-oss.md"],
        "2024-03-05T10:00:00+01:00",
    );
    let config = std::fs::read_to_string(site.path("kunskapsnav.yaml")).unwrap();
    site.write(
        "kunskapsnav.yaml",
        config.replace("\"/om/\"", "\"/om-oss/\""),
    );
    git(root, &["add", "-A"], "2024-03-05T10:00:00+01:00");
    git(
        root,
        &["commit", "-qm", "rename"],
        "2024-03-05T10:00:00+01:00",
    );
    site.write(
        "content/kontakt.md",
        KONTAKT.replace("Skriv till oss.", "Skriv  till   oss.  "),
    );
    git(
        root,
        &["commit", "-qam", "spaces"],
        "2024-04-01T10:00:00+02:00",
    );
    site.write(
        "content/om-oss.md",
        OM.replace("testsida.", "testsida om navet."),
    );
    git(
        root,
        &["commit", "-qam", "edit"],
        "2024-05-06T23:30:00+02:00",
    );
    site
}

fn dates(html: &str) -> (Option<String>, Option<String>) {
    // `Label <time datetime="…">` (page.html) or `<dt>Label</dt><dd><time datetime="…">`.
    let after = |label: &str| {
        let start = html
            .find(&format!("{label} <time"))
            .or_else(|| html.find(&format!("{label}</dt>")))?;
        let rest = &html[start..];
        let at = rest.find("datetime=\"")? + 10;
        rest.get(at..at + 10).map(str::to_string)
    };
    (after("Publicerad"), after("Senast uppdaterad"))
}

fn pair(p: &str, u: &str) -> (Option<String>, Option<String>) {
    (Some(p.to_string()), Some(u.to_string()))
}

#[test]
fn first_and_last_commit_renames_and_front_matter() {
    if !have_git() {
        return;
    }
    let site = repository();
    let run = site.build();
    run.assert_ok();
    assert!(!run.stderr.contains("note:"), "{}", run.stderr);
    // The rename kept its published date; the edit after it is the update (author's
    // own calendar date: 23:30 at +02:00 is still 6 May).
    assert_eq!(
        dates(&site.output("om-oss/index.html")),
        pair("2024-01-10", "2024-05-06")
    );
    // White space only is not a change.
    assert_eq!(
        dates(&site.output("kontakt/index.html")),
        pair("2024-01-10", "2024-01-10")
    );
    // Front matter's `updated` wins over the commit of 20 February.
    assert_eq!(
        dates(&site.output("artiklar/forsta/index.html")),
        pair("2024-01-10", "2024-12-15")
    );
    let again = site.output("om-oss/index.html");
    site.build().assert_ok();
    assert_eq!(again, site.output("om-oss/index.html"), "deterministic");
}

#[test]
fn a_shallow_clone_says_what_it_cannot_tell_and_gives_no_wrong_date() {
    if !have_git() {
        return;
    }
    let site = repository();
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", site.root().display());
    let target = clone.path().join("site");
    git(
        clone.path(),
        &["clone", "-q", "--depth", "1", &url, "site"],
        "2024-06-01T00:00:00Z",
    );
    std::fs::create_dir_all(target.join("themes")).unwrap();
    let copy = Command::new("cp")
        .args(["-r"])
        .arg(site.path("themes/default"))
        .arg(target.join("themes/default"))
        .status()
        .unwrap();
    assert!(copy.success());
    let run = common::Run::from(
        Command::new(env!("CARGO_BIN_EXE_kunskapsnav"))
            .args(["build", "--root"])
            .arg(&target)
            .output()
            .unwrap(),
    );
    run.assert_ok();
    assert_eq!(
        run.stderr
            .matches("note: the git history is shallow")
            .count(),
        1,
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("fetch-depth 0"), "{}", run.stderr);
    let html = std::fs::read_to_string(target.join("public/om-oss/index.html")).unwrap();
    assert_eq!(
        dates(&html),
        (None, None),
        "history stops at HEAD: nothing is known"
    );
}

#[test]
fn no_repository_or_a_corrupt_one_is_a_note_and_the_build_goes_on() {
    let site = TestSite::fixture("basic");
    let run = site.build();
    run.assert_ok();
    assert!(
        run.stderr
            .contains("note: dates from git are not used: the site is not in a git repository"),
        "{}",
        run.stderr
    );
    assert_eq!(
        dates(&site.output("om/index.html")),
        (None, Some("2024-12-15".into()))
    );

    if !have_git() {
        return;
    }
    let broken = repository();
    std::fs::write(broken.path(".git/HEAD"), "this is not a reference\n").unwrap();
    let run = broken.build();
    run.assert_ok();
    assert_eq!(
        run.stderr
            .matches("note: dates from git are not used")
            .count(),
        1,
        "{}",
        run.stderr
    );
    assert_eq!(dates(&broken.output("om-oss/index.html")), (None, None));
}
