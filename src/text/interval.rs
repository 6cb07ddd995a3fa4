//! Review intervals as editors write them: `12 månader`, `6 months`, `2 år`, `90 dagar`,
//! `4 veckor`.

use crate::text::date::Date;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Interval {
    Days(u32),
    Months(u32),
}

impl Interval {
    pub fn parse(s: &str) -> Result<Interval, String> {
        let s = s.trim();
        let (n, unit) = s
            .split_once(char::is_whitespace)
            .ok_or_else(|| format!("`{s}` is not an interval"))?;
        let n: u32 = n
            .parse()
            .map_err(|_| format!("`{s}` is not an interval: `{n}` is not a whole number"))?;
        if n == 0 {
            return Err(format!("`{s}` is not an interval: it must be at least 1"));
        }
        match unit.trim().to_lowercase().as_str() {
            "dag" | "dagar" | "day" | "days" => Ok(Interval::Days(n)),
            "vecka" | "veckor" | "week" | "weeks" => Ok(Interval::Days(n * 7)),
            "månad" | "månader" | "month" | "months" => Ok(Interval::Months(n)),
            "år" | "year" | "years" => Ok(Interval::Months(n * 12)),
            other => Err(format!(
                "`{s}` is not an interval: `{other}` is not a unit of time"
            )),
        }
    }

    /// `from` plus the interval (a month on the 31st ends on the month's last day).
    pub fn after(self, from: Date) -> Date {
        match self {
            Interval::Days(d) => Date::from_unix_seconds((days_from(from) + i64::from(d)) * 86_400),
            Interval::Months(m) => {
                let total = i64::from(from.month) - 1 + i64::from(m);
                let year = from.year + i32::try_from(total / 12).unwrap_or(0);
                let month = u8::try_from(total % 12 + 1).unwrap_or(12);
                let mut day = from.day;
                while Date::parse(&format!("{year:04}-{month:02}-{day:02}")).is_err() && day > 28 {
                    day -= 1;
                }
                Date { year, month, day }
            }
        }
    }
}

/// Whether `s` is an interval; the message says why not.
pub fn check(s: &str) -> Result<(), String> {
    Interval::parse(s).map(|_| ())
}

pub const HINT: &str =
    "write a number and a unit, e.g. `12 månader`, `6 months`, `2 år`, `90 dagar` or `4 veckor`";

/// Days since 1970-01-01 (Howard Hinnant's days_from_civil).
pub fn days_from(d: Date) -> i64 {
    let y = i64::from(d.year) - i64::from(d.month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(d.month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d.day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn intervals_parse_and_add() {
        assert_eq!(Interval::parse("12 månader"), Ok(Interval::Months(12)));
        assert_eq!(
            Interval::parse("2 år").map(|i| i.after(d("2024-02-29"))),
            Ok(d("2026-02-28"))
        );
        assert_eq!(
            Interval::parse("1 month").map(|i| i.after(d("2024-01-31"))),
            Ok(d("2024-02-29"))
        );
        assert_eq!(
            Interval::parse("90 dagar").map(|i| i.after(d("2024-12-01"))),
            Ok(d("2025-03-01"))
        );
        for bad in [
            "",
            "ofta",
            "12",
            "0 månader",
            "tolv månader",
            "3 fortnights",
        ] {
            assert!(Interval::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(days_from(d("1970-01-02")), 1);
    }
}
