//! Dates from git: for each content and data file, `published` is the author date of the
//! first commit that added it (an unchanged rename keeps it) and `updated` the author
//! date of the last commit that changed its content (a pure rename or a change of white
//! space only is not a change). The history is read with gitoxide, no `git` binary; the
//! first-parent line from `HEAD` is walked, newest first, once for all files.
//!
//! Without a repository, with a corrupt one, or in a shallow clone whose history stops
//! before a file was added, the dates that cannot be established are left out (front
//! matter gives them) and [`History::note`] says once what was missing.

mod diff;

use crate::text::date::Date;
use gix::ObjectId;
use std::collections::HashMap;
use std::path::Path;

/// A file's dates from history; `None` where history cannot tell.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FileDates {
    pub published: Option<Date>,
    pub updated: Option<Date>,
}

#[derive(Debug, Default)]
pub struct History {
    /// By path relative to the site folder, `/`-separated (`content/artiklar/a.md`).
    pub dates: HashMap<String, FileDates>,
    /// One sentence for the editor when some dates could not be established.
    pub note: Option<String>,
}

/// The folders of a site whose files get dates.
const FOLDERS: [&str; 2] = ["content", "data"];

/// Read the dates of every file under `content/` and `data/` at `HEAD`.
pub fn read(root: &Path) -> History {
    match read_repo(root) {
        Ok(h) => h,
        Err(why) => History {
            dates: HashMap::new(),
            note: Some(format!(
                "dates from git are not used: {why}; pages show the dates of their front matter only"
            )),
        },
    }
}

/// Give each page its dates from history where its front matter has none: `published`
/// comes from history (left out when it would be after the page's `updated`),
/// `updated` only when front matter does not set it.
pub fn date_pages(pages: &mut [crate::load::content::Page], history: &History) {
    for page in pages {
        let key = page.file.to_string_lossy().replace('\\', "/");
        if let Some(d) = history.dates.get(&key) {
            if page.meta.updated.is_none() {
                page.meta.updated = d.updated;
            }
            // A front matter date before the file reached the repository means the text
            // is older than its history (moved in from elsewhere): history cannot tell
            // when it was first published.
            page.published = d
                .published
                .filter(|p| page.meta.updated.is_none_or(|u| p <= &u));
        }
    }
}

fn read_repo(root: &Path) -> Result<History, String> {
    let root = root
        .canonicalize()
        .map_err(|e| format!("cannot resolve the site folder: {e}"))?;
    let mut repo = gix::discover(&root).map_err(|e| match e {
        gix::discover::Error::Discover(_) => "the site is not in a git repository".to_string(),
        other => format!("the git repository cannot be opened ({other})"),
    })?;
    repo.object_cache_size_if_unset(16 * 1024 * 1024);
    let workdir = repo
        .workdir()
        .ok_or("the repository has no working tree")?
        .canonicalize()
        .map_err(|e| format!("cannot resolve the working tree: {e}"))?;
    let site_prefix = root
        .strip_prefix(&workdir)
        .map_err(|_| "the site folder is outside the repository's working tree".to_string())?
        .to_string_lossy()
        .replace('\\', "/");
    let head = repo
        .head_commit()
        .map_err(|e| format!("HEAD cannot be read ({e})"))?;
    let shallow: Vec<ObjectId> = repo
        .shallow_commits()
        .map_err(|e| format!("the shallow file cannot be read ({e})"))?
        .map(|c| c.iter().copied().collect())
        .unwrap_or_default();

    // The files at HEAD, and the name each had in the commit being looked at (renames
    // followed).
    let head_tree = head
        .tree_id()
        .map_err(|e| format!("HEAD is damaged ({e})"))?
        .detach();
    let mut at_head = Vec::new();
    for folder in FOLDERS {
        let sub = diff::subtree(&repo, head_tree, &join(&site_prefix, folder))?;
        diff::changes(&repo, None, sub, folder, &mut at_head)?;
    }
    let mut alias: HashMap<String, String> = at_head
        .into_iter()
        .map(|c| (c.path.clone(), c.path))
        .collect();
    let mut dates: HashMap<String, FileDates> = HashMap::new();
    let mut cut_short = 0usize;
    let walk = repo
        .rev_walk([head.id])
        .first_parent_only()
        .all()
        .map_err(|e| format!("the history cannot be walked ({e})"))?;
    for info in walk {
        if alias.is_empty() {
            break;
        }
        let info = info.map_err(|e| format!("the history is damaged ({e})"))?;
        let commit = info
            .object()
            .map_err(|e| format!("commit {} cannot be read ({e})", info.id))?;
        let date = author_date(&commit)?;
        let tree = commit
            .tree_id()
            .map_err(|e| format!("commit {} is damaged ({e})", info.id))?
            .detach();
        // A shallow clone's last commit names parents that are not there.
        let boundary = shallow.contains(&info.id);
        let parent = info.parent_ids.first().copied().filter(|_| !boundary);
        let parent_tree = match parent {
            Some(p) => Some(
                repo.find_commit(p)
                    .map_err(|e| format!("commit {p} cannot be read ({e})"))?
                    .tree_id()
                    .map_err(|e| format!("commit {p} is damaged ({e})"))?
                    .detach(),
            ),
            None => None,
        };
        let mut changes = Vec::new();
        for folder in FOLDERS {
            let path = join(&site_prefix, folder);
            let new = diff::subtree(&repo, tree, &path)?;
            let old = match parent_tree {
                Some(t) => diff::subtree(&repo, t, &path)?,
                None => None,
            };
            diff::changes(&repo, old, new, folder, &mut changes)?;
        }
        apply(
            &repo,
            &changes,
            date,
            boundary,
            &mut alias,
            &mut dates,
            &mut cut_short,
        )?;
    }
    // Files left in `alias` were never seen added: not committed yet (no git dates).
    let note = (cut_short > 0).then(|| {
        format!(
            "the git history is shallow: the first commit of {cut_short} file(s) is not in this clone, so their published date (and, where unchanged since, their updated date) comes from front matter only; in CI fetch the whole history (e.g. `git fetch --unshallow`, or a checkout with fetch-depth 0)"
        )
    });
    Ok(History { dates, note })
}

#[allow(clippy::too_many_arguments)]
fn apply(
    repo: &gix::Repository,
    changes: &[diff::Change],
    date: Date,
    boundary: bool,
    alias: &mut HashMap<String, String>,
    dates: &mut HashMap<String, FileDates>,
    cut_short: &mut usize,
) -> Result<(), String> {
    for change in changes {
        let Some(new) = change.new else { continue };
        let Some(current) = alias.get(&change.path).cloned() else {
            continue;
        };
        let entry = dates.entry(current.clone()).or_default();
        match change.old {
            Some(old) => {
                if entry.updated.is_none() && differs(repo, old, new)? {
                    entry.updated = Some(date);
                }
            }
            None if boundary => {
                // History stops here: the file may be older than this commit.
                *cut_short += 1;
                alias.remove(&change.path);
            }
            None => {
                let renamed_from = changes
                    .iter()
                    .find(|c| c.new.is_none() && c.old == Some(new))
                    .map(|c| c.path.clone());
                alias.remove(&change.path);
                match renamed_from {
                    Some(from) => {
                        alias.insert(from, current);
                    }
                    None => {
                        entry.published = Some(date);
                        entry.updated.get_or_insert(date);
                    }
                }
            }
        }
    }
    Ok(())
}

/// Whether two blobs differ in more than white space.
fn differs(repo: &gix::Repository, a: ObjectId, b: ObjectId) -> Result<bool, String> {
    let read = |id: ObjectId| {
        repo.find_object(id)
            .map(|o| o.data.clone())
            .map_err(|e| format!("blob {id} cannot be read ({e})"))
    };
    let (x, y) = (read(a)?, read(b)?);
    let visible = |d: &[u8]| -> Vec<u8> {
        d.iter()
            .copied()
            .filter(|c| !c.is_ascii_whitespace())
            .collect()
    };
    Ok(visible(&x) != visible(&y))
}

fn author_date(commit: &gix::Commit<'_>) -> Result<Date, String> {
    let author = commit
        .author()
        .map_err(|e| format!("commit {} is damaged ({e})", commit.id))?;
    let time = author
        .time()
        .map_err(|e| format!("commit {} has a bad date ({e})", commit.id))?;
    Ok(Date::from_unix_seconds(
        time.seconds + i64::from(time.offset),
    ))
}

fn join(prefix: &str, folder: &str) -> String {
    if prefix.is_empty() {
        folder.to_string()
    } else {
        format!("{prefix}/{folder}")
    }
}
