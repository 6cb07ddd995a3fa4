//! Finding the external URLs: every `http://` and `https://` address written in a content
//! file, a data file or the configuration, with the line and column where it starts. The
//! text is scanned as text, so a URL in front matter, a Markdown link, a bare address or
//! a YAML source field is found alike.

use std::path::{Path, PathBuf};

/// One place a URL is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    pub url: String,
    /// Relative to the site folder.
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
}

/// The files scanned: `kunskapsnav.yaml`, then `content/` and `data/` in path order.
/// Files that are not UTF-8 text (images, PDFs) are skipped.
pub fn site_files(root: &Path) -> Vec<PathBuf> {
    let mut files = vec![PathBuf::from(crate::load::config::CONFIG_FILE)];
    for dir in ["content", "data"] {
        let mut found: Vec<PathBuf> = walkdir::WalkDir::new(root.join(dir))
            .follow_links(false)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .filter(|e| {
                let ext = e.path().extension().and_then(|x| x.to_str()).unwrap_or("");
                matches!(ext, "md" | "markdown" | "yaml" | "yml")
            })
            .filter_map(|e| e.path().strip_prefix(root).ok().map(Path::to_path_buf))
            .collect();
        found.sort();
        files.extend(found);
    }
    files
}

/// Every URL in `text`, in order.
pub fn urls_in(text: &str, file: &Path) -> Vec<Occurrence> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let mut from = 0;
        while let Some(start) = next_scheme(line, from) {
            let len = url_length(&line[start..]);
            let url = &line[start..start + len];
            from = start + len.max(1);
            if has_host(url) {
                out.push(Occurrence {
                    url: url.to_string(),
                    file: file.to_path_buf(),
                    line: i + 1,
                    column: line[..start].chars().count() + 1,
                });
            }
        }
    }
    out
}

fn next_scheme(line: &str, from: usize) -> Option<usize> {
    let rest = line.get(from..)?;
    let lower = rest.to_ascii_lowercase();
    let a = lower.find("https://");
    let b = lower.find("http://");
    let i = match (a, b) {
        (Some(a), Some(b)) => a.min(b),
        (Some(x), None) | (None, Some(x)) => x,
        (None, None) => return None,
    };
    // Part of a longer word (`xhttp://`) is not a URL.
    let prev = rest[..i].chars().next_back();
    if prev.is_some_and(|c| c.is_alphanumeric()) {
        return next_scheme(line, from + i + 4);
    }
    Some(from + i)
}

/// Where the URL ends: at white space, quotes, angle brackets, a `)` or `]` that closes
/// what the URL did not open, or trailing punctuation of the sentence around it.
fn url_length(s: &str) -> usize {
    let mut depth_paren = 0i32;
    let mut depth_bracket = 0i32;
    let mut end = 0;
    for (i, c) in s.char_indices() {
        match c {
            c if c.is_whitespace() => break,
            '"' | '\'' | '<' | '>' | '`' | '|' | '{' | '}' | '\\' => break,
            '(' => depth_paren += 1,
            ')' if depth_paren == 0 => break,
            ')' => depth_paren -= 1,
            '[' => depth_bracket += 1,
            ']' if depth_bracket == 0 => break,
            ']' => depth_bracket -= 1,
            _ => {}
        }
        end = i + c.len_utf8();
    }
    let trimmed = s[..end].trim_end_matches(['.', ',', ';', ':', '!', '?', '*', '_', '~']);
    trimmed.len()
}

fn has_host(url: &str) -> bool {
    url.split_once("://")
        .map(|(_, rest)| !rest.is_empty() && !rest.starts_with(['/', '?', '#']))
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(text: &str) -> Vec<(String, usize, usize)> {
        urls_in(text, Path::new("a.md"))
            .into_iter()
            .map(|o| (o.url, o.line, o.column))
            .collect()
    }

    #[test]
    fn markdown_yaml_and_prose() {
        let text = "title: x\nsource_url: \"https://a.se/r.pdf\"\n\nSe [rapporten](https://b.se/x_(y)) och https://c.se/s, eller <http://d.se/>.\n";
        assert_eq!(
            urls(text),
            vec![
                ("https://a.se/r.pdf".into(), 2, 14),
                ("https://b.se/x_(y)".into(), 4, 16),
                ("https://c.se/s".into(), 4, 40),
                ("http://d.se/".into(), 4, 63),
            ]
        );
    }

    #[test]
    fn columns_count_characters_and_hostless_schemes_are_skipped() {
        assert_eq!(
            urls("Å ä https://ö.se/"),
            vec![("https://ö.se/".into(), 1, 5)]
        );
        assert!(urls("https:// and xhttps://a.se").is_empty());
    }
}
