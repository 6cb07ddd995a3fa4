mod common;

use common::corpus;
use kunskapsnav_search::{
    build_index, chunk_dir_name, chunk_file_name, write_index, IndexParts, SearchDoc, SearchError,
    SearchIndex, HEAD_FILE_NAME,
};

#[test]
fn the_same_documents_give_a_byte_identical_index() {
    let (a, _) = build_index(&corpus()).expect("indexes");
    let (b, _) = build_index(&corpus()).expect("indexes");
    assert!(a == b, "two builds of the same corpus differ");
}

#[test]
fn the_index_is_written_to_the_output_folder_and_reopens() {
    let dir = tempdir("written");
    let stats = write_index(&corpus(), &dir).expect("writes");
    assert_eq!(stats.documents, corpus().len());
    let head = dir.join(HEAD_FILE_NAME);
    assert_eq!(
        std::fs::metadata(&head).map(|m| m.len() as usize).ok(),
        Some(stats.head_bytes)
    );
    let chunk_dir = dir.join(chunk_dir_name(HEAD_FILE_NAME));
    assert_eq!(
        std::fs::read_dir(&chunk_dir).map(|d| d.count()).ok(),
        Some(stats.chunks)
    );
    let ix = SearchIndex::open(&head).expect("reopens");
    assert_eq!(ix.num_docs() as usize, corpus().len());
    assert_eq!(ix.loaded_chunks(), 0, "opening reads the head only");
    let r = ix.search("tvångsarbete", &[], 10);
    assert!(r.total > 0 && r.message.is_none(), "{r:?}");
    assert!(
        ix.loaded_chunks() < stats.chunks,
        "a query reads some chunks, not all"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_search_from_the_head_alone_asks_for_chunks_in_a_few_rounds_then_answers() {
    let (parts, _) = build_index(&corpus()).expect("indexes");
    let eager = SearchIndex::from_parts(parts.clone()).expect("opens");
    let lazy = SearchIndex::from_head(parts.head.clone()).expect("opens from the head");
    for query in [
        "tvångsarbete",
        "människohandel expl",
        "\"grovt brott\"",
        "B 583-23",
        "tvångsarbte ",
    ] {
        let mut rounds = 0;
        let results = loop {
            match lazy.try_search(query, &[], 10, 0) {
                Ok(r) => break r,
                Err(pending) => {
                    rounds += 1;
                    assert!(rounds <= 4, "{query}: too many rounds");
                    assert!(!pending.chunks.is_empty());
                    for n in pending.chunks {
                        lazy.add_chunk(n, parts.chunks[n as usize].clone())
                            .expect("a valid chunk");
                    }
                }
            }
        };
        assert_eq!(results, eager.search(query, &[], 10), "{query}");
    }
    assert!(lazy.loaded_chunks() < parts.chunks.len());
}

#[test]
fn a_corrupted_head_is_a_clear_error() {
    let (mut parts, _) = build_index(&corpus()).expect("indexes");
    let mid = parts.head.len() / 2;
    parts.head[mid] ^= 0x5a;
    let err = SearchIndex::from_parts(parts).expect_err("damaged");
    assert!(matches!(err, SearchError::Corrupt(_)));
    assert!(err.to_string().contains("rebuild"), "{err}");
}

#[test]
fn a_corrupted_or_missing_chunk_is_a_message_not_a_panic() {
    let dir = tempdir("damaged");
    write_index(&corpus(), &dir).expect("writes");
    let chunk_dir = dir.join(chunk_dir_name(HEAD_FILE_NAME));
    let count = std::fs::read_dir(&chunk_dir)
        .map(|d| d.count())
        .unwrap_or(0);
    for n in 0..count as u32 {
        let path = chunk_dir.join(chunk_file_name(n));
        let mut bytes = std::fs::read(&path).expect("chunk");
        bytes[0] ^= 0x5a;
        std::fs::write(&path, bytes).expect("rewrites");
    }
    let ix = SearchIndex::open(&dir.join(HEAD_FILE_NAME)).expect("the head is fine");
    let r = ix.search("tvångsarbete", &[], 10);
    let message = r.message.unwrap_or_default();
    assert!(message.contains("checksum"), "{message}");
    std::fs::remove_dir_all(&chunk_dir).expect("removes the chunks");
    let r = ix.search("människohandel", &[], 10);
    let message = r.message.unwrap_or_default();
    assert!(message.contains("missing"), "{message}");
    let lazy = SearchIndex::from_head(std::fs::read(dir.join(HEAD_FILE_NAME)).expect("head"))
        .expect("opens");
    assert!(lazy.add_chunk(0, b"garbage".to_vec()).is_err());
    assert!(lazy.add_chunk(u32::MAX - 1, Vec::new()).is_err());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_missing_index_file_is_a_clear_error() {
    let err =
        SearchIndex::open(std::path::Path::new("/nonexistent/index.knsi")).expect_err("missing");
    assert!(matches!(err, SearchError::Missing(_)), "{err}");
    let err = SearchIndex::from_parts(IndexParts::default()).expect_err("no head");
    assert!(matches!(err, SearchError::Corrupt(_)), "{err}");
}

#[test]
fn an_empty_corpus_gives_a_searchable_empty_index() {
    let (parts, stats) = build_index(&[]).expect("indexes");
    assert_eq!(stats.documents, 0);
    let ix = SearchIndex::from_parts(parts).expect("opens");
    assert_eq!(ix.search("människohandel", &[], 10).total, 0);
}

#[test]
fn the_first_query_reads_a_bounded_part_of_a_large_index() {
    // 2 000 pages of varied text: a query must not read the index in proportion.
    let words = [
        "människohandel",
        "exploatering",
        "arbetskraft",
        "polisen",
        "domstolen",
        "stöd",
        "skydd",
        "bärplockning",
        "byggbranschen",
        "tingsrätten",
        "åklagaren",
        "samverkan",
    ];
    let docs: Vec<SearchDoc> = (0..2000)
        .map(|i| SearchDoc {
            url: format!("/artiklar/a{i}/"),
            title: format!("Artikel {i} om {}", words[i % words.len()]),
            kind: "artikel".into(),
            body: (0..300)
                .map(|j| format!("{}{}", words[(i * 7 + j * 13) % words.len()], (i + j) % 97))
                .collect::<Vec<_>>()
                .join(" "),
            ..SearchDoc::default()
        })
        .collect();
    let (parts, stats) = build_index(&docs).expect("indexes");
    let lazy = SearchIndex::from_head(parts.head.clone()).expect("opens");
    let mut fetched = 0usize;
    let results = loop {
        match lazy.try_search("bärplockning", &[], 10, 0) {
            Ok(r) => break r,
            Err(pending) => {
                for n in pending.chunks {
                    fetched += parts.chunks[n as usize].len();
                    lazy.add_chunk(n, parts.chunks[n as usize].clone())
                        .expect("valid");
                }
            }
        }
    };
    assert!(results.total > 0);
    assert_eq!(results.hits.len(), 10);
    let read = parts.head.len() + fetched;
    assert!(
        read * 10 < stats.bytes,
        "a query read {read} of {} bytes",
        stats.bytes
    );
}

fn tempdir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("kn-search-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}
