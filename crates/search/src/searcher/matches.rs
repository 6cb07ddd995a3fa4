//! The set of matching documents as one bitset per segment: built and looked up far
//! faster than tantivy's `DocSetCollector` (a `HashSet` of addresses), which the facet
//! counts used to clone once per facet.

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// Collects every matching document.
pub(super) struct Matches;

/// Matching documents: `bits[segment][doc / 64]` bit `doc % 64`.
#[derive(Clone, Debug, Default)]
pub(super) struct MatchSet {
    bits: Vec<Vec<u64>>,
    count: usize,
}

impl MatchSet {
    pub(super) fn len(&self) -> usize {
        self.count
    }

    pub(super) fn contains(&self, segment: usize, doc: DocId) -> bool {
        let doc = doc as usize;
        self.bits
            .get(segment)
            .and_then(|bits| bits.get(doc / 64))
            .is_some_and(|word| word & (1u64 << (doc % 64)) != 0)
    }
}

pub(super) struct SegmentMatches {
    segment: usize,
    bits: Vec<u64>,
    count: usize,
}

impl Collector for Matches {
    type Fruit = MatchSet;
    type Child = SegmentMatches;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentMatches> {
        Ok(SegmentMatches {
            segment: segment as usize,
            bits: vec![0; (reader.max_doc() as usize).div_ceil(64)],
            count: 0,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<(usize, Vec<u64>, usize)>) -> tantivy::Result<MatchSet> {
        let mut set = MatchSet::default();
        for (segment, bits, count) in fruits {
            if set.bits.len() <= segment {
                set.bits.resize(segment + 1, Vec::new());
            }
            set.bits[segment] = bits;
            set.count += count;
        }
        Ok(set)
    }
}

impl SegmentCollector for SegmentMatches {
    type Fruit = (usize, Vec<u64>, usize);

    fn collect(&mut self, doc: DocId, _score: Score) {
        if let Some(word) = self.bits.get_mut(doc as usize / 64) {
            let bit = 1u64 << (doc % 64);
            if *word & bit == 0 {
                *word |= bit;
                self.count += 1;
            }
        }
    }

    fn harvest(self) -> Self::Fruit {
        (self.segment, self.bits, self.count)
    }
}
