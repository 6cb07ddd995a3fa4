//! `kunskapsnav serve`: build the site into a private folder, serve it on 127.0.0.1
//! (port 1111 by default), watch the sources, rebuild what a change touches, and reload
//! the open pages. A failed rebuild keeps the last good site served and shows the
//! problems in the terminal and on the open pages.
//!
//! ```text
//! watcher ──changes──▶ engine (fast / incremental / full) ──files──▶ private output folder
//!                         │                                           ▲
//!                         └─ events (reload, problems, ok) ──SSE──▶ pages ◀── HTTP workers
//! ```

pub mod engine;
pub mod events;
pub mod http;
pub mod paths;
pub mod records;
pub mod watch;

use engine::{Engine, EngineOptions, Kind, Outcome};
use events::Events;
use std::io::Write;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::Arc;
use std::time::{Duration, Instant};

pub const DEFAULT_PORT: u16 = 1111;
pub const DEFAULT_BIND: &str = "127.0.0.1";
/// Threads answering requests (event streams have threads of their own).
const HTTP_THREADS: usize = 8;
/// The search index is packed after the sources have been quiet this long.
const SEARCH_IDLE: Duration = Duration::from_millis(1500);

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    /// 0 picks a free port (printed at start).
    pub port: u16,
    pub drafts: bool,
    /// Serve from this folder instead of a private temporary one.
    pub out: Option<PathBuf>,
}

/// Why `serve` could not start (exit code 2).
#[derive(Debug)]
pub struct ServeError {
    pub message: String,
    pub hint: String,
}

fn err(message: impl Into<String>, hint: impl Into<String>) -> ServeError {
    ServeError {
        message: message.into(),
        hint: hint.into(),
    }
}

static STOP: AtomicBool = AtomicBool::new(false);

extern "C" fn on_signal(_: libc::c_int) {
    STOP.store(true, Ordering::SeqCst);
}

fn install_signal_handlers() {
    // SAFETY: the handler only stores to an atomic, which is async-signal-safe.
    unsafe {
        libc::signal(libc::SIGINT, on_signal as *const () as libc::sighandler_t);
        libc::signal(libc::SIGTERM, on_signal as *const () as libc::sighandler_t);
    }
}

/// The private output folder of this process, and removal of those left by previous
/// runs that were killed.
fn private_out_dir() -> PathBuf {
    let tmp = std::env::temp_dir();
    if let Ok(rd) = std::fs::read_dir(&tmp) {
        for entry in rd.filter_map(Result::ok) {
            let name = entry.file_name().to_string_lossy().into_owned();
            let Some(pid) = name.strip_prefix("kunskapsnav-serve-") else {
                continue;
            };
            let alive = pid
                .parse::<u32>()
                .is_ok_and(|pid| Path::new(&format!("/proc/{pid}")).exists());
            if !alive && entry.path().join(crate::emit::output::MARKER).is_file() {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
    tmp.join(format!("kunskapsnav-serve-{}", std::process::id()))
}

pub fn run(opts: ServeOptions) -> Result<(), ServeError> {
    if !opts.root.is_dir() {
        return Err(err(
            format!("the site folder {} does not exist", opts.root.display()),
            "pass --root DIR pointing at a folder with kunskapsnav.yaml",
        ));
    }
    let (out, private) = match &opts.out {
        Some(o) => {
            crate::emit::output::check_destination(o, false)
                .map_err(|d| err(d.message, d.help.unwrap_or_default()))?;
            (o.clone(), false)
        }
        None => (private_out_dir(), true),
    };
    std::fs::create_dir_all(&out).map_err(|e| {
        err(
            format!("cannot create {}: {e}", out.display()),
            "pass --out DIR with a writable folder",
        )
    })?;
    let server = tiny_http::Server::http((opts.bind, opts.port)).map_err(|e| {
        err(
            format!("cannot listen on {}:{}: {e}", opts.bind, opts.port),
            "another program may use the port: pass --port N (or --port 0 for any free port)",
        )
    })?;
    let port = server
        .server_addr()
        .to_ip()
        .map(|a| a.port())
        .unwrap_or(opts.port);
    let host = if opts.bind.is_unspecified() {
        "127.0.0.1".to_string()
    } else if opts.bind.is_ipv6() {
        format!("[{}]", opts.bind)
    } else {
        opts.bind.to_string()
    };
    let base_path = crate::load::config::Config::load(&opts.root)
        .map(|c| c.base_path())
        .unwrap_or_else(|_| "/".to_string());
    let origin = format!("http://{host}:{port}");
    let mut engine = Engine::new(EngineOptions {
        root: opts.root.clone(),
        out: out.clone(),
        drafts: opts.drafts,
        base_url: Some(format!("{origin}{base_path}")),
    });
    let events = Events::default();
    install_signal_handlers();

    eprintln!("Building {} …", opts.root.display());
    let first = engine.full();
    report(&first, &events, None);
    // Watch before announcing the address, so no save after it goes unnoticed.
    let mut watcher = match watch::SourceWatcher::start(&opts.root) {
        Ok(w) => Some(w),
        Err(e) => {
            eprintln!(
                "warning: cannot watch the sources ({e}); the site is served but will not rebuild"
            );
            None
        }
    };

    let canonical_out = out.canonicalize().map_err(|e| {
        err(
            format!("cannot open {}: {e}", out.display()),
            "pass --out DIR with a writable folder",
        )
    })?;
    let server = Arc::new(server);
    let state = Arc::new(http::HttpState {
        root: canonical_out,
        base_path: base_path.clone(),
        events: events.clone(),
    });
    let _workers = http::spawn_workers(server.clone(), state, HTTP_THREADS);
    println!("Serving {origin}{base_path}");
    eprintln!(
        "Output in {}{}. Watching content/, data/, themes/ and {}. Stop with Ctrl-C.",
        out.display(),
        if private {
            " (private, removed on exit)"
        } else {
            ""
        },
        crate::load::config::CONFIG_FILE
    );
    if opts.bind != IpAddr::from([127, 0, 0, 1]) && !opts.bind.is_loopback() {
        eprintln!(
            "warning: listening on {} — other computers can reach this preview (including drafts with --drafts)",
            opts.bind
        );
    }
    let _ = std::io::stdout().flush();

    let indexer = spawn_indexer(out.clone());
    let mut last_change = Instant::now();
    while !STOP.load(Ordering::SeqCst) {
        let changes = match watcher.as_mut() {
            Some(w) => w.next(Duration::from_millis(250), Duration::from_millis(10)),
            None => {
                std::thread::sleep(Duration::from_millis(250));
                watch::Changes::default()
            }
        };
        if changes.is_empty() {
            if engine.search_dirty && last_change.elapsed() >= SEARCH_IDLE {
                engine.search_dirty = false;
                if let Some(docs) = engine.search_docs() {
                    let _ = indexer.try_send(docs);
                }
            }
            continue;
        }
        last_change = Instant::now();
        let what = describe(&changes);
        let outcome = engine.rebuild(&changes);
        report(&outcome, &events, Some(&what));
    }
    eprintln!("Stopping.");
    server.unblock();
    if private {
        let _ = std::fs::remove_dir_all(&out);
    }
    Ok(())
}

fn describe(changes: &watch::Changes) -> String {
    if let Some(why) = &changes.full {
        return why.clone();
    }
    let files: Vec<String> = changes
        .content
        .iter()
        .take(3)
        .map(|p| format!("content/{p}"))
        .collect();
    let more = changes.content.len().saturating_sub(3);
    if more > 0 {
        format!("{} and {more} more", files.join(", "))
    } else {
        files.join(", ")
    }
}

/// Tell the terminal and the open pages how a rebuild went.
fn report(outcome: &Outcome, events: &Events, what: Option<&str>) {
    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    match &outcome.failed {
        Some(diags) => {
            for d in diags.iter() {
                let _ = write!(err, "{}", d.render_human());
            }
            let _ = writeln!(
                err,
                "The rebuild failed: {} error(s), {} warning(s); the last good site is still served.",
                diags.error_count(),
                diags.warning_count()
            );
            let json: Vec<String> = diags.iter().map(|d| d.render_json()).collect();
            events.problems(&format!("[{}]", json.join(",")));
        }
        None => {
            for d in &outcome.warnings {
                let _ = write!(err, "{}", d.render_human());
            }
            let kind = match outcome.kind {
                Kind::Full => "full",
                Kind::Incremental => "incremental",
                Kind::FrontMatter => "front matter",
                Kind::Fast => "fast",
            };
            let _ = writeln!(
                err,
                "{} in {} ms ({kind}: {} page(s) rendered, {} file(s) written){}",
                if what.is_some() { "Rebuilt" } else { "Built" },
                outcome.duration.as_millis(),
                outcome.pages_rendered,
                outcome.files_written,
                what.map(|w| format!(" after {w}")).unwrap_or_default()
            );
            if outcome.urls.is_empty() {
                events.ok();
            } else {
                events.reload(&outcome.urls);
            }
        }
    }
}

/// Packs the search index on a background thread, at low priority, always from the
/// newest documents; a request arriving while it packs is handled right after.
fn spawn_indexer(out: PathBuf) -> SyncSender<Vec<crate::search::SearchDoc>> {
    let (tx, rx): (SyncSender<Vec<crate::search::SearchDoc>>, Receiver<_>) = sync_channel(1);
    let _ = std::thread::Builder::new()
        .name("search-index".into())
        .spawn(move || {
            lower_thread_priority();
            // Packing compresses in parallel; one low-priority thread leaves the other
            // cores to the rebuilds the editor is waiting for.
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(1)
                .thread_name(|_| "search-index-pool".into())
                .start_handler(|_| lower_thread_priority())
                .build()
                .ok();
            let mut previous: std::collections::BTreeSet<String> = Default::default();
            while let Ok(mut docs) = rx.recv() {
                while let Ok(newer) = rx.try_recv() {
                    docs = newer;
                }
                let started = Instant::now();
                let packed = match &pool {
                    Some(pool) => pool.install(|| crate::pipeline::extensions::search_index(&docs)),
                    None => crate::pipeline::extensions::search_index(&docs),
                };
                match packed {
                    Ok(files) => {
                        let now: std::collections::BTreeSet<String> =
                            files.iter().map(|f| f.path.clone()).collect();
                        // The manifest last: once it names a new index, every file of
                        // that index (and its compressed copies) is in place.
                        let (manifest, rest): (Vec<_>, Vec<_>) = files
                            .into_iter()
                            .partition(|f| f.path.ends_with(crate::search::MANIFEST));
                        let written = engine::write_files(&out, &rest)
                            .and_then(|()| engine::write_files(&out, &manifest));
                        if written.is_ok() {
                            for stale in previous.difference(&now) {
                                let _ = std::fs::remove_file(out.join(stale));
                            }
                            previous = now;
                            eprintln!(
                                "Search index updated: {} pages in {} ms",
                                docs.len(),
                                started.elapsed().as_millis()
                            );
                        }
                    }
                    Err(d) => eprint!("{}", d.render_human()),
                }
            }
        });
    tx
}

#[cfg(target_os = "linux")]
fn lower_thread_priority() {
    // SAFETY: plain system calls on the calling thread; failure only leaves the priority.
    unsafe {
        let tid = libc::syscall(libc::SYS_gettid) as libc::id_t;
        libc::setpriority(libc::PRIO_PROCESS, tid, 10);
    }
}

#[cfg(not(target_os = "linux"))]
fn lower_thread_priority() {}
