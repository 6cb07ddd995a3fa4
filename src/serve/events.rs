//! Server-sent events to open pages: `reload` after a rebuild (with the URLs that
//! changed), `problems` when a rebuild failed (the diagnostics, as the JSON objects of
//! `--format json`), `ok` when the site is good again. A page that connects while the
//! site has problems is told at once.

use std::io::Write;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender, TrySendError};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Open event streams beyond this are refused (503), so a runaway page cannot exhaust
/// the server's threads.
pub const MAX_CLIENTS: usize = 64;

#[derive(Default)]
struct Inner {
    clients: Vec<SyncSender<Arc<String>>>,
    /// The `problems` event to replay to new clients while the site is broken.
    current_problem: Option<Arc<String>>,
}

#[derive(Clone, Default)]
pub struct Events {
    inner: Arc<Mutex<Inner>>,
}

fn frame(event: &str, data: &str) -> String {
    let mut s = format!("event: {event}\n");
    for line in data.lines() {
        s.push_str("data: ");
        s.push_str(line);
        s.push('\n');
    }
    s.push('\n');
    s
}

impl Events {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A panic elsewhere while holding the lock leaves the list usable.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn broadcast(&self, msg: String) {
        let msg = Arc::new(msg);
        self.lock()
            .clients
            .retain(|c| match c.try_send(msg.clone()) {
                Ok(()) => true,
                // A client too slow to take 16 queued events is dropped; it reconnects.
                Err(TrySendError::Full(_)) | Err(TrySendError::Disconnected(_)) => false,
            });
    }

    /// Pages showing any of `urls` (or every page, for `*`) reload.
    pub fn reload(&self, urls: &[String]) {
        let data = serde_json::json!({ "urls": urls }).to_string();
        let ok = frame("ok", "{}");
        let had_problem = self.lock().current_problem.take().is_some();
        if had_problem {
            self.broadcast(ok);
        }
        self.broadcast(frame("reload", &data));
    }

    /// The site is good again without any page changing (e.g. an error was undone).
    pub fn ok(&self) {
        if self.lock().current_problem.take().is_some() {
            self.broadcast(frame("ok", "{}"));
        }
    }

    /// The last rebuild failed: `diagnostics_json` is a JSON array of diagnostics.
    pub fn problems(&self, diagnostics_json: &str) {
        let msg = frame("problems", diagnostics_json);
        self.lock().current_problem = Some(Arc::new(msg.clone()));
        self.broadcast(msg);
    }

    /// Stream events to one client until it goes away. Runs on its own thread.
    pub fn stream(&self, mut out: Box<dyn Write + Send>) {
        let rx: Receiver<Arc<String>> = {
            let mut inner = self.lock();
            if inner.clients.len() >= MAX_CLIENTS {
                let _ = out.write_all(
                    b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                );
                return;
            }
            let (tx, rx) = sync_channel(16);
            if let Some(p) = &inner.current_problem {
                let _ = tx.try_send(p.clone());
            }
            inner.clients.push(tx);
            rx
        };
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n\
                    Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n\
                    Connection: keep-alive\r\n\r\nretry: 1000\n\n";
        if out
            .write_all(head.as_bytes())
            .and_then(|_| out.flush())
            .is_err()
        {
            return;
        }
        loop {
            let chunk = match rx.recv_timeout(Duration::from_secs(15)) {
                Ok(msg) => msg.as_str().to_string(),
                // A comment keeps proxies from closing the stream and finds dead clients.
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => ": ping\n\n".to_string(),
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return,
            };
            if out
                .write_all(chunk.as_bytes())
                .and_then(|_| out.flush())
                .is_err()
            {
                return;
            }
        }
    }

    pub fn client_count(&self) -> usize {
        self.lock().clients.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_split_data_lines() {
        assert_eq!(frame("x", "a\nb"), "event: x\ndata: a\ndata: b\n\n");
    }
}
