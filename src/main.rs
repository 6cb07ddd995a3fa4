//! The command line: parse arguments, call the library, print diagnostics, map outcomes
//! to exit codes (0 ok, 1 content errors, 2 usage or I/O errors, 3 no network for
//! `check --external`).

use clap::{Parser, Subcommand, ValueEnum};
use kunskapsnav::{build, BuildFailure, BuildOptions, Diagnostics};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// mimalloc rather than the system allocator: profiles of large builds showed malloc and
/// free as the top symbols (millions of short strings from parsing and analysis).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "kunskapsnav",
    version,
    about = "Builds the knowledge hub on human trafficking and exploitation: Markdown, YAML and a theme in, a static site out.",
    long_about = None,
    after_help = "Exit codes: 0 success, 1 content errors (the messages say where), 2 usage or I/O errors,\n3 `check --external` found no network (no link was judged).\nDocumentation: README.md and docs/ in the repository."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Format {
    /// Readable messages with the source line and a hint
    Human,
    /// One JSON object per line (see docs/diagnostics.md)
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (atomically: a failed build changes nothing)
    Build {
        /// The site folder, with kunskapsnav.yaml, content/, data/ and themes/
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site [default: public/ under the root]
        #[arg(long)]
        out: Option<PathBuf>,
        /// Override base_url from the configuration, e.g. https://example.org/kunskap/
        #[arg(long)]
        base_url: Option<String>,
        /// Include pages with `draft: true`
        #[arg(long)]
        drafts: bool,
        /// Treat warnings as errors
        #[arg(long)]
        strict: bool,
        /// Replace a non-empty output folder even if kunskapsnav did not create it
        #[arg(long)]
        force: bool,
        /// How to print diagnostics
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
    },
    /// Run every validation and render in memory; write nothing
    Check {
        /// The site folder
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Include pages with `draft: true`
        #[arg(long)]
        drafts: bool,
        /// Treat warnings as errors
        #[arg(long)]
        strict: bool,
        /// Also ask every external URL in content, data and configuration whether it
        /// still leads somewhere (network; results cached, see docs/configuration.md)
        #[arg(long)]
        external: bool,
        /// How to print diagnostics
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
    },
    /// List the pages whose review is overdue or due within 30 days, soonest first
    Review {
        /// The site folder
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Only the pages of this owner (an id of data/agare.yaml)
        #[arg(long)]
        owner: Option<String>,
        /// Plain lines or a JSON array
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
    },
    /// Search a built site with the same code the browser runs, e.g. to test queries
    Search {
        /// The query: words (all must match), "a phrase", -excluded, case numbers, provisions
        #[arg(allow_hyphen_values = true)]
        query: String,
        /// The site folder
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The built site [default: public/ under the root]
        #[arg(long)]
        out: Option<PathBuf>,
        /// Facet filter NAME=VALUE, repeatable (kind, court, instance, year, provision, outcome, exploitation, audience)
        #[arg(long = "filter", value_name = "NAME=VALUE")]
        filters: Vec<String>,
        /// Plain lines (URL, kind, title, snippet) or JSON
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
    },
    /// Preview the site: build, serve on 127.0.0.1:1111, rebuild and reload on every save
    Serve {
        /// The site folder
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The port; 0 picks a free one (the address is printed on standard output)
        #[arg(long, default_value_t = kunskapsnav::serve::DEFAULT_PORT)]
        port: u16,
        /// The address to listen on; only this computer can connect to the default.
        /// Use 0.0.0.0 to let other computers in (on purpose: they see drafts too)
        #[arg(long, default_value = kunskapsnav::serve::DEFAULT_BIND)]
        bind: std::net::IpAddr,
        /// Include pages with `draft: true`
        #[arg(long)]
        drafts: bool,
        /// Serve from this folder [default: a private temporary folder, removed on exit]
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Create a new content file with a documented front matter template
    New {
        /// What to create
        #[arg(value_enum)]
        kind: kunskapsnav::editing::new::NewKind,
        /// The title; the file name (and URL) is made from it
        title: String,
        /// The site folder
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Per language: translations up to date, behind their Swedish source, not stamped;
    /// pages missing (required or not); orphaned translations
    Translations {
        /// The site folder
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Plain text or JSON
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Fail (exit 1) when a required page is missing or a translation is orphaned
        #[arg(long)]
        strict: bool,
        /// Record that these translations match their source now (writes
        /// `source_fingerprint:` into each file's front matter)
        #[arg(long, num_args = 1.., value_name = "FILE")]
        stamp: Vec<PathBuf>,
    },
}

fn print_diagnostics(diags: &Diagnostics, format: Format) {
    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    for d in diags.iter() {
        let _ = match format {
            Format::Human => write!(err, "{}", d.render_human()),
            Format::Json => writeln!(err, "{}", d.render_json()),
        };
    }
}

fn summary_line(diags: &Diagnostics) -> String {
    format!(
        "{} error(s), {} warning(s)",
        diags.error_count(),
        diags.warning_count()
    )
}

fn run_build(opts: BuildOptions, format: Format) -> u8 {
    let started = std::time::Instant::now();
    match build(&opts) {
        Ok(report) => {
            print_diagnostics(&report.diagnostics, format);
            if format == Format::Human {
                for note in &report.notes {
                    eprintln!("note: {note}");
                }
            }
            if format == Format::Human {
                let steps: Vec<String> = report
                    .steps
                    .iter()
                    .map(|(n, d)| format!("{n} {} ms", d.as_millis()))
                    .collect();
                let verb = if opts.write { "Built" } else { "Checked" };
                let dest = if opts.write {
                    format!(" into {}", opts.out_dir().display())
                } else {
                    String::new()
                };
                eprintln!(
                    "{verb} {} pages, {} files ({} KB){dest} in {} ms ({}); {}",
                    report.pages,
                    report.files,
                    report.bytes / 1024,
                    started.elapsed().as_millis(),
                    steps.join(", "),
                    summary_line(&report.diagnostics)
                );
            }
            0
        }
        Err(failure) => {
            print_diagnostics(failure.diagnostics(), format);
            if format == Format::Human {
                let what = if opts.write { "build" } else { "check" };
                let kept = if opts.write {
                    "; the previous output was left untouched"
                } else {
                    ""
                };
                eprintln!(
                    "The {what} failed: {}{kept}.",
                    summary_line(failure.diagnostics())
                );
            }
            match failure {
                BuildFailure::Content(_) => 1,
                BuildFailure::Io(_) => 2,
            }
        }
    }
}

/// `check --external`: 1 for broken links (or warnings under `--strict`), 3 when no
/// network could be reached, 1 when the configuration cannot be read (the check before
/// has said why).
fn run_external(root: &std::path::Path, strict: bool, format: Format) -> u8 {
    let config = match kunskapsnav::load::config::Config::load(root) {
        Ok(c) => c,
        Err(d) => {
            // The check before has shown why; say only what was not done.
            if format == Format::Human {
                eprintln!("error: external links not checked: {}", d.message);
            }
            return 1;
        }
    };
    let report = kunskapsnav::external::check(root, &config);
    let mut diags = report.diagnostics;
    if strict {
        diags.promote_warnings();
    }
    print_diagnostics(&diags, format);
    if let Some(why) = &report.offline {
        eprintln!("error: external links not checked: {why}\n  = hint: connect to the network and run again; exit code 3 means no link was judged");
        return 3;
    }
    if format == Format::Human {
        eprintln!(
            "External links: {} URL(s), {} asked, {} from the cache, {} on excluded hosts, {} temporary redirect(s); {}",
            report.urls,
            report.asked,
            report.cached,
            report.excluded,
            report.temporary_redirects,
            summary_line(&diags)
        );
    }
    u8::from(kunskapsnav::pipeline::gate(&diags, strict))
}

fn run_search(
    root: &std::path::Path,
    out: Option<PathBuf>,
    query: &str,
    filters: &[String],
    format: Format,
) -> ExitCode {
    let mut pairs = Vec::new();
    for f in filters {
        match f.split_once('=') {
            Some((k, v)) if !k.trim().is_empty() => {
                pairs.push((k.trim().to_string(), v.trim().to_string()))
            }
            _ => {
                eprintln!("error: --filter `{f}` is not NAME=VALUE\n  = hint: e.g. --filter kind=rättsfall");
                return ExitCode::from(2);
            }
        }
    }
    let out = out.unwrap_or_else(|| root.join("public"));
    match kunskapsnav::search::run_cli_search(&out, query, &pairs, format == Format::Json) {
        Ok(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}\n  = hint: build the site first (kunskapsnav build), or pass --out to the built site");
            ExitCode::from(2)
        }
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    // Progress: a bar for people at a terminal, a few plain lines in CI logs, nothing
    // when the diagnostics are JSON (they share standard error).
    let progress = |format: Format| {
        if format == Format::Human {
            kunskapsnav::pipeline::progress::Progress::stderr()
        } else {
            kunskapsnav::pipeline::progress::Progress::none()
        }
    };
    match cli.command {
        Command::Build {
            root,
            out,
            base_url,
            drafts,
            strict,
            force,
            format,
        } => {
            let mut opts = BuildOptions::new(root);
            opts.out = out;
            opts.base_url = base_url;
            opts.drafts = drafts;
            opts.strict = strict;
            opts.force = force;
            opts.progress = progress(format);
            ExitCode::from(run_build(opts, format))
        }
        Command::Check {
            root,
            drafts,
            strict,
            external,
            format,
        } => {
            let mut opts = BuildOptions::new(root.clone());
            opts.drafts = drafts;
            opts.strict = strict;
            opts.write = false;
            opts.progress = progress(format);
            let code = run_build(opts, format);
            if !external {
                return ExitCode::from(code);
            }
            ExitCode::from(code.max(run_external(&root, strict, format)))
        }
        Command::Review {
            root,
            owner,
            format,
        } => {
            let opts = BuildOptions::new(root);
            match kunskapsnav::pipeline::review::due(&opts, owner.as_deref()) {
                Ok(list) => {
                    match format {
                        Format::Human => print!("{}", kunskapsnav::pipeline::review::human(&list)),
                        Format::Json => print!("{}", kunskapsnav::pipeline::review::json(&list)),
                    }
                    ExitCode::SUCCESS
                }
                Err(failure) => {
                    print_diagnostics(failure.diagnostics(), format);
                    ExitCode::from(match failure {
                        BuildFailure::Content(_) => 1,
                        BuildFailure::Io(_) => 2,
                    })
                }
            }
        }
        Command::Search {
            query,
            root,
            out,
            filters,
            format,
        } => run_search(&root, out, &query, &filters, format),
        Command::Serve {
            root,
            port,
            bind,
            drafts,
            out,
        } => match kunskapsnav::serve::run(kunskapsnav::serve::ServeOptions {
            root,
            bind,
            port,
            drafts,
            out,
        }) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {}\n  = hint: {}", e.message, e.hint);
                ExitCode::from(2)
            }
        },
        Command::Translations {
            root,
            format,
            strict,
            stamp,
        } => run_translations(&root, format, strict, &stamp),
        Command::New { kind, title, root } => {
            match kunskapsnav::editing::new::create(&root, kind, &title) {
                Ok(path) => {
                    println!("{}", path.display());
                    ExitCode::SUCCESS
                }
                Err(d) => {
                    eprint!("{}", d.render_human());
                    ExitCode::from(2)
                }
            }
        }
    }
}

fn run_translations(
    root: &std::path::Path,
    format: Format,
    strict: bool,
    stamp: &[PathBuf],
) -> ExitCode {
    use kunskapsnav::editing::translations as tr;
    if !stamp.is_empty() {
        let mut failed = false;
        for file in stamp {
            match tr::stamp(root, &root.join(file)) {
                Ok(print) => println!("{}: {print}", file.display()),
                Err(d) => {
                    eprint!("{}", d.render_human());
                    failed = true;
                }
            }
        }
        return if failed {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        };
    }
    let (reports, diags) = match tr::report(root) {
        Ok(r) => r,
        Err(d) => {
            eprint!("{}", d.render_human());
            return ExitCode::from(2);
        }
    };
    print_diagnostics(&diags, format);
    match format {
        Format::Human => print!("{}", tr::render_text(&reports)),
        Format::Json => match serde_json::to_string_pretty(&reports) {
            Ok(j) => println!("{j}"),
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        },
    }
    let failures = tr::strict_failures(&reports);
    if diags.has_errors() || (strict && failures > 0) {
        if strict && failures > 0 && format == Format::Human {
            eprintln!("--strict: {failures} required page(s) missing or translation(s) orphaned");
        }
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
