//! serde_yaml's errors as diagnostics: the position moved to the file's own lines, the
//! message phrased for editors, a did-you-mean hint for unknown fields and variants.

use super::limits::EXPANSION_MESSAGE;
use super::Offset;
use crate::diagnostics::{did_you_mean, Diagnostic};
use std::path::Path;

pub(super) fn to_diagnostic(
    e: &serde_yaml::Error,
    file: &Path,
    file_text: &str,
    offset: Offset,
    code: &'static str,
) -> Diagnostic {
    let raw = e.to_string();
    let message = strip_location_suffix(&raw);
    let (mut line, mut column) = match e.location() {
        Some(loc) => (
            lf_line(file_text, offset.lines, loc.line()) + offset.lines,
            loc.column(),
        ),
        None => (offset.lines.max(1), 0),
    };
    // serde_yaml places a duplicate key at its mapping; the repeated key is what to fix.
    if let Some(key) = message
        .split_once("duplicate field `")
        .and_then(|(_, rest)| rest.split('`').next())
    {
        if let Some(pos) = repeated_key_line(file_text, key, line) {
            (line, column) = pos;
        }
    }
    let mut d = Diagnostic::error(code, file, humanise(&message))
        .at(line, column)
        .with_source(file_text);
    let source_line = d.source_line.clone().unwrap_or_default();
    if let Some(help) = hint_for(&message, &source_line) {
        d = d.with_help(help);
    }
    d
}

/// The LF-counted line (1-based, within the YAML that starts after `skip` lines of
/// `file_text`) of libyaml's line `yaml_line`: libyaml also breaks lines at NEL (U+0085),
/// LS (U+2028) and PS (U+2029), so its numbers ran past the end of such files (found by the
/// `dataset` fuzz target).
pub(super) fn lf_line(file_text: &str, skip: usize, yaml_line: usize) -> usize {
    let mut rest = file_text;
    for _ in 0..skip {
        rest = rest.split_once('\n').map_or("", |(_, r)| r);
    }
    let (mut breaks, mut lf) = (0, 0);
    for c in rest.chars() {
        if breaks + 1 >= yaml_line {
            break;
        }
        match c {
            '\n' => {
                breaks += 1;
                lf += 1;
            }
            '\u{85}' | '\u{2028}' | '\u{2029}' => breaks += 1,
            _ => {}
        }
    }
    lf + 1
}

/// The file line and column (1-based) of the second `key:` in the block mapping that starts
/// on line `from`: where a repeated key is.
fn repeated_key_line(text: &str, key: &str, from: usize) -> Option<(usize, usize)> {
    let key_start = |line: &str| line.len() - line.trim_start_matches([' ', '-']).len();
    let mut lines = text.lines().enumerate().skip(from.checked_sub(1)?);
    let indent = key_start(lines.clone().next()?.1);
    let mut seen = false;
    for (i, line) in lines.by_ref() {
        let start = key_start(line);
        if line.trim().is_empty() || start > indent {
            continue;
        }
        if start < indent {
            break; // the mapping ended
        }
        let is_key = line[start..]
            .strip_prefix(key)
            .is_some_and(|rest| rest.trim_start().starts_with(':'));
        if is_key && seen {
            return Some((i + 1, line[..start].chars().count() + 1));
        }
        seen |= is_key;
    }
    None
}

/// serde_yaml appends " at line L column C"; the diagnostic carries the position itself.
fn strip_location_suffix(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

fn humanise(msg: &str) -> String {
    if msg.contains("repetition limit exceeded") {
        return EXPANSION_MESSAGE.to_string();
    }
    if msg.contains("recursion limit exceeded") {
        return "the YAML is nested too deeply (more than 128 levels)".to_string();
    }
    // Drop serde's internal path prefix such as "charges[0]: ", keeping it readable.
    msg.replace("invalid type: ", "wrong type: ")
}

/// Extract backticked names: "unknown field `a`, expected one of `b`, `c`" → [a, b, c].
fn backticked(msg: &str) -> Vec<&str> {
    msg.split('`').skip(1).step_by(2).collect()
}

fn hint_for(msg: &str, source_line: &str) -> Option<String> {
    if msg.contains(EXPANSION_MESSAGE) || msg.contains("repetition limit exceeded") {
        return Some(
            "anchors (`&name`) and aliases (`*name`) may repeat small parts; write the values out instead"
                .into(),
        );
    }
    if msg.contains("recursion limit exceeded") {
        return Some(
            "front matter and data files need a few levels at most; flatten the structure".into(),
        );
    }
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
    if msg.contains("duplicate entry") || msg.contains("duplicate field") {
        return Some("each key may appear only once; remove or merge the repeated one".into());
    }
    if msg.contains("wrong type") || msg.contains("invalid type") {
        return Some(
            "check the value's form: text, a number, true/false, a list (`[a, b]`) or a date (`2024-07-11`)"
                .into(),
        );
    }
    let indent = &source_line[..source_line.len() - source_line.trim_start().len()];
    if indent.contains('\t') {
        return Some("YAML is indented with spaces; this line is indented with a tab".into());
    }
    if msg.contains("did not find expected")
        || msg.contains("mapping values are not allowed")
        || msg.contains("cannot start any token")
    {
        return Some(
            "a value containing `:` or starting with a special character needs quotes".into(),
        );
    }
    None
}
