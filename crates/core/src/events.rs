//! The event recorder: client-go's correlator in small. Identical events are folded into one
//! with a count; a per-object token bucket (burst 25, one token per 5 minutes) drops floods,
//! as `EventSourceObjectSpamFilter` does, so a 5,000-node rollout doesn't list 5,000 events.

use crate::fasthash::FastMap;
use crate::objects::{Event, EventKind, ObjectRef};
use crate::store::Store;
use std::rc::Rc;

const SPAM_BURST: f64 = 25.0;
const SPAM_REFILL_MS: f64 = 300_000.0;
/// `--event-ttl` default: events older than an hour are gone.
pub const EVENT_TTL_MS: i64 = 3_600_000;

#[derive(Clone, Default)]
pub struct Recorder {
    /// Per involved object: its events and its spam buckets. One lookup per event (natively
    /// none for most of a pod's: `RecorderSlot`).
    objects: Objects,
    counter: u64,
    /// No event expires before this: an idle clock tick checks one number, not every event.
    next_expiry: Option<i64>,
}

/// The recorder's objects: their entries in the order they came, found by uid or by the slot
/// their reference remembers (`RecorderSlot`). A uid of 36 bytes (a UUID: every pod's, every
/// uid the simulation makes) is kept as its bytes, in the map's own table and in the entry:
/// keys are compared there instead of following a pointer to each key's text, which missed
/// the cache on nearly every one of a 5,000-pod converge's 20,000 events. Other uids (a node's
/// is its name) are kept as text. (One key type for both, not two maps: a map type is a
/// kilobyte of the page.)
#[cfg(not(target_arch = "wasm32"))]
#[derive(Clone, Default)]
struct Objects {
    slots: FastMap<ObjectKey, usize>,
    entries: Vec<Involved>,
}

/// The page's: one map, entries in its table. (The native list and its slots cost the page's
/// size budget 400 B, which it does not have.)
#[cfg(target_arch = "wasm32")]
#[derive(Clone, Default)]
struct Objects(FastMap<ObjectKey, Involved>);

#[derive(Clone, PartialEq, Eq, Hash)]
enum ObjectKey {
    Uuid([u8; 36]),
    Text(String),
}

impl ObjectKey {
    fn of(uid: &str) -> ObjectKey {
        match <[u8; 36]>::try_from(uid.as_bytes()) {
            Ok(bytes) => ObjectKey::Uuid(bytes),
            Err(_) => ObjectKey::Text(uid.to_string()),
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    fn is(&self, uid: &str) -> bool {
        match self {
            ObjectKey::Uuid(bytes) => bytes == uid.as_bytes(),
            ObjectKey::Text(text) => text == uid,
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl Objects {
    fn get(&self, uid: &str) -> Option<&Involved> {
        self.slots.get(&ObjectKey::of(uid)).map(|&i| &self.entries[i])
    }
    /// The object's entry, made when it is new.
    fn entry(&mut self, uid: &str) -> &mut Involved {
        let at = self.slot(uid);
        &mut self.entries[at]
    }
    /// `entry`, tried first at the slot the reference remembers; the reference learns it.
    fn entry_of(&mut self, object: &ObjectRef) -> &mut Involved {
        let hint = object.recorder_slot.0.get().map(|i| i as usize);
        let at = match hint {
            Some(at) if self.entries.get(at).is_some_and(|e| e.key.is(&object.uid)) => at,
            _ => {
                let at = self.slot(&object.uid);
                object.recorder_slot.0.set(u32::try_from(at).ok());
                at
            }
        };
        &mut self.entries[at]
    }
    fn slot(&mut self, uid: &str) -> usize {
        let entries = &mut self.entries;
        *self.slots.entry(ObjectKey::of(uid)).or_insert_with_key(|key| {
            entries.push(Involved { key: key.clone(), events: Vec::new(), buckets: Vec::new() });
            entries.len() - 1
        })
    }
    fn reserve(&mut self, n: usize) {
        self.slots.reserve(n);
        self.entries.reserve(n);
    }
    fn clear_events(&mut self) {
        for o in &mut self.entries {
            o.events.clear();
        }
    }
}

#[cfg(target_arch = "wasm32")]
impl Objects {
    fn get(&self, uid: &str) -> Option<&Involved> {
        self.0.get(&ObjectKey::of(uid))
    }
    fn entry(&mut self, uid: &str) -> &mut Involved {
        self.0.entry(ObjectKey::of(uid)).or_default()
    }
    fn entry_of(&mut self, object: &ObjectRef) -> &mut Involved {
        self.entry(&object.uid)
    }
    fn reserve(&mut self, n: usize) {
        self.0.reserve(n);
    }
    fn clear_events(&mut self) {
        for o in self.0.values_mut() {
            o.events.clear();
        }
    }
}

#[derive(Clone)]
#[cfg_attr(target_arch = "wasm32", derive(Default))]
struct Involved {
    /// Its uid: confirms a reference's `RecorderSlot`.
    #[cfg(not(target_arch = "wasm32"))]
    key: ObjectKey,
    /// Indexes in `store.events()`, oldest first. The spam filter bounds them (25 per
    /// component, then one per 5 minutes, for an hour), so folding scans them instead of
    /// keeping a second map keyed by five strings; a panel reads the last few.
    events: Vec<usize>,
    /// Per source component: (tokens, last refill).
    buckets: Vec<(&'static str, f64, i64)>,
}

pub struct NewEvent {
    pub involved: Rc<ObjectRef>,
    pub field_path: Option<Rc<str>>,
    pub kind: &'static EventKind,
    pub message: Rc<str>,
    pub host: Option<Rc<str>>,
}

impl Recorder {
    pub fn record(&mut self, store: &mut Store, e: NewEvent, now: i64) {
        // One lookup of the object for both halves: a converge records 20,000 events.
        let object = self.objects.entry_of(&e.involved);
        if take_token(object, e.kind.component, now) {
            fold_or_push(object, (&mut self.counter, &mut self.next_expiry), store, e, now);
        }
    }

    /// Room for `n` more objects: a sync about to create 5,000 pods, each of which the
    /// scheduler and the kubelet will record events about.
    pub(crate) fn reserve(&mut self, n: usize) {
        self.objects.reserve(n);
    }

    /// The spam filter's verdict on one more event about `uid` from `component`, taking its
    /// token. A caller that asks first builds an event only when it will be kept: a 5,000-pod
    /// sync keeps 25 "Created pod" events and drops the rest.
    pub fn admit(&mut self, uid: &str, component: &'static str, now: i64) -> bool {
        let object = self.objects.entry(uid);
        take_token(object, component, now)
    }

    /// Records an event the spam filter has admitted (see [`Recorder::admit`]).
    pub fn record_admitted(&mut self, store: &mut Store, e: NewEvent, now: i64) {
        let object = self.objects.entry_of(&e.involved);
        fold_or_push(object, (&mut self.counter, &mut self.next_expiry), store, e, now);
    }

    /// How many events `uid` has, and the last `n` of them (newest last).
    pub fn recent_events<'s>(
        &self,
        store: &'s Store,
        uid: &str,
        n: usize,
    ) -> (usize, impl Iterator<Item = &'s crate::objects::Event> + use<'s>) {
        let indexes = self.objects.get(uid).map(|o| o.events.as_slice()).unwrap_or_default();
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
        self.objects.clear_events();
        for (i, e) in store.events().iter().enumerate() {
            self.objects.entry(&e.involved.uid).events.push(i);
        }
    }
}

/// The spam filter: takes one of `component`'s tokens for the object, if it has one.
fn take_token(object: &mut Involved, component: &'static str, now: i64) -> bool {
    let bucket = match object.buckets.iter().position(|b| b.0 == component) {
        Some(i) => &mut object.buckets[i],
        None => {
            object.buckets.push((component, SPAM_BURST, now));
            object.buckets.last_mut().expect("just pushed")
        }
    };
    bucket.1 = (bucket.1 + (now - bucket.2) as f64 / SPAM_REFILL_MS).min(SPAM_BURST);
    bucket.2 = now;
    if bucket.1 < 1.0 {
        return false;
    }
    bucket.1 -= 1.0;
    true
}

/// The correlator: folds `e` into the object's identical event, or stores it as a new one
/// (numbered by `counter`; `next_expiry` learns when it expires).
fn fold_or_push(
    object: &mut Involved,
    (counter, next_expiry): (&mut u64, &mut Option<i64>),
    store: &mut Store,
    e: NewEvent,
    now: i64,
) {
    // The correlator's aggregation key: involved object, type, reason, message, source.
    let same = object
        .events
        .iter()
        .copied()
        .find(|&i| store.events().get(i).is_some_and(|ev| ev.kind == e.kind && ev.message == e.message));
    if let Some(i) = same {
        store.fold_event(i, now);
        return;
    }
    *counter += 1;
    object.events.push(store.events().len());
    *next_expiry = Some(next_expiry.map_or(now + EVENT_TTL_MS + 1, |t| t.min(now + EVENT_TTL_MS + 1)));
    store.create_event(Event {
        seq: *counter,
        resource_version: 0,
        involved: e.involved,
        field_path: e.field_path,
        kind: e.kind,
        message: e.message,
        source_host: e.host,
        first_ms: now,
        last_ms: now,
        count: 1,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_by_bytes_and_by_text_stay_apart() {
        let mut objects = Objects::default();
        let lower = "6f9619ff-8b86-d011-b42d-00c04fc964ff";
        let upper = "6F9619FF-8B86-D011-B42D-00C04FC964FF";
        objects.entry(lower).events.push(1);
        objects.entry(upper).events.push(2);
        objects.entry("node-1").events.push(3);
        // 36 bytes that are no UUID are still one object's key.
        objects.entry("a-node-name-of-exactly-36-characters").events.push(5);
        objects.entry(lower).events.push(4);
        assert_eq!(objects.get(lower).map(|o| o.events.clone()), Some(vec![1, 4]));
        assert_eq!(objects.get(upper).map(|o| o.events.clone()), Some(vec![2]));
        assert_eq!(objects.get("node-1").map(|o| o.events.clone()), Some(vec![3]));
        assert!(objects.get("node-2").is_none());
        assert_eq!(objects.get("a-node-name-of-exactly-36-characters").map(|o| o.events.clone()), Some(vec![5]));
        assert!(objects.get("a-node-name-of-exactly-36-characterz").is_none());
        objects.clear_events();
        assert_eq!(objects.get(lower).map(|o| o.events.len()), Some(0));
        assert_eq!(objects.get("node-1").map(|o| o.events.len()), Some(0));
    }

    /// A reference's remembered slot is a hint: two recorders (a simulation and its fork)
    /// share a pod's reference but number their objects differently, and each finds its own
    /// entry, whichever recorded last.
    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn a_shared_reference_finds_each_recorders_own_entry() {
        let (a, b, c, d) = (pod("a"), pod("b"), pod("c"), pod("d"));
        let (mut one, mut one_store) = (Recorder::default(), Store::default());
        one.record(&mut one_store, event(&a, "Scheduled", "default-scheduler"), 0);
        let (mut two, mut two_store) = (one.clone(), one_store.clone());
        // After the fork, each numbers other objects: b is 1 in the fork and 2 in the
        // original, where the fork has d; b's reference is last told 2.
        two.record(&mut two_store, event(&b, "Pulled", "kubelet"), 0);
        two.record(&mut two_store, event(&d, "Pulled", "kubelet"), 0);
        one.record(&mut one_store, event(&c, "Scheduled", "default-scheduler"), 0);
        one.record(&mut one_store, event(&b, "Scheduled", "default-scheduler"), 0);
        two.record(&mut two_store, event(&b, "Started", "kubelet"), 0);
        one.record(&mut one_store, event(&b, "Started", "kubelet"), 0);
        assert_eq!(recent(&one, &one_store, &b, 5), (2, vec![("Scheduled", 1), ("Started", 1)]));
        assert_eq!(recent(&two, &two_store, &b, 5), (2, vec![("Pulled", 1), ("Started", 1)]));
        assert_eq!(recent(&two, &two_store, &d, 5), (1, vec![("Pulled", 1)]));
        assert_eq!(recent(&one, &one_store, &c, 5), (1, vec![("Scheduled", 1)]));
        // The reference learnt the slot of the recorder that recorded last.
        assert_eq!(b.recorder_slot.0.get(), Some(2));
        // The shared reference of a, numbered before the fork, serves both.
        two.record(&mut two_store, event(&a, "Scheduled", "default-scheduler"), 0);
        assert_eq!(recent(&two, &two_store, &a, 5), (1, vec![("Scheduled", 2)]));
        assert_eq!(recent(&one, &one_store, &a, 5), (1, vec![("Scheduled", 1)]));

        // A stale slot that names another object's entry is not taken for this one's.
        let stray = pod("stray");
        stray.recorder_slot.0.set(Some(0));
        one.record(&mut one_store, event(&stray, "Killing", "kubelet"), 0);
        assert_eq!(recent(&one, &one_store, &stray, 5), (1, vec![("Killing", 1)]));
        assert_eq!(recent(&one, &one_store, &a, 5), (1, vec![("Scheduled", 1)]));
        // And one past the end is looked up by uid.
        let far = pod("far");
        far.recorder_slot.0.set(Some(99));
        one.record(&mut one_store, event(&far, "Killing", "kubelet"), 0);
        assert_eq!(recent(&one, &one_store, &far, 5), (1, vec![("Killing", 1)]));
    }

    fn pod(name: &str) -> Rc<ObjectRef> {
        Rc::new(ObjectRef {
            kind: "Pod",
            api_version: "v1",
            namespace: "default".into(),
            name: name.into(),
            uid: format!("{name:0>36}"),
            recorder_slot: crate::objects::RecorderSlot::default(),
        })
    }

    fn event(involved: &Rc<ObjectRef>, reason: &'static str, component: &'static str) -> NewEvent {
        // (One message for every object: the object is part of what folds.)
        let message = reason.into();
        // (Leaked: a test's kinds are made from its table, not written where they are recorded.)
        let kind = Box::leak(Box::new(EventKind::normal(reason, component)));
        NewEvent { involved: Rc::clone(involved), field_path: None, kind, message, host: None }
    }

    /// The reasons of an object's latest `n` events, oldest first, and how many it has.
    fn recent(r: &Recorder, store: &Store, object: &Rc<ObjectRef>, n: usize) -> (usize, Vec<(&'static str, i64)>) {
        let (count, events) = r.recent_events(store, &object.uid, n);
        (count, events.map(|e| (e.kind.reason, e.count)).collect())
    }

    #[test]
    fn each_object_lists_its_own_events_folded_and_filtered() {
        let (mut r, mut store) = (Recorder::default(), Store::default());
        let (a, b) = (pod("a"), pod("b"));
        for (object, reason, component) in [
            (&a, "Scheduled", "default-scheduler"),
            (&b, "Scheduled", "default-scheduler"),
            (&a, "Pulled", "kubelet"),
            (&b, "Pulled", "kubelet"),
            (&a, "Started", "kubelet"),
            (&a, "Pulled", "kubelet"),
        ] {
            r.record(&mut store, event(object, reason, component), 0);
        }
        // The repeat was folded into a's first Pulled, and b's identical one was not: five
        // events in all.
        assert_eq!(store.events().len(), 5);
        assert_eq!(recent(&r, &store, &a, 10), (3, vec![("Scheduled", 1), ("Pulled", 2), ("Started", 1)]));
        assert_eq!(recent(&r, &store, &a, 2), (3, vec![("Pulled", 2), ("Started", 1)]));
        assert_eq!(recent(&r, &store, &b, 2), (2, vec![("Scheduled", 1), ("Pulled", 1)]));
        assert_eq!(recent(&r, &store, &pod("c"), 3), (0, vec![]));

        // Four more components of one object have buckets of their own: each has a burst of
        // 25 distinct events, whatever the others have spent.
        let reasons: Vec<&'static str> = (0..30).map(|i| &*format!("R{i}").leak()).collect();
        for component in ["one", "two", "three", "four"] {
            for reason in &reasons {
                r.record(&mut store, event(&b, reason, component), 1_000);
            }
        }
        let (count, _) = r.recent_events(&store, &b.uid, 0);
        assert_eq!(count, 2 + 4 * 25);
        assert_eq!(store.events().len(), 5 + 4 * 25);

        // An hour on, the events last seen at the start are gone, and each object's list is
        // made again from what remains.
        r.record(&mut store, event(&a, "Killing", "kubelet"), EVENT_TTL_MS + 500);
        r.expire(&mut store, EVENT_TTL_MS + 500);
        assert_eq!(recent(&r, &store, &a, 10), (1, vec![("Killing", 1)]));
        assert_eq!(r.recent_events(&store, &b.uid, 0).0, 100);
        r.record(&mut store, event(&a, "Killing", "kubelet"), EVENT_TTL_MS + 600);
        assert_eq!(recent(&r, &store, &a, 10), (1, vec![("Killing", 2)]));
    }
}
