//! Typed YAML parsing with diagnostics that point at the exact line and column.
//!
//! serde_yaml reports where deserialisation failed but phrases it for programmers
//! ("unknown field `titel`, expected one of …"). This module turns that into a
//! [`Diagnostic`] with the position shifted to the file's own line numbers, a did-you-mean
//! hint for unknown fields and variants, and the offending line attached.

use crate::diagnostics::{did_you_mean, Diagnostic};
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
    serde_yaml::from_str::<T>(yaml_for_serde)
        .map_err(|e| Box::new(to_diagnostic(&e, file, file_text, offset, code)))
}

fn to_diagnostic(
    e: &serde_yaml::Error,
    file: &Path,
    file_text: &str,
    offset: Offset,
    code: &'static str,
) -> Diagnostic {
    let raw = e.to_string();
    let message = strip_location_suffix(&raw);
    let (line, column) = match e.location() {
        Some(loc) => (loc.line() + offset.lines, loc.column()),
        None => (offset.lines.max(1), 0),
    };
    let mut d = Diagnostic::error(code, file, humanise(&message))
        .at(line, column)
        .with_source(file_text);
    if let Some(help) = hint_for(&message) {
        d = d.with_help(help);
    }
    d
}

/// serde_yaml appends " at line L column C"; the diagnostic carries the position itself.
fn strip_location_suffix(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

fn humanise(msg: &str) -> String {
    // Drop serde's internal path prefix such as "charges[0]: ", keeping it readable.
    msg.replace("invalid type: ", "wrong type: ")
}

/// Extract backticked names: "unknown field `a`, expected one of `b`, `c`" → [a, b, c].
fn backticked(msg: &str) -> Vec<&str> {
    msg.split('`').skip(1).step_by(2).collect()
}

fn hint_for(msg: &str) -> Option<String> {
    let names = backticked(msg);
    if msg.contains("unknown field") || msg.contains("unknown variant") {
        let (given, expected) = names.split_first()?;
        let what = if msg.contains("unknown field") {
            "field"
        } else {
            "value"
        };
        return Some(match did_you_mean(given, expected.iter().copied()) {
            Some(s) => format!("did you mean `{s}`? Allowed: {}", expected.join(", ")),
            None if expected.is_empty() => format!("remove this {what}"),
            None => format!("allowed: {}", expected.join(", ")),
        });
    }
    if msg.contains("missing field") {
        let field = names.first()?;
        return Some(format!("add `{field}:` to the front matter"));
    }
    if msg.contains("duplicate entry") {
        return Some("each key may appear only once; remove or merge the repeated one".into());
    }
    if msg.contains("wrong type") || msg.contains("invalid type") {
        return Some(
            "check the value's form: text, a number, true/false, a list (`[a, b]`) or a date (`2024-07-11`)"
                .into(),
        );
    }
    if msg.contains("did not find expected") || msg.contains("mapping values are not allowed") {
        return Some(
            "a value containing `:` or starting with a special character needs quotes".into(),
        );
    }
    None
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
    use super::*;
    use serde::Deserialize;

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

    #[test]
    fn key_position_finds_top_level_keys_only() {
        let yaml = "a:\n  court: x\ncourt: y\n";
        assert_eq!(
            key_position(yaml, "court", Offset { lines: 1 }),
            Some((4, 1))
        );
    }
}
