//! URL slugs and heading ids, folded the Swedish way: å, ä → a and ö → o, so that
//! `/artiklar/manniskohandel/` stays readable in every browser and never changes when a
//! title is reworded (the slug comes from the file name unless set explicitly).

/// Fold one character to its ASCII base, or `None` for anything that becomes a separator.
fn fold(c: char) -> Option<&'static str> {
    Some(match c {
        'å' | 'ä' | 'á' | 'à' | 'â' | 'ã' | 'Å' | 'Ä' | 'Á' | 'À' | 'Â' | 'Ã' => "a",
        'ö' | 'ø' | 'ó' | 'ò' | 'ô' | 'õ' | 'Ö' | 'Ø' | 'Ó' | 'Ò' | 'Ô' | 'Õ' => "o",
        'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => "e",
        'ü' | 'ú' | 'ù' | 'û' | 'Ü' | 'Ú' | 'Ù' | 'Û' => "u",
        'í' | 'ì' | 'î' | 'ï' | 'Í' | 'Ì' | 'Î' | 'Ï' => "i",
        'ç' | 'Ç' => "c",
        'ñ' | 'Ñ' => "n",
        'ß' => "ss",
        'æ' | 'Æ' => "ae",
        _ => return None,
    })
}

/// `"Människohandel för sexuella ändamål"` → `"manniskohandel-for-sexuella-andamal"`.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.chars() {
        let piece: Option<String> = if c.is_ascii_alphanumeric() {
            Some(c.to_ascii_lowercase().to_string())
        } else {
            fold(c).map(str::to_string)
        };
        match piece {
            Some(p) => {
                if pending_dash && !out.is_empty() {
                    out.push('-');
                }
                pending_dash = false;
                out.push_str(&p);
            }
            None => pending_dash = true,
        }
    }
    out
}

/// Ids the default theme puts on every page or on page furniture; a content heading
/// with the same text gets the next free suffix instead (docs/templates.md lists them).
pub const RESERVED_IDS: &[&str] = &[
    "innehall",
    "sidhuvud-sok",
    "startsida-sok",
    "hanvisningar-rubrik",
    "avsnitt-rubrik",
    "sidor-rubrik",
    "stod-rubrik",
    "ingangar-rubrik",
    "nyckeltal-rubrik",
    "senaste-rattsfall-rubrik",
    "atal-rubrik",
    "instanser-rubrik",
    "kalla-rubrik",
    "relaterade-rubrik",
    "se-aven-rubrik",
    "anvands-rubrik",
    "sok-resultat",
    "sok-status",
    "citera-rubrik",
    "filter-rubrik",
    "rattsfall-rubrik",
];

/// Heading ids within one page: slugified text, made unique with `-2`, `-3`, ….
#[derive(Debug)]
pub struct IdAllocator {
    used: std::collections::HashMap<String, usize>,
}

impl Default for IdAllocator {
    fn default() -> Self {
        IdAllocator {
            used: RESERVED_IDS.iter().map(|id| (id.to_string(), 1)).collect(),
        }
    }
}

impl IdAllocator {
    pub fn next_id(&mut self, text: &str) -> String {
        let mut base = slugify(text);
        if base.is_empty() {
            base = "avsnitt".to_string();
        }
        let n = self.used.entry(base.clone()).or_insert(0);
        *n += 1;
        if *n == 1 {
            base
        } else {
            let mut candidate = format!("{base}-{n}");
            // A heading literally named "x 2" must not collide with the second "x".
            while self.used.contains_key(&candidate) {
                *self.used.entry(base.clone()).or_insert(0) += 1;
                let n = self.used[&base];
                candidate = format!("{base}-{n}");
            }
            self.used.insert(candidate.clone(), 1);
            candidate
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_swedish_letters() {
        assert_eq!(
            slugify("Människohandel för sexuella ändamål"),
            "manniskohandel-for-sexuella-andamal"
        );
        assert_eq!(slugify("  Vad är 4 kap. 1 b §?  "), "vad-ar-4-kap-1-b");
        assert_eq!(slugify("Ökning – 20 %"), "okning-20");
    }

    #[test]
    fn duplicate_headings_get_numbered_ids() {
        let mut ids = IdAllocator::default();
        assert_eq!(ids.next_id("Källor"), "kallor");
        assert_eq!(ids.next_id("Källor"), "kallor-2");
        assert_eq!(ids.next_id("Kallor 2"), "kallor-2-2");
        assert_eq!(ids.next_id("!!"), "avsnitt");
        assert_eq!(ids.next_id("Innehåll"), "innehall-2");
    }
}
