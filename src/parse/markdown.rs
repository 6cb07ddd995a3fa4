//! What a Markdown body is made of, as the later stages see it: comrak's options for the
//! site, headings (and the table of contents built from them), links and citations as
//! written, and the constructs content may not publish. The one parse that finds them is
//! [`super::body::parse_body`].

use comrak::nodes::{AstNode, NodeValue, Sourcepos};
use comrak::Options;
use serde::Serialize;

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

pub(crate) fn refused_url(url: &str, image: bool, sp: Sourcepos) -> Option<Refused> {
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
pub(crate) fn refused_html(literal: &str, sp: Sourcepos) -> Vec<Refused> {
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

pub(crate) fn text_of<'a>(node: &'a AstNode<'a>) -> String {
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

/// Anything with a URL scheme (`https:`, `mailto:`; `javascript:` and the like are refused
/// separately, see [`super::html_safety`]) or protocol-relative is not ours to resolve.
pub fn is_external(t: &str) -> bool {
    if t.starts_with("//") {
        return true;
    }
    let Some(colon) = t.find(':') else {
        return false;
    };
    let scheme = &t[..colon];
    !scheme.is_empty()
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && !t[..colon].contains('/')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toc_nests_by_level() {
        let a = crate::parse::parse_body("## A\n### A1\n## B\n", None, &options(false)).analysis;
        let t = toc(&a.headings);
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].children[0].id, "a1");
    }

    #[test]
    fn recognises_external_links() {
        assert!(is_external("https://bra.se/x"));
        assert!(is_external("mailto:a@b.se"));
        assert!(!is_external("../a.md"));
        assert!(!is_external("a.md#x:y"));
    }
}
