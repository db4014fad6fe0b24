//! DaemonSet Playground's simulation core: API objects, manifest parsing, and the controllers
//! (DaemonSet, scheduler, kubelet, node lifecycle, garbage collector) over a simulated clock.
//! Pure and deterministic: no wall clock, no I/O, no threads; the caller advances time.

pub mod apiserver;
pub mod daemon;
pub mod errors;
pub mod events;
pub mod fasthash;
pub mod faults;
pub mod gotime;
#[cfg(test)]
pub(crate) mod harness;
pub mod json;
#[doc(hidden)]
pub mod json_macro;
pub mod kubelet;
pub mod labels;
pub mod manifest;
pub mod merge;
pub mod names;
pub mod node_lifecycle;
pub mod objects;
pub mod order;
pub mod placement;
pub mod pod_gc;
pub mod preview;
pub mod priority;
pub mod quantity;
pub mod scheduler;
pub mod schema;
pub mod serviceaccount;
pub mod sim;
pub mod store;
pub mod strconv;
pub mod time;
pub mod timeline;
pub mod typecheck;
pub mod validate;
pub mod view;
pub mod view_build;
pub(crate) mod world;

pub use errors::{DecodeError, FieldError, FieldErrorType};
pub use sim::{ApiError, Applied, Cascade, ClientError, Simulation};
