//! Translations placed among the pages: each `name.<lang>.md` is tied to its Swedish
//! source, given its URL under the language's prefix, checked against the source's
//! fingerprint, and the languages' required pages are checked. Runs first in the link
//! stage, because every later step needs the translations' URLs.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::config::Config;
use crate::load::content::{Page, PageKind};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};

/// Where a translation stands against its source, decided here and shown by render.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Freshness {
    /// Not a translation.
    #[default]
    Source,
    /// The fingerprint matches the source's text.
    Current,
    /// The source changed since: what changed, for the editor.
    Behind(Vec<String>),
    /// No fingerprint yet: nobody recorded which version it translates.
    Unstamped,
}

/// For every page (by index): its source page, if it is a translation.
pub struct Placed {
    pub source_of: Vec<Option<usize>>,
    pub freshness: Vec<Freshness>,
}

/// The fingerprint of a source page: a hash of its title and text, then a short hash per
/// block (paragraph, heading, list) so that a later check can say which blocks changed.
/// Spacing is folded first: reflowing a paragraph is not a change to translate.
pub fn fingerprint(page: &Page) -> String {
    let blocks = blocks_of(page);
    let mut whole = Sha256::new();
    let mut per_block = String::with_capacity(blocks.len() * 4);
    for (_, b) in &blocks {
        whole.update(b.as_bytes());
        whole.update([0]);
        per_block.push_str(&short_hash(b));
    }
    let digest = whole.finalize();
    let head: String = digest.iter().take(6).map(|b| format!("{b:02x}")).collect();
    format!("v1-{head}-{per_block}")
}

fn short_hash(block: &str) -> String {
    let d = Sha256::digest(block.as_bytes());
    format!("{:02x}{:02x}", d[0], d[1])
}

/// The title, then each blank-line-separated block of the body with its file line.
fn blocks_of(page: &Page) -> Vec<(usize, String)> {
    let mut out = vec![(1, fold(&page.meta.title))];
    let mut current = String::new();
    let mut start = page.body_first_line;
    for (i, line) in page.body().lines().enumerate() {
        let line_no = page.body_first_line + i;
        if line.trim().is_empty() {
            if !current.is_empty() {
                out.push((start, fold(&current)));
                current.clear();
            }
            continue;
        }
        if current.is_empty() {
            start = line_no;
        }
        current.push_str(line);
        current.push('\n');
    }
    if !current.is_empty() {
        out.push((start, fold(&current)));
    }
    out
}

fn fold(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Parse `v1-<12 hex>-<4 hex per block>`; `None` if it is not one.
fn parse_fingerprint(s: &str) -> Option<(&str, Vec<&str>)> {
    let rest = s.strip_prefix("v1-")?;
    let (head, blocks) = rest.split_once('-')?;
    let hex = |t: &str| {
        t.bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
    };
    if head.len() != 12 || !hex(head) || blocks.len() % 4 != 0 || !hex(blocks) || blocks.is_empty()
    {
        return None;
    }
    Some((
        head,
        (0..blocks.len() / 4)
            .map(|i| &blocks[i * 4..i * 4 + 4])
            .collect(),
    ))
}

/// What changed in `source` since the fingerprint `old`: blocks added or rewritten (with
/// their line and first words) and how many were removed.
fn changes(source: &Page, old_blocks: &[&str]) -> Vec<String> {
    let blocks = blocks_of(source);
    let mut remaining: HashMap<&str, usize> = HashMap::new();
    for b in old_blocks {
        *remaining.entry(b).or_default() += 1;
    }
    let mut out = Vec::new();
    for (i, (line, text)) in blocks.iter().enumerate() {
        let h = short_hash(text);
        match remaining.get_mut(h.as_str()) {
            Some(n) if *n > 0 => *n -= 1,
            _ => {
                let words: String = text.chars().take(60).collect();
                let what = if i == 0 { "the title" } else { "text" };
                out.push(format!(
                    "{what} at line {line} is new or changed: “{words}…”"
                ));
            }
        }
    }
    let removed: usize = remaining.values().sum();
    if removed > 0 {
        out.push(format!(
            "{removed} block(s) of the earlier text were removed"
        ));
    }
    out
}

/// Tie translations to their sources, give them URLs and check them. Pages that cannot be
/// placed (unknown language, no source, a duplicate) are removed with an error or a
/// warning, so that nothing half-published remains.
pub fn place(pages: &mut Vec<Page>, config: &Config, diags: &mut Diagnostics) -> Placed {
    let default = config.default_language().id.clone();
    for p in pages.iter_mut() {
        if p.translation.is_none() {
            p.lang = default.clone();
        }
    }
    // Sources by content path; translations by (source, language).
    let sources: HashMap<String, usize> = pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.translation.is_none())
        .map(|(i, p)| (p.content_path.clone(), i))
        .collect();
    let mut keep = vec![true; pages.len()];
    let mut seen: BTreeMap<(String, String), usize> = BTreeMap::new();
    for (i, p) in pages.iter().enumerate() {
        let Some(t) = &p.translation else { continue };
        let error = |code: &'static str, message: String, help: String| {
            Diagnostic::error(code, &p.file, message)
                .at(1, 1)
                .with_source(&p.text)
                .with_help(help)
        };
        let lower = p.lang.to_ascii_lowercase();
        if lower != p.lang {
            diags.push(error(
                "translation/language",
                format!("the language suffix `.{}` is not in lower case", p.lang),
                format!("rename the file to end in `.{lower}.md`"),
            ));
            keep[i] = false;
            continue;
        }
        if p.lang == default {
            diags.push(error(
                "translation/language",
                format!(
                    "`.{}` is the default language; its pages have no suffix",
                    p.lang
                ),
                format!("rename the file to {}", t.source),
            ));
            keep[i] = false;
            continue;
        }
        if config.language_by_id(&p.lang).is_none() {
            let known: Vec<String> = config
                .languages
                .iter()
                .skip(1)
                .map(|l| l.id.clone())
                .collect();
            diags.push(error(
                "translation/language",
                format!("`{}` is not a language of this site", p.lang),
                if known.is_empty() {
                    "add it under `languages:` in kunskapsnav.yaml (see docs/languages.md)".into()
                } else {
                    format!(
                        "the configured languages are {}; add `{}` under `languages:` in kunskapsnav.yaml",
                        known.join(", "),
                        p.lang
                    )
                },
            ));
            keep[i] = false;
            continue;
        }
        let Some(&src) = sources.get(&t.source) else {
            diags.push(
                Diagnostic::warning(
                    "translation/orphan",
                    &p.file,
                    format!(
                        "this translates content/{}, which does not exist; it is not published",
                        t.source
                    ),
                )
                .at(1, 1)
                .with_source(&p.text)
                .with_help(
                    "rename it after its source page, or delete it if the source was removed",
                ),
            );
            keep[i] = false;
            continue;
        };
        if matches!(pages[src].kind, PageKind::Ruling | PageKind::Term) {
            diags.push(error(
                "translation/unsupported",
                "rulings and glossary terms cannot be translated yet".into(),
                "describe the ruling or term in a translated article or page instead".into(),
            ));
            keep[i] = false;
            continue;
        }
        let key = (t.source.clone(), p.lang.clone());
        if let Some(&j) = seen.get(&key) {
            diags.push(error(
                "translation/duplicate",
                format!(
                    "{} already translates content/{} into `{}`",
                    pages[j].file.display(),
                    t.source,
                    p.lang
                ),
                "keep one translation per page and language".into(),
            ));
            keep[i] = false;
            continue;
        }
        seen.insert(key, i);
    }
    let mut index = 0;
    pages.retain(|_| {
        index += 1;
        keep[index - 1]
    });
    assign(pages, config, diags)
}

/// URLs, inherited fields and freshness of the (valid) translations.
fn assign(pages: &mut [Page], config: &Config, diags: &mut Diagnostics) -> Placed {
    let sources: HashMap<String, usize> = pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.translation.is_none())
        .map(|(i, p)| (p.content_path.clone(), i))
        .collect();
    let sections_by_path: HashMap<String, usize> = pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.translation.is_none() && p.is_section())
        .map(|(i, p)| (p.path.clone(), i))
        .collect();
    let mut source_of = vec![None; pages.len()];
    for (i, p) in pages.iter().enumerate() {
        if let Some(t) = &p.translation {
            source_of[i] = sources.get(&t.source).copied();
        }
    }
    let by_source_lang: HashMap<(usize, String), usize> = source_of
        .iter()
        .enumerate()
        .filter_map(|(i, s)| s.map(|s| ((s, pages[i].lang.clone()), i)))
        .collect();
    // Shallow first, so that a section's translated path is known before its pages'.
    let mut order: Vec<usize> = (0..pages.len())
        .filter(|&i| source_of[i].is_some())
        .collect();
    order.sort_by_key(|&i| pages[source_of[i].unwrap_or(i)].path.matches('/').count());
    let mut freshness = vec![Freshness::Source; pages.len()];
    for i in order {
        let Some(src) = source_of[i] else { continue };
        let lang = pages[i].lang.clone();
        let prefix = config
            .language_by_id(&lang)
            .map(|l| l.home_path())
            .unwrap_or_default();
        let source_path = pages[src].path.clone();
        let path = if source_path.is_empty() {
            prefix
        } else {
            let trimmed = source_path.trim_end_matches('/');
            let (parent, last) = trimmed.rsplit_once('/').unwrap_or(("", trimmed));
            let parent_path = if parent.is_empty() {
                String::new()
            } else {
                format!("{parent}/")
            };
            let parent_translated = sections_by_path
                .get(&parent_path)
                .and_then(|&s| by_source_lang.get(&(s, lang.clone())))
                .filter(|&&t| !pages[t].path.is_empty());
            let base = match parent_translated {
                Some(&t) => pages[t].path.clone(),
                None => format!("{prefix}{parent_path}"),
            };
            let slug = pages[i]
                .translation
                .as_ref()
                .and_then(|t| t.slug.clone())
                .unwrap_or_else(|| last.to_string());
            format!("{base}{slug}/")
        };
        freshness[i] = check_fingerprint(&pages[i], &pages[src], diags);
        // Audience and tags carry over; a template does not (the source's may list what
        // exists only in Swedish, such as the rulings).
        let (audience, tags) = {
            let s = &pages[src].meta;
            (s.audience.clone(), s.tags.clone())
        };
        let page = &mut pages[i];
        page.path = path;
        page.meta.audience = audience;
        page.meta.tags = tags;
    }
    Placed {
        source_of,
        freshness,
    }
}

/// Compare a translation's recorded fingerprint with its source's text now.
fn check_fingerprint(page: &Page, source: &Page, diags: &mut Diagnostics) -> Freshness {
    let Some(recorded) = page
        .translation
        .as_ref()
        .and_then(|t| t.source_fingerprint.as_deref())
    else {
        return Freshness::Unstamped;
    };
    let (line, col) = page.key_position("source_fingerprint");
    let Some((head, blocks)) = parse_fingerprint(recorded) else {
        diags.push(
            Diagnostic::error(
                "translation/fingerprint",
                &page.file,
                format!("`{recorded}` is not a fingerprint kunskapsnav wrote"),
            )
            .at(line, col)
            .with_source(&page.text)
            .with_help(format!(
                "run `kunskapsnav translations --stamp {}` once the translation matches its source",
                page.file.display()
            )),
        );
        return Freshness::Unstamped;
    };
    let now = fingerprint(source);
    if now.split('-').nth(1) == Some(head) {
        return Freshness::Current;
    }
    let what = changes(source, &blocks);
    diags.push(
        Diagnostic::warning(
            "translation/behind",
            &page.file,
            format!(
                "{} changed since this translation was made: {}",
                source.file.display(),
                what.join("; ")
            ),
        )
        .at(line, col)
        .with_source(&page.text)
        .with_help(format!(
            "update the translation, then run `kunskapsnav translations --stamp {}`",
            page.file.display()
        )),
    );
    Freshness::Behind(what)
}

/// The `{{ language_list() }}` shortcode: every language whose start page exists, each
/// named in itself and marked with its language, linked to that start page.
pub fn language_list_html(
    config: &Config,
    base_path: &str,
    exists: impl Fn(&str) -> bool,
) -> String {
    let mut html = String::from("<ul class=\"language-list\">\n");
    for l in &config.languages {
        let home = l.home_path();
        if !exists(&home) {
            continue;
        }
        html.push_str(&format!(
            "<li><a href=\"{}\" lang=\"{}\" dir=\"{}\" hreflang=\"{}\">{}</a></li>\n",
            crate::text::escape_html(&crate::link::join_url(base_path, &home)),
            crate::text::escape_html(&l.code),
            l.dir,
            crate::text::escape_html(&l.code),
            crate::text::escape_html(&l.name),
        ));
    }
    html.push_str("</ul>");
    html
}
