package io.hoplink.namers.k8s;

import io.fabric8.kubernetes.client.OAuthTokenProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/** The pod's service account token, re-read once a minute since the kubelet rotates it. */
final class ServiceAccountToken implements OAuthTokenProvider {
  private static final long REREAD_MS = 60_000;

  private final Path file;
  private final Clock clock;
  private String token;
  private long readAt;

  ServiceAccountToken(Path file, Clock clock) {
    this.file = file;
    this.clock = clock;
  }

  @Override
  public synchronized String getToken() {
    long now = clock.millis();
    if (token == null || now - readAt > REREAD_MS) {
      try {
        token = Files.readString(file).trim();
        readAt = now;
      } catch (IOException e) {
        if (token == null) {
          throw new UncheckedIOException("cannot read the service account token " + file, e);
        }
      }
    }
    return token;
  }
}
