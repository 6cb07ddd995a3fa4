//! Deterministic benchmark corpus: `cargo run --release --example gen_corpus -- DIR N`
//! writes a complete site under DIR:
//!
//! - N articles (`content/artiklar/a<i>.md`) of Swedish text built from sentence templates
//!   over a few hundred words of the field's vocabulary: headings, paragraphs, internal
//!   links to other articles' headings, citations of rulings (`[[B 123-21]]`) and
//!   provisions (`[[BrB 4:1 b]]`), `stat` and `chart` shortcodes, tables, lists, a quote,
//!   emphasis and footnotes;
//! - N/10 court rulings (`content/rattsfall/`) with unique case numbers, courts from
//!   `data/domstolar.yaml` (appeal chains tingsrätt → hovrätt → Högsta domstolen within
//!   each hovrätt's domkrets) and charges under provisions from `data/lagrum.yaml`;
//! - N/50 statistics datasets (`data/statistik/`) in all five shapes, with totals that
//!   add up;
//! - a small glossary, two plain pages, the home page, the configuration, and copies of the
//!   repository's `data/domstolar.yaml`, `data/lagrum.yaml` and `data/tillganglighet.yaml`
//!   (embedded at compile time).
//!
//! The theme is not copied: the benchmark scripts copy `themes/default` beside it. The same
//! N always gives the same bytes (a fixed xorshift generator), so timings compare across
//! commits. It prints one line with the counts.

use std::fmt::Write as _;
use std::path::Path;

// The project's own heading-id rule, so links can name another page's heading.
use kunskapsnav::text::slug::slugify;

const DOMSTOLAR: &str = include_str!("../data/domstolar.yaml");
const LAGRUM: &str = include_str!("../data/lagrum.yaml");
const TILLGANGLIGHET: &str = include_str!("../data/tillganglighet.yaml");

/// xorshift64*: tiny, deterministic, good enough for filler text.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn range(&mut self, lo: usize, hi_inclusive: usize) -> usize {
        lo + self.below(hi_inclusive - lo + 1)
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
    /// Skewed towards the start of the list (word frequencies are not uniform).
    fn skewed<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        xs[((u * u) * xs.len() as f64) as usize % xs.len()]
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// A hash of an index, for things another file must be able to recompute (the headings of
/// a link's target).
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

// ---------------------------------------------------------------------------------------
// Vocabulary

const SUBJECTS: &[&str] = &[
    "Polismyndigheten",
    "regionkoordinatorerna",
    "socialtjänsten",
    "Jämställdhetsmyndigheten",
    "Migrationsverket",
    "Arbetsmiljöverket",
    "åklagaren",
    "den nationella rapportören",
    "tingsrätten",
    "hovrätten",
    "Skatteverket",
    "länsstyrelsen",
    "gränspolisen",
    "civilsamhällets organisationer",
    "Brottsförebyggande rådet",
    "Ekobrottsmyndigheten",
    "kommunen",
    "Försäkringskassan",
    "Europol",
    "Kriminalvården",
    "Åklagarmyndigheten",
    "Barnahus",
    "Brottsofferjouren",
    "regeringen",
    "Arbetsförmedlingen",
    "Kustbevakningen",
    "Tullverket",
    "Plattformen Civila Sverige mot människohandel",
];

/// Verbs that take an object; the first ones are single words, so they can also stand
/// in the second place after a fronted adverbial (V2 word order).
const VERBS_OBJ: &[&str] = &[
    "uppmärksammade",
    "identifierade",
    "kartlade",
    "utredde",
    "granskade",
    "beskriver",
    "analyserade",
    "redovisar",
    "prioriterade",
    "följde upp",
    "lyfter fram",
    "samordnade arbetet mot",
    "fick in fler uppgifter om",
    "varnar för",
    "har tidigare pekat på",
    "genomförde insatser mot",
];
/// How many of [`VERBS_OBJ`] are single words.
const SIMPLE_VERBS: usize = 9;

const OBJECTS: &[&str] = &[
    "fler fall av människohandel för sexuella ändamål",
    "arbetskraftsexploatering inom byggbranschen",
    "utnyttjande av barn i kriminalitet",
    "tiggeri under tvång",
    "skuldslaveri bland säsongsarbetare",
    "bristande arbetsvillkor i restaurangbranschen",
    "falska anställningsavtal",
    "lägenhetsbordeller i storstäderna",
    "annonser om sexuella tjänster på internet",
    "rekrytering via sociala medier",
    "behovet av skyddat boende",
    "ärenden med minderåriga brottsoffer",
    "kopplingen till organiserad brottslighet",
    "penningtvätt i städbranschen",
    "villkoren för utstationerade arbetstagare",
    "exploatering inom bärplockningen",
    "koppleri i massagesalonger",
    "köp av sexuell tjänst",
    "utnyttjande av ensamkommande barn",
    "hot och våld mot brottsoffer",
    "betänketiden för utsatta personer",
    "stödet till personer som lämnar prostitution",
    "kontrollen av arbetsplatser",
    "människoexploatering i jordbruket",
    "riskerna med bemanningsföretag",
    "gränsöverskridande brottslighet",
];

const ADVERBIALS: &[&str] = &[
    "under 2023",
    "i flera polisregioner",
    "i södra Sverige",
    "jämfört med föregående år",
    "i samverkan med andra myndigheter",
    "enligt lägesrapporten",
    "i storstadsregionerna",
    "på landsbygden",
    "under sommarmånaderna",
    "i Stockholm",
    "i Göteborg",
    "i Malmö",
    "vid gränskontroller",
    "i norra Sverige",
    "under de senaste åren",
    "i hela landet",
    "inom ramen för den nationella stödprocessen",
    "i flera europeiska länder",
    "i region Väst",
    "i region Bergslagen",
    "i region Mitt",
    "i region Nord",
    "i region Öst",
];

const VERBS_SAY: &[&str] = &[
    "konstaterar",
    "bedömer",
    "påpekar",
    "beskriver",
    "framhåller",
    "rapporterade",
    "understryker",
    "noterar",
    "uppger",
];

const PEOPLE: &[&str] = &[
    "brottsoffer",
    "kvinnor",
    "män",
    "barn",
    "ensamkommande barn",
    "arbetstagare från tredjeland",
    "utsatta EU-medborgare",
    "unga vuxna",
    "personer i prostitution",
    "säsongsarbetare",
    "personer med missbruk",
    "asylsökande",
    "personer med funktionsnedsättning",
    "utstationerade arbetstagare",
];

const VP_PRES: &[&str] = &[
    "utnyttjas i prostitution",
    "rekryteras via sociala medier",
    "tvingas arbeta under orimliga villkor",
    "lockas hit med falska löften om arbete",
    "utsätts för hot och våld",
    "får låg eller ingen lön",
    "bor trångt hos sin arbetsgivare",
    "har skulder till gärningspersonerna",
    "saknar kunskap om sina rättigheter",
    "flyttas mellan olika städer",
    "kontrolleras med hjälp av mobiltelefoner",
    "får sina pass beslagtagna",
    "utnyttjas för att begå brott",
    "tvingas tigga utanför butiker",
];

const NEGATIONS: &[&str] = &[
    "vågar inte",
    "vill inte",
    "kan inte",
    "har svårt att",
    "avstår ofta från att",
    "hinner sällan",
];

const INFINITIVES: &[&str] = &[
    "berätta om sin situation",
    "kontakta polisen",
    "ta emot stöd",
    "medverka i en rättsprocess",
    "lämna sin arbetsgivare",
    "söka vård",
    "vittna i domstol",
    "anmäla brottet",
    "ta sig ur exploateringen",
];

const REASONS: &[&str] = &[
    "av rädsla för repressalier",
    "eftersom de har skulder till gärningspersonerna",
    "på grund av språksvårigheter",
    "eftersom de saknar uppehållstillstånd",
    "av oro för sina anhöriga i hemlandet",
    "eftersom de inte litar på myndigheterna",
    "då de ofta inte ser sig själva som brottsoffer",
    "eftersom de är beroende av gärningspersonen för bostad och arbete",
];

const CRIMES: &[&str] = &[
    "människohandel för sexuella ändamål",
    "människoexploatering",
    "koppleri",
    "grovt koppleri",
    "köp av sexuell tjänst",
    "utnyttjande av barn genom köp av sexuell handling",
    "människohandel för tiggeri",
    "arbetskraftsexploatering",
    "människohandel för tvångsarbete",
    "grov människoexploatering",
];

const CRIME_VP: &[&str] = &[
    "sker ofta i det dolda",
    "är svårt att upptäcka",
    "kräver samverkan mellan flera myndigheter",
    "hänger ofta ihop med annan organiserad brottslighet",
    "drabbar framför allt personer i en utsatt situation",
    "leder sällan till fällande domar",
    "kräver omfattande utredningsresurser",
    "anmäls sällan av brottsoffren själva",
];

const HEADINGS: &[&str] = &[
    "Bakgrund",
    "Vad säger lagen?",
    "Hur går exploateringen till?",
    "Vilka drabbas?",
    "Lägesbilden 2023",
    "Statistik och utveckling",
    "Myndigheternas arbete",
    "Stöd till brottsoffer",
    "Rättsväsendets hantering",
    "Samverkan mellan myndigheter",
    "Internationella kopplingar",
    "Förslag och åtgärder",
    "Utmaningar i utredningarna",
    "Riskfaktorer",
    "Tecken att vara uppmärksam på",
    "Arbetsgivarnas ansvar",
    "Barn som utnyttjas",
    "Digitala plattformar",
    "Regionala skillnader",
    "Kunskapsluckor",
    "Domar under året",
    "Sammanfattning",
    "Vad kan du göra?",
    "Så arbetar regionkoordinatorerna",
];

const TOPICS: &[&str] = &[
    "Människohandel för sexuella ändamål",
    "Arbetskraftsexploatering",
    "Koppleri och köp av sexuell tjänst",
    "Tiggeri under tvång",
    "Barn som utnyttjas i kriminalitet",
    "Skuldslaveri",
    "Utstationerade arbetstagare",
    "Stödprogrammet för utsatta",
    "Identifiering av brottsoffer",
    "Rekrytering via internet",
    "Lägenhetsbordeller",
    "Exploatering i bärplockningen",
    "Människoexploatering i byggbranschen",
    "Ensamkommande barn och människohandel",
    "Betänketid och uppehållstillstånd",
];

const SETTINGS: &[&str] = &[
    "i Sverige",
    "i storstäderna",
    "på landsbygden",
    "i restaurangbranschen",
    "i städbranschen",
    "under pandemin",
    "i Norden",
    "i EU",
    "och organiserad brottslighet",
    "i rättspraxis",
];

const TAGS: &[&str] = &[
    "arbetskraftsexploatering",
    "sexuell exploatering",
    "barn",
    "tiggeri",
    "koppleri",
    "sexköp",
    "bärplockning",
    "byggbranschen",
    "städbranschen",
    "restauranger",
    "internet",
    "organiserad brottslighet",
    "stöd",
    "identifiering",
    "samverkan",
    "lagstiftning",
    "statistik",
    "rättspraxis",
    "migration",
    "skuldslaveri",
    "ensamkommande",
    "utstationering",
    "penningtvätt",
    "betänketid",
];

const AUDIENCES: &[&str] = &["allmänhet", "rättsväsende", "utbildare", "yrkesverksamma"];

const REGIONS: &[(&str, &str)] = &[
    ("bergslagen", "Bergslagen"),
    ("mitt", "Mitt"),
    ("nord", "Nord"),
    ("stockholm", "Stockholm"),
    ("syd", "Syd"),
    ("vast", "Väst"),
    ("ost", "Öst"),
];

const SOURCES: &[&str] = &[
    "Polismyndigheten (2024), Människohandel för sexuella och andra ändamål – lägesrapport 2023",
    "Brottsförebyggande rådet (Brå), Kriminalstatistik 2023, anmälda brott",
    "Jämställdhetsmyndigheten (2023), Nationell kartläggning av prostitution och människohandel",
    "Arbetsmiljöverket (2024), Myndighetsgemensam kontroll mot arbetslivskriminalitet",
    "Europol (2023), European Union Serious and Organised Crime Threat Assessment",
    "Migrationsverket (2024), Årsredovisning 2023",
    "Åklagarmyndigheten (2023), Människohandel – rättslig vägledning",
];

const GLOSSARY: &[(&str, &str, &str, &str)] = &[
    // (file, title, forms, summary)
    (
        "betanketid",
        "Betänketid",
        "[betänketiden, betänketider]",
        "En tid då ett möjligt brottsoffer får återhämta sig och fundera på om hen vill medverka i en utredning.",
    ),
    (
        "koppleri",
        "Koppleri",
        "[koppleriet, grovt koppleri, kopplerier]",
        "Att främja eller ekonomiskt utnyttja att någon annan har tillfälliga sexuella förbindelser mot ersättning.",
    ),
    (
        "manniskoexploatering",
        "Människoexploatering",
        "[människoexploateringen]",
        "Att exploatera en person i tvångsarbete, arbete under uppenbart orimliga villkor eller tiggeri.",
    ),
    (
        "arbetskraftsexploatering",
        "Arbetskraftsexploatering",
        "[arbetskraftsexploateringen]",
        "När en arbetsgivare utnyttjar en arbetstagares utsatta situation för att tjäna pengar.",
    ),
    (
        "malsagandebitrade",
        "Målsägandebiträde",
        "[målsägandebiträdet, målsägandebiträden]",
        "Ett juridiskt ombud som hjälper den som utsatts för brott under rättsprocessen.",
    ),
    (
        "regionkoordinator",
        "Regionkoordinator",
        "[regionkoordinatorn, regionkoordinatorer, regionkoordinatorerna]",
        "En samordnare mot prostitution och människohandel i en region.",
    ),
    (
        "skuldslaveri",
        "Skuldslaveri",
        "[skuldslaveriet]",
        "När en person tvingas arbeta för att betala av en skuld som aldrig tar slut.",
    ),
    (
        "lagenhetsbordell",
        "Lägenhetsbordell",
        "[lägenhetsbordeller, lägenhetsbordellen]",
        "En bostad där personer säljer sex och som någon annan organiserar.",
    ),
    (
        "tvangsarbete",
        "Tvångsarbete",
        "[tvångsarbetet]",
        "Arbete som en person utför under hot om straff och inte frivilligt.",
    ),
    (
        "ensamkommande-barn",
        "Ensamkommande barn",
        "[ensamkommande barnen]",
        "Barn som kommer till Sverige utan sina föräldrar eller någon annan vårdnadshavare.",
    ),
    (
        "kop-av-sexuell-tjanst",
        "Köp av sexuell tjänst",
        "[sexköp]",
        "Brottet att skaffa sig en tillfällig sexuell förbindelse mot ersättning.",
    ),
    (
        "barnahus",
        "Barnahus",
        "[]",
        "En plats där polis, åklagare, socialtjänst och vård samverkar kring barn som utsatts för brott.",
    ),
];

// ---------------------------------------------------------------------------------------
// Text

fn capitalise(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn sentence(rng: &mut Rng) -> String {
    let s = match rng.below(12) {
        0 | 1 | 10 => format!(
            "{} {} {} {}.",
            rng.skewed(SUBJECTS),
            rng.pick(VERBS_OBJ),
            rng.skewed(OBJECTS),
            rng.skewed(ADVERBIALS)
        ),
        2 => format!(
            "{} {} {} {}.",
            rng.skewed(ADVERBIALS),
            rng.pick(&VERBS_OBJ[..SIMPLE_VERBS]),
            rng.skewed(SUBJECTS),
            rng.skewed(OBJECTS)
        ),
        3 => {
            let more = ["fler", "färre", "något fler", "betydligt fler", "något färre"];
            format!(
                "Under {} anmäldes {} brott om {}, vilket är {} än året innan.",
                rng.range(2016, 2023),
                rng.range(3, 1800),
                rng.skewed(CRIMES),
                rng.pick(&more)
            )
        }
        4 => format!(
            "Många {} {} {} {}.",
            rng.skewed(PEOPLE),
            rng.pick(NEGATIONS),
            rng.pick(INFINITIVES),
            rng.pick(REASONS)
        ),
        5 | 6 | 11 => format!(
            "{} {} att {} {} {}.",
            rng.skewed(SUBJECTS),
            rng.pick(VERBS_SAY),
            rng.skewed(PEOPLE),
            rng.pick(VP_PRES),
            rng.skewed(ADVERBIALS)
        ),
        7 => format!("{} {}.", rng.skewed(CRIMES), rng.pick(CRIME_VP)),
        8 => format!(
            "I {} av de {} ärendena var brottsoffret under 18 år, och i {} fall fanns en koppling till {}.",
            rng.range(2, 40),
            rng.range(41, 400),
            rng.range(1, 30),
            rng.skewed(OBJECTS)
        ),
        _ => format!(
            "Det är vanligt att {} {} {}.",
            rng.skewed(PEOPLE),
            rng.pick(VP_PRES),
            rng.skewed(ADVERBIALS)
        ),
    };
    capitalise(&s)
}

/// A paragraph of `lo..=hi` sentences.
fn paragraph(rng: &mut Rng, md: &mut String, lo: usize, hi: usize) {
    let sentences = rng.range(lo, hi);
    for k in 0..sentences {
        if k > 0 {
            md.push(' ');
        }
        let s = sentence(rng);
        // Some emphasis, as editors write it.
        if rng.chance(4) {
            let _ = write!(md, "**{}**", s.trim_end_matches('.'));
            md.push('.');
        } else {
            md.push_str(&s);
        }
    }
}

/// The headings of article `i`: distinct within the page, recomputable from `i` alone.
fn headings_of(i: usize, sections: usize) -> Vec<&'static str> {
    let h0 = (mix(i as u64) % HEADINGS.len() as u64) as usize;
    (0..sections)
        .map(|s| HEADINGS[(h0 + s * 5) % HEADINGS.len()])
        .collect()
}

/// Number of sections of article `i`, recomputable from `i` alone.
fn sections_of(i: usize) -> usize {
    3 + (mix(i as u64 ^ 0xA5A5) % 3) as usize
}

fn quote_yaml(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

// ---------------------------------------------------------------------------------------
// Registries (the repository's, embedded)

struct Court {
    id: String,
    name: String,
    instance: String,
    appeals_to: Option<String>,
}

fn courts() -> Vec<Court> {
    let mut out: Vec<Court> = Vec::new();
    for line in DOMSTOLAR.lines() {
        if let Some(id) = line.strip_prefix("- id: ") {
            out.push(Court {
                id: id.trim().to_string(),
                name: String::new(),
                instance: String::new(),
                appeals_to: None,
            });
        } else if let Some(c) = out.last_mut() {
            let t = line.trim();
            if let Some(v) = t.strip_prefix("name: ") {
                c.name = v.trim().to_string();
            } else if let Some(v) = t.strip_prefix("instance: ") {
                c.instance = v.trim().to_string();
            } else if let Some(v) = t.strip_prefix("appeals_to: ") {
                c.appeals_to = Some(v.trim().to_string());
            }
        }
    }
    out
}

fn provisions() -> Vec<String> {
    LAGRUM
        .lines()
        .filter_map(|l| l.strip_prefix("- id: "))
        .map(|s| s.trim().to_string())
        .collect()
}

// ---------------------------------------------------------------------------------------
// Rulings

struct Ruling {
    court: usize,
    number: usize,
    case_year: u32,
    date: (u32, u32, u32),
    appeal_of: Option<usize>,
    charges: Vec<(usize, Option<&'static str>, &'static str)>,
}

impl Ruling {
    fn case(&self) -> String {
        format!("B {}-{:02}", self.number, self.case_year % 100)
    }
    fn file(&self, courts: &[Court]) -> String {
        format!(
            "{}-b-{}-{:02}",
            courts[self.court].id,
            self.number,
            self.case_year % 100
        )
    }
}

fn plan_rulings(
    count: usize,
    courts: &[Court],
    provisions: &[String],
    rng: &mut Rng,
) -> Vec<Ruling> {
    let of = |instance: &str| -> Vec<usize> {
        (0..courts.len())
            .filter(|&c| courts[c].instance == instance)
            .collect()
    };
    let tingsratter = of("tingsrätt");
    let hovratter = of("hovrätt");
    let hd = of("högsta domstolen");
    let by_id = |id: &str| courts.iter().position(|c| c.id == id);
    // Provisions a trafficking ruling is about (the registry's first ones are chapter 4
    // and 6 of the Penal Code); fall back to all.
    let usable: Vec<usize> = (0..provisions.len()).collect();
    let outcomes = [
        "fällande",
        "fällande",
        "fällande",
        "friande",
        "ogillat",
        "okänt",
    ];
    let mut out: Vec<Ruling> = Vec::with_capacity(count);
    for j in 0..count {
        let date =
            |rng: &mut Rng, year: u32| (year, rng.range(1, 12) as u32, rng.range(1, 28) as u32);
        let phase = j % 10;
        let previous = j.checked_sub(1).map(|p| &out[p]);
        let (court, appeal_of, year) = match (phase, previous) {
            // A hovrätt reviews the tingsrätt ruling before it, in its own domkrets.
            (3 | 7, Some(p)) if courts[p.court].instance == "tingsrätt" => {
                let hov = courts[p.court]
                    .appeals_to
                    .as_deref()
                    .and_then(by_id)
                    .unwrap_or(hovratter[0]);
                (hov, Some(j - 1), p.date.0 + 1)
            }
            // Högsta domstolen decides on leave to appeal from the hovrätt before it.
            (4, Some(p)) if courts[p.court].instance == "hovrätt" && !hd.is_empty() => {
                (hd[0], Some(j - 1), p.date.0 + 1)
            }
            (8, _) => (
                hovratter[rng.below(hovratter.len())],
                None,
                rng.range(2019, 2024) as u32,
            ),
            (2 | 6, _) => (
                tingsratter[rng.below(tingsratter.len())],
                None,
                rng.range(2019, 2022) as u32,
            ),
            _ => (
                tingsratter[rng.below(tingsratter.len())],
                None,
                rng.range(2019, 2023) as u32,
            ),
        };
        let charges = match appeal_of {
            Some(p) if courts[court].instance == "högsta domstolen" => out[p]
                .charges
                .iter()
                .map(|&(prov, grade, _)| (prov, grade, "ej prövat"))
                .collect(),
            Some(p) => out[p]
                .charges
                .iter()
                .map(|&(prov, grade, _)| (prov, grade, outcomes[rng.below(outcomes.len())]))
                .collect(),
            None => {
                let mut chosen: Vec<usize> = Vec::new();
                let k = 1 + rng.below(3).min(usable.len() - 1);
                // The first provisions (människohandel, människoexploatering) more often.
                while chosen.len() < k {
                    let limit = if chosen.is_empty() {
                        usable.len().min(6)
                    } else {
                        usable.len()
                    };
                    let c = usable[rng.below(limit)];
                    if !chosen.contains(&c) {
                        chosen.push(c);
                    }
                }
                chosen
                    .into_iter()
                    .map(|prov| {
                        let grade = match rng.below(12) {
                            0 => Some("försök"),
                            1 => Some("grovt"),
                            _ => None,
                        };
                        (prov, grade, outcomes[rng.below(outcomes.len())])
                    })
                    .collect()
            }
        };
        let d = date(rng, year);
        out.push(Ruling {
            court,
            number: 100 + j * 7 + rng.below(7),
            case_year: if rng.chance(70) { year } else { year - 1 },
            date: d,
            appeal_of,
            charges,
        });
    }
    out
}

fn ruling_md(
    j: usize,
    rulings: &[Ruling],
    courts: &[Court],
    provisions: &[String],
    n_articles: usize,
    rng: &mut Rng,
) -> String {
    let r = &rulings[j];
    let court = &courts[r.court];
    let hd = court.instance == "högsta domstolen";
    let crime = rng.skewed(CRIMES);
    let title = format!(
        "{} {} – {}",
        capitalise(crime),
        rng.pick(SETTINGS),
        court.name
    );
    let mut md = String::with_capacity(4096);
    let _ = writeln!(md, "---\ntitle: {}", quote_yaml(&title));
    let _ = writeln!(
        md,
        "summary: {}",
        quote_yaml(&format!(
            "{} prövade ett mål om {} där {} {}.",
            court.name,
            crime,
            rng.skewed(PEOPLE),
            rng.pick(VP_PRES)
        ))
    );
    let _ = writeln!(md, "court: {}", court.name);
    let _ = writeln!(md, "case: {}", r.case());
    let _ = writeln!(md, "decided: {}-{:02}-{:02}", r.date.0, r.date.1, r.date.2);
    let _ = writeln!(md, "kind: {}", if hd { "beslut" } else { "dom" });
    md.push_str("charges:\n");
    for &(p, grade, outcome) in &r.charges {
        let _ = writeln!(md, "  - provision: {}", provisions[p]);
        if let Some(g) = grade {
            let _ = writeln!(md, "    grade: {g}");
        }
        let _ = writeln!(md, "    outcome: {outcome}");
    }
    let exploitation = [
        "sexuella ändamål",
        "arbetskraft",
        "tiggeri",
        "brottslig verksamhet",
        "övriga ändamål",
    ];
    let e = rng.below(exploitation.len());
    let _ = writeln!(md, "exploitation: [{}]", exploitation[e]);
    if e == 1 {
        let sectors = [
            "bärplockning",
            "bygg",
            "städ",
            "restaurang",
            "jordbruk",
            "massage",
        ];
        let _ = writeln!(md, "sectors: [{}]", rng.pick(&sectors));
    }
    if !hd && rng.chance(70) {
        let sentences = [
            "fängelse i två år",
            "fängelse i tre år och sex månader",
            "fängelse i fyra år",
            "villkorlig dom och dagsböter",
            "fängelse i ett år och tre månader",
            "fängelse i fem år och utvisning",
        ];
        let _ = writeln!(md, "sentence: {}", rng.pick(&sentences));
    }
    if let Some(p) = r.appeal_of {
        let _ = writeln!(
            md,
            "appeal_of: {{ court: {}, case: {} }}",
            courts[rulings[p].court].name,
            rulings[p].case()
        );
    }
    let _ = writeln!(
        md,
        "source: {}",
        quote_yaml(&format!(
            "{}, avsnitt 4.{}, fotnot {}",
            SOURCES[0],
            rng.range(1, 12),
            rng.range(1, 90)
        ))
    );
    let _ = writeln!(
        md,
        "updated: 2024-{:02}-{:02}",
        rng.range(1, 12),
        rng.range(1, 28)
    );
    let _ = writeln!(md, "audience: [rättsväsende, utbildare]");
    let _ = writeln!(md, "tags: [rättspraxis, {}]", rng.pick(TAGS));
    md.push_str("---\n\n## Bakgrund\n\n");
    paragraph(rng, &mut md, 3, 5);
    md.push_str("\n\n");
    if let Some(p) = r.appeal_of {
        let _ = writeln!(
            md,
            "Målet hade tidigare prövats i [[{}]], och den domen överklagades.\n",
            rulings[p].case()
        );
    }
    md.push_str("## Domstolens bedömning\n\n");
    paragraph(rng, &mut md, 2, 4);
    md.push_str(" Åtalet gällde ");
    for (k, &(p, _, outcome)) in r.charges.iter().enumerate() {
        if k > 0 {
            md.push_str(if k + 1 == r.charges.len() {
                " och "
            } else {
                ", "
            });
        }
        let _ = write!(md, "[[{}]] (utgång: {outcome})", provisions[p]);
    }
    md.push_str(".\n\n");
    paragraph(rng, &mut md, 2, 4);
    md.push_str("\n\n## Betydelse för praxis\n\n");
    paragraph(rng, &mut md, 2, 3);
    if n_articles > 0 {
        let a = rng.below(n_articles);
        let _ = write!(md, " Läs mer i [artikeln om ämnet](../artiklar/a{a}.md).");
    }
    md.push_str("[^1]\n\n");
    let _ = writeln!(md, "[^1]: {}, avsnitt 4.{}.", SOURCES[0], rng.range(1, 12));
    md
}

// ---------------------------------------------------------------------------------------
// Datasets

/// A valid `stat` reference into a dataset: (row, column, unit).
struct StatRef {
    id: String,
    row: String,
    column: String,
    unit: &'static str,
}

const ROW_LABELS: &[&str] = &[
    "Människohandel för sexuella ändamål",
    "Människohandel för sexuella ändamål med barn",
    "Människohandel för andra ändamål",
    "Människoexploatering",
    "Grov människoexploatering",
    "Koppleri",
    "Grovt koppleri",
    "Köp av sexuell tjänst",
    "Utnyttjande av barn genom köp av sexuell handling",
    "Tiggeri under tvång",
    "Tvångsarbete",
    "Arbete under orimliga villkor",
];

fn dataset_yaml(k: usize, rng: &mut Rng) -> (String, StatRef) {
    let topics = [
        ("anmalda-brott", "Anmälda brott", "anmälda brott"),
        ("utsatta-personer", "Utsatta personer", "personer"),
        ("rattskedjan", "Från anmälan till dom", "ärenden"),
        ("utveckling", "Utvecklingen över tid", "anmälda brott"),
        ("uppgifter", "Uppgifter ur rapporten", "personer"),
    ];
    let shape = k % 5;
    let (slug, title, unit) = topics[shape];
    let id = format!("{slug}-{k:05}");
    let year = 2016 + (k % 8);
    let mut y = String::with_capacity(2048);
    let _ = writeln!(y, "id: {id}");
    let _ = writeln!(
        y,
        "title: {}",
        quote_yaml(&format!("{title} {year}, underlag {k}"))
    );
    let _ = writeln!(
        y,
        "description: {}",
        quote_yaml(&format!(
            "{} under {year}, sammanställt för kunskapsnavet.",
            capitalise(unit)
        ))
    );
    let _ = writeln!(y, "unit: {unit}");
    if shape == 3 {
        let _ = writeln!(y, "period: \"2016–2023\"");
    } else {
        let _ = writeln!(y, "period: \"{year}\"");
    }
    let (org, publication) = [
        (
            "Brottsförebyggande rådet (Brå)",
            "Officiell kriminalstatistik, anmälda brott",
        ),
        (
            "Polismyndigheten",
            "Polismyndighetens statistik (ingen publikation anges)",
        ),
        (
            "Jämställdhetsmyndigheten",
            "Nationella stödprogrammet, årsrapport",
        ),
        ("Migrationsverket", "Årsredovisning"),
    ][k % 4];
    let _ = writeln!(
        y,
        "source:\n  organisation: {org}\n  publication: {publication}\n  location: \"Tabell {}\"\n  cited_in: {}",
        rng.range(1, 30),
        quote_yaml(&format!("{}, avsnitt 4.{}", SOURCES[0], rng.range(1, 12)))
    );
    if rng.chance(50) {
        let _ = writeln!(
            y,
            "notes:\n  - {}",
            quote_yaml(&format!(
                "Uppgifterna för {year} är preliminära. {}",
                sentence(rng)
            ))
        );
    }
    let mut row = String::new();
    let mut column = String::new();
    match shape {
        0 => {
            let _ = writeln!(y, "chart: {}", ["bar", "grouped", "stacked"][(k / 5) % 3]);
            y.push_str("table:\n  total_label: Totalt\n  columns:\n");
            for (cid, label) in REGIONS {
                let _ = writeln!(y, "    - {{id: {cid}, label: {label}}}");
            }
            y.push_str("  groups:\n");
            let groups = 2 + rng.below(2);
            let per = ROW_LABELS.len() / groups;
            let mut grand = [0usize; 7];
            for g in 0..groups {
                let _ = writeln!(y, "    - label: Brottsgrupp {}\n      rows:", g + 1);
                let mut sub = [0usize; 7];
                let rows = 2 + rng.below(per - 1);
                for r in 0..rows {
                    let label = ROW_LABELS[g * per + r];
                    let vals: Vec<usize> = (0..7).map(|_| rng.below(250)).collect();
                    for (s, v) in sub.iter_mut().zip(&vals) {
                        *s += v;
                    }
                    let _ = writeln!(
                        y,
                        "        - label: {label}\n          values: {vals:?}\n          total: {}",
                        vals.iter().sum::<usize>()
                    );
                    if g == 0 && r == 0 {
                        row = label.to_string();
                        column = if k % 2 == 0 {
                            "total".into()
                        } else {
                            "stockholm".into()
                        };
                    }
                }
                for (t, s) in grand.iter_mut().zip(&sub) {
                    *t += s;
                }
                let _ = writeln!(
                    y,
                    "      subtotal:\n        label: Delsumma\n        values: {sub:?}\n        total: {}",
                    sub.iter().sum::<usize>()
                );
            }
            let _ = writeln!(
                y,
                "  total:\n    label: Totalt\n    values: {grand:?}\n    total: {}",
                grand.iter().sum::<usize>()
            );
        }
        1 => {
            y.push_str("chart: bar\nbreakdown:\n  items:\n");
            let labels: &[&str] = match k % 3 {
                0 => &["Kvinnor", "Män", "Flickor", "Pojkar", "Oviss könsidentitet"],
                1 => &[
                    "Sexuell exploatering",
                    "Arbetskraftsexploatering",
                    "Tiggeri",
                    "Brottslig verksamhet",
                ],
                _ => &["Under 18 år", "18–25 år", "26–40 år", "Över 40 år"],
            };
            let mut total = 0;
            for l in labels {
                let v = rng.range(1, 400);
                total += v;
                let _ = writeln!(y, "    - {{label: {l}, value: {v}}}");
            }
            let _ = writeln!(y, "  total: {total}\n  total_label: Totalt");
            row = labels[0].to_string();
            column = "value".into();
        }
        2 => {
            y.push_str("chart: chain\nchain:\n  steps:\n");
            let reported = rng.range(100, 2000);
            let handled = reported * rng.range(50, 95) / 100;
            let orders = handled * rng.range(1, 15) / 100;
            let prosecuted = handled * rng.range(10, 60) / 100;
            let convicted = prosecuted * rng.range(20, 90) / 100;
            let _ = writeln!(
                y,
                "    - {{label: Anmälda brott, value: {reported}}}\n    - {{label: Handlagda, value: {handled}}}\n    - {{label: Strafförelägganden, value: {orders}, from: Handlagda}}\n    - {{label: Åtal, value: {prosecuted}}}\n    - {{label: Fällande domar, value: {convicted}}}"
            );
            row = "Anmälda brott".into();
            column = "value".into();
        }
        3 => {
            y.push_str("chart: line\nseries:\n  x_label: År\n  series:\n");
            let names = ["Anmälda brott", "Uppklarade brott", "Lagförda personer"];
            for name in names.iter().take(1 + rng.below(3)) {
                let _ = writeln!(y, "    - label: {name}\n      points:");
                let mut v = rng.range(50, 900);
                for x in 2016..=2023 {
                    let _ = writeln!(y, "        - {{x: {x}, value: {v}}}");
                    v = (v * rng.range(80, 125) / 100).max(1);
                }
            }
            row = names[0].into();
            column = "2023".into();
        }
        _ => {
            y.push_str("figures:\n  items:\n");
            let items = [
                ("Identifierade brottsoffer", "personer"),
                ("Ärenden med minderåriga", "ärenden"),
                ("Kontrollerade arbetsplatser", "arbetsplatser"),
                ("Beviljade uppehållstillstånd", "tillstånd"),
            ];
            for (n, (label, u)) in items.iter().enumerate() {
                let _ = writeln!(
                    y,
                    "    - label: {label}\n      value: {}\n      unit: {u}",
                    rng.range(2, 900)
                );
                if n == 1 {
                    let _ = writeln!(y, "      change_percent: {}", rng.range(0, 80) as i64 - 30);
                }
            }
            row = items[0].0.into();
            column = "value".into();
        }
    }
    (
        y,
        StatRef {
            id,
            row,
            column,
            unit,
        },
    )
}

// ---------------------------------------------------------------------------------------
// Articles

fn article(
    i: usize,
    n: usize,
    rulings: &[Ruling],
    provisions: &[String],
    stats: &[StatRef],
    rng: &mut Rng,
) -> String {
    let mut md = String::with_capacity(6144);
    let topic = TOPICS[i % TOPICS.len()];
    let title = format!("{topic} {}, artikel {i}", rng.pick(SETTINGS));
    let audience_a = rng.below(4);
    let audience_b = (audience_a + 1 + rng.below(3)) % 4;
    let audience = if rng.chance(40) {
        format!(
            "{}, {}",
            AUDIENCES[audience_a.min(audience_b)],
            AUDIENCES[audience_a.max(audience_b)]
        )
    } else {
        AUDIENCES[audience_a].to_string()
    };
    let t1 = rng.below(TAGS.len());
    let t2 = (t1 + 1 + rng.below(TAGS.len() - 1)) % TAGS.len();
    let _ = write!(
        md,
        "---\ntitle: \"{title}\"\nsummary: {}\nupdated: 2024-{:02}-{:02}\naudience: [{audience}]\ntags: [{}, {}]\n---\n\n",
        quote_yaml(&sentence(rng)),
        1 + rng.below(12),
        1 + rng.below(28),
        TAGS[t1],
        TAGS[t2],
    );
    // Introduction.
    paragraph(rng, &mut md, 2, 4);
    md.push_str("\n\n");
    let sections = sections_of(i);
    let headings = headings_of(i, sections);
    for (s, heading) in headings.iter().enumerate() {
        let _ = writeln!(md, "## {heading}\n");
        for p in 0..rng.range(1, 3) {
            paragraph(rng, &mut md, 3, 6);
            // A link to another article's heading.
            if n > 1 && rng.chance(60) {
                let t = (i + 1 + rng.below(n - 1)) % n;
                let th = headings_of(t, sections_of(t));
                let h = th[rng.below(th.len())];
                let _ = write!(
                    md,
                    " Läs mer under [{}](a{t}.md#{}).",
                    h.trim_end_matches('?').to_lowercase(),
                    slugify(h)
                );
            }
            // A ruling cited.
            if !rulings.is_empty() && rng.chance(35) {
                let r = &rulings[rng.below(rulings.len())];
                let _ = write!(md, " Se till exempel [[{}]].", r.case());
            }
            // A provision cited.
            if rng.chance(15) {
                let prov = &provisions[rng.below(provisions.len().min(6))];
                let _ = write!(md, " Bestämmelsen finns i [[{prov}]].");
            }
            // A figure from a dataset.
            if !stats.is_empty() && p == 0 && rng.chance(30) {
                let st = &stats[rng.below(stats.len())];
                let _ = write!(
                    md,
                    " Statistiken visar {{{{ stat(dataset=\"{}\", row=\"{}\", column=\"{}\") }}}} {}.",
                    st.id, st.row, st.column, st.unit
                );
            }
            // A footnote.
            if rng.chance(40) {
                let _ = write!(md, "[^{}-{p}]", s + 1);
            }
            md.push_str("\n\n");
        }
        match (s + i) % 4 {
            0 => {
                md.push_str("| Region | Anmälda | Lagförda |\n|---|---:|---:|\n");
                for (_, r) in REGIONS {
                    let _ = writeln!(md, "| {r} | {} | {} |", rng.below(900), rng.below(90));
                }
                md.push('\n');
            }
            1 => {
                md.push_str("Tecken att vara uppmärksam på:\n\n");
                for _ in 0..rng.range(3, 5) {
                    let _ = writeln!(md, "- {}", sentence(rng));
                }
                md.push('\n');
            }
            2 => {
                for k in 1..=rng.range(3, 4) {
                    let _ = writeln!(md, "{k}. {}", sentence(rng));
                }
                md.push('\n');
            }
            _ => {
                let _ = writeln!(md, "> {}\n", sentence(rng));
            }
        }
        if s == 1 && !stats.is_empty() && i % 10 == 0 {
            let st = &stats[(i / 10) % stats.len()];
            let _ = writeln!(md, "{{{{ chart(dataset=\"{}\") }}}}\n", st.id);
        }
    }
    // Footnotes: every reference above has its definition.
    let refs: Vec<String> = md
        .match_indices("[^")
        .map(|(at, _)| {
            let rest = &md[at + 2..];
            rest[..rest.find(']').unwrap_or(0)].to_string()
        })
        .collect();
    for r in refs {
        let _ = writeln!(
            md,
            "[^{r}]: {}, avsnitt {}.{}.",
            SOURCES[rng.below(SOURCES.len())],
            rng.range(1, 5),
            rng.range(1, 12)
        );
    }
    md
}

// ---------------------------------------------------------------------------------------

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(dir), Some(n)) = (
        args.get(1),
        args.get(2).and_then(|n| n.parse::<usize>().ok()),
    ) else {
        eprintln!("usage: gen_corpus DIR N   (N articles, N/10 rulings, N/50 datasets)");
        std::process::exit(2);
    };
    let root = Path::new(dir);
    let mkdir = |p: &Path| {
        if let Err(e) = std::fs::create_dir_all(p) {
            eprintln!("cannot create {}: {e}", p.display());
            std::process::exit(2);
        }
    };
    let write = |p: &Path, s: &str| {
        if let Err(e) = std::fs::write(p, s) {
            eprintln!("cannot write {}: {e}", p.display());
            std::process::exit(2);
        }
    };
    let content = root.join("content");
    let articles_dir = content.join("artiklar");
    let rulings_dir = content.join("rattsfall");
    let glossary_dir = content.join("ordlista");
    let data = root.join("data");
    let stats_dir = data.join("statistik");
    for d in [&articles_dir, &rulings_dir, &glossary_dir, &stats_dir] {
        mkdir(d);
    }
    let n_rulings = n / 10;
    let n_datasets = n / 50;

    write(&data.join("domstolar.yaml"), DOMSTOLAR);
    write(&data.join("lagrum.yaml"), LAGRUM);
    write(&data.join("tillganglighet.yaml"), TILLGANGLIGHET);

    // Datasets first: articles refer to them.
    let mut rng = Rng(0xD1B5_4A32_D192_ED03);
    let mut stats = Vec::with_capacity(n_datasets);
    for k in 0..n_datasets {
        let (yaml, st) = dataset_yaml(k, &mut rng);
        write(&stats_dir.join(format!("{}.yaml", st.id)), &yaml);
        stats.push(st);
    }

    let mut config = String::from(
        "title: \"Kunskapsnavet (genererad korpus)\"\n\
         description: \"En genererad webbplats för prestandamätningar.\"\n\
         base_url: \"https://bench.example/\"\n\
         language: sv\n\
         theme: default\n\
         organisation: \"Jämställdhetsmyndigheten\"\n\
         menu:\n  - { title: \"Artiklar\", url: \"/artiklar/\" }\n  - { title: \"Rättsfall\", url: \"/rattsfall/\" }\n  - { title: \"Statistik\", url: \"/statistik/\" }\n  - { title: \"Ordlista\", url: \"/ordlista/\" }\n  - { title: \"Få hjälp\", url: \"/fa-hjalp/\" }\n\
         footer_links:\n  - { title: \"Om webbplatsen\", url: \"/om-webbplatsen/\" }\n  - { title: \"Tillgänglighetsredogörelse\", url: \"/tillganglighet/\" }\n\
         support:\n  label: \"Brottsofferjourens stödlinje\"\n  phone: \"116 006\"\n  hours: \"\"\n  url: \"/fa-hjalp/\"\n\
         quick_exit:\n  label: \"Lämna sidan snabbt\"\n  url: \"https://www.smhi.se/\"\n\
         markdown:\n  allow_html: false\n\
         feed:\n  limit: 20\n",
    );
    if !stats.is_empty() {
        config.push_str("home:\n  key_figures:\n");
        for st in stats.iter().take(2) {
            let _ = writeln!(
                config,
                "    - dataset: {}\n      row: {}\n      column: \"{}\"\n      label: {} enligt statistiken",
                st.id, st.row, st.column, st.unit
            );
        }
    }
    write(&root.join("kunskapsnav.yaml"), &config);

    write(
        &content.join("_index.md"),
        "---\ntitle: \"Kunskapsnavet\"\nsummary: \"Kunskap om människohandel och människoexploatering i Sverige, genererad för mätningar.\"\nupdated: 2024-12-15\n---\n\nHär finns kunskap om människohandel och exploatering i Sverige. Behöver du hjälp? Läs mer på [Få hjälp](fa-hjalp.md).\n",
    );
    write(
        &content.join("fa-hjalp.md"),
        "---\ntitle: \"Få hjälp\"\nsummary: \"Vart du kan vända dig om du eller någon du känner är utsatt.\"\n---\n\nRing **112** om det är akut. Brottsofferjourens stödlinje når du på 116 006.\n",
    );
    write(
        &content.join("om-webbplatsen.md"),
        "---\ntitle: \"Om webbplatsen\"\nsummary: \"Vem som står bakom kunskapsnavet.\"\n---\n\nWebbplatsen är genererad för prestandamätningar. Texterna är påhittade.\n",
    );
    write(
        &articles_dir.join("_index.md"),
        "---\ntitle: \"Artiklar\"\nsummary: \"Alla artiklar om människohandel och exploatering.\"\n---\n",
    );
    write(
        &rulings_dir.join("_index.md"),
        "---\ntitle: \"Rättsfall\"\ntemplate: rulings.html\nsummary: \"Domar om människohandel, människoexploatering och närliggande brott.\"\n---\n\nHär finns domar och beslut om människohandel och närliggande brott.\n",
    );
    write(
        &glossary_dir.join("_index.md"),
        "---\ntitle: \"Ordlista\"\nsummary: \"Begrepp som används på webbplatsen.\"\ntemplate: glossary.html\nsort_by: title\n---\n",
    );
    for (g, (file, title, forms, summary)) in GLOSSARY.iter().enumerate() {
        let see = GLOSSARY[(g + 1) % GLOSSARY.len()].1;
        write(
            &glossary_dir.join(format!("{file}.md")),
            &format!(
                "---\ntitle: \"{title}\"\nsummary: \"{summary}\"\nforms: {forms}\nsee_also: [\"{see}\"]\nupdated: 2024-12-15\n---\n\n{summary} Begreppet används av bland andra Polismyndigheten och Jämställdhetsmyndigheten.\n"
            ),
        );
    }

    let courts = courts();
    let provisions = provisions();
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let rulings = plan_rulings(n_rulings, &courts, &provisions, &mut rng);
    for j in 0..rulings.len() {
        let md = ruling_md(j, &rulings, &courts, &provisions, n, &mut rng);
        write(
            &rulings_dir.join(format!("{}.md", rulings[j].file(&courts))),
            &md,
        );
    }

    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for i in 0..n {
        let md = article(i, n, &rulings, &provisions, &stats, &mut rng);
        write(&articles_dir.join(format!("a{i}.md")), &md);
    }
    println!(
        "wrote {n} articles, {} rulings, {} datasets and {} glossary terms to {}",
        rulings.len(),
        stats.len(),
        GLOSSARY.len(),
        root.display()
    );
}
