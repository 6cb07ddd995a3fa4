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

fn load(repo: &gix::Repository, id: Option<ObjectId>) -> Result<Vec<u8>, String> {
    match id {
        None => Ok(Vec::new()),
        Some(id) => repo
            .find_object(id)
            .map(|o| o.detach().data)
            .map_err(|e| format!("tree {id}: {e}")),
    }
}

/// The next entry of a tree, submodules skipped; names borrowed from the tree's bytes.
fn next<'a>(
    it: &mut gix::objs::TreeRefIter<'a>,
) -> Result<Option<gix::objs::tree::EntryRef<'a>>, String> {
    for entry in it.by_ref() {
        let entry = entry.map_err(|e| format!("a tree is damaged: {e}"))?;
        if !entry.mode.is_commit() {
            return Ok(Some(entry));
        }
    }
    Ok(None)
}

fn owned(e: &gix::objs::tree::EntryRef<'_>) -> Entry {
    Entry {
        name: e.filename.to_vec(),
        tree: e.mode.is_tree(),
        id: e.oid.to_owned(),
    }
}

/// Git's order of tree entries: a tree sorts as if its name ended in `/`.
fn order(a: &[u8], a_tree: bool, b: &[u8], b_tree: bool) -> Ordering {
    let key = |n: &[u8], tree: bool, i: usize| -> Option<u8> {
        n.get(i).copied().or(if i == n.len() && tree {
            Some(b'/')
        } else {
            None
        })
    };
    let common = a.len().min(b.len());
    match a[..common].cmp(&b[..common]) {
        Ordering::Equal => {}
        other => return other,
    }
    key(a, a_tree, common).cmp(&key(b, b_tree, common))
}

/// Every blob that differs between trees `old` and `new` (either may be absent). The
/// two trees are walked side by side without copying their entries; only entries that
/// differ are looked at further.
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
    let (a_data, b_data) = (load(repo, old)?, load(repo, new)?);
    let hash = repo.object_hash();
    let mut ai = gix::objs::TreeRefIter::from_bytes(&a_data, hash);
    let mut bi = gix::objs::TreeRefIter::from_bytes(&b_data, hash);
    let (mut a, mut b) = (next(&mut ai)?, next(&mut bi)?);
    loop {
        let ord = match (&a, &b) {
            (None, None) => return Ok(()),
            (Some(x), Some(y)) => order(x.filename, x.mode.is_tree(), y.filename, y.mode.is_tree()),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
        };
        match (ord, &a, &b) {
            (Ordering::Less, Some(x), _) => {
                side(repo, &owned(x), prefix, true, out)?;
                a = next(&mut ai)?;
            }
            (Ordering::Greater, _, Some(y)) => {
                side(repo, &owned(y), prefix, false, out)?;
                b = next(&mut bi)?;
            }
            (Ordering::Equal, Some(x), Some(y)) => {
                if x.oid != y.oid {
                    let (x, y) = (owned(x), owned(y));
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
                        side(repo, &x, prefix, true, out)?;
                        side(repo, &y, prefix, false, out)?;
                    }
                }
                a = next(&mut ai)?;
                b = next(&mut bi)?;
            }
            _ => return Ok(()),
        }
    }
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
        let data = load(repo, Some(current))?;
        let mut it = gix::objs::TreeRefIter::from_bytes(&data, repo.object_hash());
        let mut found = None;
        while let Some(e) = next(&mut it)? {
            if e.mode.is_tree() && e.filename == part.as_bytes() {
                found = Some(e.oid.to_owned());
                break;
            }
        }
        match found {
            Some(id) => current = id,
            None => return Ok(None),
        }
    }
    Ok(Some(current))
}
