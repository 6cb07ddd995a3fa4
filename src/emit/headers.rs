//! A ready server configuration for the built site: `_headers` (Netlify, Cloudflare Pages
//! and other hosts that read that format) and `nginx-headers.conf` (a snippet to include
//! in a `server { }` block), both at the output root.
//!
//! The theme has no inline scripts or styles, so the site can run under a strict
//! Content-Security-Policy; these files make sure it does wherever it is deployed. The
//! browser tests serve the build with the headers of its own `_headers` file, so the policy
//! written here is the policy tested. Both files are derived from one list, so they can
//! never disagree.

use crate::link::Site;
use crate::render::OutputFile;
use std::fmt::Write as _;

/// The Content-Security-Policy every page is served with: only the site's own scripts,
/// styles and images (plus `data:` images), WebAssembly compilation for the search, no
/// plugins, no `<base>` hijacking and no framing.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

/// Browser features the site never uses, denied outright (`interest-cohort` and
/// `browsing-topics` opt the pages out of interest-based advertising cohorts).
pub const PERMISSIONS_POLICY: &str =
    "interest-cohort=(), browsing-topics=(), camera=(), microphone=(), geolocation=()";

/// The response headers every file of the site should carry, in output order.
pub fn security_headers() -> [(&'static str, &'static str); 4] {
    [
        ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
        // Visitors may be at risk: no page tells the next site where they came from.
        ("Referrer-Policy", "no-referrer"),
        ("X-Content-Type-Options", "nosniff"),
        ("Permissions-Policy", PERMISSIONS_POLICY),
    ]
}

/// Both configuration files, to be written at the output root.
pub fn files(site: &Site) -> Vec<OutputFile> {
    let base_path = site.config.base_path();
    vec![netlify_headers(), nginx_snippet(&base_path)]
}

/// `_headers`: one block for every path.
fn netlify_headers() -> OutputFile {
    let mut out = String::from(
        "# Response headers for every file of the site (Netlify, Cloudflare Pages and hosts\n\
         # that read the same format). Written by kunskapsnav; nginx: see nginx-headers.conf.\n\
         /*\n",
    );
    for (name, value) in security_headers() {
        let _ = writeln!(out, "  {name}: {value}");
    }
    OutputFile {
        path: "_headers".into(),
        bytes: out.into_bytes(),
    }
}

/// `nginx-headers.conf`: `include` it inside the site's `server { }` block.
fn nginx_snippet(base_path: &str) -> OutputFile {
    let mut out = String::from(
        "# nginx configuration for the site, written by kunskapsnav.\n\
         # Include it inside the server { } block that serves this folder:\n\
         #     include /path/to/site/nginx-headers.conf;\n\
         # A location { } block with add_header lines of its own does not inherit these:\n\
         # repeat them there.\n\n",
    );
    for (name, value) in security_headers() {
        // Single quotes inside the policy are fine in a double-quoted nginx string.
        let _ = writeln!(out, "add_header {name} \"{value}\" always;");
    }
    let _ = write!(
        out,
        "\n# The search module is WebAssembly; browsers compile it only when served with this\n\
         # type (older mime.types lack it). A types {{ }} block replaces the inherited table,\n\
         # so it stays inside a location that matches nothing else.\n\
         location ~* \\.wasm$ {{\n\
         \x20   types {{ application/wasm wasm; }}\n\
         }}\n\
         \n\
         # The build writes .gz (and .br) files beside the large search files; serve them as they\n\
         # are and compress the rest on the fly.\n\
         gzip_static on;\n\
         # brotli_static on;   # with the ngx_brotli module\n\
         gzip on;\n\
         gzip_types text/css text/javascript application/javascript application/json application/xml application/atom+xml image/svg+xml text/csv;\n\
         \n\
         error_page 404 {base_path}404.html;\n\
         \n\
         # The configuration files themselves are not part of the site.\n\
         location = {base_path}_headers {{ return 404; }}\n\
         location = {base_path}nginx-headers.conf {{ return 404; }}\n"
    );
    OutputFile {
        path: "nginx-headers.conf".into(),
        bytes: out.into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nginx_snippet_quotes_every_header_and_serves_wasm() {
        let f = nginx_snippet("/kunskap/");
        let text = String::from_utf8(f.bytes).unwrap();
        assert!(text.contains(&format!(
            "add_header Content-Security-Policy \"{CONTENT_SECURITY_POLICY}\" always;"
        )));
        assert!(text.contains("types { application/wasm wasm; }"));
        assert!(text.contains("error_page 404 /kunskap/404.html;"));
    }

    #[test]
    fn the_policy_allows_no_inline_code() {
        assert!(!CONTENT_SECURITY_POLICY.contains("unsafe-inline"));
        assert!(!CONTENT_SECURITY_POLICY.contains("'unsafe-eval'"));
    }
}
