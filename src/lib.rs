//! kunskapsnav: a static site generator for a Swedish public knowledge hub on human
//! trafficking and exploitation. The folders are the pipeline, run one way, and the
//! domains that plug into it; a module imports only from the lines above its own.
//! (docs/architecture.md has the whole picture.)
//!
//! Foundations, used by every stage:
//! - [`diagnostics`]: problems with file, line, column and hint; human and JSON output.
//! - [`text`]: slugs and heading ids, dates, Swedish order and number format, escaping.
//!
//! The stages, in the order a build runs them:
//! 1. [`load`]: configuration, theme, content files, typed YAML with positions.
//! 2. [`parse`]: each Markdown body parsed once: shortcodes, headings, links, citations,
//!    glossary mentions, refused HTML checked; HTML with slots and plain text kept.
//! 3. [`link`]: pages become the immutable [`link::Site`]: URLs, links, anchors,
//!    citations, backlinks, sections, taxonomies resolved.
//! 4. [`render`]: the site becomes HTML files through the theme's templates.
//! 5. [`emit`]: files streamed to a staging folder and swapped into place; sitemap,
//!    feed, server headers.
//!
//! The domains, each owning its data, validation and pages:
//! - [`legal`]: courts, provisions, rulings, citations, appeal chains.
//! - [`stats`]: datasets, their checks, charts, tables, shortcodes.
//! - [`accessibility`]: the accessibility statement.
//! - [`search`]: the search index and its documents.
//! - [`upkeep`]: owners, reviews and when they are due.
//!
//! Driving it all:
//! - [`pipeline`]: `build` and `check`: the stages in order, timed; the domains routed in.
//! - [`serve`]: the editors' preview server, rebuilding only what a change touches.
//! - [`editing`]: the other editors' commands (`new`).
//! - [`external`]: `check --external`, whether the external links still lead somewhere.

pub mod diagnostics;
pub mod text;

pub mod emit;
pub mod link;
pub mod load;
pub mod parse;
pub mod render;

pub mod accessibility;
pub mod legal;
pub mod search;
pub mod stats;
pub mod upkeep;

pub mod editing;
pub mod external;
pub mod pipeline;
pub mod serve;

pub use diagnostics::{Diagnostic, Diagnostics, Severity};
pub use pipeline::{build, BuildFailure, BuildOptions, BuildReport};
