//! One parse per body. comrak reads a page's Markdown once; one walk of the tree gives
//! the link stage what it checks and decides with (heading ids, links, citations,
//! glossary mentions, refused constructs, the word count) and the search index its
//! plain text, and the same tree is then written as HTML with slots (see
//! [`super::slots`]) where the link stage's decisions go.
//!
//! Why HTML with slots rather than the tree: a comrak arena is many times the size of
//! the text, is not `Send`, and would have to live from parsing to rendering for every
//! page at once; the HTML is about the size of the text and is finished but for a few
//! URLs.

use super::glossary::Glossary;
use super::html_safety;
use super::markdown::{refused_html, refused_url, text_of, Analysis, Heading, Reference};
use super::shortcode::{self, ScanError, Shortcode};
use super::slots::{fill, link_open, Resolved, Slot, SlotSources};
use crate::text::slug::IdAllocator;
use comrak::adapters::{HeadingAdapter, HeadingMeta};
use comrak::nodes::{AstNode, NodeValue, Sourcepos};
use comrak::options::Plugins;
use comrak::{parse_document, Arena, Options};
use std::collections::{HashSet, VecDeque};
use std::fmt;
use std::sync::Mutex;

/// A body parsed once: everything later stages need from its Markdown.
#[derive(Debug, Default)]
pub struct ParsedBody {
    /// Shortcodes in order; the HTML and the text hold their placeholders.
    pub shortcodes: Vec<Shortcode>,
    /// Shortcodes that could not be read (left in the text as written).
    pub scan_errors: Vec<ScanError>,
    pub analysis: Analysis,
    /// Glossary entries the body mentions, in order of first mention (none for page
    /// kinds whose terms are not linked).
    pub mentions: Vec<usize>,
    /// The body as HTML, with slots and shortcode placeholders. Behind a lock so that a
    /// build can free each page's HTML once it is rendered ([`Self::take_html_resolved`]):
    /// every page's HTML at once is most of the site's memory.
    pub html: Mutex<String>,
    /// The readable text (no markup, no URLs), paragraphs on lines of their own, inline
    /// shortcode placeholders in place; what the search index stores.
    pub text: String,
}

impl ParsedBody {
    /// The body's HTML with the link stage's answers in its slots (shortcode placeholders
    /// are still there: the render stage splices the shortcodes' HTML in).
    pub fn html_resolved(&self, resolved: &Resolved, allow_html: bool) -> String {
        let html = self
            .html
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        self.fill(&html, resolved, allow_html)
    }

    /// As [`Self::html_resolved`], leaving the body without its HTML (for a build, which
    /// renders each page once).
    pub fn take_html_resolved(&self, resolved: &Resolved, allow_html: bool) -> String {
        let html = std::mem::take(
            &mut *self
                .html
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner()),
        );
        self.fill(&html, resolved, allow_html)
    }

    fn fill(&self, html: &str, resolved: &Resolved, allow_html: bool) -> String {
        let sources = SlotSources {
            links: &self.analysis.links,
            citations: &self.analysis.citations,
            allow_html,
        };
        fill(html, &sources, resolved)
    }
}

/// Parse `body` once. `glossary` is the site's glossary where this kind of page links
/// its terms (see [`Glossary::applies_to`]), else `None`.
pub fn parse_body(body: &str, glossary: Option<&Glossary>, opts: &Options) -> ParsedBody {
    // Slots are NUL-delimited: a NUL of the content's own must not reach the HTML (the
    // parser replaces it in text, but raw HTML is written as it stands).
    let body = if body.contains('\0') {
        std::borrow::Cow::Owned(body.replace('\0', "\u{FFFD}"))
    } else {
        std::borrow::Cow::Borrowed(body)
    };
    let (prepared, shortcodes, scan_errors) = shortcode::extract(&body);
    let arena = Arena::new();
    let root = parse_document(&arena, &prepared, opts);
    let blocks: HashSet<String> = shortcodes
        .iter()
        .enumerate()
        .filter(|(_, s)| s.block)
        .map(|(i, _)| shortcode::placeholder(i))
        .collect();
    let mut walked = walk(root, opts, &blocks);
    neutralise(root);
    walked
        .analysis
        .refused
        .extend(crate::parse::lang_spans::mark(&arena, root));
    let mentions = glossary.map_or_else(Vec::new, |g| g.mark_first_mentions(&arena, root));
    for (n, link) in walked.links.iter().enumerate() {
        if let Some(link) = link {
            slot_link(&arena, link, n);
        }
    }
    for (n, wiki) in walked.citations.iter().enumerate() {
        slot_citation(&arena, wiki, n);
    }
    let mut html = to_html(root, opts, &walked.analysis.headings);
    let mut text = walked.text;
    // Both are kept for the whole build, every page's at once: no slack capacity.
    html.shrink_to_fit();
    text.shrink_to_fit();
    ParsedBody {
        shortcodes,
        scan_errors,
        analysis: walked.analysis,
        mentions,
        html: Mutex::new(html),
        text,
    }
}

struct Walked<'a> {
    analysis: Analysis,
    text: String,
    /// Every link in document order; `Some` for the internal ones (which the link stage
    /// may rewrite).
    links: Vec<Option<&'a AstNode<'a>>>,
    citations: Vec<&'a AstNode<'a>>,
}

/// One walk in document order: the analysis and the plain text together.
fn walk<'a>(root: &'a AstNode<'a>, opts: &Options, blocks: &HashSet<String>) -> Walked<'a> {
    let mut ids = IdAllocator::default();
    let mut a = Analysis::default();
    let mut text = String::with_capacity(1024);
    let mut links = Vec::new();
    let mut citations = Vec::new();
    // A block shortcode (alone on its line: a chart, or a `stat` figure written on a
    // line of its own) keeps its placeholder on a line of its own: the paragraph that is
    // only one, or the line break after one, adds nothing else, and the text after one
    // starts a line. What it reads as (a figure in its sentence, a chart's table) is the
    // search's to decide (`search::docs`), which knows what each renders to.
    let mut silent: Option<&'a AstNode<'a>> = None;
    let mut broken = false;
    for node in root.descendants() {
        let data = node.data();
        let (line, column) = (data.sourcepos.start.line, data.sourcepos.start.column);
        match &data.value {
            NodeValue::Heading(h) => {
                let title = text_of(node);
                a.headings.push(Heading {
                    level: h.level,
                    id: ids.next_id(&title),
                    title,
                    line,
                });
            }
            NodeValue::Link(l) => {
                a.refused.extend(refused_url(&l.url, false, data.sourcepos));
                let internal = !super::markdown::is_external(l.url.trim());
                a.links.push(Reference {
                    target: l.url.clone(),
                    line,
                    column,
                });
                links.push(internal.then_some(node));
            }
            NodeValue::Image(l) => a.refused.extend(refused_url(&l.url, true, data.sourcepos)),
            // Escaped unless allowed; then checked.
            NodeValue::HtmlBlock(h) if opts.render.r#unsafe => {
                a.refused.extend(refused_html(&h.literal, data.sourcepos));
            }
            NodeValue::HtmlInline(h) if opts.render.r#unsafe => {
                a.refused.extend(refused_html(h, data.sourcepos));
            }
            NodeValue::WikiLink(w) => {
                a.citations.push(Reference {
                    target: w.url.trim().to_string(),
                    line,
                    column,
                });
                citations.push(node);
            }
            NodeValue::Text(t) => a.words += t.split_whitespace().count(),
            _ => {}
        }
        let is = |other: Option<&'a AstNode<'a>>| other.is_some_and(|o| std::ptr::eq(o, node));
        match &data.value {
            NodeValue::Text(_) | NodeValue::SoftBreak if is(silent) => {}
            // A block shortcode's line inside a paragraph reads as a paragraph break.
            NodeValue::Text(t) if blocks.contains(t.as_ref() as &str) => {
                if text.ends_with(' ') && node.previous_sibling().is_some_and(is_soft_break) {
                    text.pop();
                }
                if !text.is_empty() && !text.ends_with('\n') {
                    text.push('\n');
                }
                text.push_str(t);
                broken = true;
                silent = node.next_sibling().filter(|n| is_soft_break(n));
            }
            NodeValue::Text(t) => {
                if std::mem::take(&mut broken)
                    && !text.is_empty()
                    && !text.ends_with(char::is_whitespace)
                {
                    text.push('\n');
                }
                text.push_str(t)
            }
            NodeValue::Code(c) => text.push_str(&c.literal),
            NodeValue::SoftBreak | NodeValue::LineBreak => text.push(' '),
            NodeValue::Paragraph if only_block_shortcode(node, blocks) => {
                if let Some(first) = node.first_child() {
                    if let NodeValue::Text(t) = &first.data().value {
                        if !text.is_empty() && !text.ends_with('\n') {
                            text.push('\n');
                        }
                        text.push_str(t);
                        broken = true;
                    }
                }
                silent = node.first_child();
            }
            NodeValue::Paragraph
            | NodeValue::Heading(_)
            | NodeValue::TableCell
            | NodeValue::Item(_)
                if !text.ends_with(char::is_whitespace) && !text.is_empty() =>
            {
                text.push('\n');
            }
            _ => {}
        }
    }
    Walked {
        analysis: a,
        text,
        links,
        citations,
    }
}

fn is_soft_break(node: &AstNode<'_>) -> bool {
    matches!(node.data().value, NodeValue::SoftBreak)
}

fn only_block_shortcode<'a>(paragraph: &'a AstNode<'a>, blocks: &HashSet<String>) -> bool {
    match (paragraph.first_child(), paragraph.last_child()) {
        (Some(first), Some(last)) if std::ptr::eq(first, last) => {
            matches!(&first.data().value, NodeValue::Text(t) if blocks.contains(t.as_ref() as &str))
        }
        _ => false,
    }
}

/// What content may not publish is written harmlessly even if the link stage's error
/// were ignored: refused URLs emptied, refused raw HTML shown as text.
fn neutralise<'a>(root: &'a AstNode<'a>) {
    for node in root.descendants() {
        let mut data = node.data_mut();
        match &mut data.value {
            NodeValue::Link(l) if html_safety::refused_scheme(&l.url, false).is_some() => {
                l.url.clear();
            }
            NodeValue::Image(l) if html_safety::refused_scheme(&l.url, true).is_some() => {
                l.url.clear();
            }
            NodeValue::HtmlBlock(h) if !html_safety::scan(&h.literal).is_empty() => {
                data.value = NodeValue::Text(std::mem::take(&mut h.literal).into());
            }
            NodeValue::HtmlInline(h) if !html_safety::scan(h).is_empty() => {
                data.value = NodeValue::Text(std::mem::take(h).into());
            }
            _ => {}
        }
    }
}

fn raw<'a>(arena: &'a Arena<'a>, html: String) -> &'a AstNode<'a> {
    arena.alloc(AstNode::from(NodeValue::Raw(html)))
}

/// Replace `node` by `open`, its children (or `inner`), `</a>`.
fn replace_link<'a>(
    arena: &'a Arena<'a>,
    node: &'a AstNode<'a>,
    open: String,
    inner: Option<String>,
) {
    node.insert_before(raw(arena, open));
    match inner {
        Some(html) => node.insert_before(raw(arena, html)),
        None => {
            for child in node.children().collect::<Vec<_>>() {
                node.insert_before(child);
            }
        }
    }
    node.insert_before(raw(arena, "</a>".into()));
    node.detach();
}

/// An internal link's `href` becomes a slot (external links stay as comrak writes them).
fn slot_link<'a>(arena: &'a Arena<'a>, node: &'a AstNode<'a>, n: usize) {
    let title = match &node.data().value {
        NodeValue::Link(l) => l.title.clone(),
        _ => return,
    };
    replace_link(arena, node, link_open(Slot::LinkHref(n), &title), None);
}

/// `[[B 583-23]]` shows the full citation (a slot); `[[B 583-23|text]]` keeps the text.
fn slot_citation<'a>(arena: &'a Arena<'a>, node: &'a AstNode<'a>, n: usize) {
    let target = match &node.data().value {
        NodeValue::WikiLink(w) => w.url.trim().to_string(),
        _ => return,
    };
    let inner = (text_of(node).trim() == target).then(|| Slot::CitationText(n).marker());
    replace_link(arena, node, link_open(Slot::CitationHref(n), ""), inner);
}

/// Writes `<hN id="…">` with the ids the walk allotted, in document order.
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

fn to_html<'a>(root: &'a AstNode<'a>, opts: &Options, headings: &[Heading]) -> String {
    let adapter = HeadingIds {
        queue: Mutex::new(headings.iter().map(|h| h.id.clone()).collect()),
    };
    let mut plugins = Plugins::default();
    plugins.render.heading_adapter = Some(&adapter);
    let mut html = String::with_capacity(4096);
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
/// content is escaped, and internal links are slots here (their URLs are site paths), so
/// every `<a href="http` is an external link written by comrak.
fn mark_external_links(html: &str) -> String {
    html.replace("<a href=\"http", "<a rel=\"noopener\" href=\"http")
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::parse::markdown::options;

    fn render_simple(md: &str) -> String {
        parse_body(md, None, &options(false)).html_resolved(&Resolved::default(), false)
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
        let escaped = parse_body(HOSTILE, None, &options(false)).analysis;
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
        let allowed = parse_body(HOSTILE, None, &options(true)).analysis;
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
            let html = parse_body(HOSTILE, None, &o).html_resolved(&Resolved::default(), allow);
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
        let parsed = parse_body(md, None, &o);
        let a = &parsed.analysis;
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
        let html = parsed.html_resolved(&r, false);
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
}
