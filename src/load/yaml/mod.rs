//! Typed YAML parsing with diagnostics that point at the exact line and column.
//!
//! serde_yaml reports where deserialisation failed but phrases it for programmers
//! ("unknown field `titel`, expected one of …"). This module turns that into a
//! [`Diagnostic`] with the position shifted to the file's own line numbers, a did-you-mean
//! hint for unknown fields and variants, and the offending line attached.

mod errors;
mod limits;

use crate::diagnostics::Diagnostic;
use errors::to_diagnostic;
use limits::{check_expansion, flow_too_deep};
use serde::de::DeserializeOwned;
use std::path::Path;

/// Where a YAML document sits inside its file: front matter starts after the `---` line.
#[derive(Debug, Clone, Copy, Default)]
pub struct Offset {
    /// Number of file lines before the YAML's first line.
    pub lines: usize,
}

/// Parse `yaml` as `T`. On failure, return one diagnostic located in `file`.
/// `file_text` is the whole file, used to show the offending line.
pub fn parse<T: DeserializeOwned>(
    yaml: &str,
    file: &Path,
    file_text: &str,
    offset: Offset,
    code: &'static str,
) -> Result<T, Box<Diagnostic>> {
    // An empty document deserialises as unit, which no struct accepts; treat it as `{}`.
    let yaml_for_serde = if yaml.trim().is_empty() { "{}" } else { yaml };
    if let Some((at, message)) = flow_too_deep(yaml_for_serde) {
        let before = &yaml[..at.min(yaml.len())];
        let line = before.matches('\n').count() + 1 + offset.lines;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        return Err(Box::new(
            Diagnostic::error(code, file, message)
                .at(line, column)
                .with_source(file_text)
                .with_help("front matter and data files need a few levels of `[…]` and `{…}` at most; write lists and maps as indented lines"),
        ));
    }
    check_expansion(yaml_for_serde)
        .and_then(|()| serde_yaml::from_str::<T>(yaml_for_serde))
        .map_err(|e| Box::new(to_diagnostic(&e, file, file_text, offset, code)))
}

/// Find the line and column (1-based, in file coordinates) of a top-level `key:` in `yaml`.
/// Used for checks made after parsing, such as an unknown court name.
pub fn key_position(yaml: &str, key: &str, offset: Offset) -> Option<(usize, usize)> {
    for (i, line) in yaml.lines().enumerate() {
        if let Some(rest) = line.strip_prefix(key) {
            if rest.trim_start().starts_with(':') {
                return Some((i + 1 + offset.lines, 1));
            }
        }
    }
    None
}

/// Find the first line at or after the top-level `key:` that contains `needle`, e.g. the
/// list item that holds a bad value. Falls back to the key's own position.
pub fn value_position(
    yaml: &str,
    key: &str,
    needle: &str,
    offset: Offset,
) -> Option<(usize, usize)> {
    let (key_line, _) = key_position(yaml, key, offset)?;
    let start = key_line - offset.lines - 1;
    for (i, line) in yaml.lines().enumerate().skip(start) {
        if i > start && !line.starts_with([' ', '\t', '-']) && !line.trim().is_empty() {
            break; // reached the next top-level key
        }
        if let Some(col) = line.find(needle) {
            return Some((i + 1 + offset.lines, line[..col].chars().count() + 1));
        }
    }
    Some((key_line, 1))
}

#[cfg(test)]
mod tests {
    use super::errors::lf_line;
    use super::*;
    use serde::Deserialize;

    #[test]
    fn libyaml_line_numbers_are_mapped_to_lf_lines() {
        // NEL counts as a line break for libyaml, not for editors (or us).
        let text = "a: 1\nb: \"x\u{85}y\nc: 2\n";
        assert_eq!(lf_line(text, 0, 1), 1);
        assert_eq!(lf_line(text, 0, 2), 2);
        assert_eq!(lf_line(text, 0, 4), 3); // libyaml's line 4 is our line 3
        assert_eq!(lf_line(text, 0, 9), 4); // past the end: one past the last line
        assert_eq!(lf_line("---\na: 1\n", 1, 1), 1);
    }

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct T {
        title: String,
        count: u32,
    }

    #[test]
    fn unknown_field_gets_line_and_suggestion() {
        let yaml = "title: x\ntitel: y\ncount: 1\n";
        let err = parse::<T>(yaml, Path::new("a.md"), yaml, Offset { lines: 1 }, "t").unwrap_err();
        assert_eq!(err.line, 3);
        assert!(
            err.message.contains("unknown field `titel`"),
            "{}",
            err.message
        );
        assert!(err
            .help
            .as_deref()
            .unwrap_or("")
            .contains("did you mean `title`"));
    }

    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    struct Rows {
        rows: Vec<Vec<Vec<u32>>>,
    }

    #[test]
    fn an_alias_bomb_is_refused_before_it_expands() {
        // 30 kB of text that expands to a thousand million numbers.
        let mut yaml = format!(
            "rows:\n  - &r [&x [{}], {}]\n",
            vec!["1"; 1000].join(","),
            vec!["*x"; 999].join(",")
        );
        yaml.push_str(&"  - *r\n".repeat(999));
        let started = std::time::Instant::now();
        let err =
            parse::<Rows>(&yaml, Path::new("a.yaml"), &yaml, Offset::default(), "t").unwrap_err();
        assert!(
            started.elapsed().as_secs() < 5,
            "took {:?}",
            started.elapsed()
        );
        assert!(
            err.message.contains("expands to too many values"),
            "{}",
            err.message
        );
        assert!(
            err.help.as_deref().unwrap_or("").contains("aliases"),
            "{err:?}"
        );
        assert!(err.line >= 2, "{err:?}");
        // Few values, but long: one 20 kB text repeated 12 000 times.
        let text = format!(
            "rows: []\nt: &t \"{}\"\nu: [{}]\n",
            "x".repeat(20_000),
            vec!["*t"; 12_000].join(",")
        );
        #[derive(Deserialize, Debug)]
        #[allow(dead_code)]
        struct Texts {
            t: String,
            u: Vec<String>,
        }
        let err =
            parse::<Texts>(&text, Path::new("a.yaml"), &text, Offset::default(), "t").unwrap_err();
        assert!(
            err.message.contains("expands to too many values"),
            "{}",
            err.message
        );
        // Aliases that repeat a little are fine.
        let small = "rows:\n  - &r [[1, 2], [3]]\n  - *r\n  - *r\n";
        let ok = parse::<Rows>(small, Path::new("a.yaml"), small, Offset::default(), "t").unwrap();
        assert_eq!(ok.rows.len(), 3);
    }

    #[test]
    fn deep_flow_nesting_is_refused_before_libyaml_sees_it() {
        for yaml in [
            format!("rows: {}{}\n", "[".repeat(40_000), "]".repeat(40_000)),
            format!("rows: [{}1{}]\n", "{a: ".repeat(40_000), "}".repeat(40_000)),
            // Closing brackets a naive count would take from quoted text and comments.
            format!("rows: {}\n", "[ \"]\", '}', # ]\n".repeat(40_000)),
            format!("rows: {}\n", "[ a:b\n ".repeat(40_000)),
        ] {
            let started = std::time::Instant::now();
            let err = parse::<Rows>(&yaml, Path::new("a.yaml"), &yaml, Offset { lines: 1 }, "t")
                .unwrap_err();
            assert!(
                started.elapsed().as_secs() < 2,
                "took {:?}",
                started.elapsed()
            );
            assert!(
                err.message.contains("more than 64 levels deep"),
                "{}",
                err.message
            );
            assert!(err.line >= 2, "{err:?}");
        }
        // Brackets inside scalars, where libyaml reads text, do not count.
        #[derive(Deserialize, Debug)]
        #[allow(dead_code)]
        struct Noted {
            rows: Vec<Vec<Vec<u32>>>,
            note: String,
            other: String,
            plain: String,
        }
        let ok = format!(
            "rows: [[[1]]]\nnote: \"{}\"\nother: '{}'\nplain: a {}\n",
            "[".repeat(500),
            "{".repeat(500),
            "[".repeat(10)
        );
        let parsed = parse::<Noted>(&ok, Path::new("a.yaml"), &ok, Offset::default(), "t").unwrap();
        assert_eq!(parsed.note.len(), 500);
        // Lists of flow collections, as datasets write them, are fine however many.
        let many = format!("rows:\n{}", "  - [[1, 2], [3]]\n".repeat(20_000));
        assert!(parse::<Rows>(&many, Path::new("a.yaml"), &many, Offset::default(), "t").is_ok());
    }

    #[test]
    fn a_repeated_key_is_reported_where_it_repeats() {
        let yaml = "title: x\ncount: 1\ntitle: y\n";
        let err = parse::<T>(yaml, Path::new("a.md"), yaml, Offset::default(), "t").unwrap_err();
        assert_eq!((err.line, err.column), (3, 1), "{err:?}");
        assert!(
            err.help.as_deref().unwrap_or("").contains("only once"),
            "{err:?}"
        );
    }

    #[test]
    fn a_tab_in_the_indentation_gets_a_hint() {
        let yaml = "title: x\ncount:\n\t- 1\n";
        let err = parse::<T>(yaml, Path::new("a.md"), yaml, Offset::default(), "t").unwrap_err();
        assert_eq!(err.line, 3, "{err:?}");
        assert!(err.help.as_deref().unwrap_or("").contains("tab"), "{err:?}");
    }

    #[test]
    fn key_position_finds_top_level_keys_only() {
        let yaml = "a:\n  court: x\ncourt: y\n";
        assert_eq!(
            key_position(yaml, "court", Offset { lines: 1 }),
            Some((4, 1))
        );
    }
}
