package io.hoplink.router.identity.issuer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoplink.config.BackoffConfig;
import io.hoplink.config.IdentityConfig;
import io.hoplink.config.IdentityServiceConfig;
import io.hoplink.namers.k8s.TokenReviewer;
import io.hoplink.router.identity.IdentityClient;
import io.hoplink.router.identity.TestMesh;
import io.hoplink.router.telemetry.Metrics;
import io.hoplink.router.tls.ca.CertificateRequests;
import io.hoplink.router.tls.ca.MeshKeys;
import io.hoplink.router.tls.ca.Pem;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The identity issuer's server in process, on real sockets, with a stand-in for the TokenReview:
 * a router's identity client gets its certificate through it, and each bound on what a client
 * sends holds.
 */
class IdentityIssuerTest {
  private static final String GOOD = "eyJhbGciOiJSUzI1NiJ9.Z29vZA.c2ln";
  private static final String REVOKED = "eyJhbGciOiJSUzI1NiJ9.cmV2b2tlZA.c2ln";

  @TempDir Path dir;
  private final Vertx vertx = Vertx.vertx();
  private final TestMesh mesh = new TestMesh(Clock.systemUTC());
  private IdentityServer server;
  private IdentityServiceConfig config;

  private static final TokenReviewer REVIEWER = token -> token.equals(GOOD)
      ? new TokenReviewer.Review(true, "system:serviceaccount:default:l5d",
          Map.of(TokenReviewer.POD_NAME, List.of("l5d-abc")), List.of(), Optional.empty())
      : new TokenReviewer.Review(false, "", Map.of(), List.of(), Optional.of("invalid token"));

  @BeforeEach
  void writeIssuer() throws Exception {
    Path issuer = mesh.writeIssuer(dir.resolve("issuer"));
    config = new IdentityServiceConfig("127.0.0.1", 0, issuer.resolve("tls.crt").toString(),
        issuer.resolve("tls.key").toString(), issuer.resolve("ca.crt").toString(),
        List.of("localhost"), Duration.ofHours(1), "cluster.local", Optional.empty(),
        List.of("default/l5d"), Optional.empty(), Optional.empty(), 100, 600, List.of());
  }

  private void start(TokenReviewer reviewer, Executor reviews, RequestLimits limits)
      throws Exception {
    IssuerFiles issuer = IssuerFiles.load(config, Clock.systemUTC());
    RefusalLog refusals = new RefusalLog(java.util.logging.Logger.getLogger("hoplink"),
        Duration.ofMinutes(1), System::nanoTime);
    Certifier certifier = new Certifier(issuer, reviewer, Optional.empty(), Set.of("default/l5d"),
        "cluster.local", config.lifetime(), Clock.systemUTC());
    server = IdentityServer.start(vertx, config, issuer, new CertifyHandler(certifier, reviews,
        limits, refusals), refusals, Clock.systemUTC()).toCompletionStage().toCompletableFuture()
        .get(30, TimeUnit.SECONDS);
  }

  private void start() throws Exception {
    start(REVIEWER, Runnable::run, new RequestLimits(100, 600, System::nanoTime));
  }

  @AfterEach
  void close() throws Exception {
    if (server != null) {
      server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private IdentityClient client(String token) throws Exception {
    Path tokenFile = Files.writeString(dir.resolve("token-" + System.nanoTime()), token + "\n");
    IdentityConfig identity = new IdentityConfig(URI.create("https://localhost:"
        + server.actualPort()), config.trustBundle(), tokenFile.toString(),
        dir.resolve("identity").toString(), 0.667, Duration.ofSeconds(5),
        new BackoffConfig.Jittered(Duration.ofMillis(100), Duration.ofMillis(500)));
    return IdentityClient.create(identity, vertx, Metrics.newTree(), Clock.systemUTC(),
        new SplittableRandom(1));
  }

  @Test
  void aRoutersRequestComesBackAsItsCertificateInItsDirectory() throws Exception {
    start();
    try (IdentityClient client = client(GOOD)) {
      client.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    Path identity = dir.resolve("identity");
    List<X509Certificate> chain = Pem.readCertificates(Files.readString(identity.resolve("tls.crt")));
    assertEquals(List.of("CN=l5d.default.serviceaccount.identity.hoplink.cluster.local",
        "CN=test issuer"), chain.stream().map(c -> c.getSubjectX500Principal().getName()).toList());
    assertEquals(List.of(List.of(2, "l5d.default.serviceaccount.identity.hoplink.cluster.local"),
        List.of(6, "spiffe://cluster.local/ns/default/sa/l5d")),
        List.copyOf(chain.get(0).getSubjectAlternativeNames()));
    var key = Pem.readPrivateKey(Files.readString(identity.resolve("tls.key")));
    var sign = java.security.Signature.getInstance("SHA256withECDSA");
    sign.initSign(key);
    sign.update(new byte[] {1});
    var verify = java.security.Signature.getInstance("SHA256withECDSA");
    verify.initVerify(chain.get(0).getPublicKey());
    verify.update(new byte[] {1});
    assertTrue(verify.verify(sign.sign()), "tls.key is the certificate's key");
    assertEquals(mesh.rootPem(), Files.readString(identity.resolve("ca.crt")));
  }

  @Test
  void aTokenTheApiRejectsGetsNoCertificateAndTheStartSaysWhy() throws Exception {
    start();
    try (IdentityClient client = client(REVOKED)) {
      var e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> client.start()
          .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS));
      assertEquals("identity: refused: the identity issuer answered 403: the token is not"
          + " authenticated by the Kubernetes API (invalid token)", e.getCause().getMessage());
    }
    assertTrue(!Files.exists(dir.resolve("identity/tls.crt")));
  }

  /** TLS that trusts the mesh's root. */
  private SSLContext tls() throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("root", mesh.root.certificate());
    TrustManagerFactory factory = TrustManagerFactory.getInstance(
        TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, factory.getTrustManagers(), null);
    return tls;
  }

  /** A client of the issuer that trusts its root. */
  private HttpClient https() throws Exception {
    return HttpClient.newBuilder().sslContext(tls()).version(HttpClient.Version.HTTP_1_1).build();
  }

  /** A TLS connection to the issuer, handshake done; whether it answers /ping. */
  private static boolean pings(javax.net.ssl.SSLSocket socket) throws Exception {
    socket.getOutputStream().write("GET /ping HTTP/1.1\r\nHost: localhost\r\n\r\n"
        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
    byte[] reply = new byte[12];
    int n = socket.getInputStream().readNBytes(reply, 0, reply.length);
    return new String(reply, 0, n, java.nio.charset.StandardCharsets.US_ASCII)
        .equals("HTTP/1.1 200");
  }

  @Test
  void oneClientHoldsAtMostSixteenConnections() throws Exception {
    start();
    SSLContext tls = tls();
    List<javax.net.ssl.SSLSocket> held = new java.util.ArrayList<>();
    try {
      for (int i = 0; i <= ConnectionLimits.PER_CLIENT; i++) {
        javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) tls.getSocketFactory()
            .createSocket("localhost", server.actualPort());
        socket.setSoTimeout(10_000);
        socket.startHandshake();
        held.add(socket);
      }
      assertTrue(pings(held.get(0)), "the first is served");
      assertTrue(!pings(held.get(ConnectionLimits.PER_CLIENT)), "the seventeenth is closed");
      held.remove(ConnectionLimits.PER_CLIENT).close();
      held.remove(1).close();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      boolean served = false;
      while (!served && System.nanoTime() < deadline) { // once the server saw the close
        try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) tls.getSocketFactory()
            .createSocket("localhost", server.actualPort())) {
          socket.setSoTimeout(10_000);
          socket.startHandshake();
          served = pings(socket);
        } catch (java.io.IOException e) {
          served = false;
        }
      }
      assertTrue(served, "with one closed, another is served");
    } finally {
      for (var socket : held) {
        socket.close();
      }
    }
  }

  private HttpResponse<String> post(HttpClient client, String body) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("https://localhost:"
        + server.actualPort() + "/v1/certify")).POST(HttpRequest.BodyPublishers.ofString(body))
        .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String request(String token) {
    return new JsonObject().put("csr", CertificateRequests.newRequest(MeshKeys.newEcP256(), "x"))
        .put("token", token).encode();
  }

  private static void assertAnswer(HttpResponse<String> response, int status, String body) {
    assertEquals(List.of(status, body + "\n"), List.of(response.statusCode(), response.body()));
  }

  @Test
  void everyInputIsBoundedAndEachRefusalIsOneLine() throws Exception {
    start();
    HttpClient client = https();
    assertAnswer(post(client, "x".repeat(20 * 1024 + 1)), 413,
        "a body of 20481 bytes (expected: at most 20480)");
    assertAnswer(post(client, "[1, 2]"), 400, "the body is not a JSON object");
    assertAnswer(post(client, "{\"csr\": 1}"), 400, "expected {\"csr\": \"<PEM certificate"
        + " request>\", \"token\": \"<service account token>\"}");
    assertAnswer(post(client, new JsonObject().put("csr", "x".repeat(8 * 1024 + 1))
        .put("token", GOOD).encode()), 400, "a csr of more than 8192 characters");
    assertAnswer(post(client, new JsonObject().put("csr", "hello").put("token", GOOD).encode()),
        400, "the csr is not a PEM certificate request");
    assertAnswer(post(client, request("not a token")), 400,
        "the token is not a service account token (a JWT)");
    assertAnswer(post(client, request(REVOKED)), 403,
        "the token is not authenticated by the Kubernetes API (invalid token)");
    HttpResponse<String> get = client.send(HttpRequest.newBuilder(URI.create("https://localhost:"
        + server.actualPort() + "/v1/certify")).build(), HttpResponse.BodyHandlers.ofString());
    assertAnswer(get, 405, "method not allowed: POST /v1/certify");
    HttpResponse<String> ok = post(client, request(GOOD));
    assertEquals(200, ok.statusCode(), ok.body());
    assertTrue(new JsonObject(ok.body()).getString("certificate")
        .startsWith("-----BEGIN CERTIFICATE-----"));
  }

  @Test
  void aClientOverItsRateIsToldToComeBackLater() throws Exception {
    start(REVIEWER, Runnable::run, new RequestLimits(100, 2, System::nanoTime));
    HttpClient client = https();
    assertEquals(200, post(client, request(GOOD)).statusCode());
    assertEquals(200, post(client, request(GOOD)).statusCode());
    HttpResponse<String> limited = post(client, request(GOOD));
    assertAnswer(limited, 429, "too many requests: over 2 requests a minute from 127.0.0.1");
    assertEquals(Optional.of("1"), limited.headers().firstValue("retry-after"));
  }

  @Test
  void whenEveryReviewerIsBusyAndTheQueueIsFullTheAnswerIs503() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch reviewing = new CountDownLatch(1);
    TokenReviewer slow = token -> {
      reviewing.countDown();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return REVIEWER.review(token);
    };
    ThreadPoolExecutor reviews = new ThreadPoolExecutor(1, 1, 1, TimeUnit.MINUTES,
        new ArrayBlockingQueue<>(1));
    try {
      start(slow, reviews, new RequestLimits(100, 600, System::nanoTime));
      HttpClient client = https();
      var first = client.sendAsync(HttpRequest.newBuilder(URI.create("https://localhost:"
          + server.actualPort() + "/v1/certify")).POST(HttpRequest.BodyPublishers.ofString(
              request(GOOD))).build(), HttpResponse.BodyHandlers.ofString());
      assertTrue(reviewing.await(20, TimeUnit.SECONDS));
      var queued = client.sendAsync(HttpRequest.newBuilder(URI.create("https://localhost:"
          + server.actualPort() + "/v1/certify")).POST(HttpRequest.BodyPublishers.ofString(
              request(GOOD))).build(), HttpResponse.BodyHandlers.ofString());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (reviews.getQueue().isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(10); // a bounded poll until the second request waits in the queue
      }
      assertAnswer(post(client, request(GOOD)), 503,
          "every reviewer is busy and the queue is full");
      release.countDown();
      assertEquals(200, first.get(20, TimeUnit.SECONDS).statusCode());
      assertEquals(200, queued.get(20, TimeUnit.SECONDS).statusCode());
    } finally {
      release.countDown();
      reviews.shutdownNow();
    }
  }
}
