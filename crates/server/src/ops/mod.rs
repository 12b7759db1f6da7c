//! Running the server in production: liveness and readiness probes, Prometheus metrics,
//! rate limits on the unauthenticated routes, and JSON errors for every refusal.

pub mod idempotency;
pub mod json_errors;
pub mod metrics;
pub mod rate_limit;
