mod common;

use common::corpus;
use kunskapsnav_search::{build_bundle, write_index, SearchError, SearchIndex, BUNDLE_FILE_NAME};

#[test]
fn the_same_documents_give_a_byte_identical_index() {
    let (a, _) = build_bundle(&corpus()).expect("indexes");
    let (b, _) = build_bundle(&corpus()).expect("indexes");
    assert!(a == b, "two builds of the same corpus differ");
}

#[test]
fn the_index_is_written_to_the_output_folder_and_reopens() {
    let dir = std::env::temp_dir().join(format!("kn-search-{}", std::process::id()));
    let stats = write_index(&corpus(), &dir).expect("writes");
    assert_eq!(stats.documents, corpus().len());
    let path = dir.join(BUNDLE_FILE_NAME);
    assert_eq!(
        std::fs::metadata(&path).map(|m| m.len() as usize).ok(),
        Some(stats.bytes)
    );
    let ix = SearchIndex::open(&path).expect("reopens");
    assert_eq!(ix.num_docs() as usize, corpus().len());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_corrupted_index_is_a_clear_error() {
    let (mut bundle, _) = build_bundle(&corpus()).expect("indexes");
    let mid = bundle.len() / 2;
    bundle[mid] ^= 0x5a;
    let err = SearchIndex::from_bundle(bundle).expect_err("damaged");
    assert!(matches!(err, SearchError::Corrupt(_)));
    assert!(err.to_string().contains("rebuild"), "{err}");
}

#[test]
fn a_missing_index_file_is_a_clear_error() {
    let err =
        SearchIndex::open(std::path::Path::new("/nonexistent/index.knsi")).expect_err("missing");
    assert!(matches!(err, SearchError::Missing(_)), "{err}");
    let err = SearchIndex::from_files(vec![]).expect_err("no meta.json");
    assert!(err.to_string().contains("meta.json"), "{err}");
}

#[test]
fn an_empty_corpus_gives_a_searchable_empty_index() {
    let (bundle, stats) = build_bundle(&[]).expect("indexes");
    assert_eq!(stats.documents, 0);
    let ix = SearchIndex::from_bundle(bundle).expect("opens");
    assert_eq!(ix.search("människohandel", &[], 10).total, 0);
}
