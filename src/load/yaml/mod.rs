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

/// Deepest nesting of flow collections (`[…]`, `{…}`) accepted. libyaml's scanner walks
/// every open level for every token, so deep nesting takes quadratic time (80 kB of `[`
/// took 23 s, a megabyte would take hours); serde_yaml refuses more than 128 levels of
/// nesting of any kind anyway.
const MAX_FLOW_DEPTH: usize = 64;

/// Where flow collections nest deeper than [`MAX_FLOW_DEPTH`] (a byte offset and the
/// message), found in linear time before libyaml sees the text.
///
/// Flow context is lexed as libyaml lexes it, from every `[` and `{` that could open a
/// collection in block context (at the start, or after white space; one glued to a
/// scalar is a syntax error libyaml meets within its 1024-character look-ahead) and was
/// not already met as a token of an earlier pass. Every real flow collection is such a
/// bracket or nested in one, so its depth is measured exactly whatever the block context
/// around it; text inside a scalar can only add to the count. Lexing from a bracket that
/// is text costs a pass over what follows; a document that needs more than a few passes
/// is refused too.
fn flow_too_deep(yaml: &str) -> Option<(usize, String)> {
    let b = yaml.as_bytes();
    if !b.iter().any(|&c| c == b'[' || c == b'{') {
        return None;
    }
    let mut covered = vec![false; b.len()];
    let mut budget = b.len().saturating_mul(8).saturating_add(10_000);
    for start in 0..b.len() {
        let opens_in_block = start == 0
            // White space, or the last byte of a byte order mark.
            || matches!(b[start - 1], b' ' | b'\t' | b'\n' | b'\r' | 0xBF);
        if matches!(b[start], b'[' | b'{') && opens_in_block && !covered[start] {
            if let Err(e) = lex_flow(b, start, &mut covered, &mut budget) {
                return Some(match e {
                    FlowError::TooDeep(at) => (
                        at,
                        format!("the YAML nests `[…]` and `{{…}}` more than {MAX_FLOW_DEPTH} levels deep"),
                    ),
                    FlowError::TooComplex(at) => (
                        at,
                        "the YAML has too many `[` and `{` that open nothing to check it in time"
                            .to_string(),
                    ),
                });
            }
        }
    }
    None
}

enum FlowError {
    TooDeep(usize),
    TooComplex(usize),
}

/// Lex the flow collection opening at `start` until it closes, as libyaml's scanner does
/// (`yaml_parser_fetch_next_token` with a flow level above 0). Where libyaml would stop
/// with an error, so does this: nothing after it is scanned.
fn lex_flow(
    b: &[u8],
    start: usize,
    covered: &mut [bool],
    budget: &mut usize,
) -> Result<(), FlowError> {
    let at = |i: usize| b.get(i).copied();
    let blank = |c: u8| c == b' ' || c == b'\t';
    let brk = |c: u8| c == b'\n' || c == b'\r';
    let blankz = |i: usize| at(i).is_none_or(|c| blank(c) || brk(c));
    let alpha = |c: u8| c.is_ascii_alphanumeric() || c == b'_' || c == b'-';
    let line_start = |i: usize| i == 0 || brk(b[i - 1]);
    let marker = |i: usize| {
        line_start(i) && (b[i..].starts_with(b"---") || b[i..].starts_with(b"...")) && blankz(i + 3)
    };
    let mut depth = 0usize;
    let mut i = start;
    loop {
        let token_start = i;
        // To the next token: white space, line breaks and comments.
        while let Some(c) = at(i) {
            if blank(c) || brk(c) {
                i += 1;
            } else if c == b'#' {
                while at(i).is_some_and(|c| !brk(c)) {
                    i += 1;
                }
            } else {
                break;
            }
        }
        let Some(c) = at(i) else { return Ok(()) };
        if marker(i) || (c == b'%' && line_start(i)) {
            return Ok(());
        }
        match c {
            b'[' | b'{' => {
                covered[i] = true;
                depth += 1;
                if depth > MAX_FLOW_DEPTH {
                    return Err(FlowError::TooDeep(i));
                }
                i += 1;
            }
            b']' | b'}' => {
                depth = depth.saturating_sub(1);
                i += 1;
                if depth == 0 {
                    return Ok(());
                }
            }
            b',' | b'?' | b':' => i += 1,
            b'-' if blankz(i + 1) => return Ok(()), // a block entry: an error in flow
            b'*' | b'&' => {
                i += 1;
                while at(i).is_some_and(alpha) {
                    i += 1;
                }
            }
            b'!' if at(i + 1) == Some(b'<') => {
                i += 2;
                while at(i).is_some_and(|c| c != b'>') {
                    i += 1;
                }
                i += 1;
            }
            b'!' => {
                i += 1;
                while at(i).is_some_and(|c| alpha(c) || b";/?:@&=+$.%!~*'()".contains(&c)) {
                    i += 1;
                }
            }
            b'\'' => {
                i += 1;
                loop {
                    match at(i) {
                        None => return Ok(()),
                        Some(b'\'') if at(i + 1) == Some(b'\'') => i += 2,
                        Some(b'\'') => break i += 1,
                        Some(_) => i += 1,
                    }
                }
            }
            b'"' => {
                i += 1;
                loop {
                    match at(i) {
                        None => return Ok(()),
                        Some(b'\\') => i += 2,
                        Some(b'"') => break i += 1,
                        Some(_) => i += 1,
                    }
                }
            }
            // Cannot start a token in flow context: libyaml stops.
            b'|' | b'>' | b'%' | b'@' | b'`' => return Ok(()),
            _ => {
                // A plain scalar, in chunks of non-blank text over lines, as
                // `yaml_parser_scan_plain_scalar` reads it with a flow level above 0.
                loop {
                    if marker(i) || at(i) == Some(b'#') {
                        break;
                    }
                    while !blankz(i) {
                        let c = b[i];
                        let next = at(i + 1);
                        if c == b':' && next.is_some_and(|n| b",?[]{}".contains(&n)) {
                            return Ok(()); // "found unexpected ':'"
                        }
                        if (c == b':' && blankz(i + 1)) || b",[]{}".contains(&c) {
                            break;
                        }
                        i += 1;
                    }
                    if !at(i).is_some_and(|c| blank(c) || brk(c)) {
                        break;
                    }
                    while at(i).is_some_and(|c| blank(c) || brk(c)) {
                        i += 1;
                    }
                }
            }
        }
        let used = i.saturating_sub(token_start).max(1);
        if *budget < used {
            return Err(FlowError::TooComplex(i.min(b.len().saturating_sub(1))));
        }
        *budget -= used;
    }
}

/// What a document may expand to through its aliases, counting one per value plus the
/// bytes of its text: a floor for small documents, then a few per byte of the document.
/// Written out, a value and its text take at least as many bytes, so only aliases
/// (`*name`) repeating large anchored parts can exceed it.
const MIN_EXPANSION: usize = 10_000;
const EXPANSION_PER_BYTE: usize = 4;
const EXPANSION_MESSAGE: &str = "the YAML expands to too many values: an alias (`*name`) repeats a large part of it, perhaps many times over";

/// Refuse an alias bomb ("billion laughs") before typing it: `&a [x, x]`, `&b [*a, *a]`,
/// … doubles at every level, and serde_yaml would build all of it (minutes and gigabytes
/// for a few kilobytes of text). A first pass only counts the values the document expands
/// to, and stops at the budget. Any other error is left to the typed parse, which reports
/// it with the field's name.
fn check_expansion(yaml: &str) -> Result<(), serde_yaml::Error> {
    use serde::de::DeserializeSeed;
    let budget = Budget {
        left: std::cell::Cell::new(
            MIN_EXPANSION.saturating_add(yaml.len().saturating_mul(EXPANSION_PER_BYTE)),
        ),
        exceeded: std::cell::Cell::new(false),
    };
    match Count(&budget).deserialize(serde_yaml::Deserializer::from_str(yaml)) {
        // serde_yaml's own guard against repeated aliases trips later than ours, but
        // a document that trips it would be as slow to type.
        Err(e) if budget.exceeded.get() || e.to_string().contains("repetition limit") => Err(e),
        _ => Ok(()),
    }
}

struct Budget {
    left: std::cell::Cell<usize>,
    exceeded: std::cell::Cell<bool>,
}

/// Visits any YAML value, counting it and everything inside it against the budget.
#[derive(Clone, Copy)]
struct Count<'b>(&'b Budget);

impl Count<'_> {
    /// One value, and `bytes` of text in it.
    fn charge_text<E: serde::de::Error>(self, bytes: usize) -> Result<(), E> {
        let cost = bytes.saturating_add(1);
        let left = self.0.left.get();
        if left < cost {
            self.0.exceeded.set(true);
            return Err(E::custom(EXPANSION_MESSAGE));
        }
        self.0.left.set(left - cost);
        Ok(())
    }

    fn charge<E: serde::de::Error>(self) -> Result<(), E> {
        self.charge_text(0)
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for Count<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Count<'_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<(), E> {
        self.charge()
    }
    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<(), E> {
        self.charge()
    }
    fn visit_i128<E: serde::de::Error>(self, _: i128) -> Result<(), E> {
        self.charge()
    }
    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<(), E> {
        self.charge()
    }
    fn visit_u128<E: serde::de::Error>(self, _: u128) -> Result<(), E> {
        self.charge()
    }
    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<(), E> {
        self.charge()
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<(), E> {
        self.charge_text(v.len())
    }
    fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<(), E> {
        self.charge_text(v.len())
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<(), E> {
        self.charge()
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<(), E> {
        self.charge()
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        self.charge()?;
        d.deserialize_any(self)
    }
    fn visit_newtype_struct<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        self.charge()?;
        d.deserialize_any(self)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.charge()?;
        while seq.next_element_seed(self)?.is_some() {}
        Ok(())
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.charge()?;
        while map.next_key_seed(self)?.is_some() {
            map.next_value_seed(self)?;
        }
        Ok(())
    }
    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
        use serde::de::VariantAccess;
        self.charge()?;
        let ((), variant) = data.variant_seed(self)?;
        variant.newtype_variant_seed(self)
    }
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
fn lf_line(file_text: &str, skip: usize, yaml_line: usize) -> usize {
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
