//! Deterministic benchmark corpus: `cargo run --release --example gen_corpus -- DIR N`
//! writes a site with N articles of Swedish-looking text (headings, links between
//! articles, tables, footnotes, lists) under DIR, using the repository's default theme.
//! The same N always gives the same bytes, so timings compare across commits.

use std::fmt::Write as _;
use std::path::Path;

const WORDS: &[&str] = &[
    "människohandel",
    "exploatering",
    "arbetskraft",
    "myndigheten",
    "rapporten",
    "brottsoffer",
    "polisen",
    "regionkoordinatorerna",
    "anmälningar",
    "domstolen",
    "utsatta",
    "stöd",
    "skydd",
    "arbetsgivare",
    "bärplockning",
    "byggbranschen",
    "städbranschen",
    "tingsrätten",
    "hovrätten",
    "åklagaren",
    "samverkan",
    "insatser",
    "kunskap",
    "identifiering",
    "socialtjänsten",
    "barn",
    "kvinnor",
    "män",
    "under",
    "året",
    "ökade",
    "minskade",
    "enligt",
    "statistiken",
    "och",
    "att",
    "som",
    "för",
    "med",
    "det",
    "en",
    "av",
    "till",
    "har",
    "inte",
    "om",
    "är",
    "på",
    "vid",
    "sig",
    "människoexploatering",
    "koppleri",
    "sexköp",
    "betänketid",
    "målsägandebiträde",
    "lägesbild",
    "arbetslivskriminalitet",
    "utstationerade",
    "tredjelandsmedborgare",
    "förundersökning",
];

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
    fn word(&mut self) -> &'static str {
        WORDS[self.below(WORDS.len())]
    }
}

fn sentence(rng: &mut Rng) -> String {
    let n = 8 + rng.below(14);
    let mut s = String::new();
    for i in 0..n {
        let w = rng.word();
        if i == 0 {
            let mut c = w.chars();
            if let Some(f) = c.next() {
                s.extend(f.to_uppercase());
                s.push_str(c.as_str());
            }
        } else {
            s.push(' ');
            s.push_str(w);
        }
    }
    s.push('.');
    s
}

fn article(i: usize, n: usize, rng: &mut Rng) -> String {
    let mut md = String::new();
    let title = format!("{} {} nummer {i}", capitalise(rng.word()), rng.word());
    let _ = write!(
        md,
        "---\ntitle: \"{title}\"\nsummary: \"{}\"\nupdated: 2024-{:02}-{:02}\naudience: [{}]\ntags: [{}, {}]\n---\n\n",
        sentence(rng),
        1 + rng.below(12),
        1 + rng.below(28),
        ["allmänhet", "rättsväsende", "utbildare", "yrkesverksamma"][rng.below(4)],
        rng.word(),
        rng.word()
    );
    let sections = 3 + rng.below(3);
    for s in 0..sections {
        let _ = writeln!(md, "## Avsnitt {s}\n");
        for _ in 0..(2 + rng.below(3)) {
            for _ in 0..(3 + rng.below(4)) {
                md.push_str(&sentence(rng));
                md.push(' ');
            }
            let target = rng.below(n);
            let _ = writeln!(md, "Se även [artikel {target}](a{target}.md#avsnitt-0).\n");
        }
        if s == 1 {
            md.push_str("| Region | Anmälda | Lagförda |\n|---|---:|---:|\n");
            for r in [
                "Bergslagen",
                "Mitt",
                "Nord",
                "Stockholm",
                "Syd",
                "Väst",
                "Öst",
            ] {
                let _ = writeln!(md, "| {r} | {} | {} |", rng.below(900), rng.below(90));
            }
            md.push('\n');
        }
        if s == 2 {
            for _ in 0..4 {
                let _ = writeln!(md, "- {}", sentence(rng));
            }
            md.push('\n');
        }
    }
    let _ = writeln!(
        md,
        "Uppgiften kommer från rapporten.[^1]\n\n[^1]: Polismyndigheten (2024), avsnitt {}.",
        1 + rng.below(5)
    );
    md
}

fn capitalise(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(dir), Some(n)) = (
        args.get(1),
        args.get(2).and_then(|n| n.parse::<usize>().ok()),
    ) else {
        eprintln!("usage: gen_corpus DIR N");
        std::process::exit(2);
    };
    let root = Path::new(dir);
    let content = root.join("content/artiklar");
    if let Err(e) = std::fs::create_dir_all(&content) {
        eprintln!("cannot create {}: {e}", content.display());
        std::process::exit(2);
    }
    let write = |p: &Path, s: &str| {
        if let Err(e) = std::fs::write(p, s) {
            eprintln!("cannot write {}: {e}", p.display());
            std::process::exit(2);
        }
    };
    write(
        &root.join("kunskapsnav.yaml"),
        "title: \"Benchmark\"\nbase_url: \"https://bench.example/\"\ntheme: default\nsupport: { label: \"Stödlinjen\", phone: \"020-00 00 00\" }\n",
    );
    write(
        &root.join("content/_index.md"),
        "---\ntitle: \"Benchmark\"\nsummary: \"Genererad korpus.\"\n---\n",
    );
    write(
        &content.join("_index.md"),
        "---\ntitle: \"Artiklar\"\nsummary: \"Alla artiklar.\"\n---\n",
    );
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for i in 0..n {
        let md = article(i, n, &mut rng);
        write(&content.join(format!("a{i}.md")), &md);
    }
    println!("wrote {n} articles to {}", content.display());
}
