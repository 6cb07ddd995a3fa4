//! `kunskapsnav translations`: per language, which translations are up to date, which
//! have fallen behind their Swedish source (and what changed), which are not stamped,
//! which pages are missing (required or not) and which translations are orphaned. The
//! agency's work order. `--stamp FILE` records in a translation which version of its
//! source it translates.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::link::translations::{fingerprint, place, Freshness};
use crate::load::config::Config;
use crate::load::content::{self, split_language, Page, PageKind};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

#[derive(Debug, Default, Serialize)]
pub struct LanguageReport {
    pub id: String,
    pub code: String,
    pub name: String,
    pub up_to_date: Vec<String>,
    /// Translation file → what changed in its source.
    pub behind: BTreeMap<String, Vec<String>>,
    pub unstamped: Vec<String>,
    /// Required pages (by Swedish file) without a translation.
    pub missing_required: Vec<String>,
    /// Other Swedish pages without a translation (rulings and terms are not counted: they
    /// cannot be translated yet).
    pub missing_other: Vec<String>,
    /// Translations whose Swedish source does not exist.
    pub orphaned: Vec<String>,
}

/// The report for every language but the default, and the problems found on the way.
pub fn report(root: &Path) -> Result<(Vec<LanguageReport>, Diagnostics), Box<Diagnostic>> {
    let config = Config::load(root)?;
    let (loaded, mut diags) = content::load(root, true);
    let mut pages = loaded.pages;
    pages.sort_by(|a, b| a.content_path.cmp(&b.content_path));
    let sources: BTreeSet<String> = pages
        .iter()
        .filter(|p| p.translation.is_none())
        .map(|p| p.content_path.clone())
        .collect();
    let orphans: Vec<(String, String)> = pages
        .iter()
        .filter_map(|p| {
            let t = p.translation.as_ref()?;
            (!sources.contains(&t.source)).then(|| (p.lang.clone(), p.file.display().to_string()))
        })
        .collect();
    let mut place_diags = Diagnostics::new();
    let placed = place(&mut pages, &config, &mut place_diags);
    diags.extend(place_diags.into_vec());
    let mut out = Vec::new();
    for lang in config.languages.iter().skip(1) {
        let mut r = LanguageReport {
            id: lang.id.clone(),
            code: lang.code.clone(),
            name: lang.name.clone(),
            ..Default::default()
        };
        let mut translated: BTreeSet<&str> = BTreeSet::new();
        for (i, p) in pages.iter().enumerate().filter(|(_, p)| p.lang == lang.id) {
            let Some(src) = placed.source_of[i] else {
                continue;
            };
            translated.insert(pages[src].content_path.as_str());
            let file = p.file.display().to_string();
            match &placed.freshness[i] {
                Freshness::Current => r.up_to_date.push(file),
                Freshness::Behind(what) => {
                    r.behind.insert(file, what.clone());
                }
                Freshness::Unstamped | Freshness::Source => r.unstamped.push(file),
            }
        }
        let required: BTreeSet<String> = lang.required.iter().map(|k| format!("{k}.md")).collect();
        for p in pages.iter().filter(|p| p.translation.is_none()) {
            if translated.contains(p.content_path.as_str()) {
                continue;
            }
            let key = p.content_path.trim_end_matches(".md").to_string();
            if required.contains(&p.content_path) {
                r.missing_required.push(key);
            } else if !matches!(p.kind, PageKind::Ruling | PageKind::Term) {
                r.missing_other.push(key);
            }
        }
        // A required page named in the configuration that has no Swedish source at all.
        for k in &lang.required {
            if !sources.contains(&format!("{k}.md")) {
                diags.push(
                    Diagnostic::error(
                        "config/language",
                        crate::load::config::CONFIG_FILE,
                        format!("`{}` requires `{k}`, which is not a Swedish page", lang.id),
                    )
                    .with_help(
                        "name a file under content/ without `.md`, e.g. `fa-hjalp` or `_index`",
                    ),
                );
            }
        }
        r.orphaned = orphans
            .iter()
            .filter(|(l, _)| *l == lang.id)
            .map(|(_, f)| f.clone())
            .collect();
        out.push(r);
    }
    Ok((out, diags))
}

/// The report as text, a block per language.
pub fn render_text(reports: &[LanguageReport]) -> String {
    let mut s = String::new();
    for r in reports {
        let missing = r.missing_required.len();
        s.push_str(&format!(
            "{} ({}): {} up to date, {} behind, {} not stamped, {} required missing, {} other pages not translated, {} orphaned\n",
            r.name,
            r.id,
            r.up_to_date.len(),
            r.behind.len(),
            r.unstamped.len(),
            missing,
            r.missing_other.len(),
            r.orphaned.len()
        ));
        for (file, what) in &r.behind {
            s.push_str(&format!("  behind     {file}\n"));
            for w in what {
                s.push_str(&format!("               {w}\n"));
            }
        }
        for f in &r.unstamped {
            s.push_str(&format!("  unstamped  {f}\n"));
        }
        for k in &r.missing_required {
            s.push_str(&format!(
                "  missing    content/{k}.{}.md (required; translates content/{k}.md)\n",
                r.id
            ));
        }
        for f in &r.orphaned {
            s.push_str(&format!("  orphaned   {f}\n"));
        }
    }
    s
}

/// Whether `--strict` fails: a required page missing or an orphan anywhere.
pub fn strict_failures(reports: &[LanguageReport]) -> usize {
    reports
        .iter()
        .map(|r| r.missing_required.len() + r.orphaned.len())
        .sum()
}

/// Write the source's current fingerprint into the translation `file` (a path under the
/// root, e.g. `content/fa-hjalp.en.md`): replaces `source_fingerprint:` or adds it after
/// `translated:`. Returns the fingerprint written.
pub fn stamp(root: &Path, file: &Path) -> Result<String, Box<Diagnostic>> {
    let rel = file.strip_prefix(root).unwrap_or(file);
    let content_path = rel
        .strip_prefix(content::CONTENT_DIR)
        .ok()
        .and_then(|p| p.to_str())
        .map(|p| p.replace('\\', "/"));
    let bad = |msg: String| {
        Box::new(
            Diagnostic::error("translation/stamp", rel, msg)
                .with_help("name a translation under content/, e.g. content/fa-hjalp.en.md"),
        )
    };
    let Some(content_path) = content_path else {
        return Err(bad("this is not a file under content/".into()));
    };
    let Some((source, _)) = split_language(&content_path) else {
        return Err(bad(
            "this is not a translation (no language before .md)".into()
        ));
    };
    let source_page: Page = content::load_file(root, &source, true)?
        .ok_or_else(|| bad(format!("its source content/{source} was not found")))?;
    let print = fingerprint(&source_page);
    let abs = root.join(rel);
    let text = content::read_text_file(&abs, rel)?;
    // Validate it first: only a translation with good front matter is stamped.
    content::parse_page_text(text.clone(), rel.to_path_buf(), &content_path)?;
    let line = format!("source_fingerprint: \"{print}\"");
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let end = lines
        .iter()
        .skip(1)
        .position(|l| l.trim_end() == "---")
        .map(|i| i + 1);
    let Some(end) = end else {
        return Err(bad("its front matter is not closed".into()));
    };
    if let Some(existing) = lines[..end]
        .iter()
        .position(|l| l.starts_with("source_fingerprint:"))
    {
        lines[existing] = line;
    } else {
        let at = lines[..end]
            .iter()
            .position(|l| l.starts_with("translated:"))
            .map_or(end, |i| i + 1);
        lines.insert(at, line);
    }
    let mut new_text = lines.join("\n");
    new_text.push('\n');
    std::fs::write(&abs, new_text).map_err(|e| bad(format!("cannot write it: {e}")))?;
    Ok(print)
}
