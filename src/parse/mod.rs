//! Stage 2, parse: each page's Markdown body is read by comrak once
//! ([`body::parse_body`]). That one parse checks what content may not publish, collects
//! what the link stage resolves (headings, links, citations, glossary mentions), and
//! keeps the body as HTML with slots for the link stage's answers, plus its plain text
//! for search.

pub mod body;
pub mod glossary;
pub mod html_safety;
pub mod lang_spans;
pub mod markdown;
pub mod shortcode;
pub mod slots;

pub use body::{parse_body, ParsedBody};
pub use slots::Resolved;
