//! The preview's HTTP side: a fixed pool of threads answering from the output folder,
//! plus the two endpoints of live reload under `/__kunskapsnav/`. Every response carries
//! the site's security headers (the same policy as production, so the preview shows
//! what the policy allows) and `Cache-Control: no-store`.

use super::events::Events;
use super::paths::{self, Refusal, Resolved};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tiny_http::{Header, Method, Request, Response, Server, StatusCode};

pub const RELOAD_JS_PATH: &str = "/__kunskapsnav/reload.js";
pub const EVENTS_PATH: &str = "/__kunskapsnav/events";
const RELOAD_JS: &str = include_str!("reload.js");
/// Inserted before `</body>` of every HTML response — at serve time only.
pub const RELOAD_TAG: &str = "<script src=\"/__kunskapsnav/reload.js\" defer></script>";

pub struct HttpState {
    /// The output folder, canonical.
    pub root: PathBuf,
    /// The site's base path, e.g. `/` or `/kunskap/`.
    pub base_path: String,
    pub events: Events,
}

/// Answer requests on `threads` threads until the server is unblocked.
pub fn spawn_workers(
    server: Arc<Server>,
    state: Arc<HttpState>,
    threads: usize,
) -> Vec<std::thread::JoinHandle<()>> {
    (0..threads)
        .map(|i| {
            let server = server.clone();
            let state = state.clone();
            std::thread::Builder::new()
                .name(format!("http-{i}"))
                .spawn(move || {
                    while let Ok(req) = server.recv() {
                        handle(req, &state);
                    }
                })
                .ok()
        })
        .collect::<Vec<_>>()
        .into_iter()
        .flatten()
        .collect()
}

fn header(name: &str, value: &str) -> Option<Header> {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).ok()
}

fn respond(req: Request, status: u16, content_type: &str, body: Vec<u8>, extra: &[(&str, &str)]) {
    // Always a Content-Length (the body is in memory), never chunked.
    let mut resp = Response::from_data(body)
        .with_status_code(StatusCode(status))
        .with_chunked_threshold(usize::MAX);
    let mut headers: Vec<(&str, &str)> = vec![
        ("Content-Type", content_type),
        ("Cache-Control", "no-store"),
    ];
    headers.extend(crate::emit::headers::security_headers());
    headers.extend_from_slice(extra);
    for (n, v) in headers {
        if let Some(h) = header(n, v) {
            resp.add_header(h);
        }
    }
    // The client may have gone; nothing to do about it.
    let _ = req.respond(resp);
}

fn plain(req: Request, status: u16, text: &str) {
    respond(
        req,
        status,
        "text/plain; charset=utf-8",
        text.as_bytes().to_vec(),
        &[],
    );
}

/// Insert the reload script before the last `</body>` (or at the end).
pub fn inject_reload(html: &[u8]) -> Vec<u8> {
    let tag = RELOAD_TAG.as_bytes();
    let pos = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..pos]);
    out.extend_from_slice(tag);
    out.extend_from_slice(&html[pos..]);
    out
}

fn request_header<'a>(req: &'a Request, name: &'static str) -> &'a str {
    req.headers()
        .iter()
        .find(|h| h.field.equiv(name))
        .map(|h| h.value.as_str())
        .unwrap_or("")
}

fn handle(req: Request, state: &HttpState) {
    if !matches!(req.method(), Method::Get | Method::Head) {
        return respond(
            req,
            405,
            "text/plain; charset=utf-8",
            b"Only GET and HEAD.\n".to_vec(),
            &[("Allow", "GET, HEAD")],
        );
    }
    let path_only = req.url().split(['?', '#']).next().unwrap_or("").to_string();
    if path_only == RELOAD_JS_PATH {
        return respond(
            req,
            200,
            "text/javascript; charset=utf-8",
            RELOAD_JS.as_bytes().to_vec(),
            &[],
        );
    }
    if path_only == EVENTS_PATH {
        let events = state.events.clone();
        let writer = req.into_writer();
        // A stream holds its connection open: it gets a thread of its own, not a worker.
        let _ = std::thread::Builder::new()
            .name("sse".into())
            .spawn(move || events.stream(writer));
        return;
    }
    if path_only == "/" && state.base_path != "/" {
        return respond(
            req,
            302,
            "text/plain; charset=utf-8",
            Vec::new(),
            &[("Location", state.base_path.as_str())],
        );
    }
    let rel = match paths::site_relative(req.url(), &state.base_path) {
        Ok(r) => r,
        Err(Refusal::BadRequest) => return plain(req, 400, "Felaktig adress.\n"),
        Err(Refusal::Forbidden) => return plain(req, 403, "Adressen pekar utanför webbplatsen.\n"),
        Err(Refusal::NotFound) => return not_found(req, state),
    };
    match paths::resolve_file(&state.root, &rel) {
        Ok(Resolved::File(file)) => serve_file(req, state, &file),
        Ok(Resolved::AddSlash) => {
            let location = format!("{path_only}/");
            respond(
                req,
                301,
                "text/plain; charset=utf-8",
                Vec::new(),
                &[("Location", location.as_str())],
            )
        }
        Ok(Resolved::Missing) => not_found(req, state),
        Err(_) => plain(req, 403, "Adressen pekar utanför webbplatsen.\n"),
    }
}

fn serve_file(req: Request, state: &HttpState, file: &Path) {
    let content_type = paths::content_type(file);
    if content_type.starts_with("text/html") {
        return match std::fs::read(file) {
            Ok(bytes) => respond(req, 200, content_type, inject_reload(&bytes), &[]),
            Err(_) => not_found(req, state),
        };
    }
    let accept = request_header(&req, "Accept-Encoding").to_string();
    let mut has_sibling = false;
    for (ext, coding) in [("br", "br"), ("gz", "gzip")] {
        let mut name = file.as_os_str().to_owned();
        name.push(format!(".{ext}"));
        let sibling = PathBuf::from(name);
        let inside = sibling
            .canonicalize()
            .is_ok_and(|real| real.starts_with(&state.root) && real.is_file());
        if !inside {
            continue;
        }
        has_sibling = true;
        if paths::accepts(&accept, coding) {
            if let Ok(bytes) = std::fs::read(&sibling) {
                return respond(
                    req,
                    200,
                    content_type,
                    bytes,
                    &[("Content-Encoding", coding), ("Vary", "Accept-Encoding")],
                );
            }
        }
    }
    let vary: &[(&str, &str)] = if has_sibling {
        &[("Vary", "Accept-Encoding")]
    } else {
        &[]
    };
    match std::fs::read(file) {
        Ok(bytes) => respond(req, 200, content_type, bytes, vary),
        Err(_) => not_found(req, state),
    }
}

fn not_found(req: Request, state: &HttpState) {
    match std::fs::read(state.root.join("404.html")) {
        Ok(bytes) => respond(
            req,
            404,
            "text/html; charset=utf-8",
            inject_reload(&bytes),
            &[],
        ),
        Err(_) => plain(req, 404, "Sidan finns inte.\n"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reload_script_goes_before_the_last_body_end() {
        let out = inject_reload(b"<html><body><p>x</p></body></html>");
        assert_eq!(
            String::from_utf8_lossy(&out),
            format!("<html><body><p>x</p>{RELOAD_TAG}</body></html>")
        );
        let out = inject_reload(b"<p>no body</p>");
        assert!(String::from_utf8_lossy(&out).ends_with(RELOAD_TAG));
    }
}
