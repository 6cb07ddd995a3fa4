//! The two registries in `data/`: courts (`domstolar.yaml`) and provisions
//! (`lagrum.yaml`). Both are lists of typed records; unknown fields are errors, and
//! records are checked against each other (an `appeals_to` that names no court, a
//! provision id whose chapter and section disagree with its fields).

use super::cite::{self, ProvisionRef};
use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics};
use crate::load::yaml::{self, Offset};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub const COURTS_FILE: &str = "data/domstolar.yaml";
pub const PROVISIONS_FILE: &str = "data/lagrum.yaml";

/// The level of a court in the chain of appeal; higher reviews lower.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
pub enum Instance {
    #[serde(rename = "tingsrätt")]
    Tingsratt,
    #[serde(rename = "hovrätt")]
    Hovratt,
    #[serde(rename = "högsta domstolen")]
    HogstaDomstolen,
}

impl Instance {
    pub fn name(self) -> &'static str {
        match self {
            Instance::Tingsratt => "tingsrätt",
            Instance::Hovratt => "hovrätt",
            Instance::HogstaDomstolen => "högsta domstolen",
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            Instance::Tingsratt => "tingsratt",
            Instance::Hovratt => "hovratt",
            Instance::HogstaDomstolen => "hogsta-domstolen",
        }
    }

    /// Plural label for lists: `Tingsrätter`.
    pub fn label(self) -> &'static str {
        match self {
            Instance::Tingsratt => "Tingsrätter",
            Instance::Hovratt => "Hovrätter",
            Instance::HogstaDomstolen => "Högsta domstolen",
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Court {
    pub id: String,
    pub name: String,
    pub instance: Instance,
    pub appeals_to: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Provision {
    pub id: String,
    pub slug: String,
    pub name: String,
    pub law: String,
    pub sfs: Option<String>,
    pub chapter: Option<u32>,
    pub section: String,
    pub citation: String,
    pub url: String,
    pub summary: String,
    pub note: Option<String>,
}

#[derive(Debug, Default)]
pub struct Registry {
    pub courts: Vec<Court>,
    pub provisions: Vec<Provision>,
    court_by_name: HashMap<String, usize>,
    /// (law key, chapter, section) → provision; each provision under its abbreviation
    /// and its law's name.
    provision_by_ref: HashMap<ProvisionRef, usize>,
}

impl Registry {
    /// Load both registries; problems go to `diags` and the faulty records are left out.
    pub fn load(root: &Path, diags: &mut Diagnostics) -> Registry {
        let mut reg = Registry::default();
        if let Some((courts, text)) = read_list::<Court>(root, COURTS_FILE, diags) {
            reg.add_courts(courts, &text, diags);
        }
        if let Some((provisions, text)) = read_list::<Provision>(root, PROVISIONS_FILE, diags) {
            reg.add_provisions(provisions, &text, diags);
        }
        reg
    }

    fn add_courts(&mut self, courts: Vec<Court>, text: &str, diags: &mut Diagnostics) {
        let file = PathBuf::from(COURTS_FILE);
        let mut ids: HashMap<String, usize> = HashMap::new();
        for c in courts {
            let at = record_line(text, &c.id);
            if ids.contains_key(&c.id) || self.court_by_name.contains_key(&c.name.to_lowercase()) {
                diags.push(
                    Diagnostic::error(
                        "registry/duplicate",
                        &file,
                        format!("the court `{}` is listed twice", c.name),
                    )
                    .at(at, 1)
                    .with_source(text)
                    .with_help("each court appears once; remove the repeated entry"),
                );
                continue;
            }
            ids.insert(c.id.clone(), self.courts.len());
            self.court_by_name
                .insert(c.name.to_lowercase(), self.courts.len());
            self.courts.push(c);
        }
        for c in &self.courts {
            let Some(target) = &c.appeals_to else {
                if c.instance != Instance::HogstaDomstolen {
                    diags.push(
                        Diagnostic::error(
                            "registry/invalid",
                            &file,
                            format!("`{}` has no `appeals_to`", c.name),
                        )
                        .at(record_line(text, &c.id), 1)
                        .with_source(text)
                        .with_help("name the id of the court that hears appeals from it"),
                    );
                }
                continue;
            };
            let ok = ids
                .get(target)
                .is_some_and(|&t| self.courts[t].instance > c.instance);
            if !ok {
                let hint = match did_you_mean(target, ids.keys().map(String::as_str)) {
                    Some(s) if s != target => format!("did you mean `{s}`?"),
                    _ => "name the id of a higher court in this file".into(),
                };
                diags.push(
                    Diagnostic::error(
                        "registry/invalid",
                        &file,
                        format!(
                            "`{}` appeals to `{target}`, which is not a higher court in this file",
                            c.name
                        ),
                    )
                    .at(record_line(text, &c.id), 1)
                    .with_source(text)
                    .with_help(hint),
                );
            }
        }
    }

    fn add_provisions(&mut self, provisions: Vec<Provision>, text: &str, diags: &mut Diagnostics) {
        let file = PathBuf::from(PROVISIONS_FILE);
        let mut slugs: HashMap<String, usize> = HashMap::new();
        for p in provisions {
            let at = record_line(text, &p.id);
            let err = |msg: String, help: &str| {
                Diagnostic::error("registry/invalid", &file, msg)
                    .at(at, 1)
                    .with_source(text)
                    .with_help(help)
            };
            let Some(parsed) = cite::parse_provision(&p.id) else {
                diags.push(err(
                    format!(
                        "the provision id `{}` is not of the form `BrB 4:1 b` or `NSL 1`",
                        p.id
                    ),
                    "write the law's abbreviation, then chapter:section (or the section alone)",
                ));
                continue;
            };
            let section = cite::normalise_section(&p.section);
            if parsed.chapter != p.chapter || section.as_deref() != Some(parsed.section.as_str()) {
                diags.push(err(
                    format!(
                        "the id `{}` does not match `chapter` and `section` of the same entry",
                        p.id
                    ),
                    "make the id, `chapter` and `section` name the same place in the law",
                ));
                continue;
            }
            if crate::text::slug::slugify(&p.slug) != p.slug || slugs.contains_key(&p.slug) {
                diags.push(err(
                    format!("the slug `{}` is not a unique URL segment", p.slug),
                    "use lower-case a–z, 0–9 and hyphens, different for each provision",
                ));
                continue;
            }
            let idx = self.provisions.len();
            let by_name = ProvisionRef {
                law: cite::law_key(&p.law),
                ..parsed.clone()
            };
            if self.provision_by_ref.contains_key(&parsed) {
                diags.push(err(
                    format!("the provision `{}` is listed twice", p.id),
                    "remove the repeated entry",
                ));
                continue;
            }
            self.provision_by_ref.insert(parsed, idx);
            self.provision_by_ref.entry(by_name).or_insert(idx);
            slugs.insert(p.slug.clone(), idx);
            self.provisions.push(p);
        }
        // The citation form must lead back to its own entry, so that `4 kap. 1 b §
        // brottsbalken` in content finds the provision the registry shows it as.
        for (i, p) in self.provisions.iter().enumerate() {
            if self.find_provision(&p.citation).ok() != Some(i) {
                diags.push(
                    Diagnostic::error(
                        "registry/invalid",
                        &file,
                        format!("the citation `{}` does not name the provision `{}`", p.citation, p.id),
                    )
                    .at(record_line(text, &p.id), 1)
                    .with_source(text)
                    .with_help("write it as `4 kap. 1 b § brottsbalken`: chapter, section and the law's name as in `law`"),
                );
            }
        }
    }

    pub fn court_by_name(&self, name: &str) -> Option<usize> {
        let key = name
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        self.court_by_name
            .get(&key)
            .copied()
            .or_else(|| self.courts.iter().position(|c| c.id == name.trim()))
    }

    /// The court's name closest to a misspelt one.
    pub fn suggest_court(&self, name: &str) -> Option<&str> {
        did_you_mean(name, self.courts.iter().map(|c| c.name.as_str()))
    }

    /// A provision by any common spelling; `Err` carries a hint for the editor.
    pub fn find_provision(&self, reference: &str) -> Result<usize, String> {
        let Some(parsed) = cite::parse_provision(reference) else {
            return Err("write a provision as `BrB 4:1 b` or `4 kap. 1 b § brottsbalken`".into());
        };
        if let Some(&i) = self.provision_by_ref.get(&parsed) {
            return Ok(i);
        }
        let ids = self.provisions.iter().map(|p| p.id.as_str());
        Err(match did_you_mean(reference, ids) {
            Some(s) => format!("did you mean `{s}`? Provisions are listed in {PROVISIONS_FILE}"),
            None => format!("add it to {PROVISIONS_FILE} or cite one listed there"),
        })
    }

    pub fn provision_by_slug(&self, slug: &str) -> Option<usize> {
        self.provisions.iter().position(|p| p.slug == slug)
    }
}

/// Read and type a YAML list; a missing file is not an error when the site has no rulings
/// (the caller decides), a malformed one is.
fn read_list<T: serde::de::DeserializeOwned>(
    root: &Path,
    rel: &str,
    diags: &mut Diagnostics,
) -> Option<(Vec<T>, String)> {
    let abs = root.join(rel);
    if !abs.exists() {
        return None;
    }
    let text = match crate::load::content::read_text_file(&abs, Path::new(rel)) {
        Ok(t) => t,
        Err(d) => {
            diags.push(*d);
            return None;
        }
    };
    match yaml::parse::<Vec<T>>(
        &text,
        Path::new(rel),
        &text,
        Offset::default(),
        "registry/invalid",
    ) {
        Ok(list) => Some((list, text)),
        Err(d) => {
            diags.push(*d);
            None
        }
    }
}

/// The line of the record whose `id:` is `id`, for errors found after parsing.
fn record_line(text: &str, id: &str) -> usize {
    text.lines()
        .position(|l| {
            let l = l.trim_start().trim_start_matches('-').trim_start();
            l.strip_prefix("id:")
                .is_some_and(|v| v.trim().trim_matches(['"', '\'']) == id)
        })
        .map_or(1, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_are_found_by_id() {
        let text = "# x\n- id: a\n  name: A\n- id: \"b\"\n";
        assert_eq!(record_line(text, "a"), 2);
        assert_eq!(record_line(text, "b"), 4);
    }
}
