//! Positions of values in a dataset file, for checks made after parsing (totals, duplicate
//! labels). serde_yaml keeps no spans, so these follow the file's indentation: good enough
//! for the block style the datasets are written in, and falling back to the nearest
//! enclosing key otherwise.

/// 1-based line and column.
pub type Pos = (usize, usize);

pub struct Locator<'a> {
    lines: Vec<&'a str>,
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// Where the key of a line starts: after indentation and any `- ` list markers.
fn key_start(line: &str) -> usize {
    let mut i = indent(line);
    while line[i..].starts_with("- ") {
        i += 2;
        i += indent(&line[i..]);
    }
    i
}

fn chars_before(line: &str, byte: usize) -> usize {
    line[..byte.min(line.len())].chars().count()
}

impl<'a> Locator<'a> {
    pub fn new(text: &'a str) -> Self {
        Locator {
            lines: text.lines().collect(),
        }
    }

    /// The value of `key:` on line `l` (1-based), as its column; `None` if the line has no such key.
    fn key_on_line(&self, l: usize, key: &str) -> Option<Pos> {
        let line = self.lines.get(l.checked_sub(1)?)?;
        let ks = key_start(line);
        let rest = line[ks..].strip_prefix(key)?.strip_prefix(':')?;
        let value_at = line.len() - rest.trim_start().len();
        let col = if rest.trim().is_empty() { ks } else { value_at };
        Some((l, chars_before(line, col) + 1))
    }

    /// A top-level `key:`.
    pub fn top(&self, key: &str) -> Option<Pos> {
        (1..=self.lines.len()).find_map(|l| {
            let line = self.lines[l - 1];
            (indent(line) == 0)
                .then(|| self.key_on_line(l, key))
                .flatten()
        })
    }

    /// `key:` among the children of the mapping at line `parent` (deeper indentation), or
    /// among the siblings of the key on line `parent` when it is a list item's first key.
    pub fn child(&self, parent: Pos, key: &str) -> Option<Pos> {
        let (pl, _) = parent;
        let pline = self.lines.get(pl.checked_sub(1)?)?;
        let pind = key_start(pline);
        // Inline flow mapping: `- {label: X, value: 3}`.
        if pline.contains('{') {
            let i = pline
                .find(&format!(" {key}:"))
                .or_else(|| pline.find(&format!("{{{key}:")))?;
            return Some((pl, chars_before(pline, i + 1) + 1 + key.len() + 1));
        }
        let is_item = pline[..pind].contains('-');
        let mut level = if is_item { Some(pind) } else { None };
        for l in pl + 1..=self.lines.len() {
            let line = self.lines[l - 1];
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            let ind = indent(line);
            if (is_item && ind < pind) || (!is_item && ind <= pind) {
                break;
            }
            let ks = key_start(line);
            let level = *level.get_or_insert(ks);
            if ks == level && ind == ks {
                if let Some(p) = self.key_on_line(l, key) {
                    return Some(p);
                }
            }
        }
        None
    }

    /// The `n`-th (0-based) entry of the block sequence under the key at `parent`, at the
    /// entry's first character after `- `. `None` for flow style or fewer entries.
    pub fn item(&self, parent: Pos, n: usize) -> Option<Pos> {
        let (pl, _) = parent;
        let pline = self.lines.get(pl.checked_sub(1)?)?;
        let pind = key_start(pline);
        let mut dash: Option<usize> = None;
        let mut seen = 0;
        for l in pl + 1..=self.lines.len() {
            let line = self.lines[l - 1];
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            let ind = indent(line);
            let is_dash = line[ind..].starts_with("- ") || line[ind..].trim_end() == "-";
            if ind < pind || (ind == pind && !is_dash) {
                break;
            }
            if !is_dash {
                continue;
            }
            let d = *dash.get_or_insert(ind);
            if ind < d {
                break;
            }
            if ind > d {
                continue;
            }
            if seen == n {
                let after = (ind + 2).min(line.len());
                let at = after + indent(&line[after..]);
                return Some((l, chars_before(line, at) + 1));
            }
            seen += 1;
        }
        None
    }

    /// `key:` of the list entry at `item` (on the entry's own line or below it).
    pub fn in_item(&self, item: Pos, key: &str) -> Option<Pos> {
        self.key_on_line(item.0, key)
            .or_else(|| self.child(item, key))
    }

    /// The `n`-th (0-based) line whose `label:` value is `label`.
    pub fn label(&self, label: &str, n: usize) -> Option<Pos> {
        let mut seen = 0;
        for (i, line) in self.lines.iter().enumerate() {
            let Some(at) = line.find("label:") else {
                continue;
            };
            let rest = line[at + 6..].trim_start();
            let rest = rest.trim_start_matches(['"', '\'']);
            let after = rest.strip_prefix(label).map(str::trim);
            if after.is_some_and(|a| a.is_empty() || a.starts_with(['"', '\'', ',', '}', '#'])) {
                if seen == n {
                    let col = line.len() - rest.len();
                    return Some((i + 1, chars_before(line, col) + 1));
                }
                seen += 1;
            }
        }
        None
    }

    /// Column of the `i`-th element of a flow sequence `[a, b, c]` on line `pos.0`.
    pub fn element(&self, pos: Pos, i: usize) -> Pos {
        let Some(line) = pos.0.checked_sub(1).and_then(|l| self.lines.get(l)) else {
            return pos;
        };
        let Some(open) = line.find('[') else {
            return pos;
        };
        let mut start = open + 1;
        for (k, part) in line[open + 1..].split([',', ']']).enumerate() {
            if k == i {
                let skip = part.len() - part.trim_start().len();
                return (pos.0, chars_before(line, start + skip) + 1);
            }
            start += part.len() + 1;
        }
        pos
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const Y: &str = "id: x\ntable:\n  groups:\n    - label: A\n      rows:\n        - label: r1\n          values: [1, 2]\n          total: 3\n        - label: r2\n          values: [4, 5]\n      subtotal:\n        values: [5, 7]\n        total: 12\n  total:\n    total: 12\n";

    #[test]
    fn finds_a_rows_total_and_not_the_next_rows() {
        let l = Locator::new(Y);
        let r1 = l.label("r1", 0).unwrap();
        assert_eq!(l.child(r1, "total"), Some((8, 18)));
        let r2 = l.label("r2", 0).unwrap();
        assert_eq!(l.child(r2, "total"), None);
    }

    #[test]
    fn finds_the_nth_entry_of_a_list_and_its_keys() {
        let y = "home:\n  key_figures:\n    - dataset: a\n      row: r\n    - dataset: b\n      row: s\nnext: 1\n";
        let l = Locator::new(y);
        let kf = l.child(l.top("home").unwrap(), "key_figures").unwrap();
        let second = l.item(kf, 1).unwrap();
        assert_eq!(second, (5, 7));
        assert_eq!(l.in_item(second, "dataset"), Some((5, 16)));
        assert_eq!(l.in_item(second, "row"), Some((6, 12)));
        assert_eq!(l.item(kf, 2), None);
    }

    #[test]
    fn finds_subtotal_and_table_total() {
        let l = Locator::new(Y);
        let g = l.label("A", 0).unwrap();
        let st = l.child(g, "subtotal").unwrap();
        assert_eq!(st.0, 11);
        assert_eq!(l.child(st, "total"), Some((13, 16)));
        let values = l.child(st, "values").unwrap();
        assert_eq!(l.element(values, 1), (12, 21));
        let t = l.child(l.top("table").unwrap(), "total").unwrap();
        assert_eq!(t.0, 14);
        assert_eq!(l.child(t, "total"), Some((15, 12)));
    }
}
