//! The event recorder: client-go's correlator in small. Identical events are folded into one
//! with a count; a per-object token bucket (burst 25, one token per 5 minutes) drops floods,
//! as `EventSourceObjectSpamFilter` does, so a 5,000-node rollout doesn't list 5,000 events.

use crate::objects::{Event, Meta, ObjectRef};
use crate::store::Store;
use std::collections::HashMap;

const SPAM_BURST: f64 = 25.0;
const SPAM_REFILL_MS: f64 = 300_000.0;
/// `--event-ttl` default: events older than an hour are gone.
pub const EVENT_TTL_MS: i64 = 3_600_000;

#[derive(Default)]
pub struct Recorder {
    /// (involved uid, type, reason, message, component) → index in `store.events()`.
    seen: HashMap<(String, String, String, String, String), usize>,
    /// (component, involved uid) → (tokens, last refill).
    buckets: HashMap<(String, String), (f64, i64)>,
    counter: u64,
    /// No event expires before this: an idle clock tick checks one number, not every event.
    next_expiry: Option<i64>,
    /// Involved object uid → indexes in `store.events()`, oldest first: a panel that shows one
    /// object's recent events reads those, not every event in the cluster.
    by_involved: HashMap<String, Vec<usize>>,
}

pub struct NewEvent<'a> {
    pub involved: ObjectRef,
    pub event_type: &'a str,
    pub reason: &'a str,
    pub message: String,
    pub component: &'a str,
    pub host: Option<String>,
}

impl Recorder {
    pub fn record(&mut self, store: &mut Store, e: NewEvent<'_>, now: i64) {
        let bucket = self.buckets.entry((e.component.to_string(), e.involved.uid.clone())).or_insert((SPAM_BURST, now));
        bucket.0 = (bucket.0 + (now - bucket.1) as f64 / SPAM_REFILL_MS).min(SPAM_BURST);
        bucket.1 = now;
        if bucket.0 < 1.0 {
            return;
        }
        bucket.0 -= 1.0;
        let key = (
            e.involved.uid.clone(),
            e.event_type.to_string(),
            e.reason.to_string(),
            e.message.clone(),
            e.component.to_string(),
        );
        if let Some(&i) = self.seen.get(&key)
            && let Some(ev) = store.event_mut(i)
        {
            ev.count += 1;
            ev.last_ms = now;
            return;
        }
        self.counter += 1;
        let rv = store.next_resource_version();
        // client-go names events `<object>.<unix nanos in hex>`.
        let nanos = (now as u64).wrapping_mul(1_000_000).wrapping_add(self.counter);
        let meta = Meta {
            name: format!("{}.{:x}", e.involved.name, nanos),
            namespace: if e.involved.namespace.is_empty() { "default".into() } else { e.involved.namespace.clone() },
            uid: format!("ev-{:012x}", self.counter),
            resource_version: rv,
            creation_ms: now,
            ..Meta::default()
        };
        self.seen.insert(key, store.events().len());
        self.by_involved.entry(e.involved.uid.clone()).or_default().push(store.events().len());
        self.next_expiry = Some(self.next_expiry.map_or(now + EVENT_TTL_MS + 1, |t| t.min(now + EVENT_TTL_MS + 1)));
        store.push_event(Event {
            meta,
            involved: e.involved,
            reason: e.reason.to_string(),
            message: e.message,
            event_type: e.event_type.to_string(),
            source_component: e.component.to_string(),
            source_host: e.host,
            first_ms: now,
            last_ms: now,
            count: 1,
        });
    }

    /// How many events `uid` has, and the last `n` of them (newest last).
    pub fn recent_events<'s>(
        &self,
        store: &'s Store,
        uid: &str,
        n: usize,
    ) -> (usize, impl Iterator<Item = &'s crate::objects::Event> + use<'s>) {
        let indexes = self.by_involved.get(uid).map(Vec::as_slice).unwrap_or_default();
        let recent: Vec<usize> = indexes[indexes.len().saturating_sub(n)..].to_vec();
        (indexes.len(), recent.into_iter().filter_map(|i| store.events().get(i)))
    }

    /// Drops events past their TTL; cheap when nothing expired.
    pub fn expire(&mut self, store: &mut Store, now: i64) {
        if self.next_expiry.is_none_or(|t| now < t) {
            return;
        }
        // Refolded events moved their times on: the true next expiry may be later.
        self.next_expiry = store.events().iter().map(|e| e.last_ms + EVENT_TTL_MS + 1).min();
        if !store.events().iter().any(|e| e.last_ms + EVENT_TTL_MS < now) {
            return;
        }
        store.retain_events(|e| e.last_ms + EVENT_TTL_MS >= now);
        self.next_expiry = store.events().iter().map(|e| e.last_ms + EVENT_TTL_MS + 1).min();
        self.seen.clear();
        self.by_involved.clear();
        for (i, e) in store.events().iter().enumerate() {
            self.by_involved.entry(e.involved.uid.clone()).or_default().push(i);
            self.seen.insert(
                (
                    e.involved.uid.clone(),
                    e.event_type.clone(),
                    e.reason.clone(),
                    e.message.clone(),
                    e.source_component.clone(),
                ),
                i,
            );
        }
    }
}
