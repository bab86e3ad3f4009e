package io.hoplink.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.hoplink.router.tls.ca.Pem;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hoplink identity} from the packaged jar issues the routers' certificates, with fabric8's
 * mock API answering its TokenReviews. Two routers (outgoing, with client tls and clientAuth;
 * incoming, requiring client certificates) get theirs at start, and a steady client loop runs
 * through them across renewals with no failed request: each new connection presents the latest
 * certificate, as the incoming side sees (x-forwarded-client-cert) and serves. A router whose
 * token the API rejects does not start, in one line. Then the issuer dies for a while: the routers
 * keep their certificates and retry, and renew from the issuer that comes back.
 *
 * <p>Lifetimes are 15 s, renewed at 0.3 of that (every 4.5 s): the outage lasts until both
 * routers have failed a renewal (up to 4.5 s, whenever their renewals fall), and a certificate
 * then still has 10.5 s to go: time for a retry and for the TLS reloader (every 2 s) to take the
 * new files before the old ones expire, on a busy machine too.
 */
class IdentityIT {
  private static final String NAME = "l5d.default.serviceaccount.identity.hoplink.cluster.local";
  private static final String SPIFFE = "spiffe://cluster.local/ns/default/sa/l5d";
  /** Tokens as the mock API knows them: a service account's, and one it rejects. */
  private static final String GOOD = "eyJhbGciOiJSUzI1NiJ9.ZGVmYXVsdDpsNWQ.c2lnbmF0dXJl";
  private static final String REVOKED = "eyJhbGciOiJSUzI1NiJ9.cmV2b2tlZA.c2lnbmF0dXJl";
  private static final Duration DEADLINE = Duration.ofSeconds(40);

  @TempDir Path dir;
  private KubernetesMockServer api;
  private final List<List<String>> audiencesAsked = new CopyOnWriteArrayList<>();

  /** The API's TokenReview: GOOD is default/l5d's, anything else is not authenticated. */
  @BeforeEach
  void startApi() {
    api = new KubernetesMockServer(false);
    api.init(InetAddress.getLoopbackAddress(), 0);
    api.expect().post().withPath("/apis/authentication.k8s.io/v1/tokenreviews")
        .andReply(201, request -> {
          TokenReview asked = Serialization.unmarshal(request.getUtf8Body(), TokenReview.class);
          audiencesAsked.add(asked.getSpec().getAudiences());
          TokenReviewBuilder answer = new TokenReviewBuilder(asked);
          if (GOOD.equals(asked.getSpec().getToken())) {
            return answer.withNewStatus().withAuthenticated(true)
                .withAudiences(asked.getSpec().getAudiences()).withNewUser()
                .withUsername("system:serviceaccount:default:l5d")
                .withExtra(Map.of("authentication.kubernetes.io/pod-name", List.of("l5d-x7k2p"),
                    "authentication.kubernetes.io/node-name", List.of("node-a")))
                .endUser().endStatus().build();
          }
          return answer.withNewStatus().withAuthenticated(false)
              .withError("invalid bearer token").endStatus().build();
        }).always();
  }

  @AfterEach
  void stopApi() {
    try {
      api.destroy();
    } catch (IllegalStateException e) {
      // its Vert.x closing slowly is not what this test checks
    }
  }

  private String d(String name) {
    return dir.resolve(name).toString();
  }

  private void certs(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("certs"));
    command.addAll(List.of(args));
    try (HoplinkProcess p = HoplinkProcess.launch(dir, List.of(), command)) {
      assertEquals(0, p.awaitExit(DEADLINE), p.log());
    }
  }

  private HoplinkProcess identity() throws Exception {
    Path config = Files.writeString(dir.resolve("identity-" + System.nanoTime() + ".yaml"), """
        ip: 127.0.0.1
        port: 0
        issuer: {certPath: %1$s/tls.crt, keyPath: %1$s/tls.key}
        trustBundle: %1$s/ca.crt
        dnsNames: [localhost]
        lifetimeSecs: 15
        audience: hoplink-identity
        serviceAccounts: [default/l5d]
        kubernetes: {host: 127.0.0.1, port: %2$d}
        rateLimit: {requestsPerSec: 1000, clientRequestsPerMin: 6000}
        """.formatted(d("issuer"), api.getPort()));
    HoplinkProcess identity = HoplinkProcess.launch(dir, List.of(),
        List.of("identity", config.toString()));
    identity.awaitLog("identity listening on", DEADLINE);
    return identity;
  }

  /** The identity block of a router whose token is {@code token} and files go to {@code name}. */
  private String identityBlock(PortForward issuer, String token, String name) throws Exception {
    Path tokenFile = Files.writeString(dir.resolve("token-" + name), token + "\n");
    return """
        admin: {port: 0}
        identity:
          url: https://localhost:%d
          trustBundle: %s/ca.crt
          tokenPath: %s
          dir: %s
          renewAt: 0.3
          startTimeoutMs: 20000
          backoff: {kind: jittered, minMs: 200, maxMs: 1000}
        """.formatted(issuer.port(), d("root"), tokenFile, d(name));
  }

  private HoplinkProcess incoming(PortForward issuer, ClientCertBackend backend)
      throws Exception {
    return HoplinkProcess.start(dir, identityBlock(issuer, GOOD, "b") + """
        routers:
        - protocol: http
          label: incoming
          dtab: /svc => /$/inet/127.0.0.1/%2$d;
          client: {forwardClientCert: true}
          servers:
          - port: 0
            tls: {certPath: %1$s/tls.crt, keyPath: %1$s/tls.key, caCertPath: %1$s/ca.crt,
                  requireClientAuth: true}
        """.formatted(d("b"), backend.port()));
  }

  /** Every connection to the incoming router is a new one (idle for 1 ms: closed), a new handshake. */
  private HoplinkProcess outgoing(PortForward issuer, int incomingPort) throws Exception {
    return HoplinkProcess.start(dir, identityBlock(issuer, GOOD, "a") + """
        routers:
        - protocol: http
          label: outgoing
          dtab: /svc => /$/inet/127.0.0.1/%2$d;
          client:
            hostConnectionPool: {idleTimeMs: 1}
            tls:
              commonName: %3$s
              trustCerts: [%1$s/ca.crt]
              clientAuth: {certPath: %1$s/tls.crt, keyPath: %1$s/tls.key}
          servers: [{port: 0}]
        """.formatted(d("a"), incomingPort, NAME));
  }

  private X509Certificate certOf(String name) throws Exception {
    return Pem.readCertificates(Files.readString(dir.resolve(name).resolve("tls.crt"))).get(0);
  }

  private static String hash(X509Certificate cert) throws Exception {
    return HexFormat.of().withUpperCase()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
  }

  private static long metric(HoplinkProcess router, String name) throws Exception {
    return AdminMetrics.read(router).getLong(name, -1L);
  }

  private interface Check {
    boolean holds() throws Exception;
  }

  private static void await(String what, Check check) {
    BooleanSupplier condition = () -> {
      try {
        return check.holds();
      } catch (Exception e) {
        return false; // a file between two renewals, say: look again
      }
    };
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("not within " + DEADLINE + ": " + what);
      }
      HoplinkProcess.pause();
    }
  }

  @Test
  void routersGetRenewAndKeepTheirCertificatesFromTheIdentityIssuer() throws Exception {
    certs("root", "--out", d("root"), "--name", "mesh root");
    certs("issuer", "--root", d("root"), "--out", d("issuer"), "--name", "mesh issuer");
    HoplinkProcess identity = identity();
    try (PortForward issuer = PortForward.to(identity.port("identity"));
        ClientCertBackend backend = new ClientCertBackend()) {
      // A token the API rejects: no certificate, and the router says so and stops.
      Path config = Files.writeString(dir.resolve("refused.yaml"),
          identityBlock(issuer, REVOKED, "c") + "routers:\n- protocol: http\n"
              + "  dtab: /svc => /$/inet/127.0.0.1/1;\n  servers: [{port: 0}]\n");
      try (HoplinkProcess refused = HoplinkProcess.launch(dir, List.of(),
          List.of(config.toString()))) {
        assertEquals(70, refused.awaitExit(DEADLINE), refused.log());
        assertTrue(refused.log().contains("could not start: identity: refused: the identity"
            + " issuer answered 403: the token is not authenticated by the Kubernetes API"
            + " (invalid bearer token)\n"), refused.log());
        assertFalse(refused.log().contains("listening on"), refused.log());
      }
      assertFalse(Files.exists(dir.resolve("c/tls.crt")));
      assertTrue(identity.log().contains("identity: refused (token not authenticated): 403"),
          identity.log());

      try (HoplinkProcess b = incoming(issuer, backend);
          HoplinkProcess a = outgoing(issuer, b.port("incoming"))) {
        X509Certificate first = certOf("a");
        assertEquals(List.of(List.of(2, NAME), List.of(6, SPIFFE)),
            List.copyOf(first.getSubjectAlternativeNames()));
        assertEquals("CN=mesh issuer", first.getIssuerX500Principal().getName());
        assertTrue(identity.log().contains("identity: certified default/l5d (pod l5d-x7k2p on"
            + " node node-a, from 127.0.0.1) until "), identity.log());
        assertEquals(List.of("hoplink-identity"), audiencesAsked.get(0));
        Path probe = Files.createDirectories(dir.resolve("probe")); // a's first, for TlsProbe
        Files.writeString(probe.resolve("tls.crt"), Files.readString(dir.resolve("a/tls.crt")));
        Files.writeString(probe.resolve("tls.key"), Files.readString(dir.resolve("a/tls.key")));

        try (SteadyLoad load = SteadyLoad.start(a.port("outgoing"), 2)) {
          load.awaitAnswers("world", 20, DEADLINE);
          assertTrue(backend.hashes().contains(hash(first)), backend.hashes().toString());

          // Two renewals on each side: each new certificate is presented and served.
          await("two renewals on both routers", () -> metric(a, "identity/renewals") >= 2
              && metric(b, "identity/renewals") >= 2);
          await("the incoming side sees a's latest certificate", () ->
              backend.hashes().contains(hash(certOf("a"))));
          await("the incoming router serves b's latest certificate", () ->
              certOf("b").equals(TlsProbe.get(b.port("incoming"), probe).served()));
          assertTrue(backend.hashes().size() >= 3, backend.hashes().toString());
          assertEquals(List.of(), load.failures(), () -> a.log() + b.log());

          // The issuer dies; another, started beforehand (a JVM's start is no part of the
          // outage), takes over once both routers have failed to renew: they keep their
          // certificates and try again.
          try (HoplinkProcess again = identity()) {
            long failedA = metric(a, "identity/failures");
            long failedB = metric(b, "identity/failures");
            issuer.down();
            identity.close();
            await("both routers fail a renewal", () -> metric(a, "identity/failures") > failedA
                && metric(b, "identity/failures") > failedB);
            for (var router : Map.of("a", a, "b", b).entrySet()) {
              String log = router.getValue().log();
              String said = log.substring(log.lastIndexOf("identity: renewal failed ("));
              assertTrue(said.contains(" stays in use; next try in "), said);
              assertTrue(said.contains("the certificate valid until "
                  + certOf(router.getKey()).getNotAfter().toInstant() + " stays in use"),
                  "the certificate in the files is the one in use: " + said);
              assertTrue(metric(router.getValue(), "identity/cert_expiry_seconds") > 0);
            }
            long renewedA = metric(a, "identity/renewals");
            long renewedB = metric(b, "identity/renewals");
            issuer.forwardTo(again.port("identity"));

            await("both routers renew from the new issuer", () ->
                metric(a, "identity/renewals") > renewedA && metric(b, "identity/renewals") > renewedB);
            assertTrue(again.log().contains("identity: certified default/l5d"), again.log());
            await("the incoming side sees a's renewed certificate", () ->
                backend.hashes().contains(hash(certOf("a"))));
            load.awaitAnswers("world", 20, DEADLINE);
          }
          assertEquals(List.of(), load.failures(), () -> "no request failed; outgoing:\n"
              + a.log() + "\nincoming:\n" + b.log());
          System.out.printf("identity: %d requests, %d certificates of a seen by b%n",
              load.total(), backend.hashes().size());
        }
      }
    } finally {
      identity.close();
    }
  }

  /** Answers "world" and notes the hash of each client certificate the incoming router forwards. */
  private static final class ClientCertBackend implements AutoCloseable {
    private final HttpServer server;
    private final Set<String> hashes = ConcurrentHashMap.newKeySet();

    ClientCertBackend() throws Exception {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
      server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
      server.createContext("/", exchange -> {
        String cert = exchange.getRequestHeaders().getFirst("x-forwarded-client-cert");
        if (cert != null && cert.startsWith("Hash=")) {
          hashes.add(cert.substring(5, cert.indexOf(';')));
        }
        byte[] body = "world".getBytes(StandardCharsets.UTF_8);
        exchange.getRequestBody().readAllBytes();
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
      });
      server.start();
    }

    int port() {
      return server.getAddress().getPort();
    }

    Set<String> hashes() {
      return Set.copyOf(hashes);
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }
}
