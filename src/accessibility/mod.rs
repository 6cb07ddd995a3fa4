//! The accessibility statement (*tillgänglighetsredogörelse*) required by the Swedish law on
//! accessibility of digital public services (lagen (2018:1937) om tillgänglighet till
//! digital offentlig service), generated from `data/tillganglighet.yaml` and published at
//! `/tillganglighet/` through the theme's `accessibility.html`.
//!
//! Every part that the supervising authority, Digg, requires is a required field, so a
//! statement with a part missing fails the build at the file's line instead of being
//! published incomplete: the authority and the service, the degree of compliance (a closed
//! list), the known shortcomings with their reasons, content exempted as a
//! disproportionate burden or outside the law's scope, how and when compliance was
//! assessed, how to report problems, and the link to Digg's reporting form.
//! The schema is documented in `docs/accessibility.md`.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::render::{ser, Link, OutputFile, Renderer};
use crate::stats::locate::{Locator, Pos};
use crate::text::date::Date;
use minijinja::{context, Value};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

pub const FILE: &str = "data/tillganglighet.yaml";
pub const PATH: &str = "tillganglighet/";
const TEMPLATE: &str = "accessibility.html";
const CODE: &str = "accessibility/invalid";

/// The degree of compliance, in the words Digg prescribes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum Compliance {
    #[serde(rename = "helt förenlig")]
    Full,
    #[serde(rename = "delvis förenlig")]
    Partial,
    #[serde(rename = "inte förenlig")]
    None,
}

impl Compliance {
    pub fn name(self) -> &'static str {
        match self {
            Compliance::Full => "helt förenlig",
            Compliance::Partial => "delvis förenlig",
            Compliance::None => "inte förenlig",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct StatementFile {
    authority: Option<String>,
    service: Option<String>,
    compliance: Option<Compliance>,
    shortcomings: Option<Vec<ItemFile>>,
    disproportionate_burden: Option<Vec<ItemFile>>,
    outside_scope: Option<Vec<ItemFile>>,
    assessment: Option<AssessmentFile>,
    contact: Option<ContactFile>,
    digg_report_url: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ItemFile {
    content: Option<String>,
    reason: Option<String>,
    #[serde(default)]
    criteria: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct AssessmentFile {
    method: Option<String>,
    statement_date: Option<Date>,
    last_reviewed: Option<Date>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ContactFile {
    text: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    url: Option<String>,
    response_time: Option<String>,
}

/// One inaccessible part of the service and why.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub content: String,
    pub reason: String,
    /// WCAG 2.1 success criteria, e.g. `1.1.1`.
    pub criteria: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Contact {
    pub text: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub phone_href: Option<String>,
    pub url: Option<String>,
    pub response_time: Option<String>,
}

/// A complete, checked statement.
#[derive(Debug, Clone)]
pub struct Statement {
    pub authority: String,
    pub service: String,
    pub compliance: Compliance,
    pub shortcomings: Vec<Item>,
    pub disproportionate_burden: Vec<Item>,
    pub outside_scope: Vec<Item>,
    pub method: String,
    pub statement_date: Date,
    pub last_reviewed: Date,
    pub contact: Contact,
    pub digg_report_url: String,
}

/// Checks with positions: each missing or wrong part becomes one diagnostic.
struct Checker<'a> {
    file: PathBuf,
    text: &'a str,
    loc: Locator<'a>,
    diags: Vec<Diagnostic>,
}

impl Checker<'_> {
    fn error(&mut self, pos: Pos, message: String, help: &str) {
        self.diags.push(
            Diagnostic::error(CODE, &self.file, message)
                .at(pos.0, pos.1)
                .with_source(self.text)
                .with_help(help),
        );
    }

    /// Position of a top-level key, or of the file's first line when it is missing.
    fn top(&self, key: &str) -> Pos {
        self.loc.top(key).unwrap_or((1, 1))
    }

    fn child(&self, parent: &str, key: &str) -> Pos {
        let p = self.top(parent);
        self.loc.child(p, key).unwrap_or(p)
    }

    /// A required text: present and not blank.
    fn text_field(&mut self, v: Option<String>, pos: Pos, what: &str, help: &str) -> String {
        match v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty()) {
            Some(s) => s,
            None => {
                self.error(
                    pos,
                    format!("the accessibility statement lacks {what}"),
                    help,
                );
                String::new()
            }
        }
    }

    fn items(&mut self, key: &str, items: Vec<ItemFile>) -> Vec<Item> {
        let key_pos = self.top(key);
        let mut out = Vec::new();
        for (i, it) in items.into_iter().enumerate() {
            let pos = self.loc.item(key_pos, i).unwrap_or(key_pos);
            let content = self.text_field(
                it.content,
                pos,
                &format!("`content` in item {} of `{key}`", i + 1),
                "say what is not accessible, e.g. `content: \"Diagrammen …\"`",
            );
            let reason = self.text_field(
                it.reason,
                pos,
                &format!("`reason` in item {} of `{key}`", i + 1),
                "say why it is not accessible (and what to use instead)",
            );
            for c in &it.criteria {
                let ok = c.split('.').count() == 3
                    && c.split('.')
                        .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
                if !ok {
                    let at = self.loc.in_item(pos, "criteria").unwrap_or(pos);
                    self.error(
                        at,
                        format!("`{c}` is not a WCAG success criterion"),
                        "write criteria as numbers such as `1.1.1` or `2.4.7`",
                    );
                }
            }
            out.push(Item {
                content,
                reason,
                criteria: it.criteria,
            });
        }
        out
    }
}

impl Statement {
    /// Read `data/tillganglighet.yaml` under `root`: `None` when the file does not exist.
    pub fn load(root: &Path, diags: &mut Diagnostics) -> Option<Statement> {
        let path = root.join(FILE);
        if !path.exists() {
            return None;
        }
        let rel = Path::new(FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) => {
                diags.push(
                    Diagnostic::error("file/unreadable", rel, format!("cannot read: {e}"))
                        .with_help("check that the file is UTF-8 text and that you may read it"),
                );
                return None;
            }
        };
        match Statement::parse(rel, &text, Date::today()) {
            Ok(s) => Some(s),
            Err(errs) => {
                diags.extend(errs);
                None
            }
        }
    }

    /// Parse and check a statement; `today` bounds the dates.
    pub fn parse(file: &Path, text: &str, today: Date) -> Result<Statement, Vec<Diagnostic>> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let raw: StatementFile =
            crate::load::yaml::parse(text, file, text, crate::load::yaml::Offset::default(), CODE)
                .map_err(|d| vec![*d])?;
        let mut c = Checker {
            file: file.to_path_buf(),
            text,
            loc: Locator::new(text),
            diags: Vec::new(),
        };
        let authority = c.text_field(
            raw.authority,
            c.top("authority"),
            "`authority` (the public body behind the service)",
            "add `authority: Jämställdhetsmyndigheten`",
        );
        let service = c.text_field(
            raw.service,
            c.top("service"),
            "`service` (the name of the website or service)",
            "add `service:` with the website's name",
        );
        let compliance = raw.compliance;
        if compliance.is_none() {
            c.error(
                c.top("compliance"),
                "the accessibility statement lacks `compliance` (the degree of compliance)".into(),
                "add `compliance:` with one of: helt förenlig, delvis förenlig, inte förenlig",
            );
        }
        let shortcomings_pos = c.top("shortcomings");
        let shortcomings = match raw.shortcomings {
            Some(items) => c.items("shortcomings", items),
            None => {
                c.error(
                    shortcomings_pos,
                    "the accessibility statement lacks `shortcomings` (the known inaccessible content)".into(),
                    "list each shortcoming with `content:` and `reason:`; write `shortcomings: []` only if the service is helt förenlig",
                );
                Vec::new()
            }
        };
        match compliance {
            Some(Compliance::Full) if !shortcomings.is_empty() => c.error(
                c.top("compliance"),
                "`compliance` is helt förenlig, but `shortcomings` lists inaccessible content"
                    .into(),
                "a service with known shortcomings is delvis förenlig or inte förenlig",
            ),
            Some(k @ (Compliance::Partial | Compliance::None)) if shortcomings.is_empty() => c
                .error(
                    shortcomings_pos,
                    format!("`compliance` is {}, but `shortcomings` is empty", k.name()),
                    "list the inaccessible content and why, each with `content:` and `reason:`",
                ),
            _ => {}
        }
        let disproportionate_burden = c.items(
            "disproportionate_burden",
            raw.disproportionate_burden.unwrap_or_default(),
        );
        let outside_scope = c.items("outside_scope", raw.outside_scope.unwrap_or_default());

        let (method, statement_date, last_reviewed) = match raw.assessment {
            None => {
                c.error(
                    c.top("assessment"),
                    "the accessibility statement lacks `assessment` (how and when compliance was assessed)".into(),
                    "add `assessment:` with `method:`, `statement_date:` and `last_reviewed:`",
                );
                (String::new(), None, None)
            }
            Some(a) => {
                let method = c.text_field(
                    a.method,
                    c.child("assessment", "method"),
                    "`assessment.method` (how compliance was assessed)",
                    "describe the method, e.g. self-assessment with automated and manual tests",
                );
                let mut date = |v: Option<Date>, key: &str, what: &str| -> Option<Date> {
                    let pos = c.child("assessment", key);
                    match v {
                        None => {
                            c.error(
                                pos,
                                format!(
                                    "the accessibility statement lacks `assessment.{key}` ({what})"
                                ),
                                "add the date as YYYY-MM-DD",
                            );
                            None
                        }
                        Some(d) if d > today => {
                            c.error(
                                pos,
                                format!("`assessment.{key}` {d} is in the future"),
                                "give the date on which it happened",
                            );
                            None
                        }
                        Some(d) => Some(d),
                    }
                };
                let s = date(
                    a.statement_date,
                    "statement_date",
                    "the date of the statement",
                );
                let r = date(
                    a.last_reviewed,
                    "last_reviewed",
                    "the date it was last reviewed",
                );
                if let (Some(s), Some(r)) = (s, r) {
                    if r < s {
                        c.error(
                            c.child("assessment", "last_reviewed"),
                            format!(
                                "`assessment.last_reviewed` {r} is before the statement's date {s}"
                            ),
                            "the last review is on or after the date of the statement",
                        );
                    }
                }
                (method, s, r)
            }
        };

        let contact = match raw.contact {
            None => {
                c.error(
                    c.top("contact"),
                    "the accessibility statement lacks `contact` (how to report accessibility problems)".into(),
                    "add `contact:` with `text:` and at least one of `email:`, `phone:` or `url:`",
                );
                None
            }
            Some(k) => {
                let pos = c.top("contact");
                let text = c.text_field(
                    k.text,
                    c.child("contact", "text"),
                    "`contact.text` (how to report problems)",
                    "say how readers report accessibility problems and what happens next",
                );
                let clean =
                    |v: Option<String>| v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
                let (email, phone, url) = (clean(k.email), clean(k.phone), clean(k.url));
                if email.is_none() && phone.is_none() && url.is_none() {
                    c.error(
                        pos,
                        "`contact` gives no way to reach the authority".into(),
                        "add at least one of `email:`, `phone:` or `url:`",
                    );
                }
                if let Some(u) = &url {
                    if !u.starts_with("https://")
                        && !u.starts_with("http://")
                        && !u.starts_with('/')
                    {
                        c.error(
                            c.child("contact", "url"),
                            format!("`contact.url` `{u}` is not a web address"),
                            "write an absolute URL (https://…) or a site path (/kontakt/)",
                        );
                    }
                }
                let phone_href = phone.as_ref().map(|p| {
                    format!(
                        "tel:{}",
                        p.chars()
                            .filter(|c| c.is_ascii_digit() || *c == '+')
                            .collect::<String>()
                    )
                });
                Some(Contact {
                    text,
                    email,
                    phone,
                    phone_href,
                    url,
                    response_time: clean(k.response_time),
                })
            }
        };

        let digg_pos = c.top("digg_report_url");
        let digg_report_url = match raw.digg_report_url.map(|s| s.trim().to_string()) {
            Some(u) if is_digg_url(&u) => u,
            Some(u) => {
                c.error(
                    digg_pos,
                    format!("`digg_report_url` `{u}` is not an address at digg.se"),
                    "link to Digg's form for reporting inaccessible digital public services, https://www.digg.se/…",
                );
                String::new()
            }
            None => {
                c.error(
                    digg_pos,
                    "the accessibility statement lacks `digg_report_url` (the link to Digg's reporting form)".into(),
                    "add `digg_report_url: https://www.digg.se/analys-och-uppfoljning/lagen-om-tillganglighet-till-digital-offentlig-service-dos-lagen/anmal-bristande-tillganglighet`",
                );
                String::new()
            }
        };

        match (compliance, statement_date, last_reviewed, contact) {
            (Some(compliance), Some(statement_date), Some(last_reviewed), Some(contact))
                if c.diags.is_empty() =>
            {
                Ok(Statement {
                    authority,
                    service,
                    compliance,
                    shortcomings,
                    disproportionate_burden,
                    outside_scope,
                    method,
                    statement_date,
                    last_reviewed,
                    contact,
                    digg_report_url,
                })
            }
            _ => Err(c.diags),
        }
    }

    /// The page at `/tillganglighet/`.
    pub fn render(&self, r: &Renderer<'_>) -> Result<OutputFile, Diagnostic> {
        let crumbs = vec![Link {
            title: "Startsida".into(),
            url: r.site.url(""),
        }];
        let title = "Tillgänglighetsredogörelse";
        let summary = format!(
            "Hur {} uppfyller lagen om tillgänglighet till digital offentlig service, vilka brister vi känner till och hur du rapporterar problem.",
            self.service
        );
        let page = context! {
            title => title,
            summary => summary,
            url => r.site.url(PATH),
            permalink => format!("{}{}", r.site.config.base_url, PATH),
            breadcrumbs => ser(crumbs),
        };
        let contact_url = self.contact.url.as_ref().map(|u| {
            if u.starts_with('/') {
                r.site.url(u)
            } else {
                u.clone()
            }
        });
        let statement = context! {
            authority => self.authority.clone(),
            service => self.service.clone(),
            compliance => self.compliance.name(),
            compliance_key => match self.compliance {
                Compliance::Full => "helt",
                Compliance::Partial => "delvis",
                Compliance::None => "inte",
            },
            shortcomings => ser(&self.shortcomings),
            disproportionate_burden => ser(&self.disproportionate_burden),
            outside_scope => ser(&self.outside_scope),
            method => self.method.clone(),
            statement_date => self.statement_date.to_string(),
            last_reviewed => self.last_reviewed.to_string(),
            contact => merge_contact(&self.contact, contact_url),
            digg_report_url => self.digg_report_url.clone(),
        };
        r.render_extra(
            TEMPLATE,
            PATH,
            "accessibility",
            vec![("page", page), ("statement", statement)],
        )
    }
}

fn merge_contact(c: &Contact, url: Option<String>) -> Value {
    let mut c = c.clone();
    c.url = url;
    ser(c)
}

fn is_digg_url(u: &str) -> bool {
    let rest = match u.strip_prefix("https://") {
        Some(r) => r,
        None => return false,
    };
    let host = rest.split('/').next().unwrap_or("");
    host == "www.digg.se" || host == "digg.se"
}

#[cfg(test)]
mod tests {
    use super::*;

    const OK: &str = "authority: Myndigheten\nservice: Navet\ncompliance: delvis förenlig\nshortcomings:\n  - content: Diagrammen\n    reason: Bilder\n    criteria: [\"1.1.1\"]\nassessment:\n  method: Självskattning\n  statement_date: 2024-12-15\n  last_reviewed: 2024-12-16\ncontact:\n  text: Skriv till oss.\n  email: a@b.se\ndigg_report_url: https://www.digg.se/x\n";

    fn today() -> Date {
        Date::parse("2025-01-01").unwrap_or(Date {
            year: 2025,
            month: 1,
            day: 1,
        })
    }

    #[test]
    fn a_complete_statement_parses() {
        let s = Statement::parse(Path::new(FILE), OK, today());
        assert!(s.is_ok(), "{s:?}");
    }

    #[test]
    fn each_shortcoming_item_is_located_on_its_line() {
        let y = OK.replace("    reason: Bilder\n", "");
        let errs = Statement::parse(Path::new(FILE), &y, today())
            .err()
            .unwrap_or_default();
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert_eq!(errs[0].line, 5);
        assert!(errs[0].message.contains("`reason`"), "{}", errs[0].message);
    }
}
