package io.hoplink.router.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoplink.config.ClientTlsConfig;
import io.hoplink.config.ServerTlsConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.RequestOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The key formats and chains Linkerd's configs use, served and checked by the options hoplink
 * builds: EC and RSA keys as PKCS#8, SEC1 and PKCS#1, a chain through an intermediate CA that the
 * client does not know, and files that are not PEM.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsOptionsTest {
  @TempDir static Path dir;
  private TestCerts certs;
  private final Vertx vertx = Vertx.vertx();

  @BeforeAll
  void makeCerts() throws Exception {
    certs = new TestCerts(dir);
    certs.ca("root");
    certs.intermediate("issuer", "root");
    certs.leaf("web", "web.mesh", "root");
    certs.leaf("web-rsa", "web.mesh", "root");
    certs.leaf("chained", "web.mesh", "issuer");
  }

  @AfterAll
  void stop() {
    vertx.close();
  }

  private int status(ServerTlsConfig server) throws Exception {
    HttpServer listening = vertx.createHttpServer(TlsOptions.server(new HttpServerOptions(),
        server, false)).requestHandler(req -> req.response().end("ok"))
        .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    ClientTlsConfig tls = new ClientTlsConfig(true, false, Optional.of("web.mesh"),
        List.of(certs.pem("root").toString()), Optional.empty(), Optional.empty(), List.of());
    HttpClient client = vertx.createHttpClient(TlsOptions.client(new HttpClientOptions(), tls,
        false));
    try {
      return client.request(new RequestOptions().setMethod(HttpMethod.GET)
              .setHost(tls.commonName().orElseThrow()).setPort(listening.actualPort())
              .setServer(io.vertx.core.net.SocketAddress.inetSocketAddress(
                  listening.actualPort(), "127.0.0.1")).setURI("/"))
          .compose(req -> req.send()).map(rsp -> rsp.statusCode())
          .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } finally {
      client.close();
      listening.close();
    }
  }

  private static ServerTlsConfig server(Path cert, Path key, Path intermediates) {
    return new ServerTlsConfig(cert.toString(), key.toString(), Optional.empty(),
        Optional.ofNullable(intermediates).map(Path::toString), false, List.of(), List.of());
  }

  @ParameterizedTest
  @ValueSource(strings = {"web", "web-rsa"})
  void pkcs8AndTraditionalKeysServe(String name) throws Exception {
    assertEquals(200, status(server(certs.pem(name), certs.keyOf(name), null)), "PKCS#8");
    Path traditional = certs.traditionalKey(name);
    String head = Files.readString(traditional).lines().findFirst().orElse("");
    assertTrue(head.equals(name.endsWith("-rsa") ? "-----BEGIN RSA PRIVATE KEY-----"
        : "-----BEGIN EC PRIVATE KEY-----"), head);
    assertEquals(200, status(server(certs.pem(name), traditional, null)), head);
  }

  @Test
  void intermediatesAreSentAfterTheCertificate() throws Exception {
    assertEquals(200, status(server(certs.pem("chained"), certs.keyOf("chained"),
        certs.pem("issuer"))));
    assertThrows(java.util.concurrent.ExecutionException.class,
        () -> status(server(certs.pem("chained"), certs.keyOf("chained"), null)),
        "without the intermediate the client, which knows only the root, cannot build a chain");
  }

  @Test
  void aFileThatIsNotPemIsNamed() throws Exception {
    Path notPem = Files.writeString(dir.resolve("cert.der"), "binary stuff");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TlsOptions.server(new HttpServerOptions(), server(notPem, certs.keyOf("web"), null),
            false));
    assertEquals("certPath " + notPem + " holds no PEM block", e.getMessage());
  }
}
