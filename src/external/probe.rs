//! Asking one URL: HEAD first, GET when HEAD is refused or answered with an error (some
//! servers do not implement HEAD), redirects followed one hop at a time so that each is
//! seen, retries after timeouts, failed connections and 5xx answers.

use serde::{Deserialize, Serialize};
use std::time::Duration;

/// What asking a URL gave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Outcome {
    /// A 2xx answer at the URL itself.
    Ok { status: u16 },
    /// One or more redirects, then a 2xx answer at `to`. `permanent` when the first hop
    /// was 301 or 308: the link should be changed to `to`.
    Redirected {
        permanent: bool,
        to: String,
        status: u16,
    },
    /// A 4xx or 5xx answer (after redirects, if any, at `at`).
    Broken { status: u16, at: String },
    /// The server was reached but gave no usable answer (closed the connection, answered
    /// too slowly, redirected in a loop, spoke no HTTP).
    Failed { reason: String },
    /// No connection could be made (name not found, refused, no route): either the host
    /// is gone or this computer has no network.
    Unreachable { reason: String },
}

impl Outcome {
    /// Whether the outcome may be kept in the cache: only good answers are, so that a
    /// broken link is asked again on every run until it is fixed.
    pub fn cacheable(&self) -> bool {
        matches!(self, Outcome::Ok { .. } | Outcome::Redirected { .. })
    }
}

pub struct Prober {
    agent: ureq::Agent,
    retries: u32,
    backoff: Duration,
}

const MAX_HOPS: usize = 10;

impl Prober {
    pub fn new(timeout: Duration, retries: u32, user_agent: &str) -> Prober {
        let agent = ureq::Agent::config_builder()
            .timeout_global(Some(timeout))
            .max_redirects(0)
            .http_status_as_error(false)
            .user_agent(user_agent)
            .build()
            .new_agent();
        Prober {
            agent,
            retries,
            backoff: Duration::from_millis(250),
        }
    }

    pub fn probe(&self, url: &str) -> Outcome {
        let mut current = url.to_string();
        let mut first_hop_permanent = None;
        for _ in 0..=MAX_HOPS {
            let answer = match self.ask_with_retries(&current) {
                Ok(a) => a,
                Err(outcome) => return outcome,
            };
            match answer {
                Answer::Status(status) if (200..300).contains(&status) => {
                    return match first_hop_permanent {
                        None => Outcome::Ok { status },
                        Some(permanent) => Outcome::Redirected {
                            permanent,
                            to: current,
                            status,
                        },
                    };
                }
                Answer::Redirect(status, location) => {
                    first_hop_permanent.get_or_insert(matches!(status, 301 | 308));
                    current = join(&current, &location);
                }
                Answer::Status(status) => {
                    return Outcome::Broken {
                        status,
                        at: current,
                    }
                }
            }
        }
        Outcome::Failed {
            reason: format!("more than {MAX_HOPS} redirects"),
        }
    }

    /// HEAD, then GET if HEAD did not give a good answer or a redirect.
    fn ask_with_retries(&self, url: &str) -> Result<Answer, Outcome> {
        let mut last = None;
        for attempt in 0..=self.retries {
            if attempt > 0 {
                std::thread::sleep(self.backoff * attempt);
            }
            let result = match self.ask(url, Method::Head) {
                Ok(Answer::Status(s)) if s >= 400 => self.ask(url, Method::Get),
                other => other,
            };
            match result {
                Ok(Answer::Status(s)) if s >= 500 => last = Some(Ok(Answer::Status(s))),
                Ok(answer) => return Ok(answer),
                Err(outcome) => last = Some(Err(outcome)),
            }
        }
        last.unwrap_or_else(|| {
            Err(Outcome::Failed {
                reason: "no answer".into(),
            })
        })
    }

    fn ask(&self, url: &str, method: Method) -> Result<Answer, Outcome> {
        let response = match method {
            Method::Head => self.agent.head(url).call(),
            Method::Get => self.agent.get(url).call(),
        };
        match response {
            Ok(r) => {
                let status = r.status().as_u16();
                if (300..400).contains(&status) {
                    let location = r
                        .headers()
                        .get("location")
                        .and_then(|v| v.to_str().ok())
                        .map(str::to_string);
                    return match location {
                        Some(l) if !l.trim().is_empty() => Ok(Answer::Redirect(status, l)),
                        _ => Ok(Answer::Status(status)),
                    };
                }
                Ok(Answer::Status(status))
            }
            Err(e) => Err(classify(&e)),
        }
    }
}

enum Method {
    Head,
    Get,
}

enum Answer {
    Status(u16),
    Redirect(u16, String),
}

fn classify(e: &ureq::Error) -> Outcome {
    use ureq::Error as E;
    let unreachable = |reason: &str| Outcome::Unreachable {
        reason: reason.to_string(),
    };
    match e {
        E::HostNotFound => unreachable("host name not found"),
        E::ConnectionFailed => unreachable("connection failed"),
        E::Timeout(ureq::Timeout::Resolve) => unreachable("host name lookup timed out"),
        E::Timeout(ureq::Timeout::Connect) => unreachable("connecting timed out"),
        E::Io(io) if is_connect_error(io.kind()) => unreachable(&format!("cannot connect: {io}")),
        E::Timeout(_) => Outcome::Failed {
            reason: "no answer within the timeout".into(),
        },
        E::Io(io) => Outcome::Failed {
            reason: format!("the connection broke: {io}"),
        },
        E::BadUri(u) => Outcome::Failed {
            reason: format!("not a valid URL: {u}"),
        },
        other => Outcome::Failed {
            reason: other.to_string(),
        },
    }
}

fn is_connect_error(kind: std::io::ErrorKind) -> bool {
    use std::io::ErrorKind as K;
    matches!(
        kind,
        K::ConnectionRefused | K::NetworkUnreachable | K::HostUnreachable | K::AddrNotAvailable
    )
}

/// `location` resolved against `base`, as a browser would for the common forms.
pub fn join(base: &str, location: &str) -> String {
    let location = location.trim();
    if location.contains("://") {
        return location.to_string();
    }
    let (scheme, rest) = base.split_once("://").unwrap_or(("https", base));
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    if let Some(net) = location.strip_prefix("//") {
        return format!("{scheme}://{net}");
    }
    if location.starts_with('/') {
        return format!("{scheme}://{authority}{location}");
    }
    let path = &rest[authority_end..];
    let path = path.split(['?', '#']).next().unwrap_or("");
    let dir = match path.rfind('/') {
        Some(i) => &path[..=i],
        None => "/",
    };
    format!("{scheme}://{authority}{dir}{location}")
}

/// The host of a URL, lower case, without port or user.
pub fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let authority = authority.rsplit('@').next().unwrap_or(authority);
    let host = if authority.starts_with('[') {
        authority
            .split(']')
            .next()
            .map(|h| format!("{h}]"))
            .unwrap_or_default()
    } else {
        authority.split(':').next().unwrap_or("").to_string()
    };
    host.to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_are_joined() {
        assert_eq!(join("https://a.se/x/y?q", "/z"), "https://a.se/z");
        assert_eq!(join("https://a.se/x/y", "z"), "https://a.se/x/z");
        assert_eq!(join("http://a.se", "z"), "http://a.se/z");
        assert_eq!(join("https://a.se/x", "//b.se/"), "https://b.se/");
        assert_eq!(join("https://a.se/x", "http://c.se/"), "http://c.se/");
    }

    #[test]
    fn hosts_are_lower_case_without_port() {
        assert_eq!(host_of("https://User@WWW.A.se:8443/p"), "www.a.se");
        assert_eq!(host_of("http://127.0.0.1:80"), "127.0.0.1");
    }
}
