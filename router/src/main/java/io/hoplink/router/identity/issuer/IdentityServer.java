package io.hoplink.router.identity.issuer;

import io.hoplink.config.IdentityConfig;
import io.hoplink.config.IdentityServiceConfig;
import io.hoplink.router.Timers;
import io.hoplink.router.identity.RenewalSchedule;
import io.hoplink.router.identity.Renewer;
import io.hoplink.router.resilience.Backoff;
import io.hoplink.router.telemetry.Metrics;
import io.hoplink.router.tls.TlsOptions;
import io.hoplink.router.tls.TlsProvider;
import io.hoplink.router.tls.ca.CertNames;
import io.hoplink.router.tls.ca.IssuedCert;
import io.hoplink.router.tls.ca.MeshCa;
import io.hoplink.router.tls.ca.MeshKeys;
import io.hoplink.router.tls.ca.Pem;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.ServerSSLOptions;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.random.RandomGenerator;

/**
 * The issuer's HTTPS server: HTTP/1.1 only, TLS 1.2 and 1.3, on a certificate of its own that
 * its issuer signs for its {@code dnsNames} and that it renews as the routers renew theirs. Every
 * connection is bounded (handshake and idle timeouts of 10 s, a request line of 1 KiB, headers of
 * 8 KiB, and the {@link ConnectionLimits}); requests go to the {@link CertifyHandler}.
 */
final class IdentityServer {
  private static final Logger LOG = Logger.getLogger("hoplink");

  private final HttpServer server;
  private final Renewer servingCert;

  private IdentityServer(HttpServer server, Renewer servingCert) {
    this.server = server;
    this.servingCert = servingCert;
  }

  /** Issues its own certificate, then binds; completes once it listens. */
  static Future<IdentityServer> start(Vertx vertx, IdentityServiceConfig config,
      IssuerFiles issuer, CertifyHandler handler, RefusalLog refusals, Clock clock) {
    ServerSSLOptions[] inUse = {null};
    HttpServer[] bound = {null};
    Renewer.Attempt attempt = () -> vertx.executeBlocking(() -> servingOptions(issuer.get(),
        config, clock)).compose(made -> {
          inUse[0] = made.options();
          Future<Boolean> put = bound[0] == null ? Future.succeededFuture(true)
              : bound[0].updateSSLOptions(made.options());
          return put.map(v -> new Renewer.Issued(made.notAfter(), String.join(", ",
              config.dnsNames())));
        });
    Renewer renewer = new Renewer("identity serving certificate", attempt, new RenewalSchedule(
        IdentityConfig.DEFAULT_RENEW_AT, Backoff.decorrelatedJitter(Duration.ofSeconds(1),
            Duration.ofSeconds(60), RandomGenerator.getDefault())), Timers.of(vertx), clock,
        Metrics.newTree());
    return renewer.start(Duration.ofSeconds(10)).compose(first -> {
      HttpServerOptions options = new HttpServerOptions().setHost(config.ip())
          .setPort(config.port()).setSsl(true).setSslEngineOptions(TlsProvider.engine())
          .setEnabledSecureTransportProtocols(new LinkedHashSet<>(TlsOptions.DEFAULT_PROTOCOLS))
          .setKeyCertOptions(inUse[0].getKeyCertOptions())
          .setSslHandshakeTimeout(10).setSslHandshakeTimeoutUnit(TimeUnit.SECONDS)
          .setIdleTimeout(10).setIdleTimeoutUnit(TimeUnit.SECONDS)
          .setMaxInitialLineLength(1024).setMaxHeaderSize(8 * 1024)
          .setCompressionSupported(false).setDecompressionSupported(false);
      HttpServer server = vertx.createHttpServer(options);
      bound[0] = server;
      server.connectionHandler(new ConnectionLimits(vertx, refusals)::admit);
      return server.requestHandler(handler).listen()
          .map(listening -> new IdentityServer(listening, renewer))
          .onFailure(e -> renewer.close());
    });
  }

  private record Made(ServerSSLOptions options, Instant notAfter) {}

  /** A new key and a certificate for it, as server TLS options. Blocking. */
  private static Made servingOptions(MeshCa issuer, IdentityServiceConfig config, Clock clock) {
    KeyPair keys = MeshKeys.newEcP256();
    Duration left = Duration.between(clock.instant(),
        issuer.certificate().getNotAfter().toInstant()).minusSeconds(1);
    Duration life = left.compareTo(config.lifetime()) < 0 ? left : config.lifetime();
    IssuedCert own = issuer.issue(keys.getPublic(), new CertNames(config.dnsNames(), List.of()),
        life);
    PemKeyCertOptions pem = new PemKeyCertOptions().setCertValue(Buffer.buffer(own.chainPem()))
        .setKeyValue(Buffer.buffer(Pem.privateKey(keys.getPrivate())));
    ServerSSLOptions options = new ServerSSLOptions().setKeyCertOptions(pem)
        .setEnabledSecureTransportProtocols(new LinkedHashSet<>(TlsOptions.DEFAULT_PROTOCOLS));
    return new Made(options, own.notAfter());
  }

  int actualPort() {
    return server.actualPort();
  }

  Future<Void> close() {
    servingCert.close();
    LOG.info("identity: closing");
    return server.close();
  }
}
