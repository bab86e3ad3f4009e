package io.hoplink.router.identity;

import static java.util.Objects.requireNonNull;

import io.hoplink.config.IdentityConfig;
import io.hoplink.router.Timers;
import io.hoplink.router.resilience.Backoff;
import io.hoplink.router.telemetry.Metrics;
import io.hoplink.router.tls.TlsOptions;
import io.hoplink.router.tls.TlsProvider;
import io.hoplink.router.tls.ca.CertificateRequests;
import io.hoplink.router.tls.ca.MeshKeys;
import io.hoplink.router.tls.ca.Pem;
import io.hoplink.router.tls.ca.TrustBundle;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The router's own certificate from the identity issuer ({@code identity} block): for each
 * certificate a new EC P-256 key, which never leaves the process and its identity directory; a
 * request signed by it, sent with the pod's service account token; the answer checked (the
 * certificate is for this key, its chain leads to the trust bundle) and written to the directory
 * with the key and the bundle (see {@link IdentityDir}). The tls blocks read those files, and the
 * TLS reloader takes each renewal up for new connections.
 */
public final class IdentityClient implements AutoCloseable {
  private final IdentityConfig config;
  private final Vertx vertx;
  private final Clock clock;
  private final IdentityDir dir;
  private final Renewer renewer;

  private IdentityClient(IdentityConfig config, Vertx vertx, Metrics scope, Clock clock,
      RandomGenerator random) {
    this.config = config;
    this.vertx = vertx;
    this.clock = clock;
    this.dir = new IdentityDir(Path.of(config.dir()));
    this.renewer = new Renewer("identity", this::attempt, new RenewalSchedule(config.renewAt(),
        Backoff.of(config.backoff(), random)), Timers.of(vertx), clock, scope);
  }

  /** A client for {@code config}; {@link #start} gets the first certificate. */
  public static IdentityClient create(IdentityConfig config, Vertx vertx, Metrics scope,
      Clock clock, RandomGenerator random) {
    return new IdentityClient(requireNonNull(config, "config"), requireNonNull(vertx, "vertx"),
        requireNonNull(scope, "scope"), requireNonNull(clock, "clock"),
        requireNonNull(random, "random"));
  }

  /**
   * Completes once the first certificate is in the directory; fails with a one-line reason when
   * the issuer refuses or {@code startTimeoutMs} passes first. Renewals follow by themselves.
   */
  public Future<Renewer.Issued> start() {
    return renewer.start(config.startTimeout());
  }

  /** What one attempt sends, and the key it is for. */
  private record Request(KeyPair keys, String csr, String token, TrustBundle trust) {}

  private Future<Renewer.Issued> attempt() {
    return vertx.executeBlocking(this::prepare).compose(request -> send(request)
        .compose(chainPem -> vertx.executeBlocking(() -> keep(request, chainPem))));
  }

  private Request prepare() throws IOException {
    Path tokenFile = Path.of(config.tokenPath());
    if (Files.size(tokenFile) > CertifyProtocol.MAX_TOKEN_CHARS) {
      throw new IllegalStateException("the token in " + tokenFile + " is over "
          + CertifyProtocol.MAX_TOKEN_CHARS + " bytes");
    }
    String token = Files.readString(tokenFile, StandardCharsets.US_ASCII).strip();
    TrustBundle trust;
    try {
      trust = TrustBundle.read(Files.readString(Path.of(config.trustBundle()),
          StandardCharsets.US_ASCII));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("trustBundle " + config.trustBundle() + " "
          + e.getMessage(), e);
    }
    KeyPair keys = MeshKeys.newEcP256();
    return new Request(keys, CertificateRequests.newRequest(keys, "hoplink"), token, trust);
  }

  /** Asks the issuer; the chain it answers with, as PEM. */
  private Future<String> send(Request request) {
    HttpClientAgent client = vertx.createHttpClient(new HttpClientOptions().setSsl(true)
        .setSslEngineOptions(TlsProvider.engine())
        .setEnabledSecureTransportProtocols(new LinkedHashSet<>(TlsOptions.DEFAULT_PROTOCOLS))
        .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(request.trust().pem())))
        .setVerifyHost(true).setKeepAlive(false));
    JsonObject body = new JsonObject().put(CertifyProtocol.CSR, request.csr())
        .put(CertifyProtocol.TOKEN, request.token());
    return client.request(new RequestOptions().setMethod(HttpMethod.POST)
            .setAbsoluteURI(config.certifyUrl().toString()).setConnectTimeout(5_000)
            .setIdleTimeout(10_000).putHeader("content-type", "application/json"))
        .compose(req -> req.send(body.toBuffer()))
        .compose(response -> {
          String length = response.getHeader("content-length");
          if (length == null || !length.matches("\\d{1,6}")
              || Integer.parseInt(length) > CertifyProtocol.MAX_ANSWER_BYTES) {
            return Future.failedFuture(new IllegalStateException("the identity issuer answered "
                + response.statusCode() + " with a body of length " + length + " (expected at"
                + " most " + CertifyProtocol.MAX_ANSWER_BYTES + " bytes)"));
          }
          return response.body().map(answer -> read(response.statusCode(), answer));
        })
        .eventually(client::close);
  }

  private String read(int status, Buffer answer) {
    if (status == 200) {
      try {
        return new JsonObject(answer).getString(CertifyProtocol.CERTIFICATE);
      } catch (RuntimeException e) {
        throw new IllegalStateException("the identity issuer's answer does not parse: "
            + Renewer.oneLine(e));
      }
    }
    String reason = answer.toString(StandardCharsets.UTF_8).lines().findFirst().orElse("");
    String message = "the identity issuer answered " + status + ": " + reason;
    throw status == 400 || status == 403 ? new Renewer.Refused(message)
        : new IllegalStateException(message);
  }

  /** Checks the certificate and puts it, its key and the roots in the directory. Blocking. */
  private Renewer.Issued keep(Request request, String chainPem) throws IOException {
    List<X509Certificate> chain;
    try {
      chain = Pem.readCertificates(chainPem == null ? "" : chainPem);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("the identity issuer's certificate " + e.getMessage(), e);
    }
    X509Certificate leaf = chain.get(0);
    if (!leaf.getPublicKey().equals(request.keys().getPublic())) {
      throw new IllegalStateException("the identity issuer answered with a certificate for"
          + " another key");
    }
    try {
      request.trust().verify(chain, clock.instant());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("the identity issuer's certificate is not accepted by"
          + " trustBundle " + config.trustBundle() + ": " + e.getMessage(), e);
    }
    dir.write(Pem.certificates(chain), Pem.privateKey(request.keys().getPrivate()),
        request.trust().pem());
    return new Renewer.Issued(leaf.getNotAfter().toInstant(), names(leaf));
  }

  /** The certificate's DNS names and URIs, for the log. */
  static String names(X509Certificate certificate) {
    try {
      var names = certificate.getSubjectAlternativeNames();
      if (names == null) {
        return certificate.getSubjectX500Principal().getName();
      }
      return String.join(", ", names.stream().map(name -> String.valueOf(name.get(1))).toList());
    } catch (java.security.cert.CertificateParsingException e) {
      return certificate.getSubjectX500Principal().getName();
    }
  }

  /** Stops renewing; the files stay, for the servers still using them. */
  @Override
  public void close() {
    renewer.close();
  }
}
