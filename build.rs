//! Builds kunskapsnav's search for the browser: compiles `crates/search-wasm` for
//! wasm32-unknown-unknown with a nested cargo (release profile: opt-level "z", LTO,
//! panic=abort, strip) into its own target directory, and copies the module to
//! `$OUT_DIR/kunskapsnav_search.wasm`, which `src/search` embeds with `include_bytes!`.
//!
//! Why a nested cargo: the module is a different target and profile than the host build;
//! cargo has no per-dependency target. Its own target directory avoids a deadlock on the
//! outer one's lock. Environment the outer cargo set for this script (rustflags, profile,
//! wrappers such as clippy-driver) is removed so it cannot leak into the wasm build.
//!
//! The module is also precompressed here (`.gz`, `.br` beside it in `$OUT_DIR`), once per
//! change of the module rather than on every site build.
//!
//! When binaryen's `wasm-opt` is at hand (`KUNSKAPSNAV_WASM_OPT=/path/to/wasm-opt`, else
//! `crates/search-wasm/node_modules/.bin/wasm-opt` from `npm ci` there, else `wasm-opt` on
//! the PATH) the module is shrunk further with `wasm-opt -Oz` (features named, not
//! guessed: the stripped module has no target-features section). Without it the build
//! works the same and says, in one line, that the step was skipped. Its output is kept
//! beside the module, named by the input's checksum, so it runs once per change.
//!
//! Escape hatch: `KUNSKAPSNAV_SEARCH_WASM=/path/to/module.wasm` embeds a prebuilt module.

use std::env;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{exit, Command};

const TARGET: &str = "wasm32-unknown-unknown";
const MODULE: &str = "kunskapsnav_search.wasm";

fn fail(message: &str) -> ! {
    eprintln!("error: {message}");
    exit(1);
}

fn main() {
    for path in [
        "build.rs",
        "crates/search/src",
        "crates/search/Cargo.toml",
        "crates/search-wasm/src",
        "crates/search-wasm/Cargo.toml",
        "crates/search-wasm/Cargo.lock",
        "crates/search-wasm/.cargo/config.toml",
    ] {
        println!("cargo:rerun-if-changed={path}");
    }
    println!("cargo:rerun-if-env-changed=KUNSKAPSNAV_SEARCH_WASM");
    println!("cargo:rerun-if-env-changed=KUNSKAPSNAV_WASM_OPT");
    let root = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").unwrap_or_else(|| ".".into()));
    let out_dir = match env::var_os("OUT_DIR") {
        Some(d) => PathBuf::from(d),
        None => fail("OUT_DIR is not set (this build script must be run by cargo)"),
    };
    let dest = out_dir.join(MODULE);
    if let Some(prebuilt) = env::var_os("KUNSKAPSNAV_SEARCH_WASM") {
        copy(Path::new(&prebuilt), &dest);
        return;
    }
    let rustc = env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    ensure_target(&rustc);
    let target_dir = env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
        .join("wasm-search");
    let crate_dir = root.join("crates/search-wasm");
    let cargo = env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(&crate_dir)
        .arg("build")
        .arg("--release")
        .arg("--target")
        .arg(TARGET)
        .arg("--target-dir")
        .arg(&target_dir);
    for (key, _) in env::vars_os() {
        let key_str = key.to_string_lossy();
        let keep = [
            "CARGO_HOME",
            "CARGO_NET_",
            "CARGO_HTTP_",
            "CARGO_REGISTRIES_",
            "CARGO_REGISTRY_",
        ]
        .iter()
        .any(|k| key_str.starts_with(k));
        let drop = (key_str.starts_with("CARGO_") && !keep)
            || [
                "RUSTFLAGS",
                "RUSTDOCFLAGS",
                "RUSTC_WORKSPACE_WRAPPER",
                "TARGET",
                "HOST",
                "OUT_DIR",
                "PROFILE",
                "OPT_LEVEL",
                "DEBUG",
                "NUM_JOBS",
                "MAKEFLAGS",
                "MFLAGS",
            ]
            .contains(&key_str.as_ref());
        if drop {
            cmd.env_remove(&key);
        }
    }
    // The one flag the module needs: getrandom's custom backend (see crates/search-wasm).
    // The path remaps keep the checkout's and cargo's folders out of the module (panic
    // locations name source files), so the same commit gives the same bytes wherever it
    // is checked out.
    let mut flags = String::from("--cfg\u{1f}getrandom_backend=\"custom\"");
    let cargo_home = env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")));
    for (from, to) in [(Some(root.clone()), "/kunskapsnav"), (cargo_home, "/cargo")] {
        if let Some(from) = from.and_then(|f| f.to_str().map(str::to_owned)) {
            flags.push_str(&format!("\u{1f}--remap-path-prefix={from}={to}"));
        }
    }
    cmd.env("CARGO_ENCODED_RUSTFLAGS", flags);
    cmd.env("RUSTC", &rustc);
    let output = match cmd.output() {
        Ok(o) => o,
        Err(e) => fail(&format!(
            "could not run cargo to build the search module: {e}"
        )),
    };
    if !output.status.success() {
        eprintln!("{}", String::from_utf8_lossy(&output.stderr));
        fail("building the WebAssembly search module (crates/search-wasm) failed; see above");
    }
    let built = target_dir.join(TARGET).join("release").join(MODULE);
    let module = optimise(&root, &built);
    copy(&module, &dest);
}

/// The features rustc's wasm32-unknown-unknown target enables (and the module may use).
const WASM_FEATURES: &[&str] = &[
    "--enable-bulk-memory",
    "--enable-mutable-globals",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-reference-types",
    "--enable-multivalue",
];

/// `wasm-opt`, if one is available.
fn find_wasm_opt(root: &Path) -> Option<OsString> {
    let candidates: Vec<OsString> = match env::var_os("KUNSKAPSNAV_WASM_OPT") {
        Some(path) => vec![path],
        None => vec![
            root.join("crates/search-wasm/node_modules/.bin/wasm-opt")
                .into_os_string(),
            "wasm-opt".into(),
        ],
    };
    candidates.into_iter().find(|c| {
        Command::new(c)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

/// The module after `wasm-opt -Oz`, or `built` itself when wasm-opt is absent or fails.
fn optimise(root: &Path, built: &Path) -> PathBuf {
    let Some(wasm_opt) = find_wasm_opt(root) else {
        println!(
            "cargo:warning=wasm-opt not found: the search module is not optimised further (optional; `npm ci` in crates/search-wasm installs it)"
        );
        return built.to_path_buf();
    };
    let bytes = std::fs::read(built)
        .unwrap_or_else(|e| fail(&format!("cannot read {}: {e}", built.display())));
    let version = Command::new(&wasm_opt)
        .arg("--version")
        .output()
        .map(|o| o.stdout)
        .unwrap_or_default();
    let key = checksum(&[&bytes, &version, WASM_FEATURES.join(" ").as_bytes()]);
    let out = built.with_file_name(format!("kunskapsnav_search.opt-{key:016x}.wasm"));
    if out.is_file() {
        return out;
    }
    let tmp = out.with_extension("tmp.wasm");
    let status = Command::new(&wasm_opt)
        .arg("-Oz")
        .args(WASM_FEATURES)
        .arg("--strip-debug")
        .arg("--strip-producers")
        .arg(built)
        .arg("-o")
        .arg(&tmp)
        .output();
    match status {
        Ok(o) if o.status.success() && std::fs::rename(&tmp, &out).is_ok() => out,
        Ok(o) => {
            let _ = std::fs::remove_file(&tmp);
            println!(
                "cargo:warning=wasm-opt failed, the search module is used as built: {}",
                String::from_utf8_lossy(&o.stderr)
                    .lines()
                    .next()
                    .unwrap_or("")
            );
            built.to_path_buf()
        }
        Err(e) => {
            println!(
                "cargo:warning=wasm-opt could not run, the search module is used as built: {e}"
            );
            built.to_path_buf()
        }
    }
}

/// FNV-1a over the parts (a cache key, not a security measure).
fn checksum(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in part.iter().chain(&[0xff]) {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// Copies the module to `to` and writes `to.gz` and `to.br`, unless they are current.
fn copy(from: &Path, to: &Path) {
    let bytes = std::fs::read(from)
        .unwrap_or_else(|e| fail(&format!("cannot read {}: {e}", from.display())));
    let gz_path = to.with_extension("wasm.gz");
    let br_path = to.with_extension("wasm.br");
    if std::fs::read(to).ok().as_deref() == Some(bytes.as_slice())
        && gz_path.is_file()
        && br_path.is_file()
    {
        return;
    }
    let write = |path: &Path, data: &[u8]| {
        if let Err(e) = std::fs::write(path, data) {
            fail(&format!("cannot write {}: {e}", path.display()));
        }
    };
    write(&gz_path, &compress_gzip(&bytes));
    write(&br_path, &compress_brotli(&bytes));
    write(to, &bytes);
}

fn compress_gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(bytes)
        .and_then(|()| enc.finish())
        .unwrap_or_else(|e| fail(&format!("gzip: {e}")))
}

fn compress_brotli(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut out = Vec::new();
    {
        let mut enc = brotli::CompressorWriter::new(&mut out, 64 * 1024, 11, 22);
        if let Err(e) = enc.write_all(bytes).and_then(|()| enc.flush()) {
            fail(&format!("brotli: {e}"));
        }
    }
    out
}

/// True when the standard library for wasm32 is installed for this rustc.
fn has_target(rustc: &OsString) -> bool {
    let out = Command::new(rustc)
        .args(["--print", "target-libdir", "--target", TARGET])
        .output();
    match out {
        Ok(o) if o.status.success() => {
            let dir = PathBuf::from(String::from_utf8_lossy(&o.stdout).trim());
            std::fs::read_dir(dir)
                .map(|entries| {
                    entries
                        .flatten()
                        .any(|e| e.file_name().to_string_lossy().starts_with("libcore-"))
                })
                .unwrap_or(false)
        }
        _ => false,
    }
}

fn ensure_target(rustc: &OsString) {
    if has_target(rustc) {
        return;
    }
    let added = Command::new("rustup")
        .args(["target", "add", TARGET])
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    if added && has_target(rustc) {
        return;
    }
    fail(&format!(
        "the Rust target {TARGET} is not installed; it is needed to build the search \
         module that runs in the browser. Add it with:\n\n    rustup target add {TARGET}\n"
    ));
}
