//! Checking many independent items on every core, reporting the first failure in order, so
//! a 500-ballot record verifies in a fraction of the time and always names the same ballot.

use std::sync::atomic::{AtomicUsize, Ordering};

/// The error of the lowest-indexed item for which `check` fails, if any.
pub(crate) fn first_failure<T: Sync, E: Send>(
    items: &[T],
    check: impl Fn(usize, &T) -> Result<(), E> + Sync,
) -> Option<(usize, E)> {
    let threads = std::thread::available_parallelism()
        .map(usize::from)
        .unwrap_or(1)
        .min(items.len());
    if threads <= 1 {
        return items
            .iter()
            .enumerate()
            .find_map(|(i, item)| check(i, item).err().map(|e| (i, e)));
    }
    let next = AtomicUsize::new(0);
    let lowest_failure = AtomicUsize::new(usize::MAX);
    let failures: Vec<(usize, E)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut found = None;
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= items.len() || i > lowest_failure.load(Ordering::Relaxed) {
                            return found;
                        }
                        if let Err(error) = check(i, &items[i]) {
                            lowest_failure.fetch_min(i, Ordering::Relaxed);
                            found = Some((i, error));
                            return found;
                        }
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            // A panic in a check is not a pass: it goes on as a panic.
            .filter_map(|worker| {
                worker
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    failures.into_iter().min_by_key(|(i, _)| *i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lowest_failure_is_reported() {
        let items: Vec<u32> = (0..1000).collect();
        let result = first_failure(&items, |_, v| {
            if v % 97 == 96 || *v == 500 {
                Err(*v)
            } else {
                Ok(())
            }
        });
        assert_eq!(result, Some((96, 96)));
        assert_eq!(first_failure(&items, |_, _| Ok::<(), ()>(())), None);
        assert_eq!(first_failure(&items[..0], |_, _| Err(())), None);
    }
}
