//! Slots: the places in a body's HTML that only the link stage can fill.
//!
//! A body is parsed and rendered once, before linking (see [`super::body`]). Where the
//! HTML depends on the whole site — the URL a `.md` link resolves to, a citation's link
//! and text, the glossary links of first mentions — the rendering holds a slot instead:
//! `NUL`, a letter, a number, `NUL`. The render stage fills them from [`Resolved`].
//! Content never puts a NUL in the HTML: the parser turns it into U+FFFD (and so does
//! [`super::body::parse_body`] before parsing, for raw HTML).

use super::markdown::Reference;
use std::collections::{BTreeMap, HashMap};

const SLOT: char = '\0';

/// What one slot stands for; the number indexes the body's links, citations or
/// glossary entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Slot {
    /// The `href` of the body's link number n (an internal link).
    LinkHref(usize),
    /// The `href` of citation number n.
    CitationHref(usize),
    /// The text of citation number n, written as just its target (`[[B 583-23]]`).
    CitationText(usize),
    /// Before and after the first mention of glossary entry n.
    TermOpen(usize),
    TermClose(usize),
}

impl Slot {
    pub(crate) fn marker(self) -> String {
        let (tag, n) = match self {
            Slot::LinkHref(n) => ('L', n),
            Slot::CitationHref(n) => ('C', n),
            Slot::CitationText(n) => ('T', n),
            Slot::TermOpen(n) => ('G', n),
            Slot::TermClose(n) => ('g', n),
        };
        format!("{SLOT}{tag}{n}{SLOT}")
    }

    fn read(code: &str) -> Option<Slot> {
        let mut chars = code.chars();
        let tag = chars.next()?;
        let n: usize = chars.as_str().parse().ok()?;
        Some(match tag {
            'L' => Slot::LinkHref(n),
            'C' => Slot::CitationHref(n),
            'T' => Slot::CitationText(n),
            'G' => Slot::TermOpen(n),
            'g' => Slot::TermClose(n),
            _ => return None,
        })
    }
}

/// Everything the link stage decided for one body.
#[derive(Debug, Default)]
pub struct Resolved {
    /// Link target as written → final URL. Targets absent here are left as written.
    pub links: HashMap<String, String>,
    /// Citation target as written → (URL, citation text).
    pub citations: HashMap<String, (String, String)>,
    /// Glossary entry → its page's URL and the term's language (when it is not the
    /// page's), for the terms whose first mention links.
    pub glossary: BTreeMap<usize, (String, Option<String>)>,
}

/// The references a body's slots index: its links and citations in document order, and
/// whether raw HTML is allowed (comrak then keeps URLs it would call dangerous).
pub(crate) struct SlotSources<'a> {
    pub links: &'a [Reference],
    pub citations: &'a [Reference],
    pub allow_html: bool,
}

/// The body's HTML with every slot filled.
pub(crate) fn fill(html: &str, sources: &SlotSources<'_>, resolved: &Resolved) -> String {
    if !html.contains(SLOT) {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let mut rest = html;
    while let Some(start) = rest.find(SLOT) {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let Some(end) = after.find(SLOT) else {
            rest = after;
            break;
        };
        if let Some(slot) = Slot::read(&after[..end]) {
            write_slot(&mut out, slot, sources, resolved);
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

fn target(refs: &[Reference], n: usize) -> &str {
    refs.get(n).map_or("", |r| r.target.as_str())
}

fn write_slot(out: &mut String, slot: Slot, sources: &SlotSources<'_>, resolved: &Resolved) {
    match slot {
        Slot::LinkHref(n) => {
            let written = target(sources.links, n);
            let url = resolved.links.get(written).map_or(written, String::as_str);
            write_href(out, url, sources.allow_html);
        }
        Slot::CitationHref(n) => {
            let written = target(sources.citations, n).trim();
            let url = resolved
                .citations
                .get(written)
                .map_or("", |(u, _)| u.as_str());
            write_href(out, url, sources.allow_html);
        }
        Slot::CitationText(n) => {
            let written = target(sources.citations, n).trim();
            let text = resolved
                .citations
                .get(written)
                .map_or(written, |(_, t)| t.as_str());
            let _ = comrak::html::escape(out, text);
        }
        Slot::TermOpen(e) => {
            if let Some((url, lang)) = resolved.glossary.get(&e) {
                out.push_str("<a href=\"");
                write_href(out, url, sources.allow_html);
                out.push('"');
                if let Some(lang) = lang {
                    // A BCP 47 code, checked when the term was loaded: nothing to escape.
                    out.push_str(" lang=\"");
                    out.push_str(lang);
                    out.push('"');
                }
                out.push('>');
            }
        }
        Slot::TermClose(e) => {
            if resolved.glossary.contains_key(&e) {
                out.push_str("</a>");
            }
        }
    }
}

/// An `href` value as comrak writes it, refused schemes left empty.
fn write_href(out: &mut String, url: &str, allow_html: bool) {
    if super::html_safety::refused_scheme(url, false).is_some()
        || (!allow_html && comrak::html::dangerous_url(url))
    {
        return;
    }
    let _ = comrak::html::escape_href(out, url, false);
}

/// The opening tag of a link whose `href` is a slot, with its title as comrak writes it.
pub(crate) fn link_open(slot: Slot, title: &str) -> String {
    let mut tag = format!("<a href=\"{}", slot.marker());
    if !title.is_empty() {
        tag.push_str("\" title=\"");
        let _ = comrak::html::escape(&mut tag, title);
    }
    tag.push_str("\">");
    tag
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_read_back_what_they_wrote() {
        for s in [
            Slot::LinkHref(0),
            Slot::CitationHref(12),
            Slot::CitationText(3),
            Slot::TermOpen(7),
            Slot::TermClose(7),
        ] {
            let m = s.marker();
            assert_eq!(Slot::read(m.trim_matches(SLOT)), Some(s));
        }
        assert_eq!(Slot::read("X1"), None);
        assert_eq!(Slot::read("L"), None);
    }

    #[test]
    fn unknown_and_unclosed_slots_vanish_without_a_panic() {
        let sources = SlotSources {
            links: &[],
            citations: &[],
            allow_html: false,
        };
        let r = Resolved::default();
        assert_eq!(fill("a\0L9\0b", &sources, &r), "ab");
        assert_eq!(fill("a\0Q1\0b", &sources, &r), "ab");
        assert_eq!(fill("a\0L1", &sources, &r), "aL1");
    }
}
