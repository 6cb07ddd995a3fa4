//! What a YAML document may cost before it is typed: flow collections nested deeper than
//! libyaml scans in linear time, and aliases that expand to more values than the text
//! could hold. Both are refused in linear time, before serde_yaml sees the text.

/// Deepest nesting of flow collections (`[…]`, `{…}`) accepted. libyaml's scanner walks
/// every open level for every token, so deep nesting takes quadratic time (80 kB of `[`
/// took 23 s, a megabyte would take hours); serde_yaml refuses more than 128 levels of
/// nesting of any kind anyway.
const MAX_FLOW_DEPTH: usize = 64;

/// Where flow collections nest deeper than [`MAX_FLOW_DEPTH`] (a byte offset and the
/// message), found in linear time before libyaml sees the text.
///
/// Flow context is lexed as libyaml lexes it, from every `[` and `{` that could open a
/// collection in block context (at the start, or after white space; one glued to a
/// scalar is a syntax error libyaml meets within its 1024-character look-ahead) and was
/// not already met as a token of an earlier pass. Every real flow collection is such a
/// bracket or nested in one, so its depth is measured exactly whatever the block context
/// around it; text inside a scalar can only add to the count. Lexing from a bracket that
/// is text costs a pass over what follows; a document that needs more than a few passes
/// is refused too.
pub(super) fn flow_too_deep(yaml: &str) -> Option<(usize, String)> {
    let b = yaml.as_bytes();
    if !b.iter().any(|&c| c == b'[' || c == b'{') {
        return None;
    }
    let mut covered = vec![false; b.len()];
    let mut budget = b.len().saturating_mul(8).saturating_add(10_000);
    for start in 0..b.len() {
        let opens_in_block = start == 0
            // White space, or the last byte of a byte order mark.
            || matches!(b[start - 1], b' ' | b'\t' | b'\n' | b'\r' | 0xBF);
        if matches!(b[start], b'[' | b'{') && opens_in_block && !covered[start] {
            if let Err(e) = lex_flow(b, start, &mut covered, &mut budget) {
                return Some(match e {
                    FlowError::TooDeep(at) => (
                        at,
                        format!("the YAML nests `[…]` and `{{…}}` more than {MAX_FLOW_DEPTH} levels deep"),
                    ),
                    FlowError::TooComplex(at) => (
                        at,
                        "the YAML has too many `[` and `{` that open nothing to check it in time"
                            .to_string(),
                    ),
                });
            }
        }
    }
    None
}

enum FlowError {
    TooDeep(usize),
    TooComplex(usize),
}

/// Lex the flow collection opening at `start` until it closes, as libyaml's scanner does
/// (`yaml_parser_fetch_next_token` with a flow level above 0). Where libyaml would stop
/// with an error, so does this: nothing after it is scanned.
fn lex_flow(
    b: &[u8],
    start: usize,
    covered: &mut [bool],
    budget: &mut usize,
) -> Result<(), FlowError> {
    let at = |i: usize| b.get(i).copied();
    let blank = |c: u8| c == b' ' || c == b'\t';
    let brk = |c: u8| c == b'\n' || c == b'\r';
    let blankz = |i: usize| at(i).is_none_or(|c| blank(c) || brk(c));
    let alpha = |c: u8| c.is_ascii_alphanumeric() || c == b'_' || c == b'-';
    let line_start = |i: usize| i == 0 || brk(b[i - 1]);
    let marker = |i: usize| {
        line_start(i) && (b[i..].starts_with(b"---") || b[i..].starts_with(b"...")) && blankz(i + 3)
    };
    let mut depth = 0usize;
    let mut i = start;
    loop {
        let token_start = i;
        // To the next token: white space, line breaks and comments.
        while let Some(c) = at(i) {
            if blank(c) || brk(c) {
                i += 1;
            } else if c == b'#' {
                while at(i).is_some_and(|c| !brk(c)) {
                    i += 1;
                }
            } else {
                break;
            }
        }
        let Some(c) = at(i) else { return Ok(()) };
        if marker(i) || (c == b'%' && line_start(i)) {
            return Ok(());
        }
        match c {
            b'[' | b'{' => {
                covered[i] = true;
                depth += 1;
                if depth > MAX_FLOW_DEPTH {
                    return Err(FlowError::TooDeep(i));
                }
                i += 1;
            }
            b']' | b'}' => {
                depth = depth.saturating_sub(1);
                i += 1;
                if depth == 0 {
                    return Ok(());
                }
            }
            b',' | b'?' | b':' => i += 1,
            b'-' if blankz(i + 1) => return Ok(()), // a block entry: an error in flow
            b'*' | b'&' => {
                i += 1;
                while at(i).is_some_and(alpha) {
                    i += 1;
                }
            }
            b'!' if at(i + 1) == Some(b'<') => {
                i += 2;
                while at(i).is_some_and(|c| c != b'>') {
                    i += 1;
                }
                i += 1;
            }
            b'!' => {
                i += 1;
                while at(i).is_some_and(|c| alpha(c) || b";/?:@&=+$.%!~*'()".contains(&c)) {
                    i += 1;
                }
            }
            b'\'' => {
                i += 1;
                loop {
                    match at(i) {
                        None => return Ok(()),
                        Some(b'\'') if at(i + 1) == Some(b'\'') => i += 2,
                        Some(b'\'') => break i += 1,
                        Some(_) => i += 1,
                    }
                }
            }
            b'"' => {
                i += 1;
                loop {
                    match at(i) {
                        None => return Ok(()),
                        Some(b'\\') => i += 2,
                        Some(b'"') => break i += 1,
                        Some(_) => i += 1,
                    }
                }
            }
            // Cannot start a token in flow context: libyaml stops.
            b'|' | b'>' | b'%' | b'@' | b'`' => return Ok(()),
            _ => {
                // A plain scalar, in chunks of non-blank text over lines, as
                // `yaml_parser_scan_plain_scalar` reads it with a flow level above 0.
                loop {
                    if marker(i) || at(i) == Some(b'#') {
                        break;
                    }
                    while !blankz(i) {
                        let c = b[i];
                        let next = at(i + 1);
                        if c == b':' && next.is_some_and(|n| b",?[]{}".contains(&n)) {
                            return Ok(()); // "found unexpected ':'"
                        }
                        if (c == b':' && blankz(i + 1)) || b",[]{}".contains(&c) {
                            break;
                        }
                        i += 1;
                    }
                    if !at(i).is_some_and(|c| blank(c) || brk(c)) {
                        break;
                    }
                    while at(i).is_some_and(|c| blank(c) || brk(c)) {
                        i += 1;
                    }
                }
            }
        }
        let used = i.saturating_sub(token_start).max(1);
        if *budget < used {
            return Err(FlowError::TooComplex(i.min(b.len().saturating_sub(1))));
        }
        *budget -= used;
    }
}

/// What a document may expand to through its aliases, counting one per value plus the
/// bytes of its text: a floor for small documents, then a few per byte of the document.
/// Written out, a value and its text take at least as many bytes, so only aliases
/// (`*name`) repeating large anchored parts can exceed it.
const MIN_EXPANSION: usize = 10_000;
const EXPANSION_PER_BYTE: usize = 4;
pub(super) const EXPANSION_MESSAGE: &str = "the YAML expands to too many values: an alias (`*name`) repeats a large part of it, perhaps many times over";

/// Refuse an alias bomb ("billion laughs") before typing it: `&a [x, x]`, `&b [*a, *a]`,
/// … doubles at every level, and serde_yaml would build all of it (minutes and gigabytes
/// for a few kilobytes of text). A first pass only counts the values the document expands
/// to, and stops at the budget. Any other error is left to the typed parse, which reports
/// it with the field's name.
pub(super) fn check_expansion(yaml: &str) -> Result<(), serde_yaml::Error> {
    use serde::de::DeserializeSeed;
    let budget = Budget {
        left: std::cell::Cell::new(
            MIN_EXPANSION.saturating_add(yaml.len().saturating_mul(EXPANSION_PER_BYTE)),
        ),
        exceeded: std::cell::Cell::new(false),
    };
    match Count(&budget).deserialize(serde_yaml::Deserializer::from_str(yaml)) {
        // serde_yaml's own guard against repeated aliases trips later than ours, but
        // a document that trips it would be as slow to type.
        Err(e) if budget.exceeded.get() || e.to_string().contains("repetition limit") => Err(e),
        _ => Ok(()),
    }
}

struct Budget {
    left: std::cell::Cell<usize>,
    exceeded: std::cell::Cell<bool>,
}

/// Visits any YAML value, counting it and everything inside it against the budget.
#[derive(Clone, Copy)]
struct Count<'b>(&'b Budget);

impl Count<'_> {
    /// One value, and `bytes` of text in it.
    fn charge_text<E: serde::de::Error>(self, bytes: usize) -> Result<(), E> {
        let cost = bytes.saturating_add(1);
        let left = self.0.left.get();
        if left < cost {
            self.0.exceeded.set(true);
            return Err(E::custom(EXPANSION_MESSAGE));
        }
        self.0.left.set(left - cost);
        Ok(())
    }

    fn charge<E: serde::de::Error>(self) -> Result<(), E> {
        self.charge_text(0)
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for Count<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Count<'_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<(), E> {
        self.charge()
    }
    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<(), E> {
        self.charge()
    }
    fn visit_i128<E: serde::de::Error>(self, _: i128) -> Result<(), E> {
        self.charge()
    }
    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<(), E> {
        self.charge()
    }
    fn visit_u128<E: serde::de::Error>(self, _: u128) -> Result<(), E> {
        self.charge()
    }
    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<(), E> {
        self.charge()
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<(), E> {
        self.charge_text(v.len())
    }
    fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<(), E> {
        self.charge_text(v.len())
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<(), E> {
        self.charge()
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<(), E> {
        self.charge()
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        self.charge()?;
        d.deserialize_any(self)
    }
    fn visit_newtype_struct<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        self.charge()?;
        d.deserialize_any(self)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.charge()?;
        while seq.next_element_seed(self)?.is_some() {}
        Ok(())
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.charge()?;
        while map.next_key_seed(self)?.is_some() {
            map.next_value_seed(self)?;
        }
        Ok(())
    }
    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
        use serde::de::VariantAccess;
        self.charge()?;
        let ((), variant) = data.variant_seed(self)?;
        variant.newtype_variant_seed(self)
    }
}
