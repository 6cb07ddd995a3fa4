//! Exclusions (`-word`, `-"a phrase"`) wrapped so tantivy never seeks them backwards.
//!
//! tantivy 0.27's `Exclude` asks its exclusion scorer whether the first candidate is
//! excluded with `seek_danger(candidate)`, even when that scorer already stands past the
//! candidate (its first match is later, or it has none). `PhraseScorer::seek_danger`
//! asserts `target >= doc()`, so in a build with debug assertions (tests, `cargo run`)
//! `människohandel -"sexuella ändamål"` panicked; release builds happen to answer correctly.
//! [`Excluded`] answers such a backward seek itself, as tantivy's own
//! `Weight::scorer_danger` does: a scorer in a valid state at `doc` has no match before it,
//! so the lower bound is `doc`. Every other call goes to the wrapped scorer unchanged.
//! (Found by the `search_query` fuzz target; see fuzz/README.md.)

use tantivy::query::{BooleanQuery, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SeekDangerResult, SegmentReader, Term};

/// A query used as a `MustNot` clause.
#[derive(Clone, Debug)]
pub(super) struct Excluded(pub BooleanQuery);

impl Query for Excluded {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(ExcludedWeight(self.0.weight(enable_scoring)?)))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.0.query_terms(visitor);
    }
}

struct ExcludedWeight(Box<dyn Weight>);

impl Weight for ExcludedWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(ForwardOnly {
            inner: self.0.scorer(reader, boost)?,
            valid: true,
            bound: 0,
        }))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        self.0.explain(reader, doc)
    }
}

struct ForwardOnly {
    inner: Box<dyn Scorer>,
    /// False after a `seek_danger` that did not find its target: the inner scorer may then
    /// be in the invalid state `seek_danger` allows, and its `doc()` means nothing.
    valid: bool,
    /// The lower bound the last failed `seek_danger` returned.
    bound: DocId,
}

impl DocSet for ForwardOnly {
    fn advance(&mut self) -> DocId {
        self.valid = true;
        self.inner.advance()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.valid && target <= self.inner.doc() {
            return self.inner.doc();
        }
        self.valid = true;
        self.inner.seek(target)
    }

    fn seek_danger(&mut self, target: DocId) -> SeekDangerResult {
        let doc = self.inner.doc();
        if self.valid && target < doc {
            return SeekDangerResult::SeekLowerBound(doc);
        }
        // A scorer that has run out has no match left, whatever state it is in (the fuzz
        // target found a terminated phrase scorer asked to seek back, in debug builds).
        if doc == tantivy::TERMINATED {
            return SeekDangerResult::SeekLowerBound(tantivy::TERMINATED);
        }
        // The last failed seek promised no match below its bound.
        if !self.valid && target < self.bound {
            return SeekDangerResult::SeekLowerBound(self.bound);
        }
        let result = self.inner.seek_danger(target);
        self.valid = result == SeekDangerResult::Found;
        if let SeekDangerResult::SeekLowerBound(bound) = result {
            self.bound = bound;
        }
        result
    }

    fn doc(&self) -> DocId {
        self.inner.doc()
    }

    fn size_hint(&self) -> u32 {
        self.inner.size_hint()
    }

    fn cost(&self) -> u64 {
        self.inner.cost()
    }
}

impl Scorer for ForwardOnly {
    fn score(&mut self) -> Score {
        self.inner.score()
    }
}
