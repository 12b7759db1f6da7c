//! Rate limits on the routes anyone can call without a session — enrollment and login — per
//! client address, so guessing enrollment codes or hammering the login costs time.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::ApiError;
use crate::ops::metrics::Metrics;

/// Requests per minute one address may make to the unauthenticated routes, after a burst.
/// Generous, because a whole council may enroll or sign in at once from behind one NAT
/// address (two requests per sign-in); the 16-digit one-time codes and the device
/// signatures, not the limit, are what defeat guessing.
pub const PER_MINUTE: u32 = 600;
/// Requests one address may make at once before the rate applies (a hall of 100 members
/// signing in together).
pub const BURST: u32 = 300;

/// The limiter, shared by the unauthenticated routes.
#[derive(Clone)]
pub struct AuthLimiter {
    limiter: Arc<DefaultKeyedRateLimiter<IpAddr>>,
    metrics: Arc<Metrics>,
}

impl AuthLimiter {
    /// A limiter allowing `per_minute` requests a minute per address after a burst of `burst`.
    pub fn new(per_minute: u32, burst: u32, metrics: Arc<Metrics>) -> Self {
        let per_minute = NonZeroU32::new(per_minute.max(1)).unwrap_or(NonZeroU32::MIN);
        let burst = NonZeroU32::new(burst.max(1)).unwrap_or(NonZeroU32::MIN);
        Self {
            limiter: Arc::new(RateLimiter::keyed(
                Quota::per_minute(per_minute).allow_burst(burst),
            )),
            metrics,
        }
    }
}

/// Middleware body: refuses with 429 and `Retry-After` once an address is over its quota.
pub async fn limit(State(limiter): State<AuthLimiter>, request: Request, next: Next) -> Response {
    let address = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(address)| address.ip())
        .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
    match limiter.limiter.check_key(&address) {
        Ok(()) => next.run(request).await,
        Err(not_until) => {
            limiter.metrics.rate_limited.inc();
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            let seconds = wait.as_secs().max(1);
            let mut response = ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "request.rate_limited",
                format!("too many requests from this address; try again in {seconds} s"),
            )
            .into_response();
            if let Ok(value) = HeaderValue::from_str(&seconds.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
            response
        }
    }
}
