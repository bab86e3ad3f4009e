package io.hoplink.router.forward;

import com.codahale.metrics.Counter;
import io.hoplink.router.telemetry.Metrics;
import io.hoplink.router.tls.PeerIdentity;
import io.vertx.core.http.HttpConnection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts a TLS server's connections by the identity of the client certificate it verified:
 * {@code tls/peer/<identity>/connections}, and {@code tls/peer/none/connections} for a client
 * that presented none. At most {@link #MAX_PEERS} identities are named; later ones count as
 * {@code other}, so a flood of certificates cannot grow the metrics without bound.
 */
final class PeerConnections {
  static final int MAX_PEERS = 256;

  private final Metrics scope;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  PeerConnections(Metrics scope) {
    this.scope = scope;
  }

  /** Counts {@code connection}, whose handshake is done; plaintext ones are not counted. */
  void accepted(HttpConnection connection) {
    if (!connection.isSsl()) {
      return;
    }
    String peer;
    try {
      peer = PeerIdentity.of(connection.peerCertificates()).orElse("none");
    } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
      peer = "none";
    }
    Counter counter = counters.get(peer);
    if (counter == null) {
      String name = counters.size() < MAX_PEERS ? peer : "other";
      counter = counters.computeIfAbsent(name,
          n -> scope.counter("tls/peer/" + n + "/connections"));
    }
    counter.inc();
  }
}
