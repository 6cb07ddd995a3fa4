//! What one commit changed under a folder: two trees compared entry by entry, descending
//! only into subtrees whose ids differ, so an unchanged folder costs one comparison.

use gix::ObjectId;
use std::cmp::Ordering;

/// One file whose blob differs between the parent's tree and the commit's.
#[derive(Debug, Clone)]
pub struct Change {
    /// `/`-separated, relative to the folder compared.
    pub path: String,
    pub old: Option<ObjectId>,
    pub new: Option<ObjectId>,
}

struct Entry {
    name: Vec<u8>,
    tree: bool,
    id: ObjectId,
}

fn entries(repo: &gix::Repository, id: Option<ObjectId>) -> Result<Vec<Entry>, String> {
    let Some(id) = id else {
        return Ok(Vec::new());
    };
    let object = repo
        .find_object(id)
        .map_err(|e| format!("tree {id}: {e}"))?;
    let mut out = Vec::new();
    for entry in gix::objs::TreeRefIter::from_bytes(&object.data, repo.object_hash()) {
        let entry = entry.map_err(|e| format!("tree {id}: {e}"))?;
        if entry.mode.is_commit() {
            continue; // a submodule: not content
        }
        out.push(Entry {
            name: entry.filename.to_vec(),
            tree: entry.mode.is_tree(),
            id: entry.oid.to_owned(),
        });
    }
    Ok(out)
}

/// Git's order of tree entries: a tree sorts as if its name ended in `/`.
fn order(a: &Entry, b: &Entry) -> Ordering {
    let key = |e: &Entry, i: usize| -> Option<u8> {
        e.name.get(i).copied().or(if i == e.name.len() && e.tree {
            Some(b'/')
        } else {
            None
        })
    };
    let mut i = 0;
    loop {
        match (key(a, i), key(b, i)) {
            (None, None) => return Ordering::Equal,
            (x, y) if x != y => return x.cmp(&y),
            _ => i += 1,
        }
    }
}

/// Every blob that differs between trees `old` and `new` (either may be absent).
pub fn changes(
    repo: &gix::Repository,
    old: Option<ObjectId>,
    new: Option<ObjectId>,
    prefix: &str,
    out: &mut Vec<Change>,
) -> Result<(), String> {
    if old == new {
        return Ok(());
    }
    let a = entries(repo, old)?;
    let b = entries(repo, new)?;
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        let ord = match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) => order(x, y),
            (Some(_), None) => Ordering::Less,
            _ => Ordering::Greater,
        };
        match ord {
            Ordering::Less => {
                side(repo, &a[i], prefix, true, out)?;
                i += 1;
            }
            Ordering::Greater => {
                side(repo, &b[j], prefix, false, out)?;
                j += 1;
            }
            Ordering::Equal => {
                let (x, y) = (&a[i], &b[j]);
                if x.id != y.id {
                    let path = join(prefix, &x.name);
                    if x.tree && y.tree {
                        changes(repo, Some(x.id), Some(y.id), &path, out)?;
                    } else if !x.tree && !y.tree {
                        out.push(Change {
                            path,
                            old: Some(x.id),
                            new: Some(y.id),
                        });
                    } else {
                        side(repo, x, prefix, true, out)?;
                        side(repo, y, prefix, false, out)?;
                    }
                }
                i += 1;
                j += 1;
            }
        }
    }
    Ok(())
}

/// An entry on one side only: every blob under it was deleted (`gone`) or added.
fn side(
    repo: &gix::Repository,
    e: &Entry,
    prefix: &str,
    gone: bool,
    out: &mut Vec<Change>,
) -> Result<(), String> {
    let path = join(prefix, &e.name);
    if e.tree {
        let (old, new) = if gone {
            (Some(e.id), None)
        } else {
            (None, Some(e.id))
        };
        return changes(repo, old, new, &path, out);
    }
    let (old, new) = if gone {
        (Some(e.id), None)
    } else {
        (None, Some(e.id))
    };
    out.push(Change { path, old, new });
    Ok(())
}

fn join(prefix: &str, name: &[u8]) -> String {
    let name = String::from_utf8_lossy(name);
    if prefix.is_empty() {
        name.into_owned()
    } else {
        format!("{prefix}/{name}")
    }
}

/// The id of the tree at `path` (`/`-separated) under tree `root`, if there is one.
pub fn subtree(
    repo: &gix::Repository,
    root: ObjectId,
    path: &str,
) -> Result<Option<ObjectId>, String> {
    let mut current = root;
    for part in path.split('/').filter(|p| !p.is_empty()) {
        let found = entries(repo, Some(current))?
            .into_iter()
            .find(|e| e.tree && e.name == part.as_bytes());
        match found {
            Some(e) => current = e.id,
            None => return Ok(None),
        }
    }
    Ok(Some(current))
}
