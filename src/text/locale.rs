//! Numbers, percentages and long dates in a language, from ICU4X's data: `1 513` in
//! Swedish, `1,513` in English, `1.513` in Romanian; `2 december 2026`, `2 December 2026`.
//!
//! One place for the shortcodes, the charts' tables and the template filters, so that a
//! figure reads the same everywhere on a page.
//!
//! - Swedish (`sv`, and so lättläst) keeps the hub's own rules (`format_number`,
//!   `Date::to_swedish`): a narrow no-break space between groups, as DESIGN.md asks, where
//!   ICU's Swedish data has a no-break space (U+00A0); the output stays what it was.
//! - A code ICU4X has data for gets that data. Dates are in the Gregorian calendar (as
//!   the data are), also in Thai, whose default calendar is the Buddhist one.
//! - A code ICU4X has no data for (`se`, `fit`, `rom`, `yi`: its long date comes out as the root
//!   locale's) falls back to Swedish numbers and dates: the hub's source language, the
//!   one its readers in Sweden see on every sign and form.

use super::date::Date;
use icu_calendar::cal::Gregorian;
use icu_datetime::fieldsets::YMD;
use icu_datetime::FixedCalendarDateTimeFormatter;
use icu_decimal::input::Decimal;
use icu_decimal::DecimalFormatter;
use icu_locale_core::Locale as IcuLocale;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock, RwLock};

/// How one language writes numbers and dates.
pub struct Locale {
    icu: Option<Icu>,
    /// Swedish itself (not a language that falls back to Swedish numbers).
    swedish: bool,
    /// Between a number and `%` (CLDR's percent pattern): a no-break space or nothing.
    percent_space: bool,
}

struct Icu {
    decimal: DecimalFormatter,
    date: FixedCalendarDateTimeFormatter<Gregorian, YMD>,
}

/// The locale for a BCP 47 code (`en`, `th`, `sv`, `fit`), made once per code.
pub fn for_code(code: &str) -> Arc<Locale> {
    static CACHE: OnceLock<RwLock<HashMap<String, Arc<Locale>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(l) = cache.read().ok().and_then(|m| m.get(code).cloned()) {
        return l;
    }
    let made = Arc::new(Locale::new(code));
    if let Ok(mut m) = cache.write() {
        m.entry(code.to_string()).or_insert_with(|| made.clone());
    }
    made
}

fn language(code: &str) -> &str {
    code.split(['-', '_']).next().unwrap_or(code)
}

impl Locale {
    fn new(code: &str) -> Locale {
        let lang = language(code);
        // CLDR's percent patterns put a no-break space before `%` in these.
        let percent_space = matches!(lang, "sv" | "fi" | "ro" | "se" | "de" | "fr" | "nb");
        let icu = if lang == "sv" { None } else { Icu::new(code) };
        Locale {
            percent_space: percent_space || icu.is_none(),
            swedish: lang == "sv",
            icu,
        }
    }

    /// Whether ICU4X's data formats this language (else it is written the Swedish way).
    pub fn has_data(&self) -> bool {
        self.icu.is_some()
    }

    /// `1513` → `1 513` / `1,513`; negative numbers with the language's minus sign.
    pub fn int(&self, n: i64) -> String {
        match &self.icu {
            None => super::format_int(n),
            Some(icu) => icu.decimal.format(&Decimal::from(n)).to_string(),
        }
    }

    /// `12.5` → `12,5` / `12.5`, at most `decimals` places; whole numbers without any.
    pub fn number(&self, x: f64, decimals: usize) -> String {
        let Some(icu) = &self.icu else {
            return super::format_number(x, decimals);
        };
        if !x.is_finite() {
            return String::from("–");
        }
        let whole = decimals == 0 || x.fract() == 0.0;
        let s = format!("{:.*}", if whole { 0 } else { decimals }, x);
        match Decimal::try_from_str(&s) {
            Ok(d) => icu.decimal.format(&d).to_string(),
            Err(_) => s,
        }
    }

    /// A percentage as a figure's prose says it: `20 procent` in Swedish (the hub's
    /// style), `20 %` in Finnish, `20%` in English.
    pub fn percent(&self, x: f64) -> String {
        if self.swedish {
            return format!("{} procent", self.number(x, 1));
        }
        let sep = if self.percent_space { "\u{a0}" } else { "" };
        format!("{}{sep}%", self.number(x, 1))
    }

    /// `2 december 2026` / `2 December 2026` / `2 grudnia 2026` …
    pub fn date(&self, d: Date) -> String {
        let Some(icu) = &self.icu else {
            return d.to_swedish();
        };
        match icu_calendar::Date::try_new_gregorian(d.year, d.month, d.day) {
            Ok(g) => icu.date.format(&g).to_string(),
            Err(_) => d.to_string(),
        }
    }
}

impl Icu {
    /// ICU4X's formatters for `code`, or `None` where its data has no such language: the
    /// data then falls back to the root locale, whose long date has no month names.
    fn new(code: &str) -> Option<Icu> {
        let locale: IcuLocale = code.parse().ok()?;
        let root: IcuLocale = "und".parse().ok()?;
        let date = FixedCalendarDateTimeFormatter::try_new((&locale).into(), YMD::long()).ok()?;
        let root_date =
            FixedCalendarDateTimeFormatter::<Gregorian, _>::try_new((&root).into(), YMD::long())
                .ok()?;
        let probe = icu_calendar::Date::try_new_gregorian(2026, 12, 2).ok()?;
        if date.format(&probe).to_string() == root_date.format(&probe).to_string() {
            return None;
        }
        let decimal = DecimalFormatter::try_new((&locale).into(), Default::default()).ok()?;
        Some(Icu { decimal, date })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap_or(Date {
            year: 1970,
            month: 1,
            day: 1,
        })
    }

    #[test]
    fn numbers_percentages_and_dates_per_language() {
        // ICU4X's compiled data has no Northern Sami, Meänkieli, Romani or Yiddish.
        for code in ["se", "fit", "rom", "yi"] {
            assert!(!for_code(code).has_data(), "{code}");
            assert_eq!(for_code(code).int(1513), "1\u{202f}513");
            assert_eq!(for_code(code).percent(20.0), "20\u{a0}%");
        }
        for code in ["en", "ro", "uk", "th", "fi"] {
            assert!(for_code(code).has_data(), "{code}");
        }
        assert_eq!(for_code("sv").int(1513), "1\u{202f}513");
        assert_eq!(for_code("sv").percent(20.0), "20 procent");
        assert_eq!(for_code("sv").date(d("2026-12-02")), "2 december 2026");
        assert_eq!(for_code("en").int(1513), "1,513");
        assert_eq!(for_code("en").number(12.5, 1), "12.5");
        assert_eq!(for_code("en").percent(20.0), "20%");
        assert_eq!(for_code("en").date(d("2026-12-02")), "December 2, 2026");
        assert_eq!(for_code("ro").int(1513), "1.513");
        assert_eq!(for_code("th").int(1513), "1,513");
        assert_eq!(for_code("fi").percent(20.0), "20\u{a0}%");
        assert_eq!(
            for_code("uk").date(d("2026-12-02")),
            "2 грудня 2026\u{202f}р."
        );
    }
}
