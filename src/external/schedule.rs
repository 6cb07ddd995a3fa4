//! Bounded concurrency: a few worker threads take URLs from per-host queues, never more
//! than `per_host` requests to one host at a time, so that a check does not hammer a site.

use std::collections::VecDeque;
use std::sync::{Condvar, Mutex};

struct Host<T> {
    queue: VecDeque<T>,
    in_flight: usize,
}

struct State<T> {
    hosts: Vec<Host<T>>,
}

/// Run `work` on every job, `workers` at a time, at most `per_host` per group. Results
/// come back in the order of `jobs` within each group, groups in the order given.
pub fn run<T, R, F>(groups: Vec<Vec<T>>, workers: usize, per_host: usize, work: F) -> Vec<R>
where
    T: Send,
    R: Send,
    F: Fn(&T) -> R + Sync,
{
    let total: usize = groups.iter().map(Vec::len).sum();
    let state = Mutex::new(State {
        hosts: groups
            .into_iter()
            .map(|g| Host {
                queue: g.into(),
                in_flight: 0,
            })
            .collect(),
    });
    let wake = Condvar::new();
    let results: Mutex<Vec<(usize, usize, R)>> = Mutex::new(Vec::with_capacity(total));
    let next = |state: &Mutex<State<T>>| -> Option<(usize, usize, T)> {
        let mut s = state.lock().unwrap_or_else(|p| p.into_inner());
        loop {
            if s.hosts.iter().all(|h| h.queue.is_empty()) {
                return None;
            }
            let pick = s
                .hosts
                .iter()
                .position(|h| !h.queue.is_empty() && h.in_flight < per_host);
            if let Some(i) = pick {
                let host = &mut s.hosts[i];
                host.in_flight += 1;
                let index = host.queue.len();
                let job = host.queue.pop_front()?;
                return Some((i, index, job));
            }
            s = wake.wait(s).unwrap_or_else(|p| p.into_inner());
        }
    };
    std::thread::scope(|scope| {
        for _ in 0..workers.clamp(1, total.max(1)) {
            scope.spawn(|| {
                while let Some((host, left, job)) = next(&state) {
                    let r = work(&job);
                    {
                        let mut s = state.lock().unwrap_or_else(|p| p.into_inner());
                        s.hosts[host].in_flight -= 1;
                    }
                    wake.notify_all();
                    results
                        .lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .push((host, left, r));
                }
            });
        }
    });
    let mut results = results.into_inner().unwrap_or_else(|p| p.into_inner());
    // `left` counts down within a group: the first job had the most left.
    results.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    results.into_iter().map(|(_, _, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn never_more_than_per_host_and_order_kept() {
        let active = [AtomicUsize::new(0), AtomicUsize::new(0)];
        let peak = [AtomicUsize::new(0), AtomicUsize::new(0)];
        let groups = vec![
            (0..6).map(|i| (0, i)).collect(),
            (0..3).map(|i| (1, i)).collect(),
        ];
        let out = run(groups, 4, 2, |&(h, i): &(usize, i32)| {
            let now = active[h].fetch_add(1, Ordering::SeqCst) + 1;
            peak[h].fetch_max(now, Ordering::SeqCst);
            std::thread::sleep(std::time::Duration::from_millis(20));
            active[h].fetch_sub(1, Ordering::SeqCst);
            (h, i)
        });
        assert_eq!(
            out,
            vec![
                (0, 0),
                (0, 1),
                (0, 2),
                (0, 3),
                (0, 4),
                (0, 5),
                (1, 0),
                (1, 1),
                (1, 2)
            ]
        );
        assert_eq!(peak[0].load(Ordering::SeqCst), 2);
        assert!(peak[1].load(Ordering::SeqCst) <= 2);
    }
}
