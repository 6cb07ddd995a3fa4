//! Turning a request target into a file inside the output folder — and refusing every
//! target that could reach anything else. Kept free of I/O except the final
//! canonicalisation, so each rule is unit-tested.

use std::path::{Path, PathBuf};

/// Why a request target was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Malformed: bad percent-encoding, not UTF-8 (400).
    BadRequest,
    /// An attempt to leave the output: `..`, encoded separators, backslashes, NUL (403).
    Forbidden,
    /// Outside the site's base path, or a hidden file (404).
    NotFound,
}

/// Decode `%XX` escapes once. `None` for a malformed escape or a result that is not UTF-8.
pub fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The path of a request target relative to the site's base path, `/`-separated, with
/// no leading slash: `/kunskap/artiklar/x/` with base `/kunskap/` → `artiklar/x/`.
pub fn site_relative(target: &str, base_path: &str) -> Result<String, Refusal> {
    let raw = target.split(['?', '#']).next().unwrap_or("");
    if !raw.starts_with('/') {
        return Err(Refusal::BadRequest);
    }
    let lower = raw.to_ascii_lowercase();
    // Encoded separators, dots and NUL never name a file of a generated site; refusing
    // them outright also refuses every double-encoded form (`%252e` decodes to `%2e`).
    for bad in ["%2f", "%5c", "%00", "%2e", "%25"] {
        if lower.contains(bad) {
            return Err(Refusal::Forbidden);
        }
    }
    let decoded = percent_decode(raw).ok_or(Refusal::BadRequest)?;
    if decoded.contains(['\\', '\0']) || decoded.chars().any(char::is_control) {
        return Err(Refusal::Forbidden);
    }
    let rest = decoded
        .strip_prefix(base_path)
        .or_else(|| {
            (decoded.trim_end_matches('/') == base_path.trim_end_matches('/')).then_some("")
        })
        .ok_or(Refusal::NotFound)?;
    for seg in rest.split('/') {
        if seg == ".." || seg == "." {
            return Err(Refusal::Forbidden);
        }
        if seg.starts_with('.') {
            return Err(Refusal::NotFound);
        }
    }
    if rest.contains("//") {
        return Err(Refusal::NotFound);
    }
    Ok(rest.to_string())
}

/// What a site-relative path names on disk.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    File(PathBuf),
    /// A folder requested without its trailing slash: redirect to `path/`.
    AddSlash,
    Missing,
}

/// Find the file for `rel` under `root` (already canonical). Folders serve their
/// `index.html`. Anything whose real path leaves `root` — a symlink pointing out — is
/// refused.
pub fn resolve_file(root: &Path, rel: &str) -> Result<Resolved, Refusal> {
    let mut path = root.to_path_buf();
    for seg in rel.split('/').filter(|s| !s.is_empty()) {
        path.push(seg);
    }
    let meta = match std::fs::metadata(&path) {
        Ok(m) => m,
        Err(_) => return Ok(Resolved::Missing),
    };
    if meta.is_dir() {
        if !rel.is_empty() && !rel.ends_with('/') {
            return Ok(Resolved::AddSlash);
        }
        path.push("index.html");
    }
    let real = match path.canonicalize() {
        Ok(p) => p,
        Err(_) => return Ok(Resolved::Missing),
    };
    if !real.starts_with(root) {
        return Err(Refusal::Forbidden);
    }
    if real.is_file() {
        Ok(Resolved::File(real))
    } else {
        Ok(Resolved::Missing)
    }
}

/// The Content-Type of a file, by extension.
pub fn content_type(path: &Path) -> &'static str {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if name == "atom.xml" || name.ends_with(".atom") {
        return "application/atom+xml";
    }
    match name.rsplit_once('.').map(|(_, e)| e).unwrap_or("") {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "json" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        "xml" => "application/xml",
        "txt" | "md" | "conf" => "text/plain; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        _ => "application/octet-stream",
    }
}

/// Whether `Accept-Encoding` allows `coding` (`br`, `gzip`), honouring `q=0`.
pub fn accepts(accept_encoding: &str, coding: &str) -> bool {
    accept_encoding.split(',').any(|part| {
        let mut it = part.split(';');
        let name = it.next().unwrap_or("").trim();
        if !name.eq_ignore_ascii_case(coding) && name != "*" {
            return false;
        }
        !it.any(|p| {
            let p = p.trim();
            p.strip_prefix("q=")
                .and_then(|q| q.trim().parse::<f32>().ok())
                .is_some_and(|q| q <= 0.0)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_paths_are_relative_to_the_base() {
        assert_eq!(
            site_relative("/kunskap/a/b/", "/kunskap/"),
            Ok("a/b/".into())
        );
        assert_eq!(site_relative("/kunskap", "/kunskap/"), Ok("".into()));
        assert_eq!(site_relative("/a/?q=x", "/"), Ok("a/".into()));
        assert_eq!(
            site_relative("/andra/", "/kunskap/"),
            Err(Refusal::NotFound)
        );
        assert_eq!(
            site_relative("/%C3%A5r/", "/"),
            Ok("år/".into()),
            "UTF-8 escapes decode"
        );
    }

    #[test]
    fn traversal_in_every_spelling_is_refused() {
        for t in [
            "/../etc/passwd",
            "/a/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/%252e%252e/etc/passwd",
            "/..%5c..%5cetc",
            "/..\\..\\etc",
            "/a%00.html",
            "/./index.html",
        ] {
            assert_eq!(site_relative(t, "/"), Err(Refusal::Forbidden), "{t}");
        }
        assert_eq!(site_relative("/%zz", "/"), Err(Refusal::BadRequest));
        assert_eq!(site_relative("/%ff", "/"), Err(Refusal::BadRequest));
        assert_eq!(
            site_relative("/.kunskapsnav-output", "/"),
            Err(Refusal::NotFound)
        );
    }

    #[test]
    fn content_types_cover_the_site() {
        for (name, ty) in [
            ("index.html", "text/html; charset=utf-8"),
            ("site.1.css", "text/css; charset=utf-8"),
            ("search.js", "text/javascript; charset=utf-8"),
            ("m.wasm", "application/wasm"),
            ("c.svg", "image/svg+xml"),
            ("manifest.json", "application/json"),
            ("d.csv", "text/csv; charset=utf-8"),
            ("atom.xml", "application/atom+xml"),
            ("sitemap.xml", "application/xml"),
            ("robots.txt", "text/plain; charset=utf-8"),
        ] {
            assert_eq!(content_type(Path::new(name)), ty, "{name}");
        }
    }

    #[test]
    fn accept_encoding_honours_q_zero() {
        assert!(accepts("gzip, deflate, br", "br"));
        assert!(accepts("br;q=0.5", "br"));
        assert!(!accepts("br;q=0, gzip", "br"));
        assert!(accepts("*", "gzip"));
        assert!(!accepts("identity", "gzip"));
    }
}
