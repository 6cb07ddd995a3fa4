//! Benchmark: 500 generated datasets (tables of 16 × 7 drawn as bar, grouped and stacked
//! charts; breakdowns; justice chains; time series) loaded, validated and rendered to
//! SVG, HTML table and CSV. Prints the median of several runs.
//!
//! `cargo run --release --example bench_stats [-- RUNS]`

use kunskapsnav::stats::{table, Stats};
use kunskapsnav::Diagnostics;
use std::fmt::Write as _;
use std::time::{Duration, Instant};

const N: usize = 500;

fn source() -> &'static str {
    "source:\n  organisation: Brottsförebyggande rådet (Brå)\n  publication: Officiell kriminalstatistik, anmälda brott\n  location: Tabell 1\n  cited_in: Polismyndigheten, lägesrapport 2023, avsnitt 4.2\n"
}

fn dataset(i: usize) -> String {
    let mut y = format!("id: ds-{i:03}\ntitle: Genererad datamängd {i}\ndescription: För mätning.\nunit: anmälda brott\nperiod: \"2023\"\n{}", source());
    let v = |k: usize| (i * 31 + k * 17) % 900;
    match i % 6 {
        0..=2 => {
            let kind = ["bar", "grouped", "stacked"][i % 3];
            let _ = writeln!(y, "chart: {kind}\ntable:\n  columns:");
            for c in 0..7 {
                let _ = writeln!(y, "    - {{id: region-{c}, label: Region {c}}}");
            }
            y.push_str("  groups:\n");
            let mut grand = [0usize; 7];
            for g in 0..2 {
                let _ = writeln!(y, "    - label: Grupp {g}\n      rows:");
                let mut sub = [0usize; 7];
                for r in 0..8 {
                    let vals: Vec<usize> = (0..7).map(|c| v(g * 100 + r * 10 + c)).collect();
                    for (s, v) in sub.iter_mut().zip(&vals) {
                        *s += v;
                    }
                    let _ = writeln!(
                        y,
                        "        - label: Människoexploatering inkl. grovt för tvångsarbete el. arbete under orimliga villkor, rad {g}-{r}\n          values: {:?}\n          total: {}",
                        vals,
                        vals.iter().sum::<usize>()
                    );
                }
                for (t, s) in grand.iter_mut().zip(&sub) {
                    *t += s;
                }
                let _ = writeln!(
                    y,
                    "      subtotal:\n        values: {:?}\n        total: {}",
                    sub,
                    sub.iter().sum::<usize>()
                );
            }
            let _ = writeln!(
                y,
                "  total:\n    values: {:?}\n    total: {}",
                grand,
                grand.iter().sum::<usize>()
            );
        }
        3 => {
            y.push_str("chart: bar\nbreakdown:\n  items:\n");
            let vals: Vec<usize> = (0..5).map(v).collect();
            for (k, x) in vals.iter().enumerate() {
                let _ = writeln!(
                    y,
                    "    - {{label: Kategori med ett ganska långt svenskt namn {k}, value: {x}}}"
                );
            }
            let _ = writeln!(y, "  total: {}", vals.iter().sum::<usize>());
        }
        4 => {
            let _ = writeln!(
                y,
                "chart: chain\nchain:\n  steps:\n    - {{label: Anmälda brott, value: {}}}\n    - {{label: Handlagda, value: {}}}\n    - {{label: Strafförelägganden, value: 89, from: Handlagda}}\n    - {{label: Åtal, value: 557}}\n    - {{label: Villkorlig dom, value: 325}}",
                1513 + i,
                1157 + i
            );
        }
        _ => {
            y.push_str("chart: line\nseries:\n  x_label: År\n  series:\n");
            for s in 0..3 {
                let _ = writeln!(y, "    - label: Serie {s}\n      points:");
                for yr in 2015..2024 {
                    let _ = writeln!(y, "        - {{x: {yr}, value: {}}}", v(s * 100 + yr));
                }
            }
        }
    }
    y
}

fn main() {
    let runs: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(7);
    let dir = tempfile::tempdir().expect("temporary folder");
    let data = dir.path().join("data/statistik");
    std::fs::create_dir_all(&data).expect("create data folder");
    for i in 0..N {
        std::fs::write(data.join(format!("ds-{i:03}.yaml")), dataset(i)).expect("write dataset");
    }
    let mut load_t = Vec::new();
    let mut render_t = Vec::new();
    let mut bytes = 0;
    for _ in 0..runs {
        let t0 = Instant::now();
        let mut diags = Diagnostics::new();
        let stats = Stats::load(dir.path(), &mut diags);
        let t1 = Instant::now();
        assert!(
            !diags.has_errors() && stats.datasets.len() == N,
            "generated data must be valid: {:?}",
            diags.iter().next()
        );
        use rayon::prelude::*;
        bytes = stats
            .datasets
            .par_iter()
            .map(|d| {
                let svg = stats
                    .svg(d, None, None, &format!("diagram-{}", d.data.id))
                    .unwrap_or_default();
                let grid = table::grid(&d.data, None);
                svg.len() + grid.html().len() + grid.csv().len()
            })
            .sum::<usize>();
        render_t.push(t1.elapsed());
        load_t.push(t1 - t0);
    }
    let median = |v: &mut Vec<Duration>| {
        v.sort();
        v[v.len() / 2]
    };
    let (l, r) = (median(&mut load_t), median(&mut render_t));
    println!(
        "{N} datasets, {runs} runs, {} threads: load+validate {:.1} ms, charts+tables+CSV {:.1} ms, total {:.1} ms (median); {:.1} MB output",
        rayon::current_num_threads(),
        l.as_secs_f64() * 1e3,
        r.as_secs_f64() * 1e3,
        (l + r).as_secs_f64() * 1e3,
        bytes as f64 / 1e6
    );
}
