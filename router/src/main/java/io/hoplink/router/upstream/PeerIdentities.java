package io.hoplink.router.upstream;

import io.hoplink.router.tls.PeerIdentity;
import io.vertx.core.http.HttpConnection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The identity each upstream endpoint's certificate named on the latest TLS connection to it,
 * for {@code /client_state.json}. Bounded: past {@link #MAX_ENDPOINTS} it starts again empty
 * (endpoints come and go with discovery; a lookup then waits for the next connection).
 */
final class PeerIdentities {
  static final int MAX_ENDPOINTS = 4096;

  private final Map<String, String> byEndpoint = new ConcurrentHashMap<>();

  /** A connection is made (its handshake done, for TLS). */
  void connected(HttpConnection connection) {
    if (!connection.isSsl() || connection.remoteAddress() == null) {
      return;
    }
    Optional<String> identity;
    try {
      identity = PeerIdentity.of(connection.peerCertificates());
    } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
      return; // verification is the handshake's; nothing to show
    }
    if (byEndpoint.size() >= MAX_ENDPOINTS) {
      byEndpoint.clear();
    }
    String key = connection.remoteAddress().hostAddress() + ":" + connection.remoteAddress().port();
    identity.ifPresent(id -> byEndpoint.put(key, id));
  }

  Optional<String> of(String host, int port) {
    return Optional.ofNullable(byEndpoint.get(host + ":" + port));
  }
}
