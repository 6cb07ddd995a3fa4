//! Diagnostics: every problem a user can cause, with where it is, what is wrong and how
//! to fix it. A build collects all of them before it stops, so an editor fixes a whole
//! batch at once instead of one error per run.

use serde::Serialize;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

/// One problem in one place. `line` and `column` are 1-based; 0 means "the whole file".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path relative to the site root where possible, so messages stay short and stable.
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// The offending source line, when known; shown under the message.
    #[serde(skip)]
    pub source_line: Option<String>,
    /// A short machine-readable code such as `front-matter/unknown-field`.
    pub code: &'static str,
}

impl Diagnostic {
    pub fn error(code: &'static str, file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            line: 0,
            column: 0,
            message: message.into(),
            help: None,
            source_line: None,
            code,
        }
    }

    pub fn warning(
        code: &'static str,
        file: impl Into<PathBuf>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, file, message)
        }
    }

    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = line;
        self.column = column;
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Attach the text of `self.line` from `source` so the message can show it.
    pub fn with_source(mut self, source: &str) -> Self {
        if self.line > 0 {
            self.source_line = source.lines().nth(self.line - 1).map(|l| l.to_string());
        }
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `path:line:col: error: message`, then the source line with a caret, then the hint.
    pub fn render_human(&self) -> String {
        let mut out = String::new();
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let _ = write!(out, "{}", self.file.display());
        if self.line > 0 {
            let _ = write!(out, ":{}", self.line);
            if self.column > 0 {
                let _ = write!(out, ":{}", self.column);
            }
        }
        let _ = writeln!(
            out,
            ": {sev}: {}",
            shorten(&self.message, MAX_MESSAGE_CHARS)
        );
        if let Some(line) = &self.source_line {
            let (src, column) = excerpt(line, self.column);
            let gutter = self.line.to_string();
            let _ = writeln!(out, "{gutter} | {src}");
            if column > 0 {
                let pad: String = src
                    .chars()
                    .take(column.saturating_sub(1))
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                let _ = writeln!(out, "{} | {pad}^", " ".repeat(gutter.len()));
            }
        }
        if let Some(help) = &self.help {
            let _ = writeln!(out, "  = hint: {help}");
        }
        out
    }

    pub fn render_json(&self) -> String {
        // Serialising plain strings and numbers cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// Longest message shown in the human format; a message quoting a runaway value (an unknown
/// field of a megabyte) is cut. The JSON format keeps the whole message.
const MAX_MESSAGE_CHARS: usize = 1_000;

fn shorten(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &text[..cut]).into(),
        None => text.into(),
    }
}

/// Longest source line shown whole under a message; a longer one (a minified blob, a
/// paragraph pasted as one line) is cut to this many characters around the column.
const EXCERPT_CHARS: usize = 120;

/// The part of `line` to show, and the 1-based column within it (0: none).
fn excerpt(line: &str, column: usize) -> (std::borrow::Cow<'_, str>, usize) {
    let len = line.chars().count();
    if len <= EXCERPT_CHARS {
        return (line.into(), column);
    }
    let at = column.saturating_sub(1).min(len);
    let start = at
        .saturating_sub(EXCERPT_CHARS / 2)
        .min(len - EXCERPT_CHARS);
    let mut shown: String = line.chars().skip(start).take(EXCERPT_CHARS).collect();
    let mut column = if column > 0 { at - start + 1 } else { 0 };
    if start > 0 {
        shown.insert(0, '…');
        column += usize::from(column > 0);
    }
    if start + EXCERPT_CHARS < len {
        shown.push('…');
    }
    (shown.into(), column)
}

/// All diagnostics of a run, in a stable order.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(ds);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Under `--strict` every warning is an error.
    pub fn promote_warnings(&mut self) {
        for d in &mut self.items {
            d.severity = Severity::Error;
        }
    }

    /// Sort by file, then position, so output does not depend on thread scheduling.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            (&a.file, a.line, a.column, &a.message).cmp(&(&b.file, b.line, b.column, &b.message))
        });
        self.items.dedup();
    }

    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
    }
}

impl From<Vec<Diagnostic>> for Diagnostics {
    fn from(items: Vec<Diagnostic>) -> Self {
        Diagnostics { items }
    }
}

/// comrak reports byte columns; people count characters (å is two bytes in UTF-8).
pub fn char_column(text: &str, line: usize, byte_column: usize) -> usize {
    match text.lines().nth(line.saturating_sub(1)) {
        Some(l) if byte_column > 0 => {
            let end = (byte_column - 1).min(l.len());
            let end = (0..=end)
                .rev()
                .find(|&i| l.is_char_boundary(i))
                .unwrap_or(0);
            l[..end].chars().count() + 1
        }
        _ => byte_column,
    }
}

/// Show `path` relative to `root` when it lies inside it.
pub fn relative_to(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// The closest candidate by edit distance, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    input: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let input_lower = input.to_lowercase();
    let mut best: Option<(usize, &str)> = None;
    for cand in candidates {
        let d = levenshtein(&input_lower, &cand.to_lowercase());
        if best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, cand));
        }
    }
    let limit = (input.chars().count() / 3).max(2);
    best.filter(|(d, _)| *d <= limit).map(|(_, c)| c)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_a_close_field_name() {
        assert_eq!(did_you_mean("titel", ["title", "summary"]), Some("title"));
        assert_eq!(did_you_mean("zzzzzz", ["title", "summary"]), None);
    }

    #[test]
    fn human_rendering_points_at_the_column() {
        let d = Diagnostic::error("x", "a.md", "bad")
            .at(2, 3)
            .with_source("one\nab_cd\n")
            .with_help("fix it");
        let text = d.render_human();
        assert!(text.starts_with("a.md:2:3: error: bad\n"), "{text}");
        assert!(text.contains("2 | ab_cd\n  |   ^\n"), "{text}");
        assert!(text.contains("hint: fix it"));
    }

    #[test]
    fn a_runaway_message_is_cut_in_the_human_format_only() {
        let d = Diagnostic::error(
            "x",
            "a.md",
            format!("unknown field `{}`", "å".repeat(50_000)),
        );
        let text = d.render_human();
        assert!(
            text.chars().count() < 1_100 && text.contains("…"),
            "{}",
            text.len()
        );
        assert!(d.render_json().len() > 100_000);
    }

    #[test]
    fn a_long_source_line_is_cut_around_the_column() {
        let line = format!("{}FEL{}", "a".repeat(100_000), "b".repeat(100_000));
        let d = Diagnostic::error("x", "a.md", "bad")
            .at(1, 100_001)
            .with_source(&line);
        let text = d.render_human();
        assert!(text.len() < 1_000, "{} bytes", text.len());
        let shown = text.lines().nth(1).unwrap_or_default();
        let caret = text.lines().nth(2).unwrap_or_default();
        assert!(
            shown.starts_with("1 | …a") && shown.ends_with("b…"),
            "{shown}"
        );
        let col = caret.chars().position(|c| c == '^').unwrap_or(0);
        assert_eq!(shown.chars().nth(col), Some('F'), "{shown}\n{caret}");
        // Short lines are shown whole, and the end of a long line keeps its caret.
        let end = Diagnostic::error("x", "a.md", "bad")
            .at(1, 200_003)
            .with_source(&line);
        let text = end.render_human();
        let shown = text.lines().nth(1).unwrap_or_default();
        let caret = text.lines().nth(2).unwrap_or_default();
        assert!(
            shown.starts_with("1 | …") && !shown.ends_with('…'),
            "{shown}"
        );
        let col = caret.chars().position(|c| c == '^').unwrap_or(0);
        assert_eq!(shown.chars().nth(col), Some('b'), "{shown}\n{caret}");
    }
}
