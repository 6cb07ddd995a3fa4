//! Stage 5, emit: rendered files stream into a staging folder that replaces the
//! published site only when the whole build succeeded; the machine-readable files
//! (sitemap, feed, robots.txt) and the server's security headers are made here.

pub mod feeds;
pub mod headers;
pub mod output;
