//! Language of parts (WCAG 2.1 SC 3.1.2): `[debt bondage]{lang=en}` marks a phrase and
//! a paragraph `::: {lang=sv}` … `:::` a run of blocks as another language; they become
//! `<span lang>` and `<div lang>`. Swedish terms kept inside a translation are the usual
//! case, so that a screen reader speaks them as Swedish.

use crate::load::languages::is_bcp47;
use crate::parse::markdown::Refused;
use comrak::nodes::{AstNode, NodeValue};
use comrak::Arena;

const OPEN: &str = "]{lang=";

/// Mark every span and block in `root`; problems (a malformed or unclosed marker, a code
/// that is not BCP 47) come back as refused constructs at their position.
pub fn mark<'a>(arena: &'a Arena<'a>, root: &'a AstNode<'a>) -> Vec<Refused> {
    let mut problems = Vec::new();
    blocks(arena, root, &mut problems);
    let parents: Vec<&'a AstNode<'a>> = root
        .descendants()
        .filter(|n| {
            n.children()
                .any(|c| matches!(c.data().value, NodeValue::Text(_)))
        })
        .collect();
    for parent in parents {
        merge_texts(parent);
        spans(arena, parent, &mut problems);
    }
    problems
}

fn problem(line: usize, column: usize, message: String) -> Refused {
    Refused {
        code: "markdown/lang",
        line,
        column,
        message,
        help: "write [words]{lang=en} for a phrase, or `::: {lang=en}` and `:::` on lines of their own around blocks",
    }
}

fn text_of<'a>(node: &'a AstNode<'a>) -> Option<String> {
    match &node.data().value {
        NodeValue::Text(t) => Some(t.to_string()),
        _ => None,
    }
}

/// Adjacent text nodes joined, so that a marker split by the parser is seen whole.
fn merge_texts<'a>(parent: &'a AstNode<'a>) {
    let mut child = parent.first_child();
    while let Some(c) = child {
        while let (Some(next), Some(a)) = (c.next_sibling(), text_of(c)) {
            let Some(b) = text_of(next) else { break };
            c.data_mut().value = NodeValue::Text(format!("{a}{b}").into());
            next.detach();
        }
        child = c.next_sibling();
    }
}

/// `[…]{lang=xx}` within one parent's inlines: the `[` may be in an earlier text node
/// than the closing marker (emphasis between them).
fn spans<'a>(arena: &'a Arena<'a>, parent: &'a AstNode<'a>, problems: &mut Vec<Refused>) {
    // (node, byte offset) of the last `[` not yet closed.
    let mut open: Option<(&'a AstNode<'a>, usize)> = None;
    let mut child = parent.first_child();
    while let Some(c) = child {
        child = c.next_sibling();
        let Some(text) = text_of(c) else { continue };
        let pos = c.data().sourcepos.start;
        let mut i = 0;
        while i < text.len() {
            let rest = &text[i..];
            if rest.starts_with('[') {
                open = Some((c, i));
                i += 1;
            } else if let Some(after) = rest.strip_prefix(OPEN) {
                let Some(end) = after.find('}') else {
                    problems.push(problem(
                        pos.line,
                        pos.column + i,
                        "the language marker `]{lang=` is not closed with `}`".into(),
                    ));
                    break;
                };
                let code = after[..end].trim();
                if !is_bcp47(code) {
                    problems.push(problem(
                        pos.line,
                        pos.column + i,
                        format!("`{code}` is not a BCP 47 language code"),
                    ));
                }
                let Some((start_node, start)) = open.take() else {
                    problems.push(problem(
                        pos.line,
                        pos.column + i,
                        "a language marker with no `[` before it".into(),
                    ));
                    i += OPEN.len() + end + 1;
                    continue;
                };
                let close_end = i + OPEN.len() + end + 1;
                wrap(arena, (start_node, start), (c, i, close_end), code);
                // The node was split: go on after the closing marker.
                child = c.next_sibling();
                break;
            } else if rest.starts_with(']') {
                open = None;
                i += 1;
            } else {
                i += rest.chars().next().map_or(1, char::len_utf8);
            }
        }
    }
}

/// Split the text nodes at the `[` and at the closing marker and put the tags between.
fn wrap<'a>(
    arena: &'a Arena<'a>,
    (open_node, open_at): (&'a AstNode<'a>, usize),
    (close_node, close_at, close_end): (&'a AstNode<'a>, usize, usize),
    code: &str,
) {
    let open_tag = format!("<span lang=\"{code}\">");
    let raw = |html: String| arena.alloc(AstNode::from(NodeValue::Raw(html)));
    let text = |s: &str| arena.alloc(AstNode::from(NodeValue::Text(s.to_string().into())));
    let close_text = text_of(close_node).unwrap_or_default();
    let after = text(&close_text[close_end..]);
    close_node.insert_after(after);
    close_node.insert_after(raw("</span>".into()));
    if std::ptr::eq(open_node, close_node) {
        let inner = text(&close_text[open_at + 1..close_at]);
        close_node.insert_after(inner);
        close_node.insert_after(raw(open_tag));
        close_node.data_mut().value = NodeValue::Text(close_text[..open_at].to_string().into());
    } else {
        close_node.data_mut().value = NodeValue::Text(close_text[..close_at].to_string().into());
        let open_text = text_of(open_node).unwrap_or_default();
        let inner = text(&open_text[open_at + 1..]);
        open_node.insert_after(inner);
        open_node.insert_after(raw(open_tag));
        open_node.data_mut().value = NodeValue::Text(open_text[..open_at].to_string().into());
    }
}

/// `::: {lang=xx}` and `:::` paragraphs (or first and last lines of a paragraph) become
/// the opening and closing `<div lang>`.
fn blocks<'a>(arena: &'a Arena<'a>, root: &'a AstNode<'a>, problems: &mut Vec<Refused>) {
    let raw = |html: String| arena.alloc(AstNode::from(NodeValue::Raw(html)));
    let mut open: Vec<(usize, usize)> = Vec::new();
    let paragraphs: Vec<&'a AstNode<'a>> = root
        .descendants()
        .filter(|n| matches!(n.data().value, NodeValue::Paragraph))
        .collect();
    for p in paragraphs {
        let pos = p.data().sourcepos.start;
        if let Some(first) = p.first_child() {
            if let Some(t) = text_of(first) {
                if let Some(rest) = t.trim().strip_prefix(":::") {
                    let rest = rest.trim();
                    let code = rest
                        .strip_prefix("{lang=")
                        .and_then(|r| r.strip_suffix('}'))
                        .map(str::trim);
                    match code {
                        Some(code) if is_bcp47(code) => {
                            first.detach();
                            if let Some(b) = p.first_child() {
                                if matches!(b.data().value, NodeValue::SoftBreak) {
                                    b.detach();
                                }
                            }
                            p.insert_before(raw(format!("<div lang=\"{code}\">\n")));
                            open.push((pos.line, pos.column));
                        }
                        Some(code) => problems.push(problem(
                            pos.line,
                            pos.column,
                            format!("`{code}` is not a BCP 47 language code"),
                        )),
                        None if rest.is_empty() => {}
                        None => problems.push(problem(
                            pos.line,
                            pos.column,
                            format!("`:::{rest}` is not a language block; write `::: {{lang=en}}`"),
                        )),
                    }
                }
            }
        }
        if let Some(last) = p.last_child() {
            if text_of(last).is_some_and(|t| t.trim() == ":::") {
                if open.pop().is_none() {
                    problems.push(problem(
                        pos.line,
                        pos.column,
                        "`:::` closes no language block".into(),
                    ));
                    continue;
                }
                last.detach();
                if let Some(b) = p.last_child() {
                    if matches!(b.data().value, NodeValue::SoftBreak) {
                        b.detach();
                    }
                }
                p.insert_after(raw("</div>\n".into()));
            }
        }
        if p.first_child().is_none() {
            p.detach();
        }
    }
    for (line, column) in open {
        problems.push(problem(
            line,
            column,
            "the language block `::: {lang=…}` is not closed with `:::`".into(),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(md: &str) -> (String, Vec<Refused>) {
        let arena = Arena::new();
        let opts = crate::parse::markdown::options(false);
        let root = comrak::parse_document(&arena, md, &opts);
        let problems = mark(&arena, root);
        let mut html = String::new();
        let _ = comrak::format_html(root, &opts, &mut html);
        (html, problems)
    }

    #[test]
    fn spans_and_blocks_get_lang() {
        let (html, p) = render("A [betänketid]{lang=sv} and [*lover boy*]{lang=en} here.\n");
        assert!(p.is_empty(), "{p:?}");
        assert!(
            html.contains("A <span lang=\"sv\">betänketid</span> and"),
            "{html}"
        );
        assert!(
            html.contains("<span lang=\"en\"><em>lover boy</em></span> here"),
            "{html}"
        );
        let (html, p) = render("::: {lang=sv}\nPå svenska.\n:::\n\nAfter.\n");
        assert!(p.is_empty(), "{p:?}");
        assert!(
            html.contains("<div lang=\"sv\">\n<p>På svenska.</p>\n</div>"),
            "{html}"
        );
        // A link is not a span.
        let (html, _) = render("[text](x.md) and [plain] words\n");
        assert!(!html.contains("span"), "{html}");
    }

    #[test]
    fn unclosed_and_bad_markers_are_errors_at_their_place() {
        let (_, p) = render("Intro.\n\nA [word]{lang=sv and more\n");
        assert_eq!(p.len(), 1);
        assert_eq!((p[0].line, p[0].column), (3, 8));
        let (_, p) = render("A [word]{lang=sv_SE} x\n");
        assert!(p[0].message.contains("BCP 47"), "{p:?}");
        let (_, p) = render("::: {lang=en}\nText.\n");
        assert!(p[0].message.contains("not closed"), "{p:?}");
    }
}
