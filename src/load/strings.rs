//! The theme's string tables (`themes/<theme>/strings/<language id>.yaml`): every text
//! the templates show that is not content (quick exit, skip link, menus, dates), one
//! table per language with the default language's keys. Templates read them as
//! `strings.<key>`.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::config::Config;
use crate::load::yaml::{self, Offset};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

pub const STRINGS_DIR: &str = "strings";

#[derive(Debug, Clone, Default)]
pub struct StringTables {
    /// Language id → (file relative to the site root, key → text).
    pub tables: BTreeMap<String, (PathBuf, BTreeMap<String, String>)>,
}

impl StringTables {
    /// Read every `*.yaml` in the theme's `strings/` folder. A table that is not a map of
    /// keys to texts is an error at its line.
    pub fn load(root: &Path, theme_dir: &Path) -> Result<StringTables, Box<Diagnostic>> {
        let dir = theme_dir.join(STRINGS_DIR);
        let mut tables = BTreeMap::new();
        let Ok(entries) = std::fs::read_dir(&dir) else {
            return Ok(StringTables { tables });
        };
        let mut files: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect();
        files.sort();
        for abs in files {
            let Some(id) = abs.file_stem().and_then(|s| s.to_str()).map(str::to_string) else {
                continue;
            };
            let rel = crate::diagnostics::relative_to(root, &abs);
            let text = crate::load::content::read_text_file(&abs, &rel)?;
            let table: BTreeMap<String, String> =
                yaml::parse(&text, &rel, &text, Offset::default(), "strings/invalid")?;
            tables.insert(id, (rel, table));
        }
        Ok(StringTables { tables })
    }

    /// The table of `lang`, with the default language's quick-exit label from the
    /// configuration where one is set (it predates the tables).
    pub fn for_language(&self, config: &Config, lang: &str) -> BTreeMap<String, String> {
        let mut table = self
            .tables
            .get(lang)
            .map(|(_, t)| t.clone())
            .unwrap_or_default();
        if lang == config.default_language().id && !config.quick_exit.label.is_empty() {
            table.insert("quick_exit".into(), config.quick_exit.label.clone());
        }
        table
    }

    /// Every language that has pages needs a table with every key of the default
    /// language's table: an error per missing table and per missing key.
    pub fn check(&self, config: &Config, used: &BTreeSet<String>) -> Diagnostics {
        let mut diags = Diagnostics::new();
        let default = &config.default_language().id;
        let theme_file = format!("themes/{}/{STRINGS_DIR}", config.theme);
        let Some((_, reference)) = self.tables.get(default) else {
            diags.push(
                Diagnostic::error(
                    "strings/missing-table",
                    format!("{theme_file}/{default}.yaml"),
                    format!("the theme has no string table for the default language `{default}`"),
                )
                .with_help("the templates show their texts from it; copy strings/sv.yaml from the default theme"),
            );
            return diags;
        };
        for lang in used {
            let Some((file, table)) = self.tables.get(lang) else {
                diags.push(
                    Diagnostic::error(
                        "strings/missing-table",
                        format!("{theme_file}/{lang}.yaml"),
                        format!("language `{lang}` has pages but the theme has no string table for it"),
                    )
                    .with_help(format!(
                        "create {theme_file}/{lang}.yaml with the keys of {default}.yaml, translated"
                    )),
                );
                continue;
            };
            for key in reference.keys().filter(|k| !table.contains_key(*k)) {
                diags.push(
                    Diagnostic::error(
                        "strings/missing-key",
                        file,
                        format!("the string `{key}` is missing in language `{lang}`"),
                    )
                    .with_help(format!(
                        "add `{key}: …` (in {default}.yaml: “{}”)",
                        reference.get(key).map(String::as_str).unwrap_or("")
                    )),
                );
            }
        }
        diags
    }
}
