//! The theme: its templates loaded into a minijinja environment (autoescape on, strict
//! undefined, Swedish filters) and its static files published under content-hashed names.

use crate::diagnostics::{relative_to, Diagnostic};
use crate::text::format_number;
use minijinja::{Environment, Error, ErrorKind, UndefinedBehavior, Value};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A static file of the theme with its published path.
#[derive(Debug, Clone)]
pub struct StaticFile {
    /// `css/site.css`
    pub logical: String,
    /// `css/site.3f2a9c1d.css`
    pub published: String,
    pub bytes: Arc<Vec<u8>>,
}

#[derive(Debug)]
pub struct Theme {
    pub dir: PathBuf,
    /// Template name → file path relative to the site root, for error messages.
    pub template_files: BTreeMap<String, PathBuf>,
    pub templates: BTreeMap<String, String>,
    pub statics: Vec<StaticFile>,
    /// The per-language texts of the templates (`strings/<language>.yaml`).
    pub strings: crate::load::strings::StringTables,
}

impl Theme {
    pub fn load(root: &Path, name: &str) -> Result<Theme, Box<Diagnostic>> {
        let themes = root.join("themes");
        let dir = themes.join(name);
        if !dir.join("templates").is_dir() {
            let available: Vec<String> = std::fs::read_dir(&themes)
                .map(|rd| {
                    let mut v: Vec<String> = rd
                        .filter_map(Result::ok)
                        .filter(|e| e.path().join("templates").is_dir())
                        .map(|e| e.file_name().to_string_lossy().into_owned())
                        .collect();
                    v.sort();
                    v
                })
                .unwrap_or_default();
            let (line, col) = std::fs::read_to_string(root.join(crate::load::config::CONFIG_FILE))
                .ok()
                .and_then(|t| {
                    crate::load::yaml::key_position(
                        &t,
                        "theme",
                        crate::load::yaml::Offset::default(),
                    )
                })
                .unwrap_or((0, 0));
            let help = if available.is_empty() {
                "create themes/<name>/templates/ or set `theme: default` and add the default theme"
                    .to_string()
            } else {
                let suggestion =
                    crate::diagnostics::did_you_mean(name, available.iter().map(String::as_str));
                match suggestion {
                    Some(s) => format!("did you mean `{s}`? Available: {}", available.join(", ")),
                    None => format!("available themes: {}", available.join(", ")),
                }
            };
            return Err(Box::new(
                Diagnostic::error(
                    "theme/unknown",
                    crate::load::config::CONFIG_FILE,
                    format!("the theme `{name}` does not exist (no themes/{name}/templates/)"),
                )
                .at(line, col)
                .with_help(help),
            ));
        }
        let mut template_files = BTreeMap::new();
        let mut templates = BTreeMap::new();
        let tdir = dir.join("templates");
        for entry in walkdir::WalkDir::new(&tdir)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
        {
            if !entry.file_type().is_file() {
                continue;
            }
            let rel_name = logical_name(&tdir, entry.path());
            let file = relative_to(root, entry.path());
            let text = crate::load::content::read_text_file(entry.path(), &file)?;
            template_files.insert(rel_name.clone(), file);
            templates.insert(rel_name, text);
        }
        let mut statics = Vec::new();
        let sdir = dir.join("static");
        if sdir.is_dir() {
            for entry in walkdir::WalkDir::new(&sdir)
                .sort_by_file_name()
                .into_iter()
                .filter_map(Result::ok)
            {
                if !entry.file_type().is_file() {
                    continue;
                }
                let logical = logical_name(&sdir, entry.path());
                let bytes = std::fs::read(entry.path()).map_err(|e| {
                    Box::new(Diagnostic::error(
                        "theme/unreadable",
                        relative_to(root, entry.path()),
                        format!("cannot read: {e}"),
                    ))
                })?;
                let published = hashed_name(&logical, &bytes);
                statics.push(StaticFile {
                    logical,
                    published,
                    bytes: Arc::new(bytes),
                });
            }
        }
        let strings = crate::load::strings::StringTables::load(root, &dir)?;
        Ok(Theme {
            dir,
            template_files,
            templates,
            statics,
            strings,
        })
    }

    /// Build the template environment. Syntax errors in any template are all reported.
    pub fn environment(&self, base_path: &str) -> Result<Environment<'static>, Vec<Diagnostic>> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_auto_escape_callback(|name| {
            if name.ends_with(".html") || name.ends_with(".xml") || name.ends_with(".svg") {
                minijinja::AutoEscape::Html
            } else {
                minijinja::AutoEscape::None
            }
        });
        // minijinja's HTML escaping also escapes `/`, which bloats every URL attribute
        // (`&#x2f;kunskap&#x2f;…`); escaping the five significant characters is enough.
        env.set_formatter(|out, state, value| {
            if *state.auto_escape() == minijinja::AutoEscape::Html
                && !value.is_safe()
                && !value.is_undefined()
                && !value.is_none()
            {
                let text = value.to_string();
                return out
                    .write_str(&crate::text::escape_html(&text))
                    .map_err(Error::from);
            }
            minijinja::escape_formatter(out, state, value)
        });
        // Bound runaway templates (a recursive macro) instead of hanging the build.
        env.set_fuel(Some(50_000_000));
        let mut errors = Vec::new();
        for (name, src) in &self.templates {
            if let Err(e) = env.add_template_owned(name.clone(), src.clone()) {
                errors.push(self.template_error(&e));
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let assets: BTreeMap<String, String> = self
            .statics
            .iter()
            .map(|s| (s.logical.clone(), s.published.clone()))
            .collect();
        let base = base_path.to_string();
        let base_for_asset = base.clone();
        env.add_function("asset", move |path: String| -> Result<String, Error> {
            let key = path.trim_start_matches('/');
            match assets.get(key) {
                Some(p) => Ok(format!("{base_for_asset}{p}")),
                None => Err(Error::new(
                    ErrorKind::InvalidOperation,
                    format!("asset(\"{path}\"): there is no static/{key} in the theme"),
                )),
            }
        });
        env.add_function("url", move |path: String| -> String {
            if path.contains("://") {
                path
            } else {
                format!("{base}{}", path.trim_start_matches('/'))
            }
        });
        env.add_filter("date_sv", |v: String| -> Result<String, Error> {
            crate::text::date::Date::parse(&v)
                .map(crate::text::date::Date::to_swedish)
                .map_err(|e| Error::new(ErrorKind::InvalidOperation, e))
        });
        // Dates as a language's string table says (`date_format`): `sv` in words, else
        // ISO 8601, which every reader can parse.
        env.add_filter(
            "date_in",
            |v: String, format: String| -> Result<String, Error> {
                let d = crate::text::date::Date::parse(&v)
                    .map_err(|e| Error::new(ErrorKind::InvalidOperation, e))?;
                Ok(d.format_as(&format))
            },
        );
        // A number as a language writes it: `{{ n|number_in(lang.code) }}`.
        env.add_filter(
            "number_in",
            |v: Value, code: String| -> Result<String, Error> {
                let loc = crate::text::locale::for_code(&code);
                if let Ok(i) = i64::try_from(v.clone()) {
                    return Ok(loc.int(i));
                }
                f64::try_from(v).map(|x| loc.number(x, 1)).map_err(|_| {
                    Error::new(ErrorKind::InvalidOperation, "number_in needs a number")
                })
            },
        );
        env.add_filter("number_sv", |v: Value| -> Result<String, Error> {
            if let Ok(i) = i64::try_from(v.clone()) {
                return Ok(crate::text::format_int(i));
            }
            f64::try_from(v)
                .map(|x| format_number(x, 1))
                .map_err(|_| Error::new(ErrorKind::InvalidOperation, "number_sv needs a number"))
        });
        Ok(env)
    }

    /// A template error as a diagnostic naming the template file and line.
    pub fn template_error(&self, e: &Error) -> Diagnostic {
        let name = e.name().unwrap_or("?").to_string();
        let file = self
            .template_files
            .get(&name)
            .cloned()
            .unwrap_or_else(|| PathBuf::from(format!("templates/{name}")));
        let line = e.line().unwrap_or(0);
        let mut message = match e.detail() {
            Some(d) => format!("{}: {d}", e.kind()),
            None => e.kind().to_string(),
        };
        let mut help = "see docs/templates.md for the variables each template gets".to_string();
        if e.kind() == ErrorKind::UndefinedError {
            message = "template uses a variable or attribute that does not exist".to_string();
            help = "check the spelling; guard optional values with `is defined` or `|default`; see docs/templates.md".into();
        }
        // Errors in an included template carry the chain; show the first frame's name.
        let mut d = Diagnostic::error("template/error", file, message)
            .at(line, 0)
            .with_help(help);
        if let (Some(src), true) = (self.templates.get(&name), line > 0) {
            d = d.with_source(src);
        }
        d
    }
}

fn logical_name(dir: &Path, path: &Path) -> String {
    path.strip_prefix(dir)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// `css/site.css` + bytes → `css/site.<8 hex of sha256>.css`.
pub fn hashed_name(logical: &str, bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let hash: String = digest.iter().take(4).map(|b| format!("{b:02x}")).collect();
    match logical.rfind('.') {
        Some(dot) if !logical[dot..].contains('/') => {
            format!("{}.{hash}{}", &logical[..dot], &logical[dot..])
        }
        _ => format!("{logical}.{hash}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names_keep_the_extension() {
        let n = hashed_name("css/site.css", b"body{}");
        assert!(
            n.starts_with("css/site.")
                && n.ends_with(".css")
                && n.len() == "css/site..css".len() + 8,
            "{n}"
        );
    }
}
