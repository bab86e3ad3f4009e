package io.hoplink.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoplink.router.tls.TestCerts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS between two routers of the packaged jar, with certificates the test makes with openssl:
 * the incoming router serves TLS and requires a client certificate from the mesh CA; outgoing
 * routers connect with Linkerd's client {@code tls} block. A handshake that fails (no client
 * certificate, another CA, another name) forwards nothing and answers 502 naming it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsIT {
  @TempDir static Path dir;
  private TestCerts certs;
  private TestBackend backend;
  private HoplinkProcess incoming;

  @BeforeAll
  void start() throws Exception {
    certs = new TestCerts(dir);
    certs.ca("mesh-ca");
    certs.ca("rogue-ca");
    certs.leaf("incoming", "incoming.mesh", "mesh-ca");
    certs.leaf("outgoing", "outgoing.mesh", "mesh-ca");
    certs.leaf("stranger", "stranger.mesh", "rogue-ca");
    backend = new TestBackend("world");
    incoming = HoplinkProcess.start(dir, """
        admin: {port: 0}
        routers:
        - protocol: http
          label: incoming
          dtab: /svc => /$/inet/127.0.0.1/%d;
          client: {forwardClientCert: true}
          servers:
          - port: 0
            tls:
              certPath: %s
              keyPath: %s
              caCertPath: %s
              requireClientAuth: true
        """.formatted(backend.port(), certs.pem("incoming"), certs.keyOf("incoming"),
        certs.pem("mesh-ca")));
  }

  @AfterAll
  void stop() throws Exception {
    if (incoming != null) {
      incoming.close();
    }
    if (backend != null) {
      backend.close();
    }
  }

  /** An outgoing router whose client reaches the incoming router with {@code tls}. */
  private HoplinkProcess outgoing(String tls, String... jvmArgs) throws Exception {
    return outgoingTo(incoming.port("incoming"), tls, jvmArgs);
  }

  /** An outgoing router whose client reaches 127.0.0.1:{@code port} with {@code tls}. */
  private static HoplinkProcess outgoingTo(int port, String tls, String... jvmArgs)
      throws Exception {
    return HoplinkProcess.start(dir, """
        admin: {port: 0}
        routers:
        - protocol: http
          label: outgoing
          dtab: /svc => /$/inet/127.0.0.1/%d;
          servers: [{port: 0}]
          client:
            tls:
        %s
        """.formatted(port, tls.indent(6)), jvmArgs);
  }

  /** OpenSSL where it loads (here it does), the JDK's provider when asked for: they interwork. */
  @Test
  void theJdkProviderAndOpenSslSpeakMutualTlsToEachOther() throws Exception {
    assertTrue(incoming.log().contains("TLS through BoringSSL (netty-tcnative)"), incoming.log());
    try (HoplinkProcess outgoing = outgoing("""
        commonName: incoming.mesh
        trustCerts: [%s]
        clientAuth: {certPath: %s, keyPath: %s}
        """.formatted(certs.pem("mesh-ca"), certs.pem("outgoing"), certs.keyOf("outgoing")),
        "-Dhoplink.tls.provider=jdk")) {
      assertTrue(outgoing.log().contains("TLS through the JDK's provider"), outgoing.log());
      String reply = get(outgoing);
      assertEquals(200, RawHttp.status(reply), reply + outgoing.log() + incoming.log());
    }
  }

  private static String get(HoplinkProcess router) throws Exception {
    return RawHttp.exchange(router.port("outgoing"),
        "GET /hello HTTP/1.1\r\nHost: world\r\nConnection: close\r\n"
            + "x-forwarded-client-cert: Hash=forged;DNS=admin.mesh\r\n\r\n");
  }

  @Test
  void mutualTlsCarriesTheRequest() throws Exception {
    try (HoplinkProcess outgoing = outgoing("""
        commonName: incoming.mesh
        trustCerts: [%s]
        clientAuth: {certPath: %s, keyPath: %s}
        """.formatted(certs.pem("mesh-ca"), certs.pem("outgoing"), certs.keyOf("outgoing")))) {
      String reply = get(outgoing);
      assertEquals(200, RawHttp.status(reply), reply + outgoing.log() + incoming.log());
      assertTrue(reply.endsWith("world"), reply);
      // The incoming router names the outgoing router's certificate (forwardClientCert), and
      // the copy the client sent along never gets through.
      String cert = backend.seenHeaders().get(backend.seenHeaders().size() - 1)
          .getFirst("x-forwarded-client-cert");
      assertTrue(cert != null && cert.matches("Hash=[0-9A-F]{64};DNS=outgoing.mesh;"
          + "Subject=\"CN=outgoing.mesh\""), cert);
      // Each end knows who the other is: the client its endpoint's, the server its clients'.
      assertTrue(outgoing.admin("/client_state.json").contains("\"peerIdentity\":\"incoming.mesh\""),
          outgoing.admin("/client_state.json"));
      assertTrue(incoming.admin("/admin/metrics.json").matches(
          "(?s).*\"rt/incoming/server/[^\"]+/tls/peer/outgoing.mesh/connections\":[1-9].*"),
          incoming.admin("/admin/metrics.json"));
    }
  }

  @Test
  void withoutAClientCertificateTheIncomingRouterRefuses() throws Exception {
    try (HoplinkProcess outgoing = outgoing("""
        commonName: incoming.mesh
        trustCerts: [%s]
        """.formatted(certs.pem("mesh-ca")))) {
      String reply = get(outgoing);
      assertEquals(502, RawHttp.status(reply), reply);
      assertTrue(reply.contains("TLS handshake failed"), reply);
      // the incoming router counts the refused handshake and says why in one line
      incoming.awaitLog("TLS handshake with a client of 127.0.0.1:" + incoming.port("incoming"),
          Duration.ofSeconds(10));
      String metrics = incoming.admin("/admin/metrics.json");
      java.util.regex.Matcher failures = java.util.regex.Pattern
          .compile("\"rt/incoming/server/[^\"]+/tls/handshake_failures\":(\\d+)").matcher(metrics);
      assertTrue(failures.find() && Integer.parseInt(failures.group(1)) >= 1, metrics);
      String line = incoming.log().lines().filter(l -> l.contains("TLS handshake with a client"))
          .findFirst().orElseThrow();
      assertTrue(line.contains("HandshakeException"), line); // the JDK's or OpenSSL's
    }
  }

  @Test
  void aServerCertificateFromAnotherCaOrForAnotherNameIsRefused() throws Exception {
    try (HoplinkProcess otherCa = outgoing("""
        commonName: incoming.mesh
        trustCerts: [%s]
        clientAuth: {certPath: %s, keyPath: %s}
        """.formatted(certs.pem("rogue-ca"), certs.pem("outgoing"), certs.keyOf("outgoing")))) {
      String reply = get(otherCa);
      assertEquals(502, RawHttp.status(reply), reply);
      assertTrue(reply.contains("TLS handshake failed: unable to find valid certification path"),
          reply);

    }
    try (HoplinkProcess otherName = outgoing("""
        commonName: billing.mesh
        trustCerts: [%s]
        clientAuth: {certPath: %s, keyPath: %s}
        """.formatted(certs.pem("mesh-ca"), certs.pem("outgoing"), certs.keyOf("outgoing")))) {
      String reply = get(otherName);
      assertEquals(502, RawHttp.status(reply), reply);
      assertTrue(reply.contains("TLS handshake failed: No subject alternative DNS name matching"
          + " billing.mesh found"), reply);
    }
  }

  /**
   * A server certificate out of its validity (expired, or not valid yet) from the mesh's own
   * CA: the handshake fails, nothing is forwarded, and the 502 names the TLS failure.
   */
  @Test
  void anExpiredOrNotYetValidServerCertificateIsRefused() throws Exception {
    java.time.Instant now = java.time.Instant.now();
    var root = io.hoplink.router.tls.ca.MeshCa.newRoot("validity-ca", java.time.Duration.ofDays(30),
        java.time.Clock.fixed(now.minus(java.time.Duration.ofDays(10)), java.time.ZoneOffset.UTC));
    Path ca = dir.resolve("validity-ca.pem");
    java.nio.file.Files.writeString(ca, pem(root.certificate()));
    for (var when : java.util.Map.of("expired", now.minus(java.time.Duration.ofDays(3)),
        "not-yet-valid", now.plus(java.time.Duration.ofDays(3))).entrySet()) {
      var then = io.hoplink.router.tls.ca.MeshCa.load(pem(root.certificate()), root.privateKeyPem(),
          java.time.Clock.fixed(when.getValue(), java.time.ZoneOffset.UTC));
      var keys = java.security.KeyPairGenerator.getInstance("EC");
      keys.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
      var pair = keys.generateKeyPair();
      var cert = then.issue(pair.getPublic(), io.hoplink.router.tls.ca.CertNames.dns("timely.mesh"),
          java.time.Duration.ofDays(1));
      Path certFile = java.nio.file.Files.writeString(dir.resolve(when.getKey() + ".pem"),
          cert.chainPem());
      Path keyFile = java.nio.file.Files.writeString(dir.resolve(when.getKey() + ".key"),
          "-----BEGIN PRIVATE KEY-----\n" + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'})
              .encodeToString(pair.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
      try (TestBackend untouched = new TestBackend("untouched");
          HoplinkProcess server = HoplinkProcess.start(dir, """
              admin: {port: 0}
              routers:
              - protocol: http
                label: incoming
                dtab: /svc => /$/inet/127.0.0.1/%d;
                servers:
                - port: 0
                  tls: {certPath: %s, keyPath: %s}
              """.formatted(untouched.port(), certFile, keyFile));
          HoplinkProcess client = outgoingTo(server.port("incoming"),
              "commonName: timely.mesh\ntrustCerts: [" + ca + "]\n")) {
        String reply = get(client);
        assertEquals(502, RawHttp.status(reply), when.getKey() + ": " + reply);
        assertTrue(reply.contains("TLS handshake failed"), when.getKey() + ": " + reply);
        assertEquals(0, untouched.requests(), "nothing forwarded with a " + when.getKey()
            + " certificate");
      }
    }
  }

  /**
   * A client with tls to a port that speaks plaintext HTTP (it answers the ClientHello with a
   * plaintext 400, as nginx or a Python server does): a 502 naming the TLS failure.
   */
  @Test
  void tlsToAPlaintextPortIsRefused() throws Exception {
    try (java.net.ServerSocket plain = new java.net.ServerSocket(0, 50,
        java.net.InetAddress.getLoopbackAddress())) {
      Thread answering = new Thread(() -> {
        while (!plain.isClosed()) {
          try (java.net.Socket socket = plain.accept()) {
            socket.getInputStream().read(new byte[512]);
            socket.getOutputStream().write(("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n"
                + "Connection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
          } catch (java.io.IOException e) {
            return; // closed at the end of the test
          }
        }
      });
      answering.setDaemon(true);
      answering.start();
      try (HoplinkProcess client = outgoingTo(plain.getLocalPort(),
          "commonName: incoming.mesh\ntrustCerts: [" + certs.pem("mesh-ca") + "]\n")) {
        String reply = get(client);
        assertEquals(502, RawHttp.status(reply), reply);
        assertTrue(reply.contains("TLS handshake failed"), reply);
      }
    }
  }

  private static String pem(java.security.cert.X509Certificate cert) throws Exception {
    return "-----BEGIN CERTIFICATE-----\n" + java.util.Base64.getMimeEncoder(64,
        new byte[] {'\n'}).encodeToString(cert.getEncoded()) + "\n-----END CERTIFICATE-----\n";
  }

  @Test
  void aClientCertificateFromAnotherCaIsRefused() throws Exception {
    try (HoplinkProcess outgoing = outgoing("""
        commonName: incoming.mesh
        trustCerts: [%s]
        clientAuth: {certPath: %s, keyPath: %s}
        """.formatted(certs.pem("mesh-ca"), certs.pem("stranger"), certs.keyOf("stranger")))) {
      String reply = get(outgoing);
      assertEquals(502, RawHttp.status(reply), reply);
    }
  }

  // The outgoing h2 client offers only h2 by ALPN: a reply means h2 over TLS was agreed.
  @Test
  void h2RoutersSpeakH2OverTlsByAlpn() throws Exception {
    try (HoplinkProcess h2in = HoplinkProcess.start(dir, """
            admin: {port: 0}
            routers:
            - protocol: h2
              label: h2in
              dtab: /svc => /$/inet/127.0.0.1/%d;
              client: {protocol: http}
              servers:
              - port: 0
                tls: {certPath: %s, keyPath: %s, caCertPath: %s, requireClientAuth: true}
            """.formatted(backend.port(), certs.pem("incoming"), certs.keyOf("incoming"),
            certs.pem("mesh-ca")));
        HoplinkProcess h2out = HoplinkProcess.start(dir, """
            admin: {port: 0}
            routers:
            - protocol: h2
              label: h2out
              dtab: /svc => /$/inet/127.0.0.1/%d;
              servers: [{port: 0}]
              client:
                tls:
                  commonName: incoming.mesh
                  trustCertsBundle: %s
                  clientAuth: {certPath: %s, keyPath: %s}
            """.formatted(h2in.port("h2in"), certs.pem("mesh-ca"), certs.pem("outgoing"),
            certs.keyOf("outgoing")))) {
      Process curl = new ProcessBuilder("curl", "-s", "--http2-prior-knowledge", "-w",
          "\n%{http_version} %{http_code}", "-H", "Host: world",
          "http://127.0.0.1:" + h2out.port("h2out") + "/hello").redirectErrorStream(true).start();
      String reply = new String(curl.getInputStream().readAllBytes());
      assertTrue(curl.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
      assertTrue(reply.endsWith("world\n2 200"), reply + h2out.log() + h2in.log());
    }
  }

  @Test
  void aTrustFileThatIsNotPemStopsTheStart() throws Exception {
    Path notPem = java.nio.file.Files.writeString(dir.resolve("ca.der"), "not a certificate");
    java.nio.file.Path config = java.nio.file.Files.writeString(dir.resolve("bad-trust.yaml"), """
        admin: {port: 0}
        routers:
        - protocol: http
          label: outgoing
          dtab: /svc => /$/inet/127.0.0.1/1;
          servers: [{port: 0}]
          client:
            tls: {commonName: incoming.mesh, trustCerts: [%s]}
        """.formatted(notPem));
    try (HoplinkProcess p = HoplinkProcess.launch(dir, java.util.List.of(),
        java.util.List.of(config.toString()))) {
      assertEquals(65, p.awaitExit(Duration.ofSeconds(30)), p.log());
      assertTrue(p.log().contains("config error: router 'outgoing': client tls: trustCerts "
          + notPem + " holds no PEM block"), p.log());
    }
  }

  @Test
  void theAdminPortServesTlsWithAdminTls() throws Exception {
    try (HoplinkProcess router = HoplinkProcess.start(dir, """
        admin:
          port: 0
          tls: {certPath: %s, keyPath: %s}
        routers:
        - protocol: http
          dtab: /svc => /$/inet/127.0.0.1/1;
          servers: [{port: 0}]
        """.formatted(certs.pem("incoming"), certs.keyOf("incoming")))) {
      int port = router.adminPort();
      Process curl = new ProcessBuilder("curl", "-s", "--cacert", certs.pem("mesh-ca").toString(),
          "--resolve", "incoming.mesh:" + port + ":127.0.0.1",
          "https://incoming.mesh:" + port + "/admin/ping").redirectErrorStream(true).start();
      String reply = new String(curl.getInputStream().readAllBytes());
      assertTrue(curl.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
      assertEquals("pong", reply.strip(), reply + router.log());
      String plain = RawHttp.exchange(port, "GET /admin/ping HTTP/1.1\r\nHost: a\r\n"
          + "Connection: close\r\n\r\n");
      assertTrue(!plain.startsWith("HTTP/"), "no plaintext on a TLS admin port: " + plain);
    }
  }

  /** A Secret's files as kubelet mounts them: {@code tls.crt} and {@code tls.key}. */
  private static Map<String, String> tlsFiles(Path cert, Path key) throws Exception {
    return Map.of("tls.crt", Files.readString(cert), "tls.key", Files.readString(key));
  }

  private static int awaitStatus(HoplinkProcess router, int status) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    int last = -1;
    while (System.nanoTime() < deadline) {
      last = RawHttp.status(get(router));
      if (last == status) {
        return last;
      }
      HoplinkProcess.pause();
    }
    return last;
  }

  @Test
  void aRenewedAdminCertificateIsTakenUpWithoutARestart() throws Exception {
    certs.leaf("admin-v2", "admin-v2.mesh", "mesh-ca");
    AtomicVolume secret = secret("admin-secret", certs.pem("incoming"), certs.keyOf("incoming"));
    try (HoplinkProcess router = HoplinkProcess.start(dir, """
        admin:
          port: 0
          tls: {certPath: %s, keyPath: %s}
        routers:
        - protocol: http
          dtab: /svc => /$/inet/127.0.0.1/1;
          servers: [{port: 0}]
        """.formatted(secret.dir().resolve("tls.crt"), secret.dir().resolve("tls.key")))) {
      assertEquals("pong", adminPing(router, "incoming.mesh"));
      secret.write(tlsFiles(certs.pem("admin-v2"), certs.keyOf("admin-v2")));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      String seen = adminPing(router, "admin-v2.mesh");
      while (!seen.equals("pong") && System.nanoTime() < deadline) {
        HoplinkProcess.pause();
        seen = adminPing(router, "admin-v2.mesh");
      }
      assertEquals("pong", seen, router.log());
    }
  }

  private String adminPing(HoplinkProcess router, String name) throws Exception {
    int port = router.adminPort();
    Process curl = new ProcessBuilder("curl", "-sS", "--cacert", certs.pem("mesh-ca").toString(),
        "--resolve", name + ":" + port + ":127.0.0.1",
        "https://" + name + ":" + port + "/admin/ping").redirectErrorStream(true).start();
    String reply = new String(curl.getInputStream().readAllBytes());
    assertTrue(curl.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
    return reply.strip();
  }

  // A Secret mounted as Kubernetes mounts it: files are links through ..data, which is swapped.
  @Test
  void aRenewedCertificateIsTakenUpWithoutARestartAndABrokenOneIsNot() throws Exception {
    certs.leaf("incoming-v2", "incoming-v2.mesh", "mesh-ca");
    AtomicVolume secret = secret("secret", certs.pem("incoming"), certs.keyOf("incoming"));
    try (HoplinkProcess rotating = HoplinkProcess.start(dir, """
            admin: {port: 0}
            routers:
            - protocol: http
              label: incoming
              dtab: /svc => /$/inet/127.0.0.1/%d;
              servers:
              - port: 0
                tls: {certPath: %s, keyPath: %s, caCertPath: %s, requireClientAuth: true}
            """.formatted(backend.port(), secret.dir().resolve("tls.crt"),
            secret.dir().resolve("tls.key"), certs.pem("mesh-ca")));
        HoplinkProcess toV1 = outgoingTo(rotating, "incoming.mesh");
        HoplinkProcess toV2 = outgoingTo(rotating, "incoming-v2.mesh")) {
      assertEquals(200, RawHttp.status(get(toV1)), rotating.log());
      assertEquals(502, RawHttp.status(get(toV2)), "the v2 name is not served yet");

      // A certificate with another's key: refused, the one in use stays.
      secret.write(tlsFiles(certs.pem("incoming-v2"), certs.keyOf("incoming")));
      rotating.awaitLog("the changed certificate files do not load", Duration.ofSeconds(30));
      assertEquals(200, RawHttp.status(get(toV1)), rotating.log());

      secret.write(tlsFiles(certs.pem("incoming-v2"), certs.keyOf("incoming-v2")));
      assertEquals(200, awaitStatus(toV2, 200), rotating.log());
      // once its pooled connection (made before the swap) has gone, v1's name no longer matches
      assertEquals(502, awaitStatus(toV1, 502), "new connections get the new certificate");
      assertTrue(rotating.log().contains("new certificates in use for new connections"),
          rotating.log());
      // The test's certificates live a day: the gauge says so, for an alert before expiry.
      java.util.regex.Matcher expiry = java.util.regex.Pattern.compile(
          "\"rt/incoming/server/[^\"]+/tls/cert_expiry_seconds\":(\\d+)")
          .matcher(rotating.admin("/admin/metrics.json"));
      assertTrue(expiry.find(), rotating.admin("/admin/metrics.json"));
      long seconds = Long.parseLong(expiry.group(1));
      assertTrue(seconds > 86_400 - 600 && seconds <= 86_400, "about a day: " + seconds);
      // ... and the admin page lists it, with when it expires
      String page = rotating.admin("/");
      assertTrue(page.contains("<section id=\"certificates\">")
          && page.matches("(?s).*<td>rt/incoming/server/[^<]+tls/</td><td>(23 h|1 d 0 h)[^<]*</td>.*"),
          page);
    }
  }

  /**
   * Both ends renew under a steady client loop: the incoming router's server certificate, then
   * the outgoing router's client certificate, each through a Secret's ..data swap. Connections
   * are made all the time (the pool keeps none idle for long), so handshakes run across each
   * swap; not one request fails, and the backend sees the new client certificate.
   */
  @Test
  void rotationOnBothEndsUnderLoadFailsNoRequest() throws Exception {
    certs.leaf("incoming-r2", "incoming.mesh", "mesh-ca");
    certs.leaf("outgoing-r2", "outgoing.mesh", "mesh-ca");
    AtomicVolume serverSecret =
        secret("server-secret", certs.pem("incoming"), certs.keyOf("incoming"));
    AtomicVolume clientSecret =
        secret("client-secret", certs.pem("outgoing"), certs.keyOf("outgoing"));
    try (TestBackend world = new TestBackend("world");
        HoplinkProcess in = HoplinkProcess.start(dir, """
            admin: {port: 0}
            routers:
            - protocol: http
              label: incoming
              dtab: /svc => /$/inet/127.0.0.1/%d;
              client: {forwardClientCert: true}
              servers:
              - port: 0
                tls: {certPath: %s, keyPath: %s, caCertPath: %s, requireClientAuth: true}
            """.formatted(world.port(), serverSecret.dir().resolve("tls.crt"),
            serverSecret.dir().resolve("tls.key"), certs.pem("mesh-ca")));
        HoplinkProcess out = HoplinkProcess.start(dir, """
            admin: {port: 0}
            routers:
            - protocol: http
              label: outgoing
              dtab: /svc => /$/inet/127.0.0.1/%d;
              servers: [{port: 0}]
              client:
                hostConnectionPool: {idleTimeMs: 20}
                tls:
                  commonName: incoming.mesh
                  trustCerts: [%s]
                  clientAuth: {certPath: %s, keyPath: %s}
            """.formatted(in.port("incoming"), certs.pem("mesh-ca"),
            clientSecret.dir().resolve("tls.crt"), clientSecret.dir().resolve("tls.key")));
        SteadyLoad load = SteadyLoad.start(out.port("outgoing"), 4)) {
      load.awaitAnswers("world", 100, Duration.ofSeconds(30));

      serverSecret.write(tlsFiles(certs.pem("incoming-r2"), certs.keyOf("incoming-r2")));
      in.awaitLog("new certificates in use for new connections", Duration.ofSeconds(30));
      load.awaitAnswers("world", 200, Duration.ofSeconds(30));

      clientSecret.write(tlsFiles(certs.pem("outgoing-r2"), certs.keyOf("outgoing-r2")));
      out.awaitLog("new certificates in use for new connections", Duration.ofSeconds(30));
      String renewed = "Hash=" + sha256Hex(certs.pem("outgoing-r2"));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (world.seenHeaders().stream().noneMatch(h -> String.valueOf(
          h.getFirst("x-forwarded-client-cert")).startsWith(renewed))) {
        assertTrue(System.nanoTime() < deadline, "the renewed client certificate never arrived");
        HoplinkProcess.pause();
      }
      load.awaitAnswers("world", 200, Duration.ofSeconds(30));
      load.close();
      assertEquals(List.of(), load.failures(), load.total() + " sent\n" + out.log() + in.log());
    }
  }

  /** A Secret of {@code cert} and {@code key} mounted as kubelet mounts it. */
  private static AtomicVolume secret(String name, Path cert, Path key) throws Exception {
    return AtomicVolume.create(dir.resolve(name), tlsFiles(cert, key));
  }

  private static String sha256Hex(Path pem) throws Exception {
    try (var in = java.nio.file.Files.newInputStream(pem)) {
      byte[] der = java.security.cert.CertificateFactory.getInstance("X.509")
          .generateCertificate(in).getEncoded();
      return java.util.HexFormat.of().withUpperCase().formatHex(
          java.security.MessageDigest.getInstance("SHA-256").digest(der));
    }
  }

  private HoplinkProcess outgoingTo(HoplinkProcess incomingRouter, String name) throws Exception {
    return HoplinkProcess.start(dir, """
        admin: {port: 0}
        routers:
        - protocol: http
          label: outgoing
          dtab: /svc => /$/inet/127.0.0.1/%d;
          servers: [{port: 0}]
          client:
            hostConnectionPool: {idleTimeMs: 1}
            tls:
              commonName: %s
              trustCerts: [%s]
              clientAuth: {certPath: %s, keyPath: %s}
        """.formatted(incomingRouter.port("incoming"), name, certs.pem("mesh-ca"),
        certs.pem("outgoing"), certs.keyOf("outgoing")));
  }

  @Test
  void plaintextToTheTlsPortGetsNoHttpAnswer() throws Exception {
    int before = backend.seenHeaders().size();
    String reply = RawHttp.exchange(incoming.port("incoming"),
        "GET / HTTP/1.1\r\nHost: world\r\nConnection: close\r\n\r\n");
    assertTrue(!reply.startsWith("HTTP/"), "a TLS port answers no plaintext request: " + reply);
    assertEquals(before, backend.seenHeaders().size(), "nothing was forwarded");
  }
}
