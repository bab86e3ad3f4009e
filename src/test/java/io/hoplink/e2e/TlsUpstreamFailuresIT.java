package io.hoplink.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.hoplink.router.tls.TestCerts;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upstream whose TLS is broken in a way no hoplink peer can be (hoplink refuses such a pair
 * at start and at reload): it presents a certificate but signs with another key. The outgoing
 * router's handshake fails: a 502 naming it, nothing forwarded, one event line, and the client's
 * {@code tls/handshake_failures}.
 */
class TlsUpstreamFailuresIT {
  @TempDir Path dir;

  @Test
  void aServerWhoseKeyIsNotItsCertificatesIsRefused() throws Exception {
    TestCerts certs = new TestCerts(dir);
    certs.ca("mesh-ca");
    certs.leaf("incoming", "incoming.mesh", "mesh-ca");
    certs.leaf("other", "other.mesh", "mesh-ca");
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(new KeyManager[] {mismatched(certificate(certs.pem("incoming")),
        privateKey(certs.keyOf("other")))}, null, null);
    HttpsServer server = HttpsServer.create(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    AtomicInteger reached = new AtomicInteger();
    server.createContext("/", exchange -> {
      reached.incrementAndGet();
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    server.start();
    try (HoplinkProcess router = HoplinkProcess.start(dir, """
        admin: {port: 0}
        routers:
        - protocol: http
          label: outgoing
          dtab: /svc => /$/inet/127.0.0.1/%d;
          servers: [{port: 0}]
          client:
            tls:
              commonName: incoming.mesh
              trustCerts: [%s]
        """.formatted(server.getAddress().getPort(), certs.pem("mesh-ca")))) {
      String reply = RawHttp.exchange(router.port("outgoing"),
          "GET / HTTP/1.1\r\nHost: world\r\nConnection: close\r\n\r\n");
      assertEquals(502, RawHttp.status(reply), reply);
      assertTrue(reply.contains("l5d-err: no+connection+to+127.0.0.1%3A" + server.getAddress().getPort()
          + "%3A+TLS+handshake+failed"), reply); // BoringSSL says BAD_SIGNATURE, the JDK another way
      assertEquals(0, reached.get(), "nothing is forwarded");
      router.awaitLog("upstream error router=outgoing", java.time.Duration.ofSeconds(10));
      assertTrue(router.log().lines().anyMatch(l -> l.contains("upstream error router=outgoing")
          && l.contains("TLS handshake failed")), router.log());
      String metrics = router.admin("/admin/metrics.json");
      Matcher failures = Pattern.compile(
          "\"rt/outgoing/client/[^\"]+/tls/handshake_failures\":(\\d+)").matcher(metrics);
      assertTrue(failures.find() && Integer.parseInt(failures.group(1)) >= 1, metrics);
    } finally {
      server.stop(0);
    }
  }

  /** Presents {@code certificate} and signs with {@code key}, whatever the peer asks. */
  private static X509ExtendedKeyManager mismatched(X509Certificate certificate, PrivateKey key) {
    return new X509ExtendedKeyManager() {
      @Override
      public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
      }

      @Override
      public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
      }

      @Override
      public String[] getServerAliases(String keyType, Principal[] issuers) {
        return new String[] {"server"};
      }

      @Override
      public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return "server";
      }

      @Override
      public String chooseEngineServerAlias(String keyType, Principal[] issuers,
          SSLEngine engine) {
        return "server";
      }

      @Override
      public X509Certificate[] getCertificateChain(String alias) {
        return new X509Certificate[] {certificate};
      }

      @Override
      public PrivateKey getPrivateKey(String alias) {
        return key;
      }
    };
  }

  private static X509Certificate certificate(Path pem) throws Exception {
    try (InputStream in = Files.newInputStream(pem)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  /** An EC key in PKCS#8 PEM, as TestCerts writes it. */
  private static PrivateKey privateKey(Path pem) throws Exception {
    String base64 = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "")
        .replaceAll("\\s", "");
    return KeyFactory.getInstance("EC")
        .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
  }
}
