//! Calendar dates as they appear in front matter and data: `YYYY-MM-DD`, checked for
//! existence (no 30 February), printed the Swedish way in prose (`11 juli 2024`).

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

const MONTHS_SV: [&str; 12] = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
];

impl Date {
    pub fn parse(s: &str) -> Result<Date, String> {
        let s = s.trim();
        let parts: Vec<&str> = s.split('-').collect();
        let well_formed = parts.len() == 3
            && parts[0].len() == 4
            && parts[1].len() == 2
            && parts[2].len() == 2
            && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()));
        if !well_formed {
            return Err(format!("`{s}` is not a date in the form YYYY-MM-DD"));
        }
        let year: i32 = parts[0].parse().map_err(|_| format!("bad year in `{s}`"))?;
        let month: u8 = parts[1]
            .parse()
            .map_err(|_| format!("bad month in `{s}`"))?;
        let day: u8 = parts[2].parse().map_err(|_| format!("bad day in `{s}`"))?;
        if !(1..=12).contains(&month) {
            return Err(format!("`{s}` has no month {month}"));
        }
        if day == 0 || day > days_in_month(year, month) {
            return Err(format!(
                "`{s}` does not exist: {} {year} has {} days",
                MONTHS_SV[usize::from(month) - 1],
                days_in_month(year, month)
            ));
        }
        Ok(Date { year, month, day })
    }

    /// `11 juli 2024`
    pub fn to_swedish(self) -> String {
        format!(
            "{} {} {}",
            self.day,
            MONTHS_SV[usize::from(self.month) - 1],
            self.year
        )
    }

    /// Today's date in UTC: from `SOURCE_DATE_EPOCH` when it is set (reproducible
    /// builds), else from the system clock; used to reject dates in the future and to
    /// tell which reviews are overdue.
    pub fn today() -> Date {
        if let Some(secs) = std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|v| v.trim().parse::<i64>().ok())
        {
            return Date::from_unix_seconds(secs);
        }
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        let days = i64::try_from(secs / 86_400).unwrap_or(0);
        civil_from_days(days)
    }

    /// The calendar date of a count of seconds since 1970-01-01 (negative: before).
    pub fn from_unix_seconds(secs: i64) -> Date {
        civil_from_days(secs.div_euclid(86_400))
    }

    /// RFC 3339 timestamp at midnight UTC, for the Atom feed.
    /// As a string table's `date_format` says: `iso` for ISO 8601, else a BCP 47 code
    /// whose long date is used (`sv` → `2 december 2026`, `en-GB` → `2 December 2026`;
    /// see `text::locale` for codes without data).
    pub fn format_as(self, format: &str) -> String {
        match format {
            "iso" => self.to_string(),
            code => super::locale::for_code(code).date(self),
        }
    }

    pub fn rfc3339(self) -> String {
        format!("{self}T00:00:00Z")
    }
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i32, m: u8) -> u8 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(y) => 29,
        _ => 28,
    }
}

/// Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> Date {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    Date {
        year: i32::try_from(y).unwrap_or(1970),
        month: u8::try_from(m).unwrap_or(1),
        day: u8::try_from(d).unwrap_or(1),
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date in the form YYYY-MM-DD")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Date, E> {
                Date::parse(v).map_err(E::custom)
            }
        }
        d.deserialize_str(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_impossible_dates() {
        assert!(Date::parse("2024-02-30").is_err());
        assert!(Date::parse("2023-02-29").is_err());
        assert!(Date::parse("2024-02-29").is_ok());
        assert!(Date::parse("2024-13-01").is_err());
        assert!(Date::parse("24-1-1").is_err());
    }

    #[test]
    fn prints_swedish_prose_dates() {
        assert_eq!(
            Date::parse("2024-07-11").map(Date::to_swedish),
            Ok("11 juli 2024".into())
        );
    }

    #[test]
    fn today_is_plausible() {
        assert!(Date::today().year >= 2024);
    }
}
