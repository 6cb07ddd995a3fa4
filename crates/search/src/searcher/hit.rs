//! One result: its snippet, or the page's lead when no match is in its text.

use crate::docstore::StoredDoc;
use crate::snippet::{lead, snippet, Highlighter};
use crate::Hit;

const SNIPPET_BYTES: usize = 220;

pub(super) fn hit(doc: StoredDoc, score: f32, highlighter: &Highlighter) -> Hit {
    let snippet_html = snippet(&doc.body, highlighter, SNIPPET_BYTES)
        .or_else(|| snippet(&doc.summary, highlighter, SNIPPET_BYTES))
        .unwrap_or_else(|| {
            lead(
                if doc.summary.is_empty() {
                    &doc.body
                } else {
                    &doc.summary
                },
                SNIPPET_BYTES,
            )
        });
    Hit {
        url: doc.url,
        title: doc.title,
        kind: doc.kind,
        snippet_html,
        score,
    }
}
