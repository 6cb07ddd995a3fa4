//! What the legal domain adds to the search documents: a page for every provision (kind
//! `lagrum`, found by its provision in any spelling and by its law's name), and on each
//! ruling its citation, its court's names (full and short: `Lycksele TR`, `Svea HovR`)
//! and the provisions it applies, so that a provision's rulings follow its page.

use super::listing::capitalise;
use super::{provision_path, Legal};
use crate::link::Site;
use crate::search::SearchDoc;
use std::collections::{BTreeMap, HashMap};

impl Legal {
    /// Completes the documents of the site's pages (rulings) and adds the provision pages.
    pub fn complete_search_docs(&self, site: &Site, docs: &mut Vec<SearchDoc>) {
        let reg = &self.registry;
        let by_url: HashMap<String, usize> = docs
            .iter()
            .enumerate()
            .map(|(i, d)| (d.url.clone(), i))
            .collect();
        for r in &self.rulings.list {
            let Some(doc) = by_url
                .get(&site.url(&r.path))
                .and_then(|&i| docs.get_mut(i))
            else {
                continue;
            };
            doc.headings.insert(0, r.citation(reg));
            if let Some(court) = reg.courts.get(r.court) {
                doc.names.push(court.name.clone());
                doc.names.extend(court_short_forms(&court.name));
            }
            for c in &r.charges {
                doc.cites.push(c.written.clone());
                if let Some(p) = c.provision.and_then(|p| reg.provisions.get(p)) {
                    doc.cites.push(p.citation.clone());
                }
            }
            doc.cites.sort();
            doc.cites.dedup();
        }
        for (pi, p) in reg.provisions.iter().enumerate() {
            let rulings: Vec<String> = self
                .rulings
                .newest_first(reg)
                .into_iter()
                .map(|i| &self.rulings.list[i])
                .filter(|r| r.provisions().contains(&pi))
                .map(|r| r.citation(reg))
                .collect();
            let mut body = format!("{}. {}", capitalise(&p.name), p.summary);
            if let Some(note) = &p.note {
                body.push(' ');
                body.push_str(note);
            }
            let law = match &p.sfs {
                Some(sfs) => format!("{} (SFS {sfs})", capitalise(&p.law)),
                None => capitalise(&p.law),
            };
            // The law as the id abbreviates it (`BrB`, `NSL`, `Penningtvättsbrottslagen`)
            // and as it is named: each finds the law's provisions.
            let abbreviation = p.id.split_whitespace().next().unwrap_or_default();
            let mut facets = BTreeMap::new();
            facets.insert("provision".to_string(), vec![p.id.clone()]);
            docs.push(SearchDoc {
                url: site.url(&provision_path(&p.slug)),
                title: format!("{} ({})", p.citation, p.name),
                kind: "lagrum".to_string(),
                headings: std::iter::once(law).chain(rulings).collect(),
                summary: p.summary.clone(),
                body,
                facets,
                keys: vec![
                    p.id.clone(),
                    p.citation.clone(),
                    abbreviation.to_string(),
                    p.law.clone(),
                ],
                cites: Vec::new(),
                names: vec![p.law.clone()],
            });
        }
    }
}

/// The short forms a court's name is written in: `Lycksele TR`, `Svea HovR`,
/// `HovR över Skåne och Blekinge`, `HD`.
pub fn court_short_forms(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    if name == "Högsta domstolen" {
        out.push("HD".to_string());
    }
    for (long, short) in [(" tingsrätt", " TR"), (" hovrätt", " HovR")] {
        if let Some(place) = name.strip_suffix(long) {
            out.push(format!("{place}{short}"));
        }
    }
    if let Some(rest) = name.strip_prefix("Hovrätten ") {
        out.push(format!("HovR {rest}"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostics;
    use kunskapsnav_search::keys::{find_identifiers, Identifier};

    #[test]
    fn courts_have_their_usual_short_forms() {
        assert_eq!(court_short_forms("Lycksele tingsrätt"), ["Lycksele TR"]);
        assert_eq!(court_short_forms("Svea hovrätt"), ["Svea HovR"]);
        assert_eq!(
            court_short_forms("Hovrätten över Skåne och Blekinge"),
            ["HovR över Skåne och Blekinge"]
        );
        assert_eq!(court_short_forms("Högsta domstolen"), ["HD"]);
    }

    /// The search recognises provisions by a table of laws; every law of the bundled
    /// registry must be in it, or its provisions would not be found by their spelling.
    #[test]
    fn the_search_knows_every_law_of_the_bundled_registry() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut diags = Diagnostics::default();
        let reg = crate::legal::registry::Registry::load(root, &mut diags);
        assert!(!reg.provisions.is_empty());
        for p in &reg.provisions {
            let ids = find_identifiers(&p.id);
            let Some((id @ Identifier::Provision { law: Some(_), .. }, _)) = ids.first() else {
                panic!("{}: {ids:?}", p.id);
            };
            // A citation the search reads (not `5 § lagen (2014:307) om …`) means the same.
            if let Some((cited @ Identifier::Provision { .. }, _)) =
                find_identifiers(&p.citation).first()
            {
                assert_eq!(cited.keys(), id.keys(), "{}", p.citation);
            }
        }
    }
}
