//! Loading: walk `content/`, read each Markdown file, split and type its front matter.
//! Nothing here renders; the result is a flat list of [`Page`]s plus co-located assets.

pub mod frontmatter;
mod read;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::yaml::{self, Offset};
use crate::text::date::Date;
use crate::text::slug::slugify;
use frontmatter::{ArticleFm, Audience, PageFm, RulingFm, SortBy, TermFm, TranslationFm};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

pub use read::{decode_text, read_text_file, MAX_FILE_BYTES};

pub const CONTENT_DIR: &str = "content";

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PageKind {
    /// A folder's `_index.md`; the root one is the home page.
    Section,
    Article,
    Page,
    Ruling,
    Term,
}

impl PageKind {
    /// The kind's name in the site's language, used in search and lists.
    pub fn label(self) -> &'static str {
        match self {
            PageKind::Section => "avsnitt",
            PageKind::Article => "artikel",
            PageKind::Page => "sida",
            PageKind::Ruling => "rättsfall",
            PageKind::Term => "ordlista",
        }
    }
}

/// Fields every kind shares, normalised from its own front matter.
#[derive(Debug, Clone)]
pub struct Meta {
    pub title: String,
    pub summary: String,
    pub updated: Option<Date>,
    pub draft: bool,
    pub weight: Option<i64>,
    pub template: Option<String>,
    pub tags: Vec<String>,
    pub audience: Vec<Audience>,
    pub sort_by: SortBy,
}

/// One Markdown file, loaded and typed.
#[derive(Debug, Clone)]
pub struct Page {
    /// Path relative to the site root, for diagnostics: `content/artiklar/koppleri.md`.
    pub file: PathBuf,
    /// Path relative to `content/`, with `/` separators: `artiklar/koppleri.md`.
    pub content_path: String,
    pub kind: PageKind,
    pub meta: Meta,
    pub ruling: Option<RulingFm>,
    pub term: Option<TermFm>,
    /// The whole file text (BOM removed, LF line ends), for showing source lines.
    pub text: String,
    /// Byte offset of the body in `text`, and its first line number.
    pub body_offset: usize,
    pub body_first_line: usize,
    /// The YAML of the front matter and its first file line, for locating fields later.
    pub yaml_range: (usize, usize),
    pub yaml_first_line: usize,
    /// Site path without the base path, with a trailing slash; "" for the home page.
    /// For a translation, set by the link stage (it depends on the source's path).
    pub path: String,
    /// Language id: the default language's for Swedish pages, else the file's suffix.
    pub lang: String,
    /// For a translation (`fa-hjalp.en.md`): what it translates and when.
    pub translation: Option<Translation>,
    /// When the page was first published: from git history (`load::history`), set by
    /// the pipeline after loading; `None` when history cannot tell.
    pub published: Option<Date>,
}

/// What a translation's file name and front matter say about its source.
#[derive(Debug, Clone)]
pub struct Translation {
    /// The source's path under `content/`: `fa-hjalp.md` for `fa-hjalp.en.md`.
    pub source: String,
    pub translated: Date,
    /// As written; checked against the source's text by the link stage.
    pub source_fingerprint: Option<String>,
    /// The translation's own last segment, if it has one.
    pub slug: Option<String>,
}

/// `fa-hjalp.en.md` → (`fa-hjalp.md`, `en`); `_index.lattlast.md` → (`_index.md`,
/// `lattlast`). `None` for a file without a language suffix.
pub fn split_language(content_path: &str) -> Option<(String, &str)> {
    let stem = content_path.strip_suffix(".md")?;
    let (dir_and_name, lang) = stem.rsplit_once('.')?;
    if dir_and_name.ends_with('/') || dir_and_name.is_empty() {
        return None;
    }
    // Upper case is taken here so that the link stage can say "write it in lower case".
    if !crate::load::languages::is_id(&lang.to_ascii_lowercase()) {
        return None;
    }
    Some((format!("{dir_and_name}.md"), lang))
}

impl Page {
    pub fn body(&self) -> &str {
        &self.text[self.body_offset..]
    }

    pub fn yaml(&self) -> &str {
        &self.text[self.yaml_range.0..self.yaml_range.1]
    }

    pub fn yaml_offset(&self) -> Offset {
        Offset {
            lines: self.yaml_first_line - 1,
        }
    }

    /// Where a front matter key is, for diagnostics raised after parsing.
    pub fn key_position(&self, key: &str) -> (usize, usize) {
        yaml::key_position(self.yaml(), key, self.yaml_offset()).unwrap_or((1, 1))
    }

    pub fn value_position(&self, key: &str, needle: &str) -> (usize, usize) {
        yaml::value_position(self.yaml(), key, needle, self.yaml_offset()).unwrap_or((1, 1))
    }

    /// Folder of the file within `content/`: `artiklar` for `artiklar/koppleri.md`.
    pub fn content_dir(&self) -> &str {
        match self.content_path.rfind('/') {
            Some(i) => &self.content_path[..i],
            None => "",
        }
    }

    pub fn is_section(&self) -> bool {
        self.kind == PageKind::Section
    }
}

/// A non-Markdown file inside `content/`, published at the same relative path.
#[derive(Debug, Clone)]
pub struct ContentAsset {
    pub source: PathBuf,
    /// Relative to `content/`, `/`-separated.
    pub content_path: String,
}

#[derive(Debug, Default)]
pub struct Loaded {
    pub pages: Vec<Page>,
    pub assets: Vec<ContentAsset>,
}

/// Load every file under `root/content`. Drafts are dropped unless `include_drafts`.
pub fn load(root: &Path, include_drafts: bool) -> (Loaded, Diagnostics) {
    let mut diags = Diagnostics::new();
    let content_root = root.join(CONTENT_DIR);
    let (md_files, assets) = read::discover(root, &content_root, &mut diags);
    let results: Vec<Result<Page, Box<Diagnostic>>> = md_files
        .par_iter()
        .map(|(abs, content_path)| load_page(root, abs, content_path))
        .collect();
    let mut pages = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(p) if p.meta.draft && !include_drafts => {}
            Ok(p) => pages.push(p),
            Err(d) => diags.push(*d),
        }
    }
    (Loaded { pages, assets }, diags)
}

/// Load one Markdown file by its path under `content/` (`serve` reloads the files that
/// changed). `Ok(None)` for a draft when drafts are left out.
pub fn load_file(
    root: &Path,
    content_path: &str,
    include_drafts: bool,
) -> Result<Option<Page>, Box<Diagnostic>> {
    let mut abs = root.join(CONTENT_DIR);
    abs.extend(content_path.split('/'));
    let page = load_page(root, &abs, content_path)?;
    Ok((include_drafts || !page.meta.draft).then_some(page))
}

fn kind_for(content_path: &str) -> PageKind {
    let file_name = content_path.rsplit('/').next().unwrap_or(content_path);
    if file_name == "_index.md" {
        return PageKind::Section;
    }
    match content_path.split('/').next() {
        Some("artiklar") if content_path.contains('/') => PageKind::Article,
        Some("rattsfall") if content_path.contains('/') => PageKind::Ruling,
        Some("ordlista") if content_path.contains('/') => PageKind::Term,
        _ => PageKind::Page,
    }
}

fn load_page(root: &Path, abs: &Path, content_path: &str) -> Result<Page, Box<Diagnostic>> {
    let file = crate::diagnostics::relative_to(root, abs);
    let text = read_text_file(abs, &file)?;
    parse_page_text(text, file, content_path)
}

/// Type one content file from its text (as [`decode_text`] returns it): split the front
/// matter, parse it for the kind `content_path` implies and check title and slug. `file`
/// names the file in diagnostics. What [`load`] does per file, without the file system.
pub fn parse_page_text(
    text: String,
    file: PathBuf,
    content_path: &str,
) -> Result<Page, Box<Diagnostic>> {
    let language = split_language(content_path);
    let kind = kind_for(language.as_ref().map_or(content_path, |(s, _)| s.as_str()));
    let split = frontmatter::split(&text, &file)?;
    let offset = Offset {
        lines: split.yaml_first_line - 1,
    };
    let code = "front-matter/invalid";
    let mut translation = None;
    let (meta, slug, ruling, term) = if let Some((source, _)) = &language {
        let fm: TranslationFm = yaml::parse(split.yaml, &file, &text, offset, code)?;
        let meta = Meta {
            title: fm.title,
            summary: fm.summary,
            updated: fm.updated,
            draft: fm.draft,
            weight: fm.weight,
            template: fm.template,
            tags: Vec::new(),
            audience: Vec::new(),
            sort_by: fm.sort_by.unwrap_or_default(),
        };
        translation = Some(Translation {
            source: source.clone(),
            translated: fm.translated,
            source_fingerprint: fm.source_fingerprint,
            slug: fm.slug.clone(),
        });
        (meta, fm.slug, None, None)
    } else {
        match kind {
            PageKind::Article => {
                let fm: ArticleFm = yaml::parse(split.yaml, &file, &text, offset, code)?;
                if fm.audience.is_empty() {
                    let (l, c) =
                        yaml::key_position(split.yaml, "audience", offset).unwrap_or((1, 1));
                    return Err(Box::new(
                    Diagnostic::error(code, &file, "`audience` is empty")
                        .at(l, c)
                        .with_source(&text)
                        .with_help("name at least one of allmänhet, rättsväsende, utbildare, yrkesverksamma"),
                ));
                }
                let meta = Meta {
                    title: fm.title,
                    summary: fm.summary,
                    updated: Some(fm.updated),
                    draft: fm.draft,
                    weight: fm.weight,
                    template: fm.template,
                    tags: fm.tags,
                    audience: fm.audience,
                    sort_by: SortBy::Weight,
                };
                (meta, fm.slug, None, None)
            }
            PageKind::Ruling => {
                let fm: RulingFm = yaml::parse(split.yaml, &file, &text, offset, code)?;
                let meta = Meta {
                    title: fm.title.clone(),
                    summary: fm.summary.clone(),
                    updated: fm.updated.or(Some(fm.decided)),
                    draft: fm.draft,
                    weight: None,
                    template: None,
                    tags: fm.tags.clone(),
                    audience: fm.audience.clone(),
                    sort_by: SortBy::Weight,
                };
                let slug = fm.slug.clone();
                (meta, slug, Some(fm), None)
            }
            PageKind::Term => {
                let fm: TermFm = yaml::parse(split.yaml, &file, &text, offset, code)?;
                if let Some(lang) = fm
                    .lang
                    .as_deref()
                    .filter(|l| !crate::load::languages::is_bcp47(l))
                {
                    let (l, c) = yaml::key_position(split.yaml, "lang", offset).unwrap_or((1, 1));
                    return Err(Box::new(
                        Diagnostic::error(
                            code,
                            &file,
                            format!("`{lang}` is not a BCP 47 language code"),
                        )
                        .at(l, c)
                        .with_source(&text)
                        .with_help("write the term's language as a code such as `en` or `fr`"),
                    ));
                }
                let meta = Meta {
                    title: fm.title.clone(),
                    summary: fm.summary.clone(),
                    updated: fm.updated,
                    draft: fm.draft,
                    weight: None,
                    template: None,
                    tags: Vec::new(),
                    audience: Vec::new(),
                    sort_by: SortBy::Title,
                };
                let slug = fm.slug.clone();
                (meta, slug, None, Some(fm))
            }
            PageKind::Page | PageKind::Section => {
                let fm: PageFm = yaml::parse(split.yaml, &file, &text, offset, code)?;
                let meta = Meta {
                    title: fm.title,
                    summary: fm.summary,
                    updated: fm.updated,
                    draft: fm.draft,
                    weight: fm.weight,
                    template: fm.template,
                    tags: fm.tags,
                    audience: fm.audience,
                    sort_by: fm.sort_by,
                };
                (meta, fm.slug, None, None)
            }
        }
    };
    if meta.title.trim().is_empty() {
        let (l, c) = yaml::key_position(split.yaml, "title", offset).unwrap_or((1, 1));
        return Err(Box::new(
            Diagnostic::error(code, &file, "`title` is empty")
                .at(l, c)
                .with_source(&text)
                .with_help("every page needs a title; it becomes the page's only h1"),
        ));
    }
    if let Some(s) = &slug {
        if slugify(s) != *s || s.is_empty() {
            let (l, c) = yaml::key_position(split.yaml, "slug", offset).unwrap_or((1, 1));
            return Err(Box::new(
                Diagnostic::error(
                    code,
                    &file,
                    format!("slug `{s}` is not a valid URL segment"),
                )
                .at(l, c)
                .with_source(&text)
                .with_help(format!(
                    "use lower-case a–z, 0–9 and hyphens, e.g. `{}`",
                    slugify(s)
                )),
            ));
        }
    }
    let path = match &language {
        Some(_) => String::new(),
        None => url_path(content_path, kind, slug.as_deref()),
    };
    let yaml_start = split.yaml.as_ptr() as usize - text.as_ptr() as usize;
    let body_offset = split.body.as_ptr() as usize - text.as_ptr() as usize;
    let yaml_range = (yaml_start, yaml_start + split.yaml.len());
    let body_first_line = split.body_first_line;
    let yaml_first_line = split.yaml_first_line;
    Ok(Page {
        file,
        content_path: content_path.to_string(),
        kind,
        meta,
        ruling,
        term,
        text,
        body_offset,
        body_first_line,
        yaml_range,
        yaml_first_line,
        path,
        lang: language.map(|(_, l)| l.to_string()).unwrap_or_default(),
        translation,
        published: None,
    })
}

/// `artiklar/Grunder/Om människohandel.md` → `artiklar/grunder/om-manniskohandel/`.
pub fn url_path(content_path: &str, kind: PageKind, slug: Option<&str>) -> String {
    let mut segments: Vec<String> = content_path.split('/').map(|s| s.to_string()).collect();
    let file = segments.pop().unwrap_or_default();
    let mut out: Vec<String> = segments.iter().map(|s| slugify(s)).collect();
    if kind == PageKind::Section {
        if let (Some(s), Some(last)) = (slug, out.last_mut()) {
            *last = s.to_string();
        }
    } else {
        let stem = file.strip_suffix(".md").unwrap_or(&file);
        out.push(slug.map(str::to_string).unwrap_or_else(|| slugify(stem)));
    }
    if out.is_empty() {
        String::new()
    } else {
        format!("{}/", out.join("/"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_follow_folders_and_fold_letters() {
        assert_eq!(
            url_path("artiklar/Om människohandel.md", PageKind::Article, None),
            "artiklar/om-manniskohandel/"
        );
        assert_eq!(
            url_path("artiklar/_index.md", PageKind::Section, None),
            "artiklar/"
        );
        assert_eq!(url_path("_index.md", PageKind::Section, None), "");
        assert_eq!(
            url_path("om.md", PageKind::Page, Some("om-webbplatsen")),
            "om-webbplatsen/"
        );
    }

    #[test]
    fn kinds_follow_the_top_folder() {
        assert_eq!(kind_for("artiklar/x.md"), PageKind::Article);
        assert_eq!(kind_for("rattsfall/x.md"), PageKind::Ruling);
        assert_eq!(kind_for("rattsfall/_index.md"), PageKind::Section);
        assert_eq!(kind_for("om.md"), PageKind::Page);
    }
}
