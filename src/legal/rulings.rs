//! Court rulings as a typed model: each ruling page's front matter checked against the
//! registries (court, case number, provisions, date), then the rulings checked against
//! each other (duplicates, appeals that point nowhere, go down the court hierarchy or
//! run in a circle). Every error points at the front matter line that causes it.

use super::cite::{self, CaseNumber, CASE_HINT};
use super::registry::{Instance, Registry, COURTS_FILE};
use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics};
use crate::load::content::frontmatter::{CaseRef, DecisionKind, Exploitation, Grade, Outcome};
use crate::load::content::{Page, PageKind};
use crate::text::date::Date;
use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

#[derive(Debug, Clone)]
pub struct Charge {
    /// Index into the registry's provisions; `None` if the reference was not found.
    pub provision: Option<usize>,
    pub written: String,
    pub grade: Option<Grade>,
    pub outcome: Outcome,
}

#[derive(Debug, Clone)]
pub struct Ruling {
    /// Site path without the base path: `rattsfall/lycksele-b-583-23/`.
    pub path: String,
    pub file: PathBuf,
    pub title: String,
    pub summary: String,
    pub court: usize,
    pub case: CaseNumber,
    pub decided: Date,
    pub kind: DecisionKind,
    pub charges: Vec<Charge>,
    pub exploitation: Vec<Exploitation>,
    pub sectors: Vec<String>,
    pub sentence: Option<String>,
    pub source: String,
    /// The ruling this one reviews, and those that review it (oldest first).
    pub appeal_of: Option<usize>,
    pub appealed_in: Vec<usize>,
}

impl Ruling {
    pub fn kind_name(&self) -> &'static str {
        match self.kind {
            DecisionKind::Dom => "dom",
            DecisionKind::Beslut => "beslut",
        }
    }

    /// `Lycksele tingsrätt, dom 2024-07-11 i mål B 583-23`.
    pub fn citation(&self, reg: &Registry) -> String {
        let court = reg.courts.get(self.court).map_or("", |c| c.name.as_str());
        format!(
            "{court}, {} {} i mål {}",
            self.kind_name(),
            self.decided,
            self.case
        )
    }

    pub fn outcomes(&self) -> BTreeSet<Outcome> {
        self.charges.iter().map(|c| c.outcome).collect()
    }

    /// Provisions charged, in registry order, each once.
    pub fn provisions(&self) -> BTreeSet<usize> {
        self.charges.iter().filter_map(|c| c.provision).collect()
    }
}

#[derive(Debug, Default)]
pub struct Rulings {
    pub list: Vec<Ruling>,
    pub by_path: HashMap<String, usize>,
    by_case: HashMap<CaseNumber, Vec<usize>>,
    by_court_case: HashMap<(usize, CaseNumber), usize>,
}

fn error_at(
    page: &Page,
    (line, col): (usize, usize),
    msg: String,
    help: impl Into<String>,
) -> Diagnostic {
    Diagnostic::error("ruling/invalid", &page.file, msg)
        .at(line, col)
        .with_source(&page.text)
        .with_help(help)
}

impl Rulings {
    /// Type every ruling page. A page whose court or case number is unusable is reported
    /// and left out, so later checks do not repeat the same mistake.
    pub fn build(pages: &[Page], reg: &Registry, today: Date, diags: &mut Diagnostics) -> Rulings {
        let mut order: Vec<&Page> = pages
            .iter()
            .filter(|p| p.kind == PageKind::Ruling)
            .collect();
        order.sort_by(|a, b| a.content_path.cmp(&b.content_path));
        let mut out = Rulings::default();
        let mut pending_appeals: Vec<(usize, &Page, &CaseRef)> = Vec::new();
        for page in order {
            let Some(fm) = &page.ruling else { continue };
            let court = check_court(page, &fm.court, "court", reg, diags);
            let case = match cite::parse_case(&fm.case) {
                Ok(c) => Some(c),
                Err(m) => {
                    diags.push(error_at(
                        page,
                        page.value_position("case", fm.case.trim()),
                        format!("malformed case number: {m}"),
                        CASE_HINT,
                    ));
                    None
                }
            };
            if fm.decided > today {
                diags.push(error_at(
                    page,
                    page.value_position("decided", &fm.decided.to_string()),
                    format!("`decided` is {}, a date in the future", fm.decided),
                    "give the date the judgment or decision was announced",
                ));
            }
            let charges = fm
                .charges
                .iter()
                .map(|c| {
                    let provision = match reg.find_provision(&c.provision) {
                        Ok(i) => Some(i),
                        Err(hint) => {
                            diags.push(error_at(
                                page,
                                page.value_position("charges", &c.provision),
                                format!("the provision `{}` is not in the registry", c.provision),
                                hint,
                            ));
                            None
                        }
                    };
                    Charge {
                        provision,
                        written: c.provision.clone(),
                        grade: c.grade,
                        outcome: c.outcome,
                    }
                })
                .collect();
            let (Some(court), Some(case)) = (court, case) else {
                continue;
            };
            if let Some(&other) = out.by_court_case.get(&(court, case.clone())) {
                diags.push(error_at(
                    page,
                    page.key_position("case"),
                    format!(
                        "{} {case} is also described by {}",
                        reg.courts[court].name,
                        out.list[other].file.display()
                    ),
                    "each ruling has one page; merge the two files or correct the court or case number",
                ));
                continue;
            }
            let idx = out.list.len();
            out.by_court_case.insert((court, case.clone()), idx);
            out.by_case.entry(case.clone()).or_default().push(idx);
            out.by_path.insert(page.path.clone(), idx);
            if let Some(a) = &fm.appeal_of {
                pending_appeals.push((idx, page, a));
            }
            out.list.push(Ruling {
                path: page.path.clone(),
                file: page.file.clone(),
                title: page.meta.title.clone(),
                summary: page.meta.summary.clone(),
                court,
                case,
                decided: fm.decided,
                kind: fm.kind,
                charges,
                exploitation: fm.exploitation.clone(),
                sectors: fm.sectors.clone(),
                sentence: fm.sentence.clone(),
                source: fm.source.clone(),
                appeal_of: None,
                appealed_in: Vec::new(),
            });
        }
        for (idx, page, a) in pending_appeals {
            out.link_appeal(idx, page, a, reg, diags);
        }
        out.check_cycles(pages, diags);
        for r in &mut out.list {
            r.appealed_in.clear();
        }
        for i in 0..out.list.len() {
            if let Some(t) = out.list[i].appeal_of {
                out.list[t].appealed_in.push(i);
            }
        }
        let decided: Vec<Date> = out.list.iter().map(|r| r.decided).collect();
        for r in &mut out.list {
            r.appealed_in.sort_by_key(|&i| decided[i]);
        }
        out
    }

    fn link_appeal(
        &mut self,
        idx: usize,
        page: &Page,
        a: &CaseRef,
        reg: &Registry,
        diags: &mut Diagnostics,
    ) {
        let Some(court) = check_court(page, &a.court, "appeal_of", reg, diags) else {
            return;
        };
        let case = match cite::parse_case(&a.case) {
            Ok(c) => c,
            Err(m) => {
                let at = page.value_position("appeal_of", &a.case);
                diags.push(error_at(
                    page,
                    at,
                    format!("malformed case number in `appeal_of`: {m}"),
                    CASE_HINT,
                ));
                return;
            }
        };
        let at = page.key_position("appeal_of");
        let Some(&target) = self.by_court_case.get(&(court, case.clone())) else {
            let known: Vec<String> = self
                .list
                .iter()
                .map(|r| format!("{} {}", reg.courts[r.court].name, r.case))
                .collect();
            let wanted = format!("{} {case}", reg.courts[court].name);
            let hint = match did_you_mean(&wanted, known.iter().map(String::as_str)) {
                Some(s) => format!("did you mean {s}? Otherwise add a page for that ruling in content/rattsfall/"),
                None => "add a page for the reviewed ruling in content/rattsfall/ or correct `court` and `case`".into(),
            };
            diags.push(error_at(
                page,
                at,
                format!("`appeal_of` names {wanted}, but no ruling page has that court and case"),
                hint,
            ));
            return;
        };
        let me = &self.list[idx];
        let (my_court, their_court) = (&reg.courts[me.court], &reg.courts[self.list[target].court]);
        if their_court.instance >= my_court.instance {
            diags.push(error_at(
                page,
                at,
                format!(
                    "a {} cannot review a ruling of a {} ({}): appeals go from tingsrätt to hovrätt to Högsta domstolen",
                    my_court.instance.name(),
                    their_court.instance.name(),
                    their_court.name
                ),
                "`appeal_of` names the lower court's ruling that this one reviews; check which file should carry it",
            ));
        } else if their_court.instance == Instance::Tingsratt
            && my_court.instance == Instance::Hovratt
            && their_court.appeals_to.as_deref() != Some(my_court.id.as_str())
        {
            diags.push(
                Diagnostic::warning(
                    "ruling/appeal-court",
                    &page.file,
                    format!(
                        "{} is not the hovrätt that {} judgments are appealed to",
                        my_court.name, their_court.name
                    ),
                )
                .at(at.0, at.1)
                .with_source(&page.text)
                .with_help(format!(
                    "check `court` and `appeal_of`, or the domkrets in {COURTS_FILE}"
                )),
            );
        }
        self.list[idx].appeal_of = Some(target);
    }

    /// An appeal chain must end at a first instance. Equal-instance appeals are already
    /// errors, but a cycle is reported as such, at each ruling in it, so it can be seen.
    fn check_cycles(&mut self, pages: &[Page], diags: &mut Diagnostics) {
        for start in 0..self.list.len() {
            let mut seen = vec![start];
            let mut cur = self.list[start].appeal_of;
            while let Some(next) = cur {
                if next == start {
                    let names: Vec<String> = seen
                        .iter()
                        .chain([&start])
                        .map(|&i| self.list[i].case.to_string())
                        .collect();
                    if let Some(page) = pages.iter().find(|p| p.path == self.list[start].path) {
                        diags.push(error_at(
                            page,
                            page.key_position("appeal_of"),
                            format!("the appeals form a cycle: {}", names.join(" → ")),
                            "an appeal chain runs one way, from tingsrätt up; remove `appeal_of` from the lowest instance",
                        ));
                    }
                    break;
                }
                if seen.contains(&next) {
                    break; // a cycle that does not include `start`; reported from its members
                }
                seen.push(next);
                cur = self.list[next].appeal_of;
            }
        }
        // Break cycles so that chain walks terminate.
        for i in 0..self.list.len() {
            let mut cur = self.list[i].appeal_of;
            let mut steps = 0;
            while let Some(n) = cur {
                steps += 1;
                if n == i || steps > self.list.len() {
                    self.list[i].appeal_of = None;
                    break;
                }
                cur = self.list[n].appeal_of;
            }
        }
    }

    /// Rulings with this case number (several courts may share one).
    pub fn by_case(&self, case: &CaseNumber) -> &[usize] {
        self.by_case.get(case).map_or(&[], Vec::as_slice)
    }

    pub fn by_court_case(&self, court: usize, case: &CaseNumber) -> Option<usize> {
        self.by_court_case.get(&(court, case.clone())).copied()
    }

    /// The whole appeal chain `i` belongs to, lowest instance first.
    pub fn chain(&self, i: usize, reg: &Registry) -> Vec<usize> {
        let mut root = i;
        let mut guard = 0;
        while let Some(p) = self.list[root].appeal_of {
            root = p;
            guard += 1;
            if guard > self.list.len() {
                break;
            }
        }
        let mut members = vec![root];
        let mut k = 0;
        while k < members.len() {
            for &a in &self.list[members[k]].appealed_in {
                if !members.contains(&a) {
                    members.push(a);
                }
            }
            k += 1;
        }
        let rank = |r: &Ruling| reg.courts.get(r.court).map(|c| c.instance);
        members.sort_by(|&a, &b| {
            let (ra, rb) = (&self.list[a], &self.list[b]);
            rank(ra).cmp(&rank(rb)).then(ra.decided.cmp(&rb.decided))
        });
        members
    }

    /// All rulings, newest first (ties: court name, then case number).
    pub fn newest_first(&self, reg: &Registry) -> Vec<usize> {
        let mut v: Vec<usize> = (0..self.list.len()).collect();
        v.sort_by(|&a, &b| {
            let (ra, rb) = (&self.list[a], &self.list[b]);
            rb.decided
                .cmp(&ra.decided)
                .then_with(|| {
                    crate::text::swedish_cmp(&reg.courts[ra.court].name, &reg.courts[rb.court].name)
                })
                .then_with(|| ra.case.cmp(&rb.case))
        });
        v
    }
}

/// The court named at `key` (`court`, or `court` inside `appeal_of`), or an error with
/// the closest registered name.
fn check_court(
    page: &Page,
    name: &str,
    key: &str,
    reg: &Registry,
    diags: &mut Diagnostics,
) -> Option<usize> {
    if let Some(c) = reg.court_by_name(name) {
        return Some(c);
    }
    let at = page.value_position(key, name.trim());
    let help = if reg.courts.is_empty() {
        format!("{COURTS_FILE} is missing or has errors; it lists the courts rulings may name")
    } else {
        match reg.suggest_court(name) {
            Some(s) => format!("did you mean `{s}`? Courts are listed in {COURTS_FILE}"),
            None => format!(
                "use a court's full name as listed in {COURTS_FILE}, e.g. `Solna tingsrätt`"
            ),
        }
    };
    diags.push(error_at(page, at, format!("unknown court `{name}`"), help));
    None
}
