//! `kunskapsnav new`: scaffold a valid content file with every field explained, under a
//! slug made from the title. It never overwrites an existing file.

use crate::diagnostics::Diagnostic;
use crate::text::date::Date;
use crate::text::slug::slugify;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum NewKind {
    /// A knowledge article in content/artiklar/
    Article,
    /// A plain page at the top of the site
    Page,
    /// A court-ruling summary in content/rattsfall/
    Ruling,
    /// A glossary term in content/ordlista/
    Term,
    /// A statistics dataset (a breakdown) in data/statistik/
    Dataset,
}

fn yaml_quote(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn template(kind: NewKind, title: &str, today: Date) -> String {
    let t = yaml_quote(title);
    let yy = today.year.rem_euclid(100);
    match kind {
        NewKind::Article => format!(
            "---\n\
# Rubriken, sidans enda h1. Att ändra den ändrar inte adressen.\n\
title: {t}\n\
# En eller två meningar: visas i listor, sökträffar och som sidbeskrivning.\n\
summary: \"Skriv en kort sammanfattning.\"\n\
# Datum då innehållet senast granskades (ÅÅÅÅ-MM-DD).\n\
updated: {today}\n\
# Vem texten är skriven för: allmänhet, rättsväsende, utbildare, yrkesverksamma.\n\
audience: [allmänhet]\n\
# Ämnesord; vart och ett får en egen sida under /taggar/.\n\
tags: []\n\
# true håller sidan utanför bygget (utom med --drafts).\n\
draft: true\n\
# Valfritt: ordning inom avsnittet (lägre först).\n\
# weight: 10\n\
---\n\n\
Inledande stycke.\n\n\
## Första avsnittet\n\n\
Text med källa.[^1]\n\n\
[^1]: Utgivare, *Publikationens titel* (år), s. X, hämtad ÅÅÅÅ-MM-DD.\n"
        ),
        NewKind::Page => format!(
            "---\n\
# Rubriken, sidans enda h1.\n\
title: {t}\n\
# En eller två meningar om sidan.\n\
summary: \"Skriv en kort sammanfattning.\"\n\
# Valfritt: datum då innehållet senast granskades.\n\
updated: {today}\n\
draft: true\n\
---\n\n\
Text.\n"
        ),
        NewKind::Ruling => format!(
            "---\n\
# En kort beskrivande rubrik.\n\
title: {t}\n\
summary: \"Vad målet gällde och hur det gick, i en mening.\"\n\
# Domstolens namn exakt som i data/domstolar.yaml.\n\
court: \"Lycksele tingsrätt\"\n\
# Målnummer så som domstolen skriver det, t.ex. B 583-23 (här en platshållare).\n\
case: \"B 9999-{yy:02}\"\n\
# Datum för dom eller beslut.\n\
decided: {today}\n\
# dom eller beslut.\n\
kind: dom\n\
# Åtalspunkter: lagrum ur data/lagrum.yaml, valfri grad (grovt, ringa, försök),\n\
# utgång: fällande, friande, ogillat, ej prövat, okänt.\n\
charges:\n\
\x20 - provision: \"BrB 4:1 b\"\n\
\x20   outcome: okänt\n\
# Ändamål: sexuella ändamål, arbetskraft, tiggeri, brottslig verksamhet, övriga ändamål.\n\
exploitation: []\n\
# Branscher, t.ex. bärplockning, bygg, städ, massage.\n\
sectors: []\n\
# Valfritt: påföljden så som källan anger den.\n\
# sentence: \"\"\n\
# Valfritt: domen som detta avgörande prövar efter överklagande.\n\
# appeal_of: {{ court: \"Solna tingsrätt\", case: \"B 0000-00\" }}\n\
# Varifrån kunskapen om avgörandet kommer.\n\
source: \"Publikation, avsnitt, fotnot\"\n\
audience: [rättsväsende, utbildare]\n\
draft: true\n\
---\n\n\
## Bakgrund\n\n\
## Domstolens bedömning\n\n\
## Betydelse för praxis\n"
        ),
        NewKind::Term => format!(
            "---\n\
# Termen så som den skrivs.\n\
title: {t}\n\
# En mening som förklarar termen på enkel svenska.\n\
summary: \"Förklaring.\"\n\
# Andra former som ska länka hit (böjningar).\n\
forms: []\n\
# Närliggande termer (deras rubriker).\n\
see_also: []\n\
updated: {today}\n\
draft: true\n\
---\n\n\
Längre förklaring med källa.[^1]\n\n\
[^1]: Källa.\n"
        ),
        NewKind::Dataset => dataset_template(&slugify(title), title, today),
    }
}

fn folder(kind: NewKind) -> &'static str {
    match kind {
        NewKind::Article => "content/artiklar",
        NewKind::Page => "content",
        NewKind::Ruling => "content/rattsfall",
        NewKind::Term => "content/ordlista",
        NewKind::Dataset => "data/statistik",
    }
}

/// A breakdown dataset (see docs/datasets.md) whose parts add up to its total, every
/// field explained. The id is the file name; the figures are placeholders to replace.
fn dataset_template(id: &str, title: &str, today: Date) -> String {
    let t = yaml_quote(title);
    let year = today.year;
    format!(
        r#"# Ett statistikdataset: siffrorna skrivs av exakt som källan publicerar dem.
# Alla fält förklaras i docs/datasets.md. Byt ut exempelvärdena nedan.

# Datasetets id: samma som filnamnet, ändras aldrig (adressen blir /statistik/{id}/).
id: {id}
# Kort svensk rubrik, används som diagramrubrik och sidrubrik.
title: {t}
# En eller två meningar: vad som räknas, var och när.
description: "Vad som räknas, var och när."
# Vad en enhet är, i plural: personer, anmälda brott, ärenden.
unit: personer
# Perioden som siffrorna gäller, som text inom citattecken: "2023" eller "2020–2023".
period: "{year}"
# Varifrån siffrorna kommer. Ange bara uppgifter som den citerande texten faktiskt ger.
source:
  # Vem som tagit fram siffrorna.
  organisation: "Organisation"
  # Publikationen eller statistikprodukten, så som den citerande texten namnger den.
  publication: "Publikationens titel"
  # Var i publikationen: sida, tabell eller avsnitt (eller att det inte anges).
  location: "s. 1"
  # Den källa genom vilken navet känner till siffran: rapport, avsnitt, fotnot.
  cited_in: "Rapport, avsnitt 1, fotnot 1"
  # Valfritt: en adress som den citerande texten ger.
  # url: https://example.org/rapport
  # Valfritt: hämtningsdatum, bara om den citerande texten anger ett (ÅÅÅÅ-MM-DD).
  # retrieved: {today}
# Diagramtyp: bar för en fördelning (grouped, stacked, line och chain finns för andra former).
chart: bar
# Förbehåll, definitioner och varje avvikelse mellan siffror, på klarspråk.
notes:
  - "Delarna summerar till totalen: 60 + 40 = 100."
# Valfritt: publicerade summor som inte stämmer med delarna, med förklaring.
# discrepancies:
#   - at: total
#     published: 100
#     computed: 99
#     note: "Förklaring."
# Fördelningen: delar av en helhet. Varje del har label och value och/eller percent.
breakdown:
  items:
    # label: källans egen benämning. value: antal (heltal, utan mellanslag).
    - label: "Kvinnor"
      value: 60
      # Valfritt: andel i procent så som den publicerats (kontrolleras mot value och total).
      percent: 60
    - label: "Män"
      value: 40
      percent: 40
      # Valfritt: en ungefärlig siffra med källans eget ord (över, cirka, minst …).
      # approximate: true
      # qualifier: cirka
      # Valfritt: text som visas vid delen.
      # note: "Förklaring."
  # Valfritt: totalen så som den publicerats; summan av delarna kontrolleras mot den.
  total: 100
  # Valfritt: etikett för totalen (standard "Totalt").
  total_label: "Totalt"
  # Valfritt: true när delarna inte täcker helheten (summan kontrolleras då inte).
  partial: false
"#
    )
}

/// Create the file and return its path. Refuses to overwrite.
pub fn create(root: &Path, kind: NewKind, title: &str) -> Result<PathBuf, Box<Diagnostic>> {
    let slug = slugify(title);
    if slug.is_empty() {
        return Err(Box::new(
            Diagnostic::error(
                "new/title",
                "title",
                "the title has no letters or digits to make a file name from",
            )
            .with_help("give a title such as \"Människohandel i tiggeri\""),
        ));
    }
    let dir = root.join(folder(kind));
    let path = match kind {
        NewKind::Dataset => dir.join(format!("{slug}.yaml")),
        _ => dir.join(format!("{slug}.md")),
    };
    std::fs::create_dir_all(&dir).map_err(|e| {
        Box::new(
            Diagnostic::error("new/io", &dir, format!("cannot create the folder: {e}"))
                .with_help("check the --root folder and its permissions"),
        )
    })?;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| {
            let rel = crate::diagnostics::relative_to(root, &path);
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                Box::new(
                    Diagnostic::error(
                        "new/exists",
                        rel,
                        "the file already exists; it was left untouched",
                    )
                    .with_help("choose another title, or edit the existing file"),
                )
            } else {
                Box::new(
                    Diagnostic::error("new/io", rel, format!("cannot create the file: {e}"))
                        .with_help("check the folder's permissions"),
                )
            }
        })?;
    use std::io::Write;
    file.write_all(template(kind, title, Date::today()).as_bytes())
        .map_err(|e| {
            Box::new(
                Diagnostic::error("new/io", &path, format!("cannot write: {e}"))
                    .with_help("check free disk space"),
            )
        })?;
    Ok(crate::diagnostics::relative_to(root, &path))
}
