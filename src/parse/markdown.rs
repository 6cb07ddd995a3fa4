//! Markdown with comrak, in two passes over the same prepared text.
//!
//! `analyse` collects what linking needs (heading ids, links, citations) without
//! rendering; `render` turns the text into HTML with every link already resolved. The
//! second parse is cheaper than keeping thousands of comrak arenas alive between stages,
//! and it keeps rendering free of any global state.

use crate::text::slug::IdAllocator;
use comrak::adapters::{HeadingAdapter, HeadingMeta};
use comrak::nodes::{AstNode, NodeLink, NodeValue, Sourcepos};
use comrak::options::Plugins;
use comrak::{parse_document, Arena, Options};
use serde::Serialize;
use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::sync::Mutex;

#[derive(Debug, Clone, Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub title: String,
    #[serde(skip)]
    pub line: usize,
}

/// A link or citation as written, with its position in the body (1-based).
#[derive(Debug, Clone)]
pub struct Reference {
    pub target: String,
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Analysis {
    pub headings: Vec<Heading>,
    pub links: Vec<Reference>,
    pub citations: Vec<Reference>,
    pub words: usize,
    /// What content may not publish (see [`crate::parse::html_safety`]): a `javascript:` link,
    /// and when raw HTML is allowed, a `<script>` or an event handler. Each is an error.
    pub refused: Vec<Refused>,
}

/// A refused construct with its position in the body (1-based; the column in bytes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub code: &'static str,
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub help: &'static str,
}

fn refused_url(url: &str, image: bool, sp: Sourcepos) -> Option<Refused> {
    let scheme = crate::parse::html_safety::refused_scheme(url, image)?;
    let what = if image { "image" } else { "link" };
    let shown: String = url.chars().take(60).collect();
    let more = if shown.len() < url.len() { "…" } else { "" };
    Some(Refused {
        code: "link/refused-url",
        line: sp.start.line,
        column: sp.start.column,
        message: format!("the {what} `{shown}{more}` uses `{scheme}:`, which is refused"),
        help: crate::parse::html_safety::URL_HELP,
    })
}

/// Problems of a raw HTML node, placed by their offset in its literal.
fn refused_html(literal: &str, sp: Sourcepos) -> Vec<Refused> {
    crate::parse::html_safety::scan(literal)
        .into_iter()
        .map(|p| {
            let before = &literal[..p.offset];
            let newlines = before.matches('\n').count();
            let column = match before.rfind('\n') {
                Some(nl) => p.offset - nl,
                None => sp.start.column + p.offset,
            };
            Refused {
                code: "html/refused",
                line: sp.start.line + newlines,
                column,
                message: p.message,
                help: p.help,
            }
        })
        .collect()
}

/// A nested table of contents entry for templates.
#[derive(Debug, Clone, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
    pub children: Vec<TocEntry>,
}

/// Everything `render` needs to know that `analyse` could not.
#[derive(Debug, Default)]
pub struct Resolved {
    /// Link target as written → final URL. Targets absent here are left as written.
    pub links: HashMap<String, String>,
    /// Citation target as written → (URL, citation text).
    pub citations: HashMap<String, (String, String)>,
    /// Glossary terms whose first mention links to their page (see [`crate::parse::glossary`]).
    pub glossary: Option<crate::parse::glossary::GlossaryLinks>,
}

pub fn options(allow_html: bool) -> Options<'static> {
    let mut o = Options::default();
    o.extension.strikethrough = true;
    o.extension.table = true;
    o.extension.autolink = true;
    o.extension.footnotes = true;
    o.extension.wikilinks_title_after_pipe = true;
    o.render.r#unsafe = allow_html;
    o.render.escape = !allow_html;
    o
}

fn text_of<'a>(node: &'a AstNode<'a>) -> String {
    let mut s = String::new();
    for d in node.descendants() {
        match &d.data().value {
            NodeValue::Text(t) => s.push_str(t),
            NodeValue::Code(c) => s.push_str(&c.literal),
            NodeValue::SoftBreak | NodeValue::LineBreak => s.push(' '),
            _ => {}
        }
    }
    s
}

fn position(sp: Sourcepos) -> (usize, usize) {
    (sp.start.line, sp.start.column)
}

pub fn analyse(prepared: &str, opts: &Options) -> Analysis {
    let arena = Arena::new();
    let root = parse_document(&arena, prepared, opts);
    let mut ids = IdAllocator::default();
    let mut a = Analysis::default();
    for node in root.descendants() {
        let data = node.data();
        match &data.value {
            NodeValue::Heading(h) => {
                let title = text_of(node);
                let (line, _) = position(data.sourcepos);
                a.headings.push(Heading {
                    level: h.level,
                    id: ids.next_id(&title),
                    title,
                    line,
                });
            }
            NodeValue::Link(l) => {
                let (line, column) = position(data.sourcepos);
                a.refused.extend(refused_url(&l.url, false, data.sourcepos));
                a.links.push(Reference {
                    target: l.url.clone(),
                    line,
                    column,
                });
            }
            NodeValue::Image(l) => {
                a.refused.extend(refused_url(&l.url, true, data.sourcepos));
            }
            // Escaped unless allowed; then checked.
            NodeValue::HtmlBlock(h) if opts.render.r#unsafe => {
                a.refused.extend(refused_html(&h.literal, data.sourcepos));
            }
            NodeValue::HtmlInline(h) if opts.render.r#unsafe => {
                a.refused.extend(refused_html(h, data.sourcepos));
            }
            NodeValue::WikiLink(w) => {
                let (line, column) = position(data.sourcepos);
                a.citations.push(Reference {
                    target: w.url.trim().to_string(),
                    line,
                    column,
                });
            }
            NodeValue::Text(t) => a.words += t.split_whitespace().count(),
            _ => {}
        }
    }
    a
}

/// The readable text of a body (no markup, no URLs), paragraphs separated by blank
/// lines; what the search index stores and snippets are cut from.
pub fn plain_text(prepared: &str, opts: &Options) -> String {
    let arena = Arena::new();
    let root = parse_document(&arena, prepared, opts);
    let mut out = String::with_capacity(prepared.len());
    for node in root.descendants() {
        match &node.data().value {
            NodeValue::Text(t) => out.push_str(t),
            NodeValue::Code(c) => out.push_str(&c.literal),
            NodeValue::SoftBreak | NodeValue::LineBreak => out.push(' '),
            NodeValue::Paragraph
            | NodeValue::Heading(_)
            | NodeValue::TableCell
            | NodeValue::Item(_)
                if !out.ends_with(char::is_whitespace) && !out.is_empty() =>
            {
                out.push('\n');
            }
            _ => {}
        }
    }
    // Shortcode placeholders carry no words.
    out.replace(crate::parse::shortcode::MARK, " ")
}

/// Writes `<hN id="…">` with the ids `analyse` allotted, in document order.
struct HeadingIds {
    queue: Mutex<VecDeque<String>>,
}

impl HeadingAdapter for HeadingIds {
    fn enter(
        &self,
        out: &mut dyn fmt::Write,
        h: &HeadingMeta,
        _sp: Option<Sourcepos>,
    ) -> fmt::Result {
        let id = self
            .queue
            .lock()
            .ok()
            .and_then(|mut q| q.pop_front())
            .unwrap_or_default();
        write!(out, "<h{} id=\"{}\">", h.level, id)
    }

    fn exit(&self, out: &mut dyn fmt::Write, h: &HeadingMeta) -> fmt::Result {
        write!(out, "</h{}>", h.level)
    }
}

/// Render prepared Markdown to HTML, rewriting links and citations per `resolved`.
pub fn render(prepared: &str, opts: &Options, headings: &[Heading], resolved: &Resolved) -> String {
    let arena = Arena::new();
    let root = parse_document(&arena, prepared, opts);
    let mut wikilinks = Vec::new();
    for node in root.descendants() {
        let mut data = node.data_mut();
        match &mut data.value {
            NodeValue::Link(l) => {
                if let Some(url) = resolved.links.get(&l.url) {
                    l.url = url.clone();
                }
                // The link stage reports these; a page rendered without it stays safe.
                if crate::parse::html_safety::refused_scheme(&l.url, false).is_some() {
                    l.url.clear();
                }
            }
            NodeValue::Image(l)
                if crate::parse::html_safety::refused_scheme(&l.url, true).is_some() =>
            {
                l.url.clear();
            }
            NodeValue::HtmlBlock(h) if !crate::parse::html_safety::scan(&h.literal).is_empty() => {
                data.value = NodeValue::Text(std::mem::take(&mut h.literal).into());
            }
            NodeValue::HtmlInline(h) if !crate::parse::html_safety::scan(h).is_empty() => {
                data.value = NodeValue::Text(std::mem::take(h).into());
            }
            NodeValue::WikiLink(_) => wikilinks.push(node),
            _ => {}
        }
    }
    for node in wikilinks {
        let target = match &node.data().value {
            NodeValue::WikiLink(w) => w.url.trim().to_string(),
            _ => continue,
        };
        let Some((url, citation)) = resolved.citations.get(&target) else {
            continue; // unresolved citations were reported as errors; nothing is published
        };
        // `[[B 583-23]]` shows the full citation; `[[B 583-23|text]]` keeps the text.
        if text_of(node).trim() == target {
            for child in node.children().collect::<Vec<_>>() {
                child.detach();
            }
            let text = arena.alloc(AstNode::from(NodeValue::Text(citation.clone().into())));
            node.append(text);
        }
        node.data_mut().value = NodeValue::Link(Box::new(NodeLink {
            url: url.clone(),
            title: String::new(),
        }));
    }
    if let Some(g) = &resolved.glossary {
        g.apply(&arena, root);
    }
    let adapter = HeadingIds {
        queue: Mutex::new(headings.iter().map(|h| h.id.clone()).collect()),
    };
    let mut plugins = Plugins::default();
    plugins.render.heading_adapter = Some(&adapter);
    let mut html = String::with_capacity(prepared.len() * 2);
    if comrak::format_html_with_plugins(root, opts, &mut html, &plugins).is_err() {
        return String::new();
    }
    wrap_tables(&mark_external_links(&swedish_footnote_labels(&html)))
}

/// comrak labels footnote back-links in English ("Back to reference 1"); the site is
/// Swedish, and a screen reader would read the English words with Swedish sounds.
fn swedish_footnote_labels(html: &str) -> String {
    if !html.contains("data-footnote-backref") {
        return html.to_string();
    }
    html.replace(
        "aria-label=\"Back to reference ",
        "aria-label=\"Tillbaka till hänvisning ",
    )
}

/// Wide tables scroll inside their own keyboard-focusable region instead of making the
/// whole page scroll sideways on a phone (WCAG 1.4.10 reflow).
fn wrap_tables(html: &str) -> String {
    if !html.contains("<table>") {
        return html.to_string();
    }
    html.replace(
        "<table>",
        "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"Tabell\">\n<table>",
    )
    .replace("</table>", "</table>\n</div>")
}

/// External links open no window handle back to us: `rel="noopener"`. Raw HTML from
/// content is escaped, so every `<a href="http` here was written by comrak.
fn mark_external_links(html: &str) -> String {
    html.replace("<a href=\"http", "<a rel=\"noopener\" href=\"http")
}

/// Nest headings (h2 and below) into a table of contents.
pub fn toc(headings: &[Heading]) -> Vec<TocEntry> {
    let mut root: Vec<TocEntry> = Vec::new();
    for h in headings.iter().filter(|h| h.level >= 2) {
        let entry = TocEntry {
            level: h.level,
            id: h.id.clone(),
            title: h.title.clone(),
            children: Vec::new(),
        };
        insert_toc(&mut root, entry);
    }
    root
}

fn insert_toc(list: &mut Vec<TocEntry>, entry: TocEntry) {
    match list.last_mut() {
        Some(last) if last.level < entry.level => insert_toc(&mut last.children, entry),
        _ => list.push(entry),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render_simple(md: &str) -> String {
        let o = options(false);
        let a = analyse(md, &o);
        render(md, &o, &a.headings, &Resolved::default())
    }

    #[test]
    fn headings_get_folded_unique_ids() {
        let html = render_simple("## Vad är människohandel?\n\n## Källor\n\n## Källor\n");
        assert!(
            html.contains("<h2 id=\"vad-ar-manniskohandel\">Vad är människohandel?</h2>"),
            "{html}"
        );
        assert!(html.contains("<h2 id=\"kallor-2\">"), "{html}");
    }

    #[test]
    fn raw_html_is_escaped_and_external_links_get_noopener() {
        let html = render_simple(
            "<script>alert(1)</script>\n\n[x](https://example.org) [y](javascript:alert(1))\n",
        );
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(
            html.contains("<a rel=\"noopener\" href=\"https://example.org\">"),
            "{html}"
        );
        assert!(!html.contains("javascript:"), "{html}");
    }

    const HOSTILE: &str = "<script>alert(1)</script>\n\n<p onclick=\"alert(2)\">x</p>\n\nText <iframe src=\"https://evil.example/\"></iframe> [a](javascript:alert(3)) <a href=\"&#106;avascript:alert(4)\">b</a> ![c](data:image/svg+xml;base64,PHN2Zz4=) ![d](data:image/png;base64,AAAA)\n\nOfarligt: <b>fet</b>\n";

    #[test]
    fn refused_urls_are_found_in_both_modes_and_raw_html_only_when_allowed() {
        let escaped = analyse(HOSTILE, &options(false));
        let found: Vec<(usize, &str)> = escaped
            .refused
            .iter()
            .map(|r| (r.line, r.message.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    5,
                    "the link `javascript:alert(3)` uses `javascript:`, which is refused"
                ),
                (
                    5,
                    "the image `data:image/svg+xml;base64,PHN2Zz4=` uses `data:`, which is refused"
                ),
            ]
        );
        let allowed = analyse(HOSTILE, &options(true));
        let found: Vec<(usize, usize, &str)> = allowed
            .refused
            .iter()
            .map(|r| (r.line, r.column, r.code))
            .collect();
        assert_eq!(
            found,
            [
                (1, 1, "html/refused"),
                (3, 4, "html/refused"),
                (5, 6, "html/refused"),
                (5, 52, "link/refused-url"),
                (5, 80, "html/refused"),
                (5, 118, "link/refused-url"),
            ]
        );
    }

    #[test]
    fn rendering_neutralises_refused_html_even_without_the_link_stage() {
        for allow in [false, true] {
            let o = options(allow);
            let html = render(HOSTILE, &o, &[], &Resolved::default());
            for bad in [
                "<script",
                "<iframe",
                "<p onclick",
                "href=\"javascript",
                "href=\"&#106;",
                "src=\"data:image/svg",
            ] {
                assert!(!html.contains(bad), "allow_html {allow}: {bad} in {html}");
            }
            assert!(
                html.contains("src=\"data:image/png;base64,AAAA\""),
                "{html}"
            );
            assert_eq!(allow, html.contains("<b>fet</b>"), "{html}");
        }
    }

    #[test]
    fn citations_become_links_with_the_citation_text() {
        let md = "Se [[B 583-23]] och [[BrB 4:1 b|paragrafen]].\n";
        let o = options(false);
        let a = analyse(md, &o);
        assert_eq!(a.citations.len(), 2);
        assert_eq!(a.citations[1].target, "BrB 4:1 b");
        let mut r = Resolved::default();
        r.citations.insert(
            "B 583-23".into(),
            (
                "/rattsfall/x/".into(),
                "Lycksele tingsrätt, dom 2024-07-11 i mål B 583-23".into(),
            ),
        );
        r.citations.insert(
            "BrB 4:1 b".into(),
            (
                "/lagrum/brb-4-1-b/".into(),
                "4 kap. 1 b § brottsbalken".into(),
            ),
        );
        let html = render(md, &o, &a.headings, &r);
        assert!(
            html.contains(
                "<a href=\"/rattsfall/x/\">Lycksele tingsrätt, dom 2024-07-11 i mål B 583-23</a>"
            ),
            "{html}"
        );
        assert!(
            html.contains("<a href=\"/lagrum/brb-4-1-b/\">paragrafen</a>"),
            "{html}"
        );
    }

    #[test]
    fn footnote_back_links_are_labelled_in_swedish() {
        let html = render_simple("Text.[^1]\n\n[^1]: Källa.\n");
        assert!(
            html.contains("aria-label=\"Tillbaka till hänvisning 1\""),
            "{html}"
        );
        assert!(!html.contains("Back to reference"), "{html}");
    }

    #[test]
    fn toc_nests_by_level() {
        let o = options(false);
        let a = analyse("## A\n### A1\n## B\n", &o);
        let t = toc(&a.headings);
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].children[0].id, "a1");
    }
}
