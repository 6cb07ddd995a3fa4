//! The dataset file format (`docs/datasets.md`) as typed structs. Every struct denies
//! unknown keys, and the number types reject what a careless edit produces — a negative
//! count, `.nan`, a count written as text — at the value's own line, during parsing.

use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;
use std::fmt;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatasetFile {
    pub id: String,
    pub title: String,
    pub description: String,
    pub unit: String,
    pub period: String,
    #[serde(deserialize_with = "one_or_many")]
    pub source: Vec<Source>,
    #[serde(default)]
    pub notes: Vec<String>,
    #[serde(default)]
    pub discrepancies: Vec<Discrepancy>,
    #[serde(default)]
    pub chart: Option<ChartKind>,
    #[serde(default)]
    pub table: Option<Table>,
    #[serde(default)]
    pub series: Option<SeriesSet>,
    #[serde(default)]
    pub breakdown: Option<Breakdown>,
    #[serde(default)]
    pub chain: Option<Chain>,
    #[serde(default)]
    pub figures: Option<Figures>,
}

#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub organisation: String,
    pub publication: String,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub retrieved: Option<String>,
    pub location: String,
    pub cited_in: String,
}

/// A figure's own source: either narrowing (only `location`/`cited_in`) or replacing.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ItemSource {
    pub organisation: Option<String>,
    pub publication: Option<String>,
    pub url: Option<String>,
    pub retrieved: Option<String>,
    pub location: Option<String>,
    pub cited_in: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Discrepancy {
    pub at: String,
    pub published: Count,
    pub computed: Count,
    pub note: String,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum ChartKind {
    Bar,
    Grouped,
    Stacked,
    Line,
    Chain,
}

impl ChartKind {
    pub const NAMES: [&'static str; 5] = ["bar", "grouped", "stacked", "line", "chain"];

    pub fn parse(s: &str) -> Option<ChartKind> {
        Some(match s {
            "bar" => ChartKind::Bar,
            "grouped" => ChartKind::Grouped,
            "stacked" => ChartKind::Stacked,
            "line" => ChartKind::Line,
            "chain" => ChartKind::Chain,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Table {
    pub columns: Vec<Column>,
    #[serde(default)]
    pub total_label: Option<String>,
    pub groups: Vec<Group>,
    #[serde(default)]
    pub total: Option<SumRow>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Column {
    pub id: String,
    pub label: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    pub label: String,
    pub rows: Vec<Row>,
    #[serde(default)]
    pub subtotal: Option<SumRow>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Row {
    pub label: String,
    #[serde(default)]
    pub subgroup: Option<String>,
    pub values: Vec<Count>,
    #[serde(default)]
    pub total: Option<Count>,
}

/// A subtotal or total row as published; any part may be missing.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SumRow {
    #[serde(default)]
    pub label: Option<String>,
    #[serde(default)]
    pub values: Option<Vec<Count>>,
    #[serde(default)]
    pub total: Option<Count>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeriesSet {
    #[serde(default)]
    pub x_label: Option<String>,
    pub series: Vec<Series>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Series {
    pub label: String,
    pub points: Vec<Point>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Point {
    pub x: XValue,
    pub value: Count,
    #[serde(default)]
    pub approximate: Option<bool>,
    #[serde(default)]
    pub qualifier: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Breakdown {
    pub items: Vec<Item>,
    #[serde(default)]
    pub total: Option<Count>,
    #[serde(default)]
    pub total_label: Option<String>,
    #[serde(default)]
    pub partial: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    pub label: String,
    #[serde(default)]
    pub value: Option<Count>,
    #[serde(default)]
    pub percent: Option<Percent>,
    #[serde(default)]
    pub approximate: Option<bool>,
    #[serde(default)]
    pub qualifier: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Chain {
    pub steps: Vec<Step>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub label: String,
    pub value: Count,
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Figures {
    pub items: Vec<Figure>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    pub label: String,
    #[serde(default)]
    pub value: Option<Count>,
    #[serde(default)]
    pub percent: Option<Percent>,
    #[serde(default)]
    pub change_percent: Option<Percent>,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub approximate: Option<bool>,
    #[serde(default)]
    pub qualifier: Option<String>,
    #[serde(default)]
    pub period: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub source: Option<ItemSource>,
}

/// A count: a whole number ≥ 0, written as a plain YAML integer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Count(pub u64);

/// The largest count accepted: a million million. The hub's figures are persons, crimes
/// and kronor; a larger number is a typing error. The limit also keeps every sum of a
/// dataset's counts exact: a file holds at most one count per two bytes.
pub const MAX_COUNT: u64 = 1_000_000_000_000;

const _: () = assert!(
    (MAX_COUNT as u128) * (crate::load::content::MAX_FILE_BYTES as u128 / 2) <= u64::MAX as u128,
    "the sum of every count in a dataset file must fit in a u64"
);

/// A percentage as published: a finite number (a change may be negative).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Percent(pub f64);

/// The x of a time-series point: a year, or a period label such as `"2023 H1"`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum XValue {
    Year(i64),
    Label(String),
}

impl XValue {
    pub fn text(&self) -> String {
        match self {
            XValue::Year(y) => y.to_string(),
            XValue::Label(s) => s.clone(),
        }
    }
}

impl<'de> Deserialize<'de> for Count {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Count;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a count: a whole number of 0 or more, such as 1513")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Count, E> {
                self.visit_i128(i128::from(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Count, E> {
                self.visit_i128(i128::from(v))
            }
            fn visit_u128<E: de::Error>(self, v: u128) -> Result<Count, E> {
                self.visit_i128(i128::try_from(v).unwrap_or(i128::MAX))
            }
            fn visit_i128<E: de::Error>(self, v: i128) -> Result<Count, E> {
                if v < 0 {
                    return Err(E::custom(format!(
                        "the count {v} is negative; counts are whole numbers of 0 or more"
                    )));
                }
                match u64::try_from(v) {
                    Ok(n) if n <= MAX_COUNT => Ok(Count(n)),
                    _ => Err(E::custom(format!(
                        "the count {v} is larger than {}, the largest count a dataset may hold",
                        crate::text::format_int(MAX_COUNT as i64)
                    ))),
                }
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Count, E> {
                // A whole number too large for 64 bits reaches here as a float.
                if v.is_finite() && v.fract() == 0.0 && v.abs() > MAX_COUNT as f64 {
                    return Err(E::custom(if v < 0.0 {
                        format!("the count {v} is negative; counts are whole numbers of 0 or more")
                    } else {
                        format!(
                            "the count {v} is larger than {}, the largest count a dataset may hold",
                            crate::text::format_int(MAX_COUNT as i64)
                        )
                    }));
                }
                Err(E::custom(if v.is_finite() {
                    format!("the count {v} is not a whole number; counts are whole numbers of 0 or more")
                } else {
                    format!("`{v}` is not a count; write the number as published, e.g. 1513")
                }))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Count, E> {
                Err(E::custom(format!(
                    "the count \"{v}\" is written as text; write the number without quotes or spaces, e.g. 1513"
                )))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Count, E> {
                Err(E::custom(format!(
                    "`{v}` is not a count; write a whole number such as 1513"
                )))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Count, E> {
                Err(E::custom(
                    "the count is empty; leave the key out when the source gives no figure",
                ))
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for Percent {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Percent;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a percentage as a number, such as 72")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Percent, E> {
                Ok(Percent(v as f64))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Percent, E> {
                Ok(Percent(v as f64))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Percent, E> {
                if v.is_finite() {
                    Ok(Percent(v))
                } else {
                    Err(E::custom(format!(
                        "`{v}` is not a percentage; write the number as published, e.g. 72"
                    )))
                }
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Percent, E> {
                Err(E::custom(format!(
                    "the percentage \"{v}\" is written as text; write the number alone, without quotes or %, e.g. 72"
                )))
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for XValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = XValue;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a year such as 2023 or a period label such as \"2023 H1\"")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<XValue, E> {
                i64::try_from(v)
                    .map(XValue::Year)
                    .map_err(|_| E::custom("the year is too large"))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<XValue, E> {
                Ok(XValue::Year(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<XValue, E> {
                Ok(XValue::Label(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

/// `source:` is one map or a list of maps.
fn one_or_many<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Source>, D::Error> {
    struct V;
    impl<'de> Visitor<'de> for V {
        type Value = Vec<Source>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str(
                "a source (organisation, publication, location, cited_in) or a list of sources",
            )
        }
        fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Vec<Source>, A::Error> {
            Source::deserialize(de::value::MapAccessDeserializer::new(map)).map(|s| vec![s])
        }
        fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Vec<Source>, A::Error> {
            Vec::<Source>::deserialize(de::value::SeqAccessDeserializer::new(seq))
        }
    }
    d.deserialize_any(V)
}
