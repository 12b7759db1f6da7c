//! The live side of the change feed. A change announces the feed records it wrote right
//! after its commit, while it still holds the database, so announcements leave in commit
//! order; each WebSocket connection sends its person's records straight from the
//! announcement, in `seq` order, without touching the database. A connection that fell
//! behind (the channel lagged) or was only woken (a revocation) reads its feed from the
//! database after its cursor instead.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use phonghop_domain::wire::{FeedRecord, LiveMessage};
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::sync::{broadcast, watch};

/// How many announcements a slow connection may fall behind before it re-reads its feed.
const BACKLOG: usize = 1024;

/// Wakes live connections and closes them at shutdown.
#[derive(Debug)]
pub struct LiveHub {
    announcements: broadcast::Sender<Arc<Announcement>>,
    stopping: watch::Sender<bool>,
    connections: AtomicUsize,
    /// Keys of coalesced relays waiting to be sent.
    pending: std::sync::Mutex<HashSet<String>>,
    /// Live connections per person, so the chair sees who is online.
    online: std::sync::Mutex<HashMap<String, usize>>,
}

impl Default for LiveHub {
    fn default() -> Self {
        Self {
            announcements: broadcast::channel(BACKLOG).0,
            stopping: watch::channel(false).0,
            connections: AtomicUsize::new(0),
            pending: std::sync::Mutex::default(),
            online: std::sync::Mutex::default(),
        }
    }
}

/// What one announcement carries to live connections.
#[derive(Debug, Default)]
pub struct Announcement {
    /// New feed records by person, in `seq` order; a person with no records is only woken
    /// (to re-check they are still allowed, and re-read their feed).
    pub records: HashMap<String, Vec<FeedRecord>>,
    /// An ephemeral meeting event (never stored) and the people it is for.
    pub event: Option<(LiveMessage, HashSet<String>)>,
}

/// One live connection's view of the hub; counts itself while it lives.
#[derive(Debug)]
pub struct Subscription {
    /// Announcements of new feed records, by person.
    pub announcements: broadcast::Receiver<Arc<Announcement>>,
    /// Becomes `true` when the server begins to stop.
    pub stopping: watch::Receiver<bool>,
    hub: Arc<LiveHub>,
    user_id: String,
}

impl Drop for Subscription {
    fn drop(&mut self) {
        self.hub.connections.fetch_sub(1, Ordering::Relaxed);
        if let Ok(mut online) = self.hub.online.lock()
            && let Some(count) = online.get_mut(&self.user_id)
        {
            *count = count.saturating_sub(1);
            if *count == 0 {
                online.remove(&self.user_id);
            }
        }
    }
}

impl LiveHub {
    /// Hands the records a change just committed to live connections. Call it after the
    /// commit and before releasing the database, so announcements keep commit order.
    pub fn announce(&self, records: &[(String, FeedRecord)]) {
        let mut announcement = Announcement::default();
        for (user, record) in records {
            announcement
                .records
                .entry(user.clone())
                .or_default()
                .push(record.clone());
        }
        self.send(announcement);
    }

    /// Wakes these people's live connections without records (after a revocation or a
    /// person being disabled, so the connections check they are still allowed).
    pub fn wake(&self, users: Vec<String>) {
        self.send(Announcement {
            records: users.into_iter().map(|user| (user, Vec::new())).collect(),
            event: None,
        });
    }

    /// Relays an ephemeral meeting event to the live connections of `people`.
    pub fn relay(&self, event: LiveMessage, people: HashSet<String>) {
        self.send(Announcement {
            records: HashMap::new(),
            event: Some((event, people)),
        });
    }

    /// Relays an event at most once per `window` for `key`: the first call schedules it
    /// after the window, and calls until then join it. For news that comes in bursts (each
    /// ballot of a vote changes the live count) but that every screen reads as "fetch again".
    ///
    /// `make` gives the event and its audience when it is sent (so a burst of a thousand
    /// ballots looks the audience up once, not a thousand times); `None` sends nothing.
    pub fn relay_coalesced(
        self: &Arc<Self>,
        key: String,
        window: std::time::Duration,
        make: impl FnOnce() -> Option<(LiveMessage, HashSet<String>)> + Send + 'static,
    ) {
        // A poisoned set only loses coalescing.
        let fresh = self
            .pending
            .lock()
            .map_or(true, |mut pending| pending.insert(key.clone()));
        if fresh {
            let hub = Arc::clone(self);
            tokio::spawn(async move {
                tokio::time::sleep(window).await;
                if let Ok(mut pending) = hub.pending.lock() {
                    pending.remove(&key);
                }
                if let Some((event, people)) = make() {
                    hub.relay(event, people);
                }
            });
        }
    }

    fn send(&self, announcement: Announcement) {
        if !announcement.records.is_empty() || announcement.event.is_some() {
            // No receiver connected is not an error: they will read the feed when they come.
            let _ = self.announcements.send(Arc::new(announcement));
        }
    }

    /// Subscribes a new live connection of `user_id` (before it reads its backlog, so
    /// nothing committed in between is missed).
    pub fn subscribe(self: &Arc<Self>, user_id: &str) -> Subscription {
        self.connections.fetch_add(1, Ordering::Relaxed);
        if let Ok(mut online) = self.online.lock() {
            *online.entry(user_id.to_owned()).or_default() += 1;
        }
        Subscription {
            announcements: self.announcements.subscribe(),
            stopping: self.stopping.subscribe(),
            hub: Arc::clone(self),
            user_id: user_id.to_owned(),
        }
    }

    /// Whether `user_id` has a live connection now (a device following the server).
    pub fn is_online(&self, user_id: &str) -> bool {
        self.online
            .lock()
            .is_ok_and(|online| online.contains_key(user_id))
    }

    /// Asks every live connection to close (the server is stopping).
    pub fn begin_shutdown(&self) {
        self.stopping.send_replace(true);
    }

    /// Live connections open now.
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::Relaxed)
    }
}
