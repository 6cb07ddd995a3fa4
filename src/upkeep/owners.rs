//! The owner registry, `data/agare.yaml`: the units and roles responsible for pages, each
//! with an optional contact. No file: no owners, and any `owner:` is unknown.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::yaml::{self, Offset};
use serde::{Deserialize, Serialize};
use std::path::Path;

pub const FILE: &str = "data/agare.yaml";

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Owner {
    /// What `owner:` in front matter names, e.g. `jamstalldhetsmyndigheten`.
    pub id: String,
    /// Shown to readers, e.g. "Jämställdhetsmyndigheten".
    pub name: String,
    /// How to reach the unit (an e-mail address, a telephone number or a page); optional.
    #[serde(default)]
    pub contact: Option<String>,
}

#[derive(Debug, Default)]
pub struct Owners {
    pub list: Vec<Owner>,
}

impl Owners {
    pub fn load(root: &Path, diags: &mut Diagnostics) -> Owners {
        let path = root.join(FILE);
        if !path.exists() {
            return Owners::default();
        }
        let rel = Path::new(FILE);
        let text = match crate::load::content::read_text_file(&path, rel) {
            Ok(t) => t,
            Err(d) => {
                diags.push(*d);
                return Owners::default();
            }
        };
        match yaml::parse::<Vec<Owner>>(&text, rel, &text, Offset::default(), "owners/invalid") {
            Ok(list) => {
                let mut seen = std::collections::BTreeSet::new();
                for o in &list {
                    if !seen.insert(o.id.as_str()) {
                        let line = text
                            .lines()
                            .enumerate()
                            .filter(|(_, l)| l.contains(&format!("id: {}", o.id)))
                            .nth(1)
                            .map(|(i, _)| i + 1)
                            .unwrap_or(0);
                        diags.push(
                            Diagnostic::error(
                                "owners/duplicate",
                                rel,
                                format!("owner id `{}` is listed twice", o.id),
                            )
                            .at(line, 1)
                            .with_source(&text)
                            .with_help("give each owner its own id, or remove the second entry"),
                        );
                    }
                }
                Owners { list }
            }
            Err(d) => {
                diags.push(*d);
                Owners::default()
            }
        }
    }

    pub fn get(&self, id: &str) -> Option<&Owner> {
        self.list.iter().find(|o| o.id == id)
    }
}
