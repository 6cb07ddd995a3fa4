//! kunskapsnav: a static site generator for a Swedish public knowledge hub on human
//! trafficking and exploitation. The pipeline runs one way:
//! load ([`content`], [`config`]) → validate → link ([`site`]) → render ([`render`],
//! [`markdown`], [`theme`]) → emit ([`output`], [`feeds`]), orchestrated by [`build`].

pub mod accessibility;
pub mod analysis_cache;
pub mod build;
pub mod config;
pub mod content;
pub mod date;
pub mod diagnostics;
pub mod extensions;
pub mod feeds;
pub mod glossary;
pub mod headers;
pub mod html_safety;
pub mod legal;
pub mod markdown;
pub mod new;
pub mod output;
pub mod progress;
pub mod render;
pub mod search;
pub mod serve;
pub mod shortcode;
pub mod site;
pub mod slug;
pub mod stats;
pub mod text;
pub mod theme;
pub mod yaml;

pub use build::{build, BuildFailure, BuildOptions, BuildReport};
pub use diagnostics::{Diagnostic, Diagnostics, Severity};
