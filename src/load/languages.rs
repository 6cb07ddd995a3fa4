//! The site's languages (`languages:` in `kunskapsnav.yaml`): Swedish first and the
//! default, then the versions and translations the site publishes. Each has the id that
//! its files carry (`fa-hjalp.en.md`), a BCP 47 code for `lang`, its name written in
//! itself, a writing direction, a URL prefix and the pages it must have.

use icu_locale_core::LanguageIdentifier;
use serde::{Deserialize, Serialize};

/// One language as written in the configuration.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageConfig {
    /// What files carry before `.md` (`en`, `lattlast`) and the default URL prefix.
    pub id: String,
    /// BCP 47 code for `lang` and `hreflang`; defaults to the id (`lattlast` must set `sv`).
    #[serde(default)]
    pub code: Option<String>,
    /// The language's name written in itself: `English`, `Română`, `ไทย`.
    pub name: String,
    /// `ltr` or `rtl`; defaults from the code (Yiddish, Hebrew, Arabic, Persian: `rtl`).
    #[serde(default)]
    pub dir: Option<String>,
    /// URL folder (`en` → `/en/`); defaults to the id; the first language has none.
    #[serde(default)]
    pub prefix: Option<String>,
    /// The site title in this language; defaults to the configuration's `title`.
    #[serde(default)]
    pub title: Option<String>,
    /// Pages that must exist in this language, named by their Swedish file without `.md`
    /// (`fa-hjalp`, `artiklar/grunder/manniskohandel-och-manniskoexploatering`, `_index`).
    #[serde(default)]
    pub required: Vec<String>,
}

/// A language, checked and with its defaults filled in.
#[derive(Debug, Clone, Serialize)]
pub struct Language {
    pub id: String,
    pub code: String,
    pub name: String,
    /// `ltr` or `rtl`.
    pub dir: &'static str,
    /// URL folder without slashes; empty for the default language.
    pub prefix: String,
    /// For `hreflang`: the code, or for a second version of one language (lättläst
    /// beside Swedish) the code with a private-use tag: `sv-x-lattlast`.
    pub hreflang: String,
    pub title: Option<String>,
    pub required: Vec<String>,
}

impl Language {
    /// The default when nothing is configured.
    pub fn swedish() -> Language {
        Language {
            id: "sv".into(),
            code: "sv".into(),
            name: "Svenska".into(),
            dir: "ltr",
            prefix: String::new(),
            hreflang: "sv".into(),
            title: None,
            required: Vec::new(),
        }
    }

    /// The site path of this language's start page: `` or `en/`.
    pub fn home_path(&self) -> String {
        if self.prefix.is_empty() {
            String::new()
        } else {
            format!("{}/", self.prefix)
        }
    }
}

/// Scripts written right to left, by language subtag.
const RTL: &[&str] = &["yi", "he", "ar", "fa", "ur", "ps", "ckb", "dv", "syr"];

/// What can be wrong with `languages:`: the offending value (to point at) and the message
/// and hint.
pub struct LanguageError {
    pub needle: String,
    pub message: String,
    pub help: String,
}

fn err(needle: &str, message: String, help: &str) -> LanguageError {
    LanguageError {
        needle: needle.to_string(),
        message,
        help: help.to_string(),
    }
}

/// Check the configured languages and fill in defaults. No list: Swedish alone (the code
/// of the configuration's `language`).
pub fn resolve(
    configured: &[LanguageConfig],
    site_language: &str,
) -> Result<Vec<Language>, LanguageError> {
    if configured.is_empty() {
        let mut only = Language::swedish();
        only.id = site_language.to_string();
        only.code = site_language.to_string();
        only.dir = direction_of(site_language);
        only.hreflang = site_language.to_string();
        return Ok(vec![only]);
    }
    let mut out: Vec<Language> = Vec::with_capacity(configured.len());
    for (i, c) in configured.iter().enumerate() {
        if !is_id(&c.id) {
            return Err(err(
                &c.id,
                format!(
                    "language id `{}` is not usable in file names and URLs",
                    c.id
                ),
                "use lower-case letters a–z, 2 to 12 of them, e.g. `en`, `ro`, `lattlast`",
            ));
        }
        let code = c.code.clone().unwrap_or_else(|| c.id.clone());
        let parsed = LanguageIdentifier::try_from_str(&code).map_err(|_| {
            err(
                &code,
                format!("`{code}` is not a BCP 47 language code"),
                "write a code such as `sv`, `en`, `uk`, `th`, `fit` or `se`; for lättläst set `code: sv`",
            )
        })?;
        if parsed.to_string() != code {
            return Err(err(
                &code,
                format!("language code `{code}` is not in canonical form"),
                &format!("write `{parsed}`"),
            ));
        }
        let dir = match c.dir.as_deref() {
            None => direction_of(&code),
            Some("ltr") => "ltr",
            Some("rtl") => "rtl",
            Some(other) => {
                return Err(err(
                    other,
                    format!("writing direction `{other}` is neither `ltr` nor `rtl`"),
                    "write `dir: rtl` for a right-to-left script, or leave it out",
                ))
            }
        };
        let prefix = match (&c.prefix, i) {
            (Some(p), _) => p.clone(),
            (None, 0) => String::new(),
            (None, _) => c.id.clone(),
        };
        if i == 0 && !prefix.is_empty() {
            return Err(err(
                &prefix,
                "the first language is the default and is published at the root".into(),
                "remove `prefix` from the first language",
            ));
        }
        if i > 0 && !is_prefix(&prefix) {
            return Err(err(
                &prefix,
                format!("URL prefix `{prefix}` is not one folder of lower-case ASCII"),
                "use letters a–z, digits and hyphens, e.g. `en` or `lattlast`",
            ));
        }
        if c.name.trim().is_empty() {
            return Err(err(
                &c.id,
                format!("language `{}` has no name", c.id),
                "write the language's name in itself, e.g. `name: English`",
            ));
        }
        if let Some(dup) = out
            .iter()
            .find(|l| l.id == c.id || (i > 0 && l.prefix == prefix))
        {
            return Err(err(
                &c.id,
                format!(
                    "language `{}` clashes with `{}` (same id or prefix)",
                    c.id, dup.id
                ),
                "give each language its own id and prefix",
            ));
        }
        let hreflang = if out.iter().any(|l| l.code == code) {
            format!("{code}-x-{}", &c.id[..c.id.len().min(8)])
        } else {
            code.clone()
        };
        out.push(Language {
            id: c.id.clone(),
            hreflang,
            code,
            name: c.name.clone(),
            dir,
            prefix,
            title: c.title.clone(),
            required: c.required.clone(),
        });
    }
    Ok(out)
}

fn direction_of(code: &str) -> &'static str {
    let primary = code.split('-').next().unwrap_or(code);
    if RTL.contains(&primary) {
        "rtl"
    } else {
        "ltr"
    }
}

/// A BCP 47 code in canonical form (`en`, `sv`, `fit`; not `en_GB`).
pub fn is_bcp47(code: &str) -> bool {
    LanguageIdentifier::try_from_str(code).is_ok_and(|l| l.to_string() == code)
}

/// A language id: what may follow the last dot of a content file's stem.
pub fn is_id(s: &str) -> bool {
    (2..=12).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_lowercase())
}

fn is_prefix(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lang(id: &str, code: Option<&str>) -> LanguageConfig {
        LanguageConfig {
            id: id.into(),
            code: code.map(str::to_string),
            name: "X".into(),
            dir: None,
            prefix: None,
            title: None,
            required: Vec::new(),
        }
    }

    #[test]
    fn defaults_fill_in_prefix_and_direction() {
        let langs = resolve(
            &[
                lang("sv", None),
                lang("lattlast", Some("sv")),
                lang("yi", None),
            ],
            "sv",
        )
        .map_err(|e| e.message)
        .unwrap();
        assert_eq!(langs[0].prefix, "");
        assert_eq!(langs[1].prefix, "lattlast");
        assert_eq!(langs[1].code, "sv");
        assert_eq!(langs[2].dir, "rtl");
        assert_eq!(langs[0].dir, "ltr");
    }

    #[test]
    fn bad_codes_and_ids_are_refused() {
        for (id, code) in [
            ("en", Some("en_GB")),
            ("e", None),
            ("EN", None),
            ("xx", Some("123")),
        ] {
            assert!(
                resolve(&[lang("sv", None), lang(id, code)], "sv").is_err(),
                "{id}"
            );
        }
        assert!(resolve(&[lang("sv", None), lang("sv", None)], "sv").is_err());
    }
}
