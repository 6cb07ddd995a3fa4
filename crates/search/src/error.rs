use std::fmt;

/// Everything that can go wrong loading or writing an index. Query problems are not
/// errors: they come back as [`crate::SearchResults::message`].
#[derive(Debug)]
pub enum SearchError {
    /// The bundle is not a kunskapsnav index, is truncated or fails its checksum.
    Corrupt(String),
    /// A file the index needs is missing.
    Missing(String),
    /// Reading or writing files failed.
    Io(std::io::Error),
    /// Tantivy refused the index.
    Index(String),
}

impl fmt::Display for SearchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SearchError::Corrupt(why) => write!(
                f,
                "the search index is damaged ({why}); rebuild the site to write it anew"
            ),
            SearchError::Missing(what) => write!(
                f,
                "the search index is incomplete: {what} is missing; rebuild the site"
            ),
            SearchError::Io(e) => write!(f, "search index: {e}"),
            SearchError::Index(e) => write!(f, "the search index could not be read: {e}"),
        }
    }
}

impl std::error::Error for SearchError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SearchError::Io(e) => Some(e),
            _ => None,
        }
    }
}

impl From<std::io::Error> for SearchError {
    fn from(e: std::io::Error) -> Self {
        SearchError::Io(e)
    }
}

impl From<tantivy::TantivyError> for SearchError {
    fn from(e: tantivy::TantivyError) -> Self {
        SearchError::Index(e.to_string())
    }
}
