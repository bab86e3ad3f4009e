package io.hoplink.router.admin;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * What asking the peer routers' admin ports may cost: at most {@code maxPeers} peers (the busiest
 * first; the rest are counted as left out), {@code timeout} for connecting and the whole answer,
 * at most {@code maxBytes} of answer, {@code concurrency} requests at once, and one round per
 * {@code cacheTtl} however many pages ask.
 */
record PeerLimits(int maxPeers, Duration timeout, int maxBytes, int concurrency,
    Duration cacheTtl) {
  static final PeerLimits DEFAULTS = new PeerLimits(256, Duration.ofSeconds(1), 1 << 20, 4,
      Duration.ofSeconds(5));

  PeerLimits {
    requireNonNull(timeout, "timeout");
    requireNonNull(cacheTtl, "cacheTtl");
    if (maxPeers < 0 || maxBytes < 1 || concurrency < 1 || timeout.isNegative()
        || timeout.isZero() || cacheTtl.isNegative()) {
      throw new IllegalArgumentException("peer limits " + maxPeers + ", " + timeout + ", "
          + maxBytes + ", " + concurrency + ", " + cacheTtl
          + " (expected: peers >= 0, timeout > 0, bytes >= 1, concurrency >= 1, cache >= 0)");
    }
  }
}
