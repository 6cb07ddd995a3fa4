//! Shortcodes: `{{ name(arg="value", …) }}` in Markdown, replaced before comrak sees
//! the text by an inert placeholder and after rendering by the handler's HTML.
//!
//! They are found by a small scanner rather than by comrak because comrak would read
//! `_` and `*` inside arguments as emphasis. The scanner skips fenced code blocks and
//! inline code spans, so documentation about shortcodes can show them literally.
//! Content is never passed through the template engine: `{% … %}` stays text.

use std::collections::BTreeMap;

/// Placeholders use a private-use character that content never contains (it is stripped).
pub const MARK: char = '\u{E000}';

#[derive(Debug, Clone, PartialEq)]
pub struct Shortcode {
    pub name: String,
    pub args: BTreeMap<String, String>,
    /// 1-based line and column within the body.
    pub line: usize,
    pub column: usize,
    /// True when the shortcode is alone on its line (rendered as a block).
    pub block: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ScanError {
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub help: String,
}

/// The placeholder for shortcode number `i`.
pub fn placeholder(i: usize) -> String {
    format!("{MARK}KSC{i}{MARK}")
}

/// Replace shortcodes by placeholders. Returns the prepared text, the shortcodes in order
/// and any syntax errors (each shortcode with an error is left out).
pub fn extract(body: &str) -> (String, Vec<Shortcode>, Vec<ScanError>) {
    let mut out = String::with_capacity(body.len());
    let mut found = Vec::new();
    let mut errors = Vec::new();
    let mut fence: Option<(char, usize)> = None;
    for (idx, raw_line) in body.split_inclusive('\n').enumerate() {
        let line_no = idx + 1;
        let line = raw_line.replace(MARK, "");
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if indent < 4 {
            if let Some(f) = fence_marker(trimmed) {
                match fence {
                    None => fence = Some(f),
                    Some((c, n))
                        if f.0 == c && f.1 >= n && trimmed.trim_end().chars().all(|x| x == c) =>
                    {
                        fence = None
                    }
                    _ => {}
                }
                out.push_str(&line);
                continue;
            }
        }
        if fence.is_some() || !line.contains("{{") {
            out.push_str(&line);
            continue;
        }
        scan_line(&line, line_no, &mut out, &mut found, &mut errors);
    }
    (out, found, errors)
}

fn fence_marker(trimmed: &str) -> Option<(char, usize)> {
    let c = trimmed.chars().next()?;
    if c != '`' && c != '~' {
        return None;
    }
    let n = trimmed.chars().take_while(|&x| x == c).count();
    (n >= 3).then_some((c, n))
}

fn scan_line(
    line: &str,
    line_no: usize,
    out: &mut String,
    found: &mut Vec<Shortcode>,
    errors: &mut Vec<ScanError>,
) {
    let bytes = line.as_bytes();
    let mut i = 0;
    let mut code_ticks: Option<usize> = None;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'`' {
            let n = bytes[i..].iter().take_while(|&&x| x == b'`').count();
            code_ticks = match code_ticks {
                None => Some(n),
                Some(m) if m == n => None,
                other => other,
            };
            out.push_str(&line[i..i + n]);
            i += n;
            continue;
        }
        if code_ticks.is_none() && b == b'\\' && line[i..].starts_with("\\{{") {
            out.push_str("{{");
            i += 3;
            continue;
        }
        if code_ticks.is_none() && line[i..].starts_with("{{") {
            let column = line[..i].chars().count() + 1;
            match line[i..].find("}}") {
                None => {
                    errors.push(ScanError {
                        line: line_no,
                        column,
                        message: "shortcode is not closed with `}}`".into(),
                        help: "write it on one line: {{ chart(dataset=\"id\") }}; to show braces literally write \\{{".into(),
                    });
                    out.push_str(&line[i..]);
                    return;
                }
                Some(len) => {
                    let inner = &line[i + 2..i + len];
                    let whole_line = line.trim() == line[i..i + len + 2].trim();
                    match parse_call(inner) {
                        Ok((name, args)) => {
                            out.push_str(&placeholder(found.len()));
                            found.push(Shortcode {
                                name,
                                args,
                                line: line_no,
                                column,
                                block: whole_line,
                            });
                        }
                        Err(message) => {
                            errors.push(ScanError {
                                line: line_no,
                                column,
                                message,
                                help: "the form is {{ name(arg=\"value\", other=\"value\") }}; to show the braces literally write \\{{ (content is never run as a template)"
                                    .into(),
                            });
                            out.push_str(&line[i..i + len + 2]);
                        }
                    }
                    i += len + 2;
                    continue;
                }
            }
        }
        // Copy one whole UTF-8 character.
        let ch_len = line[i..].chars().next().map(char::len_utf8).unwrap_or(1);
        out.push_str(&line[i..i + ch_len]);
        i += ch_len;
    }
}

/// `chart(dataset="x", kind="bar")` → ("chart", {dataset: x, kind: bar}).
fn parse_call(inner: &str) -> Result<(String, BTreeMap<String, String>), String> {
    let inner = inner.trim();
    let open = inner
        .find('(')
        .ok_or_else(|| format!("`{inner}` is not a shortcode call: the `(` is missing"))?;
    let name = inner[..open].trim();
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(format!("`{name}` is not a shortcode name"));
    }
    let rest = inner[open + 1..].trim_end();
    let args_src = rest
        .strip_suffix(')')
        .ok_or_else(|| format!("the arguments of `{name}` are not closed with `)`"))?;
    let mut args = BTreeMap::new();
    let mut chars = args_src.char_indices().peekable();
    loop {
        while chars
            .peek()
            .is_some_and(|(_, c)| c.is_whitespace() || *c == ',')
        {
            chars.next();
        }
        let Some(&(start, _)) = chars.peek() else {
            break;
        };
        let mut key_end = start;
        while let Some(&(j, c)) = chars.peek() {
            if c == '=' || c.is_whitespace() {
                break;
            }
            key_end = j + c.len_utf8();
            chars.next();
        }
        let key = args_src[start..key_end].to_string();
        while chars.peek().is_some_and(|(_, c)| c.is_whitespace()) {
            chars.next();
        }
        if chars.next().map(|(_, c)| c) != Some('=') {
            return Err(format!("argument `{key}` of `{name}` has no `=\"value\"`"));
        }
        while chars.peek().is_some_and(|(_, c)| c.is_whitespace()) {
            chars.next();
        }
        let quote = match chars.next() {
            Some((_, q @ ('"' | '\''))) => q,
            _ => return Err(format!("the value of `{key}` must be in quotes")),
        };
        let mut value = String::new();
        let mut closed = false;
        for (_, c) in chars.by_ref() {
            if c == quote {
                closed = true;
                break;
            }
            value.push(c);
        }
        if !closed {
            return Err(format!("the value of `{key}` has no closing quote"));
        }
        if args.insert(key.clone(), value).is_some() {
            return Err(format!("argument `{key}` is given twice"));
        }
    }
    Ok((name.to_string(), args))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_shortcodes_outside_code_only() {
        let body = "a {{ stat(dataset=\"x_y\", row='r') }} b\n```\n{{ chart(dataset=\"z\") }}\n```\n`{{ no() }}`\n{{ chart(dataset=\"z\") }}\n";
        let (out, found, errors) = extract(body);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].name, "stat");
        assert_eq!(found[0].args["dataset"], "x_y");
        assert!(!found[0].block);
        assert_eq!((found[1].line, found[1].block), (6, true));
        assert!(out.contains("```\n{{ chart(dataset=\"z\") }}\n```"));
        assert!(out.contains("`{{ no() }}`"));
    }

    #[test]
    fn unbalanced_and_malformed_shortcodes_are_errors() {
        let (_, found, errors) = extract("x {{ chart(dataset=\"a\")\n{{ chart(dataset=a) }}\n");
        assert!(found.is_empty());
        assert_eq!(errors.len(), 2);
        assert_eq!((errors[0].line, errors[0].column), (1, 3));
    }

    #[test]
    fn escaped_braces_stay_literal() {
        let (out, found, _) = extract("visa \\{{ så }}\n");
        assert!(found.is_empty());
        assert_eq!(out, "visa {{ så }}\n");
    }
}
