//! Front matter: splitting it from the body and the typed fields of each page kind.
//! Every struct denies unknown fields so a typo is reported, not ignored.

use crate::diagnostics::Diagnostic;
use crate::text::date::Date;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The two halves of a content file.
#[derive(Debug)]
pub struct Split<'a> {
    pub yaml: &'a str,
    /// 1-based file line of the YAML's first line (the line after the opening `---`).
    pub yaml_first_line: usize,
    pub body: &'a str,
    /// 1-based file line where the body starts.
    pub body_first_line: usize,
}

/// Largest front matter accepted. The biggest in the bundled hub is under 1 KB; its fields
/// are copied into lists, feeds, `<meta>` and the search index of every page that shows
/// the page, so a runaway value (a pasted document) is refused here rather than multiplied.
pub const MAX_FRONT_MATTER_BYTES: usize = 64 * 1024;

/// Split `---\n<yaml>\n---\n<body>`. The text has already had its BOM removed and CRLF
/// folded to LF.
pub fn split<'a>(text: &'a str, file: &Path) -> Result<Split<'a>, Box<Diagnostic>> {
    let first_line = text.lines().next().unwrap_or("");
    if first_line.trim_end() != "---" {
        return Err(Box::new(
            Diagnostic::error(
                "front-matter/missing",
                file,
                "the file does not start with front matter",
            )
            .at(1, 1)
            .with_source(text)
            .with_help("begin the file with a line `---`, the YAML fields, and another `---`"),
        ));
    }
    let yaml_start = first_line.len() + 1;
    let mut offset = yaml_start.min(text.len());
    for (line_no, line) in (2..).zip(text[offset..].split_inclusive('\n')) {
        if line.trim_end() == "---" {
            let yaml = &text[yaml_start.min(text.len())..offset];
            if yaml.len() > MAX_FRONT_MATTER_BYTES {
                return Err(too_large(text, file, yaml_start, yaml.len()));
            }
            let body_start = (offset + line.len()).min(text.len());
            return Ok(Split {
                yaml,
                yaml_first_line: 2,
                body: &text[body_start..],
                body_first_line: line_no + 1,
            });
        }
        offset += line.len();
    }
    Err(Box::new(
        Diagnostic::error(
            "front-matter/unclosed",
            file,
            "the front matter is not closed",
        )
        .at(1, 1)
        .with_source(text)
        .with_help("add a line with only `---` after the last front matter field"),
    ))
}

/// The front matter is over the limit: an error at the line where it crosses it.
fn too_large(text: &str, file: &Path, yaml_start: usize, len: usize) -> Box<Diagnostic> {
    let mut at = yaml_start + MAX_FRONT_MATTER_BYTES;
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let line = text[..at].matches('\n').count() + 1;
    Box::new(
        Diagnostic::error(
            "front-matter/too-large",
            file,
            format!(
                "the front matter is {} KB, more than the {} KB it may be",
                len / 1024,
                MAX_FRONT_MATTER_BYTES / 1024
            ),
        )
        .at(line, 1)
        .with_source(text)
        .with_help("front matter holds short fields (title, summary, dates); put long text in the body, below the closing `---`"),
    )
}

/// The closed list of audiences an article is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
pub enum Audience {
    #[serde(rename = "allmänhet")]
    Allmanhet,
    #[serde(rename = "rättsväsende")]
    Rattsvasende,
    #[serde(rename = "utbildare")]
    Utbildare,
    #[serde(rename = "yrkesverksamma")]
    Yrkesverksamma,
}

impl Audience {
    pub fn name(self) -> &'static str {
        match self {
            Audience::Allmanhet => "allmänhet",
            Audience::Rattsvasende => "rättsväsende",
            Audience::Utbildare => "utbildare",
            Audience::Yrkesverksamma => "yrkesverksamma",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SortBy {
    #[default]
    Weight,
    Title,
    Updated,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArticleFm {
    pub title: String,
    pub summary: String,
    pub updated: Date,
    pub audience: Vec<Audience>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub draft: bool,
    pub slug: Option<String>,
    pub weight: Option<i64>,
    pub template: Option<String>,
    /// The unit responsible (an id of `data/agare.yaml`); see `upkeep`.
    pub owner: Option<String>,
    /// When the page was last reviewed.
    pub reviewed: Option<Date>,
    /// How often it must be reviewed, e.g. `12 månader`.
    pub review_interval: Option<String>,
}

/// Plain pages and section indexes (`_index.md`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageFm {
    pub title: String,
    pub summary: String,
    pub updated: Option<Date>,
    #[serde(default)]
    pub draft: bool,
    pub slug: Option<String>,
    pub weight: Option<i64>,
    pub template: Option<String>,
    #[serde(default)]
    pub sort_by: SortBy,
    #[serde(default)]
    pub in_menu: bool,
    #[serde(default)]
    pub tags: Vec<String>,
    /// The unit responsible (an id of `data/agare.yaml`); see `upkeep`.
    pub owner: Option<String>,
    /// When the page was last reviewed.
    pub reviewed: Option<Date>,
    /// How often it must be reviewed, e.g. `12 månader`.
    pub review_interval: Option<String>,
    #[serde(default)]
    pub audience: Vec<Audience>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ChargeFm {
    pub provision: String,
    pub grade: Option<Grade>,
    pub outcome: Outcome,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum Grade {
    #[serde(rename = "grovt")]
    Grovt,
    #[serde(rename = "ringa")]
    Ringa,
    #[serde(rename = "försök")]
    Forsok,
}

impl Grade {
    pub fn name(self) -> &'static str {
        match self {
            Grade::Grovt => "grovt",
            Grade::Ringa => "ringa",
            Grade::Forsok => "försök",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
pub enum Outcome {
    #[serde(rename = "fällande")]
    Fallande,
    #[serde(rename = "friande")]
    Friande,
    #[serde(rename = "ogillat")]
    Ogillat,
    #[serde(rename = "ej prövat")]
    EjProvat,
    #[serde(rename = "okänt")]
    Okant,
}

impl Outcome {
    pub fn name(self) -> &'static str {
        match self {
            Outcome::Fallande => "fällande",
            Outcome::Friande => "friande",
            Outcome::Ogillat => "ogillat",
            Outcome::EjProvat => "ej prövat",
            Outcome::Okant => "okänt",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
pub enum Exploitation {
    #[serde(rename = "sexuella ändamål")]
    Sexuella,
    #[serde(rename = "arbetskraft")]
    Arbetskraft,
    #[serde(rename = "tiggeri")]
    Tiggeri,
    #[serde(rename = "brottslig verksamhet")]
    Brottslig,
    #[serde(rename = "övriga ändamål")]
    Ovriga,
}

impl Exploitation {
    pub fn name(self) -> &'static str {
        match self {
            Exploitation::Sexuella => "sexuella ändamål",
            Exploitation::Arbetskraft => "arbetskraft",
            Exploitation::Tiggeri => "tiggeri",
            Exploitation::Brottslig => "brottslig verksamhet",
            Exploitation::Ovriga => "övriga ändamål",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DecisionKind {
    Dom,
    Beslut,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CaseRef {
    pub court: String,
    pub case: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulingFm {
    pub title: String,
    pub summary: String,
    pub court: String,
    pub case: String,
    pub decided: Date,
    pub kind: DecisionKind,
    pub charges: Vec<ChargeFm>,
    #[serde(default)]
    pub exploitation: Vec<Exploitation>,
    #[serde(default)]
    pub sectors: Vec<String>,
    pub sentence: Option<String>,
    pub appeal_of: Option<CaseRef>,
    pub source: String,
    pub updated: Option<Date>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub audience: Vec<Audience>,
    pub slug: Option<String>,
    #[serde(default)]
    pub draft: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TermFm {
    pub title: String,
    pub summary: String,
    #[serde(default)]
    pub forms: Vec<String>,
    #[serde(default)]
    pub see_also: Vec<String>,
    /// The term's language when it is not Swedish (`debt bondage`: `en`), BCP 47: its
    /// heading and its automatic links carry `lang` (WCAG 2.1 SC 3.1.2).
    #[serde(default)]
    pub lang: Option<String>,
    pub updated: Option<Date>,
    pub slug: Option<String>,
    #[serde(default)]
    pub draft: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_counts_lines() {
        let text = "---\ntitle: x\n---\n\nbody\n";
        let s = split(text, Path::new("a.md")).unwrap();
        assert_eq!(s.yaml, "title: x\n");
        assert_eq!(s.body, "\nbody\n");
        assert_eq!(s.body_first_line, 4);
    }

    #[test]
    fn oversized_front_matter_is_an_error_at_the_line_that_crosses_the_limit() {
        let text = format!(
            "---\ntitle: x\nsummary: \"{}\"\n---\nbody\n",
            "å".repeat(MAX_FRONT_MATTER_BYTES)
        );
        let err = split(&text, Path::new("a.md")).unwrap_err();
        assert_eq!((err.code, err.line), ("front-matter/too-large", 3));
        let ok = format!("---\ntitle: \"{}\"\n---\n", "x".repeat(1000));
        assert!(split(&ok, Path::new("a.md")).is_ok());
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let err = split("---\ntitle: x\n\nbody\n", Path::new("a.md")).unwrap_err();
        assert!(err.message.contains("not closed"));
    }
}

/// A translation's front matter (`fa-hjalp.en.md`): its own title, summary and slug, the
/// day it was translated and which version of the Swedish source it translates. Audience,
/// tags and template come from the source.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TranslationFm {
    pub title: String,
    #[serde(default)]
    pub summary: String,
    /// The day the translation was made; shown to the reader.
    pub translated: Date,
    /// The source's fingerprint when it was translated (`kunskapsnav translations --stamp`).
    #[serde(default)]
    pub source_fingerprint: Option<String>,
    #[serde(default)]
    pub updated: Option<Date>,
    #[serde(default)]
    pub slug: Option<String>,
    #[serde(default)]
    pub weight: Option<i64>,
    #[serde(default)]
    pub template: Option<String>,
    #[serde(default)]
    pub sort_by: Option<SortBy>,
    #[serde(default)]
    pub draft: bool,
}
