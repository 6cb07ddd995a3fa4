//! Statistics: datasets in `data/statistik/**/*.yaml` (schema in `docs/datasets.md`),
//! validated on load — published totals are checked against their parts and kept as
//! published — then drawn as accessible SVG charts, with a table and a CSV of the same
//! numbers, on `/statistik/` pages and in Markdown through the `chart` and `stat`
//! shortcodes.

pub mod chart;
pub mod locate;
pub mod schema;
pub mod shortcodes;
pub mod svg;
pub mod table;
mod totals;
pub mod usage;
pub mod validate;
mod views;

use crate::diagnostics::{relative_to, Diagnostic, Diagnostics};
use crate::render::{ser, OutputFile, Renderer};
use schema::{ChartKind, DatasetFile};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
pub use validate::{Finding, Shape};

/// One valid dataset.
#[derive(Debug, Clone)]
pub struct Dataset {
    pub data: DatasetFile,
    /// Path relative to the site root, for messages.
    pub file: PathBuf,
    pub shape: Shape,
    pub findings: Vec<Finding>,
}

impl Dataset {
    pub fn kind(&self) -> Option<ChartKind> {
        self.data
            .chart
            .or_else(|| self.shape.kinds().first().copied())
    }

    pub fn url_path(&self) -> String {
        format!("statistik/{}/", self.data.id)
    }

    pub fn csv_path(&self) -> String {
        format!("statistik/{0}/{0}.csv", self.data.id)
    }
}

#[derive(Debug, Default)]
pub struct Stats {
    /// Sorted by id.
    pub datasets: Vec<Dataset>,
    by_id: BTreeMap<String, usize>,
    /// Ids (file names) of datasets that failed to load, so references to them say why.
    broken: BTreeSet<String>,
}

impl Stats {
    /// Load and validate every dataset under `data/statistik/`.
    pub fn load(root: &Path, diags: &mut Diagnostics) -> Stats {
        let dir = root.join("data").join("statistik");
        let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        let mut files: Vec<PathBuf> = Vec::new();
        for e in walkdir::WalkDir::new(&dir)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| !e.file_type().is_dir())
            .filter(|e| {
                e.path()
                    .extension()
                    .is_some_and(|x| x == "yaml" || x == "yml")
            })
        {
            // A dataset linked in from outside the site would publish another folder's
            // data; a FIFO or device is reported by the reader instead of blocking it.
            if e.path_is_symlink() {
                let inside =
                    matches!(e.path().canonicalize(), Ok(t) if t.starts_with(&canonical_root));
                if !inside {
                    diags.push(
                        Diagnostic::error(
                            "file/symlink-outside",
                            relative_to(root, e.path()),
                            "this symlink points outside the site folder, or nowhere",
                        )
                        .with_help("copy the dataset into data/statistik/ instead of linking it"),
                    );
                    continue;
                }
            }
            files.push(e.into_path());
        }
        files.sort();
        let mut stats = Stats::default();
        let mut id_files: BTreeMap<String, PathBuf> = BTreeMap::new();
        for path in files {
            let rel = relative_to(root, &path);
            let stem = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            // As content files are read: size limit, a bad byte at its line, BOM and CRLF.
            let text = match crate::load::content::read_text_file(&path, &rel) {
                Ok(t) => t,
                Err(d) => {
                    diags.push(*d);
                    stats.broken.insert(stem);
                    continue;
                }
            };
            match Self::parse(&rel, &text, &stem) {
                Ok((ds, ds_diags)) => {
                    let ok = !ds_diags.iter().any(Diagnostic::is_error);
                    diags.extend(ds_diags);
                    if let Some(first) = id_files.get(&ds.data.id) {
                        let pos = locate::Locator::new(&text).top("id").unwrap_or((1, 1));
                        diags.push(
                            Diagnostic::error(
                                "stats/duplicate-id",
                                &rel,
                                format!(
                                    "the dataset id `{}` is also used by {}",
                                    ds.data.id,
                                    first.display()
                                ),
                            )
                            .at(pos.0, pos.1)
                            .with_source(&text)
                            .with_help("each dataset has its own id; rename one (and its file)"),
                        );
                        continue;
                    }
                    id_files.insert(ds.data.id.clone(), rel.clone());
                    if ok {
                        stats.datasets.push(ds);
                    } else {
                        stats.broken.insert(ds.data.id.clone());
                    }
                }
                Err(d) => {
                    diags.extend(d);
                    stats.broken.insert(stem);
                }
            }
        }
        stats.datasets.sort_by(|a, b| a.data.id.cmp(&b.data.id));
        stats.by_id = stats
            .datasets
            .iter()
            .enumerate()
            .map(|(i, d)| (d.data.id.clone(), i))
            .collect();
        stats
    }

    /// Parse and check one dataset file: `Ok` with its warnings and errors when it parsed.
    pub fn parse(
        rel: &Path,
        text: &str,
        stem: &str,
    ) -> Result<(Dataset, Vec<Diagnostic>), Vec<Diagnostic>> {
        let data: DatasetFile = crate::load::yaml::parse(
            text,
            rel,
            text,
            crate::load::yaml::Offset::default(),
            "stats/invalid",
        )
        .map_err(|d| {
            let mut d = *d;
            if d.message.contains("missing field") {
                d.help = Some(format!(
                    "add {} (see docs/datasets.md)",
                    d.message
                        .split('`')
                        .nth(1)
                        .map_or("it".to_string(), |f| format!("`{f}:`"))
                ));
            }
            vec![d]
        })?;
        let mut c = validate::Checker::new(rel, text);
        let shape = c.check(&data, stem);
        let (diags, findings) = (c.diags, c.findings);
        match shape {
            Some(shape) => Ok((
                Dataset {
                    data,
                    file: rel.to_path_buf(),
                    shape,
                    findings,
                },
                diags,
            )),
            None => Err(diags),
        }
    }

    pub fn get(&self, id: &str) -> Option<&Dataset> {
        self.by_id.get(id).map(|&i| &self.datasets[i])
    }

    /// Why `id` cannot be used: `(message, hint)`.
    pub fn missing(&self, id: &str) -> (String, String) {
        if self.broken.contains(id) {
            return (
                format!("the dataset `{id}` has errors"),
                format!("fix data/statistik/{id}.yaml (see the errors reported for it)"),
            );
        }
        let hint = match crate::diagnostics::did_you_mean(id, self.by_id.keys().map(String::as_str))
        {
            Some(m) => format!("did you mean `{m}`?"),
            None if self.datasets.is_empty() => {
                "datasets are files in data/statistik/<id>.yaml".into()
            }
            None => format!(
                "datasets: {}",
                shortlist(self.by_id.keys().map(String::as_str))
            ),
        };
        (format!("no dataset `{id}`"), hint)
    }

    /// Site paths of the generated pages and files.
    pub fn paths(&self) -> BTreeSet<String> {
        let mut p = BTreeSet::new();
        if self.datasets.is_empty() {
            return p;
        }
        p.insert("statistik/".to_string());
        for d in &self.datasets {
            p.insert(d.url_path());
            p.insert(d.csv_path());
        }
        p
    }

    /// `/statistik/`, a page per dataset, and each dataset's CSV.
    pub fn render(&self, r: &Renderer<'_>) -> (Vec<OutputFile>, Vec<Diagnostic>) {
        let mut files = Vec::new();
        let mut errors = Vec::new();
        if self.datasets.is_empty() {
            return (files, errors);
        }
        let base = &r.site.base_path;
        let list: Vec<views::ListItem> = self
            .datasets
            .iter()
            .map(|d| views::list_item(d, base))
            .collect();
        let page = views::page_meta(r, "statistik/", "Statistik", "Siffror om människohandel och människoexploatering, med källor, tabeller och nedladdningsbara data.", Vec::new());
        match r.render_extra(
            "datasets.html",
            "statistik/",
            "datasets",
            vec![("page", page), ("datasets", ser(list))],
        ) {
            Ok(f) => files.push(f),
            Err(e) => errors.push(e),
        }
        let used_in = self.used_in(r.site);
        let rendered: Vec<Result<Vec<OutputFile>, Diagnostic>> = {
            use rayon::prelude::*;
            self.datasets
                .par_iter()
                .map(|d| {
                    let uses = used_in.get(&d.data.id).map_or(&[][..], Vec::as_slice);
                    views::dataset_files(r, d, uses)
                })
                .collect()
        };
        for res in rendered {
            match res {
                Ok(fs) => files.extend(fs),
                Err(e) => errors.push(e),
            }
        }
        (files, errors)
    }

    /// The chart of a dataset as SVG, or `None` for a `figures` dataset.
    pub fn svg(
        &self,
        d: &Dataset,
        kind: Option<ChartKind>,
        rows: Option<&[String]>,
        uid: &str,
    ) -> Option<String> {
        views::svg(d, kind.or(d.kind())?, rows, uid)
    }
}

pub(crate) fn shortlist<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let v: Vec<&str> = names.collect();
    if v.len() > 8 {
        format!("{} … ({} in all)", v[..8].join(", "), v.len())
    } else {
        v.join(", ")
    }
}
