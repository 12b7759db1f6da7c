//! The live side of the change feed. After a change commits, its handler announces whose
//! feeds grew; every WebSocket connection of those people wakes and reads its feed from the
//! database after its cursor. The announcement is only a wake-up, never the data: the
//! database stays the one source of order, so records committed by concurrent requests
//! reach every client in `seq` order with none skipped.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::sync::{broadcast, watch};

/// How many announcements a slow connection may fall behind before it re-reads its feed.
const BACKLOG: usize = 1024;

/// Wakes live connections and closes them at shutdown.
#[derive(Debug)]
pub struct LiveHub {
    announcements: broadcast::Sender<Arc<[String]>>,
    stopping: watch::Sender<bool>,
    connections: AtomicUsize,
}

impl Default for LiveHub {
    fn default() -> Self {
        Self {
            announcements: broadcast::channel(BACKLOG).0,
            stopping: watch::channel(false).0,
            connections: AtomicUsize::new(0),
        }
    }
}

/// One live connection's view of the hub; counts itself while it lives.
#[derive(Debug)]
pub struct Subscription {
    /// Announcements of users whose feeds grew.
    pub announcements: broadcast::Receiver<Arc<[String]>>,
    /// Becomes `true` when the server begins to stop.
    pub stopping: watch::Receiver<bool>,
    hub: Arc<LiveHub>,
}

impl Drop for Subscription {
    fn drop(&mut self) {
        self.hub.connections.fetch_sub(1, Ordering::Relaxed);
    }
}

impl LiveHub {
    /// Tells live connections that these people's feeds grew.
    pub fn announce(&self, users: Vec<String>) {
        if !users.is_empty() {
            // No receiver connected is not an error: they will read the feed when they come.
            let _ = self.announcements.send(users.into());
        }
    }

    /// Subscribes a new live connection (before it reads its backlog, so nothing committed
    /// in between is missed).
    pub fn subscribe(self: &Arc<Self>) -> Subscription {
        self.connections.fetch_add(1, Ordering::Relaxed);
        Subscription {
            announcements: self.announcements.subscribe(),
            stopping: self.stopping.subscribe(),
            hub: Arc::clone(self),
        }
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
