package io.hoplink.router.tls;

import io.netty.handler.ssl.OpenSsl;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.net.OpenSSLEngineOptions;
import io.vertx.core.net.SSLEngineOptions;
import java.util.logging.Logger;

/**
 * Which TLS implementation the servers and clients use: OpenSSL (BoringSSL, through
 * netty-tcnative) where its native library loads, the JDK's provider otherwise. The system
 * property {@code hoplink.tls.provider} ({@code openssl}, {@code jdk}; default: the first that
 * works) chooses; asking for openssl where it does not load is an error at start. Decided once,
 * logged once.
 */
public final class TlsProvider {
  private static final Logger LOG = Logger.getLogger("hoplink");
  public static final String PROPERTY = "hoplink.tls.provider";

  private TlsProvider() {}

  private static SSLEngineOptions chosen;

  /**
   * The engine options every TLS server and client is given.
   *
   * @throws IllegalArgumentException if the property names no provider, or one that does not load
   */
  public static synchronized SSLEngineOptions engine() {
    if (chosen == null) {
      chosen = choose(System.getProperty(PROPERTY, "auto"));
    }
    return chosen.copy();
  }

  static SSLEngineOptions choose(String wanted) {
    switch (wanted) {
      case "jdk" -> {
        LOG.info("TLS through the JDK's provider (" + PROPERTY + "=jdk)");
        return new JdkSSLEngineOptions();
      }
      case "openssl" -> {
        if (!OpenSsl.isAvailable()) {
          throw new IllegalArgumentException(PROPERTY + "=openssl, but OpenSSL does not load: "
              + OpenSsl.unavailabilityCause());
        }
        LOG.info("TLS through " + OpenSsl.versionString() + " (netty-tcnative)");
        return new OpenSSLEngineOptions();
      }
      case "auto" -> {
        if (OpenSsl.isAvailable()) {
          LOG.info("TLS through " + OpenSsl.versionString() + " (netty-tcnative)");
          return new OpenSSLEngineOptions();
        }
        LOG.info("TLS through the JDK's provider: OpenSSL does not load here ("
            + OpenSsl.unavailabilityCause() + ")");
        return new JdkSSLEngineOptions();
      }
      default -> throw new IllegalArgumentException(PROPERTY + "=" + wanted
          + " (expected: openssl or jdk)");
    }
  }
}
