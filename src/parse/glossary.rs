//! Glossary auto-linking: the first mention of a glossary term in an article, a ruling or
//! another term links to the term's page, at build time.
//!
//! A term is mentioned by its title or one of its `forms`, compared case-insensitively and
//! as whole words: `koppleri` does not match inside `kopplerierna` (Swedish inflects by
//! suffix, and guessing suffixes would link the wrong words), so inflected forms that
//! should link are listed in `forms`. Å, ä, ö and every other letter or digit are word
//! characters, and so is a hyphen between two of them (`EU-medborgare` is one word), but a
//! hyphen before a space is not (`sexköp- och koppleribrott` mentions `sexköp`). Where
//! several forms match at one place, the longest wins; text inside a match is not searched
//! again. A space in a form matches any white space, line breaks included.
//!
//! Never linked: headings, text already inside a link, citation or image, code, table
//! header rows, footnote definitions (the sources) and the term's own page; nor a term
//! that the page already links to by hand. At most one link per term per page.
//!
//! The glossary is built from the term pages' front matter before any body is parsed, so
//! the one parse of each body ([`super::body::parse_body`]) finds the first mentions and
//! marks them with slots ([`Glossary::mark_first_mentions`]). The link stage decides
//! which of them link (not the page's own term, not a term it links by hand) and the
//! terms' "used in" lists; the render stage fills the slots.

use super::slots::Slot;
use crate::diagnostics::{did_you_mean, Diagnostic};
use crate::load::content::{Page, PageKind};
use comrak::nodes::{AstNode, NodeValue};
use comrak::Arena;
use std::collections::{BTreeMap, HashMap};

/// One glossary term: a page under `ordlista/`.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Index of the term's page in the site's (sorted) page list.
    pub page: usize,
    pub title: String,
}

#[derive(Debug, Clone)]
struct Pattern {
    /// Lower-cased characters; `' '` matches any white space.
    chars: Vec<char>,
    entry: usize,
}

/// Every term and the words that mention it, ready for matching.
#[derive(Debug, Default)]
pub struct Glossary {
    pub entries: Vec<Entry>,
    /// Patterns by their first (lower-cased) character, longest first.
    // A BTreeMap: hashing a char with SipHash per word cost more than a tree walk.
    by_first: BTreeMap<char, Vec<Pattern>>,
    /// Page index → entry.
    by_page: HashMap<usize, usize>,
}

fn fold(c: char) -> char {
    // ASCII first: the general case-mapping tables were the glossary scan's top cost.
    if c.is_ascii() {
        c.to_ascii_lowercase()
    } else {
        c.to_lowercase().next().unwrap_or(c)
    }
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric()
}

pub(crate) fn chars_of(form: &str) -> Vec<char> {
    form.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .map(fold)
        .collect()
}

impl Glossary {
    /// The glossary of `pages` (already in the site's order). Forms that would make a
    /// mention ambiguous and `see_also` titles that name no term are errors at their line.
    pub fn build(pages: &[Page]) -> (Glossary, Vec<Diagnostic>) {
        let mut g = Glossary::default();
        let mut diags = Vec::new();
        // Folded form → (entry, as written), to find forms claimed by two terms.
        let mut owner: HashMap<Vec<char>, (usize, String)> = HashMap::new();
        let mut patterns: Vec<Pattern> = Vec::new();
        for (i, p) in pages.iter().enumerate() {
            let (PageKind::Term, Some(term)) = (p.kind, &p.term) else {
                continue;
            };
            let entry = g.entries.len();
            g.entries.push(Entry {
                page: i,
                title: p.meta.title.clone(),
            });
            g.by_page.insert(i, entry);
            let forms = std::iter::once((&p.meta.title, None))
                .chain(term.forms.iter().map(|f| (f, Some(f.as_str()))));
            for (form, written) in forms {
                let chars = chars_of(form);
                let at = |needle: &str| p.value_position("forms", needle);
                if chars.is_empty() {
                    let (l, c) = written.map_or((1, 1), |_| p.key_position("forms"));
                    diags.push(
                        Diagnostic::error("glossary/empty-form", &p.file, "a form is empty")
                            .at(l, c)
                            .with_source(&p.text)
                            .with_help("remove the empty entry from `forms`"),
                    );
                    continue;
                }
                match owner.get(&chars) {
                    Some((other, _)) if *other == entry => {} // a repeated form: harmless
                    Some((other, as_written)) => {
                        let other_title = &g.entries[*other].title;
                        let (l, c) = match written {
                            Some(w) => at(w),
                            None => p.key_position("title"),
                        };
                        diags.push(
                            Diagnostic::error(
                                "glossary/ambiguous-form",
                                &p.file,
                                format!(
                                    "`{form}` would mention two glossary terms: this one and `{other_title}` (as `{as_written}`)"
                                ),
                            )
                            .at(l, c)
                            .with_source(&p.text)
                            .with_help("a word can link to one term only; remove it from one of the two"),
                        );
                    }
                    None => {
                        owner.insert(chars.clone(), (entry, form.clone()));
                        patterns.push(Pattern { chars, entry });
                    }
                }
            }
        }
        for p in pages.iter().filter(|p| p.kind == PageKind::Term) {
            let Some(term) = &p.term else { continue };
            for name in &term.see_also {
                if g.find_title(pages, name).is_none() {
                    let titles = g.entries.iter().map(|e| e.title.as_str());
                    let hint = match did_you_mean(name, titles) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => "name another term by its title, as written in its `title:`".into(),
                    };
                    let (l, c) = p.value_position("see_also", name);
                    diags.push(
                        Diagnostic::error(
                            "glossary/unknown-term",
                            &p.file,
                            format!("`see_also` names `{name}`, which is no glossary term"),
                        )
                        .at(l, c)
                        .with_source(&p.text)
                        .with_help(hint),
                    );
                }
            }
        }
        patterns.sort_by(|a, b| {
            b.chars
                .len()
                .cmp(&a.chars.len())
                .then(a.chars.cmp(&b.chars))
        });
        for p in patterns {
            if let Some(&first) = p.chars.first() {
                g.by_first.entry(first).or_default().push(p);
            }
        }
        (g, diags)
    }

    fn find_title(&self, pages: &[Page], title: &str) -> Option<usize> {
        let want = chars_of(title);
        self.entries
            .iter()
            .position(|e| chars_of(&pages[e.page].meta.title) == want)
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entry whose page is `page`, if it is a term.
    pub fn entry_of_page(&self, page: usize) -> Option<usize> {
        self.by_page.get(&page).copied()
    }

    /// Whether terms are linked in pages of this kind.
    pub fn applies_to(kind: PageKind) -> bool {
        matches!(kind, PageKind::Article | PageKind::Ruling | PageKind::Term)
    }

    /// Every run of text with the first mention of one or more terms, in document order.
    fn first_mentions<'a>(&self, root: &'a AstNode<'a>) -> Vec<Run<'a>> {
        let mut seen = vec![false; self.entries.len()];
        let mut out = Vec::new();
        let link = NodeValue::Link(Box::default());
        let mut stack: Vec<Item<'a>> = vec![Item::Node(root)];
        while let Some(item) = stack.pop() {
            let node = match item {
                Item::Run(nodes) => {
                    let mut run = Run::new(nodes);
                    run.mentions = self.match_text(&run.text, &mut seen);
                    if !run.mentions.is_empty() {
                        out.push(run);
                    }
                    continue;
                }
                Item::Node(n) => n,
            };
            if skipped(&node.data().value) {
                continue;
            }
            let can_link = node.can_contain_type(&link);
            let mut items = Vec::new();
            let mut run: Vec<&'a AstNode<'a>> = Vec::new();
            for child in node.children() {
                let inline_text = matches!(
                    child.data().value,
                    NodeValue::Text(_) | NodeValue::SoftBreak
                );
                if inline_text && can_link {
                    run.push(child);
                    continue;
                }
                if !run.is_empty() {
                    items.push(Item::Run(std::mem::take(&mut run)));
                }
                items.push(Item::Node(child));
            }
            if !run.is_empty() {
                items.push(Item::Run(run));
            }
            stack.extend(items.into_iter().rev());
        }
        out
    }

    /// Greedy, left to right, longest form first; records each entry's first match only.
    fn match_text(&self, text: &str, seen: &mut [bool]) -> Vec<Mention> {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let n = chars.len();
        let ch = |i: usize| chars[i].1;
        let byte = |i: usize| chars.get(i).map_or(text.len(), |c| c.0);
        // A hyphen between two word characters joins them into one word (`EU-medborgare`).
        let joined_before = |i: usize| i >= 2 && ch(i - 1) == '-' && is_word(ch(i - 2));
        let joined_after = |j: usize| j + 1 < n && ch(j) == '-' && is_word(ch(j + 1));
        let starts_word = |i: usize| i == 0 || !(is_word(ch(i - 1)) || joined_before(i));
        let ends_word = |j: usize| j == n || !(is_word(ch(j)) || joined_after(j));
        let mut out = Vec::new();
        let mut i = 0;
        while i < n {
            // Terms start at word starts only: test that before hashing the character
            // (the look-up on every character was a third of a large build's CPU time).
            if !starts_word(i) {
                i += 1;
                continue;
            }
            let candidates = self.by_first.get(&fold(ch(i)));
            let found = candidates.and_then(|ps| {
                ps.iter().find(|p| {
                    let len = p.chars.len();
                    i + len <= n
                        && p.chars.iter().enumerate().all(|(k, &pc)| {
                            let tc = ch(i + k);
                            if pc == ' ' {
                                tc.is_whitespace()
                            } else {
                                fold(tc) == pc
                            }
                        })
                        && ends_word(i + len)
                })
            });
            match found {
                Some(p) => {
                    let end = i + p.chars.len();
                    if !seen[p.entry] {
                        seen[p.entry] = true;
                        out.push(Mention {
                            start: byte(i),
                            end: byte(end),
                            entry: p.entry,
                        });
                    }
                    i = end;
                }
                None => i += 1,
            }
        }
        out
    }
}

/// Subtrees where terms are never linked.
fn skipped(v: &NodeValue) -> bool {
    matches!(
        v,
        NodeValue::Heading(_)
            | NodeValue::Link(_)
            | NodeValue::WikiLink(_)
            | NodeValue::Image(_)
            | NodeValue::Code(_)
            | NodeValue::CodeBlock(_)
            | NodeValue::HtmlBlock(_)
            | NodeValue::HtmlInline(_)
            | NodeValue::FootnoteDefinition(_)
            | NodeValue::TableRow(true)
    )
}

enum Item<'a> {
    Node(&'a AstNode<'a>),
    Run(Vec<&'a AstNode<'a>>),
}

#[derive(Debug, Clone, Copy)]
struct Mention {
    /// Byte range in the run's text.
    start: usize,
    end: usize,
    entry: usize,
}

/// Adjacent text and soft-break siblings, read as one text (a soft break is a space).
struct Run<'a> {
    nodes: Vec<&'a AstNode<'a>>,
    text: String,
    mentions: Vec<Mention>,
}

impl<'a> Run<'a> {
    fn new(nodes: Vec<&'a AstNode<'a>>) -> Self {
        let mut text = String::new();
        for n in &nodes {
            match &n.data().value {
                NodeValue::Text(t) => text.push_str(t),
                _ => text.push(' '),
            }
        }
        Run {
            nodes,
            text,
            mentions: Vec::new(),
        }
    }

    /// Pieces of the run as (byte range, is soft break).
    fn pieces(&self) -> Vec<(usize, usize, bool)> {
        let mut at = 0;
        self.nodes
            .iter()
            .map(|n| {
                let (len, soft) = match &n.data().value {
                    NodeValue::Text(t) => (t.len(), false),
                    _ => (1, true),
                };
                let piece = (at, at + len, soft);
                at += len;
                piece
            })
            .collect()
    }
}

impl Glossary {
    /// Marks the first mention of each term in the tree with slots around it (split out
    /// of its text node) and returns the entries mentioned, in order. Whether a mention
    /// links is decided later; an unlinked one renders as the text it was.
    pub fn mark_first_mentions<'a>(
        &self,
        arena: &'a Arena<'a>,
        root: &'a AstNode<'a>,
    ) -> Vec<usize> {
        if self.is_empty() {
            return Vec::new();
        }
        let mut mentioned = Vec::new();
        for run in self.first_mentions(root) {
            mentioned.extend(run.mentions.iter().map(|m| m.entry));
            let Some(&first) = run.nodes.first() else {
                continue;
            };
            let mut new_nodes: Vec<&'a AstNode<'a>> = Vec::new();
            let node = |v: NodeValue| arena.alloc(AstNode::from(v));
            let pieces = run.pieces();
            // Cut points: piece edges and mention edges.
            let mut cursor = 0;
            let mut mentions = run.mentions.iter().peekable();
            while cursor < run.text.len() {
                let in_mention = mentions.peek().filter(|m| m.start <= cursor).copied();
                let limit = match in_mention {
                    Some(m) => m.end,
                    None => mentions.peek().map_or(run.text.len(), |m| m.start),
                };
                if let Some(m) = in_mention {
                    new_nodes.push(node(NodeValue::Raw(Slot::TermOpen(m.entry).marker())));
                }
                for &(a, b, soft) in &pieces {
                    let (s, e) = (a.max(cursor), b.min(limit));
                    if s >= e {
                        continue;
                    }
                    new_nodes.push(if soft {
                        node(NodeValue::SoftBreak)
                    } else {
                        node(NodeValue::Text(run.text[s..e].to_string().into()))
                    });
                }
                if let Some(m) = in_mention {
                    new_nodes.push(node(NodeValue::Raw(Slot::TermClose(m.entry).marker())));
                    mentions.next();
                }
                cursor = limit;
            }
            for n in new_nodes {
                first.insert_before(n);
            }
            for n in run.nodes {
                n.detach();
            }
        }
        mentioned
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glossary(terms: &[(&str, &[&str])]) -> Glossary {
        let mut g = Glossary::default();
        let mut patterns = Vec::new();
        for (i, (title, forms)) in terms.iter().enumerate() {
            g.entries.push(Entry {
                page: i,
                title: title.to_string(),
            });
            for f in std::iter::once(title).chain(forms.iter()) {
                patterns.push(Pattern {
                    chars: chars_of(f),
                    entry: i,
                });
            }
        }
        patterns.sort_by_key(|p| std::cmp::Reverse(p.chars.len()));
        for p in patterns {
            g.by_first.entry(p.chars[0]).or_default().push(p);
        }
        g
    }

    fn render(g: Glossary, md: &str) -> String {
        let opts = crate::parse::markdown::options(false);
        let parsed = crate::parse::parse_body(md, Some(&g), &opts);
        let resolved = crate::parse::Resolved {
            glossary: parsed
                .mentions
                .iter()
                .map(|&e| (e, (format!("/t{e}/"), None)))
                .collect(),
            ..Default::default()
        };
        parsed.html_resolved(&resolved, false)
    }

    #[test]
    fn matches_whole_words_only_with_swedish_letters() {
        let g = glossary(&[("koppleri", &[]), ("målsägande", &[])]);
        let t = "Kopplerierna och målsägandebiträdet, men koppleri. Målsägande.";
        let mut seen = vec![false; 2];
        let m = g.match_text(t, &mut seen);
        assert_eq!(m.len(), 2);
        assert_eq!(&t[m[0].start..m[0].end], "koppleri");
        assert_eq!(&t[m[1].start..m[1].end], "Målsägande");
    }

    #[test]
    fn hyphens_join_words_but_not_before_a_space() {
        let g = glossary(&[("sexköp", &[]), ("eu", &[])]);
        let mut seen = vec![false; 2];
        let t = "EU-medborgare och sexköp- och koppleribrott";
        let m = g.match_text(t, &mut seen);
        assert_eq!(m.len(), 1);
        assert_eq!(&t[m[0].start..m[0].end], "sexköp");
    }

    #[test]
    fn the_longest_form_wins_and_its_text_is_not_searched_again() {
        let g = glossary(&[("koppleri", &["grovt koppleri"]), ("grovt", &[])]);
        let html = render(g, "Grovt koppleri är allvarligt.\n");
        assert!(
            html.contains("<a href=\"/t0/\">Grovt koppleri</a>"),
            "{html}"
        );
        assert!(!html.contains("/t1/"), "{html}");
    }

    #[test]
    fn a_form_may_span_a_line_break() {
        let g = glossary(&[("köp av sexuell tjänst", &[])]);
        let html = render(g, "Om köp av sexuell\ntjänst och mer.\n");
        assert!(
            html.contains("<a href=\"/t0/\">köp av sexuell\ntjänst</a>"),
            "{html}"
        );
    }

    #[test]
    fn only_the_first_mention_links_and_never_in_headings_links_code_or_sources() {
        let g = glossary(&[("betänketid", &["betänketiden"])]);
        let md = "## Betänketid\n\nSe [betänketid](x.md) och `betänketid`.\n\n\
                  | Betänketid |\n|---|\n| text |\n\nMen betänketiden och betänketid.[^1]\n\n\
                  [^1]: Om betänketid.\n";
        let html = render(g, md);
        assert_eq!(html.matches("/t0/").count(), 1, "{html}");
        assert!(html.contains("<a href=\"/t0/\">betänketiden</a>"), "{html}");
    }

    #[test]
    fn several_terms_in_one_text_all_link() {
        let g = glossary(&[("akrim", &[]), ("barnahus", &[])]);
        let html = render(g, "Akrim, *Barnahus* och akrim igen, sedan barnahus.\n");
        assert!(
            html.contains("<a href=\"/t0/\">Akrim</a>, <em><a href=\"/t1/\">Barnahus</a></em>"),
            "{html}"
        );
        assert_eq!(html.matches("href").count(), 2, "{html}");
    }
}
