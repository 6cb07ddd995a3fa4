//! What content may not put on a page, whatever the configuration says: URLs that run
//! code or smuggle a document (`javascript:`, `vbscript:`, `data:`, `file:`), and — when
//! `markdown.allow_html` lets raw HTML through — elements that run code, load other
//! sites' content or take over the page (`<script>`, `<iframe>`, `<form>`, `<base>`, …)
//! and event-handler attributes (`onclick=`). The hub is read by people who may be
//! watched or in danger; a page must never run or send anything its editors cannot see.
//!
//! These are reported as errors where they are written (the one parse, see `super::body`), and
//! the HTML written by that parse neutralises them too, so a page rendered without the link stage
//! (`serve`'s fast path) is never unsafe either.

/// Elements refused in raw HTML.
const REFUSED_ELEMENTS: &[&str] = &[
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta",
    "link", "form", "noscript", "template",
];

/// A problem in raw HTML: its byte offset in the HTML, what is wrong, how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub offset: usize,
    pub message: String,
    pub help: &'static str,
}

pub const URL_HELP: &str = "link to a page (…/page.md) or a web address (https://…); scripts, data: and file: URLs are refused in content";
const ELEMENT_HELP: &str = "raw HTML may format text, not run scripts, load other sites or take over the page; use Markdown or a shortcode";
const HANDLER_HELP: &str =
    "event handlers run scripts, which content may not; remove the attribute";

/// The refused scheme of `url` (`javascript`, `vbscript`, `data`, `file`), if it has one,
/// read as a browser reads it: tabs and line breaks inside ignored, leading spaces and
/// control characters dropped, any letter case. An image may be a `data:` PNG, GIF, JPEG
/// or WebP (what comrak's safe mode allows too).
pub fn refused_scheme(url: &str, image: bool) -> Option<String> {
    let cleaned: String = url
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let cleaned = cleaned.trim_start_matches(|c: char| c <= ' ');
    let (scheme, rest) = cleaned.split_once(':')?;
    if !scheme
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    {
        return None;
    }
    let scheme = scheme.to_ascii_lowercase();
    match scheme.as_str() {
        "javascript" | "vbscript" | "file" => Some(scheme),
        "data" => {
            let rest = rest.trim_start().to_ascii_lowercase();
            let safe_image = ["image/png", "image/gif", "image/jpeg", "image/webp"]
                .iter()
                .any(|t| rest.starts_with(t));
            (!(image && safe_image)).then_some(scheme)
        }
        _ => None,
    }
}

/// Every refused element, event handler and URL in a piece of raw HTML.
pub fn scan(html: &str) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut i = 0;
    while let Some(found) = html[i..].find('<') {
        let start = i + found;
        let rest = &html[start + 1..];
        if rest.starts_with("!--") {
            i = match rest.find("-->") {
                Some(end) => start + 1 + end + 3,
                None => html.len(),
            };
            continue;
        }
        let closing = rest.starts_with('/');
        let name_start = start + 1 + usize::from(closing);
        let name_len = html[name_start..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == ':'))
            .unwrap_or(html.len() - name_start);
        let name = html[name_start..name_start + name_len].to_ascii_lowercase();
        if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
            i = start + 1;
            continue;
        }
        let (end, attrs) = attributes(html, name_start + name_len);
        if !closing {
            if REFUSED_ELEMENTS.contains(&name.as_str()) {
                problems.push(Problem {
                    offset: start,
                    message: format!("raw HTML `<{name}>` is refused"),
                    help: ELEMENT_HELP,
                });
            }
            for a in attrs {
                let attr = a.name.to_ascii_lowercase();
                if attr.starts_with("on") {
                    problems.push(Problem {
                        offset: a.offset,
                        message: format!("the event handler `{attr}` is refused"),
                        help: HANDLER_HELP,
                    });
                } else if let Some(scheme) =
                    refused_scheme(&decode_entities(a.value), name == "img" && attr == "src")
                {
                    problems.push(Problem {
                        offset: a.offset,
                        message: format!("`{attr}` uses a `{scheme}:` URL, which is refused"),
                        help: URL_HELP,
                    });
                }
            }
        }
        i = end;
        // Nothing inside a script or style is markup; do not report its contents again.
        if !closing && matches!(name.as_str(), "script" | "style") {
            let close = format!("</{name}");
            i = html.as_bytes()[i..]
                .windows(close.len())
                .position(|w| w.eq_ignore_ascii_case(close.as_bytes()))
                .map_or(html.len(), |j| i + j);
        }
    }
    problems
}

struct Attr<'a> {
    offset: usize,
    name: &'a str,
    value: &'a str,
}

/// The attributes of a tag whose name ends at `from`, and where the tag ends.
fn attributes(html: &str, from: usize) -> (usize, Vec<Attr<'_>>) {
    let bytes = html.as_bytes();
    let mut attrs = Vec::new();
    let mut i = from;
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        if i >= bytes.len() {
            return (i, attrs);
        }
        if bytes[i] == b'>' {
            return (i + 1, attrs);
        }
        let name_start = i;
        while i < bytes.len()
            && !bytes[i].is_ascii_whitespace()
            && !matches!(bytes[i], b'=' | b'>' | b'/')
        {
            i += 1;
        }
        // Always advance, so a stray byte cannot stop the scan.
        if i == name_start {
            i += 1;
            continue;
        }
        let name = &html[name_start..i];
        let mut j = i;
        while j < bytes.len() && bytes[j].is_ascii_whitespace() {
            j += 1;
        }
        let mut value = "";
        if j < bytes.len() && bytes[j] == b'=' {
            j += 1;
            while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            if j < bytes.len() && matches!(bytes[j], b'"' | b'\'') {
                let quote = bytes[j];
                let vstart = j + 1;
                let vend = bytes[vstart..]
                    .iter()
                    .position(|&b| b == quote)
                    .map_or(bytes.len(), |k| vstart + k);
                value = &html[vstart..vend];
                i = (vend + 1).min(bytes.len());
            } else {
                let vstart = j;
                while j < bytes.len() && !bytes[j].is_ascii_whitespace() && bytes[j] != b'>' {
                    j += 1;
                }
                value = &html[vstart..j];
                i = j;
            }
        }
        attrs.push(Attr {
            offset: name_start,
            name,
            value,
        });
    }
}

/// Character references as a browser decodes them in an attribute, as far as they matter
/// for a URL's scheme: numeric ones (`&#106;`, `&#x6A;`, with or without `;`) and
/// `&colon;`, `&Tab;`, `&NewLine;`.
fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let (decoded, used) = decode_one(rest);
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[used..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// One reference at the start of `s` (which starts with `&`): the character and its length.
fn decode_one(s: &str) -> (Option<char>, usize) {
    let mut end = s.len().min(10);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    let lower = s[..end].to_ascii_lowercase();
    for (name, c) in [("&colon;", ':'), ("&tab;", '\t'), ("&newline;", '\n')] {
        if lower.starts_with(name) {
            return (Some(c), name.len());
        }
    }
    let Some(num) = s.strip_prefix("&#") else {
        return (None, 0);
    };
    let (radix, digits_at) = match num.as_bytes().first() {
        Some(b'x' | b'X') => (16, 1),
        _ => (10, 0),
    };
    let digits = &num[digits_at..];
    let len = digits
        .find(|c: char| !c.is_digit(radix))
        .unwrap_or(digits.len());
    if len == 0 {
        return (None, 0);
    }
    let value = u32::from_str_radix(&digits[..len.min(8)], radix).ok();
    let mut used = 2 + digits_at + len;
    if digits[len..].starts_with(';') {
        used += 1;
    }
    (value.and_then(char::from_u32), used)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_script_urls_in_any_disguise() {
        for url in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "  javascript:alert(1)",
            "java\tscript:alert(1)",
            "\u{1}javascript:alert(1)",
            "vbscript:msgbox",
            "data:text/html;base64,PHNjcmlwdD4=",
            "file:///etc/passwd",
        ] {
            assert!(refused_scheme(url, false).is_some(), "{url:?}");
        }
        for url in [
            "https://bra.se/",
            "mailto:a@b.se",
            "../a.md#x:y",
            "/kunskap/",
            "%6aavascript:x",
        ] {
            assert_eq!(refused_scheme(url, false), None, "{url:?}");
        }
        assert_eq!(refused_scheme("data:image/png;base64,AAAA", true), None);
        assert!(refused_scheme("data:image/png;base64,AAAA", false).is_some());
        assert!(refused_scheme("data:image/svg+xml;base64,AAAA", true).is_some());
    }

    #[test]
    fn finds_refused_elements_handlers_and_urls_in_raw_html() {
        let html = "<p>ok <b>fet</b></p>\n<script>if (a<b) {}</script><IFRAME src=x></iframe>\n<img src=\"x.png\" ONERROR=\"alert(1)\"><a href=\"&#106;avascript&colon;alert(2)\">x</a><a href=java&#x09;script:x>y</a><!-- <script> -->";
        let found: Vec<String> = scan(html).into_iter().map(|p| p.message).collect();
        assert_eq!(
            found,
            [
                "raw HTML `<script>` is refused",
                "raw HTML `<iframe>` is refused",
                "the event handler `onerror` is refused",
                "`href` uses a `javascript:` URL, which is refused",
                "`href` uses a `javascript:` URL, which is refused",
            ]
        );
        assert!(scan(
            "<p class=\"x\" title='a > b'>text</p><img src=\"data:image/png;base64,AA\">"
        )
        .is_empty());
    }

    #[test]
    fn hostile_fragments_never_panic() {
        for html in [
            "<",
            "<a",
            "<a href",
            "<a href=",
            "<a href=\"",
            "<a =x>",
            "<a\u{e5}=1>",
            "&#",
            "<a href=\"&#x;&#99999999999;&\">",
            "<script",
            "</",
        ] {
            let _ = scan(html);
            let _ = decode_entities(html);
        }
    }
}
