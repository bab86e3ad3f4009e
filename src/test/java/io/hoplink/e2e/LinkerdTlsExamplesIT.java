package io.hoplink.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoplink.router.tls.TestCerts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Linkerd 1.7.5's TLS examples run on the jar, unedited but for their certificate paths, which
 * name certificates this test makes: in a network namespace (their ports are fixed), from a
 * directory shaped like Linkerd's repository (their fs namer reads linkerd/examples/io.l5d.fs,
 * which sends cat and dog to 127.1:8888), with an OpenSSL server on 8888 as the TLS upstream.
 */
class LinkerdTlsExamplesIT {
  private static final Duration START = Duration.ofSeconds(60);
  private static final Path EXAMPLES = HoplinkProcess.basedir()
      .resolve("src/test/resources/linkerd-corpus/linkerd-1.7.5/examples");

  @TempDir Path dir;
  private NetworkNamespaces net;
  private Path workdir;
  private TestCerts certs;
  private final List<AutoCloseable> running = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    NetworkNamespaces.requireRootAnd("curl"); // openssl: TestCerts fails in one line without it
    net = NetworkNamespaces.create(1);
    workdir = dir.resolve("linkerd-repo");
    Files.createDirectories(workdir.resolve("linkerd"));
    Files.createSymbolicLink(workdir.resolve("linkerd/examples"), EXAMPLES);
    certs = new TestCerts(dir);
    certs.ca("ca");
    certs.intermediate("inter", "ca");
  }

  @AfterEach
  void stop() throws Exception {
    for (int i = running.size() - 1; i >= 0; i--) {
      running.get(i).close();
    }
    if (net != null) {
      net.close();
    }
  }

  /** An OpenSSL TLS server on 127.1:8888 as {@code name}; {@code verify}: clients must show one. */
  private void upstream(String name, boolean verify) throws Exception {
    certs.leaf(name, name, "ca");
    List<String> command = new ArrayList<>(List.of("openssl", "s_server", "-accept", "8888",
        "-cert", certs.pem(name).toString(), "-key", certs.keyOf(name).toString(), "-www"));
    if (verify) {
      command.addAll(List.of("-Verify", "2", "-CAfile", certs.pem("ca").toString()));
    }
    LoggedProcess server = LoggedProcess.start(dir, "s_server", net.inNode(1, command));
    running.add(server::close);
    server.awaitLog("ACCEPT", START);
  }

  /** Starts example {@code name} with {@code paths} (as written -> file made here) replaced. */
  private HoplinkProcess run(String name, Map<String, Path> paths) throws IOException {
    String config = Files.readString(EXAMPLES.resolve(name));
    for (Map.Entry<String, Path> path : paths.entrySet()) {
      assertTrue(config.contains(path.getKey()), name + " names " + path.getKey());
      config = config.replace(path.getKey(), path.getValue().toString());
    }
    HoplinkProcess router = HoplinkProcess.launchIn(dir,
        net.inNode(1, List.of("env", "-C", workdir.toString())), config, Map.of(),
        net.address(1));
    running.add(router);
    router.awaitLog("admin listening on", START);
    return router;
  }

  /** curl inside the namespace; its output (with -i: the head then the body). */
  private String curl(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("curl", "-sS", "-i", "--max-time", "10"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(net.inNode(1, command)).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(30, TimeUnit.SECONDS), "curl still running");
    return out;
  }

  @Test
  void tlsYamlServesTlsWithItsChainAndNamesEachUpstreamByItsService() throws Exception {
    certs.leaf("server", "linkerd.example", "inter");
    upstream("cat", false);
    run("tls.yaml", Map.of("/foo/caCert.pem", certs.pem("ca"), "/foo/cert.pem",
        certs.pem("server"), "/foo/key.pem", certs.keyOf("server"), "/foo/ca-chain.pem",
        certs.pem("inter")));
    // The client trusts the root only: the router must send its intermediate along.
    String reply = curl("--cacert", certs.pem("ca").toString(), "--resolve",
        "linkerd.example:4140:127.0.0.1", "-H", "Host: cat", "https://linkerd.example:4140/");
    assertTrue(reply.startsWith("HTTP/1.1 200"), reply);
    assertTrue(reply.contains("s_server"), "answered by the TLS upstream named cat: " + reply);
  }

  @Test
  void mutualTlsYamlRequiresAClientCertificateAndPresentsItsOwnWithItsIntermediate()
      throws Exception {
    certs.leaf("server", "linkerd.example", "ca");
    certs.leaf("client", "client.example", "inter");
    upstream("foo", true);
    run("mutualTls.yaml", Map.of("/foo/cacert.pem", certs.pem("ca"), "/foo/clientCert.pem",
        certs.pem("client"), "/foo/clientKey.pem", certs.keyOf("client"),
        "/foo/intermediateCa.pem", certs.pem("inter"), "/foo/cert.pem", certs.pem("server"),
        "/foo/key.pem", certs.keyOf("server")));
    Path chain = dir.resolve("client-chain.pem");
    Files.writeString(chain, Files.readString(certs.pem("client"))
        + Files.readString(certs.pem("inter")));
    List<String> tls = List.of("--cacert", certs.pem("ca").toString(), "--resolve",
        "linkerd.example:4140:127.0.0.1", "-H", "Host: cat");
    List<String> withCert = new ArrayList<>(tls);
    withCert.addAll(List.of("--cert", chain.toString(), "--key", certs.keyOf("client").toString(),
        "https://linkerd.example:4140/"));
    String reply = curl(withCert.toArray(String[]::new));
    assertTrue(reply.startsWith("HTTP/1.1 200") && reply.contains("s_server"),
        "through the router, which showed the upstream its own certificate: " + reply);
    List<String> without = new ArrayList<>(tls);
    without.add("https://linkerd.example:4140/");
    String refused = curl(without.toArray(String[]::new));
    assertTrue(!refused.contains("HTTP/1.1 200"), "no client certificate, no answer: " + refused);
  }

  @Test
  void adminTlsYamlServesTheAdminPortOverTls() throws Exception {
    certs.leaf("admin", "linkerd.example", "ca");
    run("admin-tls.yaml", Map.of(
        "finagle/h2/src/e2e/resources/linkerd-tls-e2e-cert.pem", certs.pem("admin"),
        "finagle/h2/src/e2e/resources/linkerd-tls-e2e-key.pem", certs.keyOf("admin"),
        "finagle/h2/src/e2e/resources/cacert.pem", certs.pem("ca")));
    String reply = curl("--cacert", certs.pem("ca").toString(), "--resolve",
        "linkerd.example:9990:127.0.0.1", "https://linkerd.example:9990/admin/ping");
    assertTrue(reply.startsWith("HTTP/1.1 200") && reply.endsWith("pong"), reply);
  }

  /** The client_tls doc's first block: a server that speaks TLS with the given pair. */
  @Test
  void theClientTlsDocsServerBlockServesTls() throws Exception {
    certs.leaf("doc", "linkerd.example", "ca");
    HoplinkProcess router = HoplinkProcess.launchIn(dir,
        net.inNode(1, List.of("env", "-C", workdir.toString())),
        Files.readString(EXAMPLES.resolveSibling("docs/client_tls-1.yaml"))
            .replace("/certificates/certificate.pem", certs.pem("doc").toString())
            .replace("/certificates/key.pem", certs.keyOf("doc").toString()),
        Map.of(), net.address(1));
    running.add(router);
    router.awaitLog("admin listening on", START);
    String reply = curl("--cacert", certs.pem("ca").toString(), "--resolve",
        "linkerd.example:4140:127.0.0.1", "https://linkerd.example:4140/");
    assertTrue(reply.startsWith("HTTP/1.1 "), "an HTTP answer over TLS: " + reply);
  }

  @Test
  void disableTlsYamlTurnsTlsOffForLocalhost() throws Exception {
    LoggedProcess backend = LoggedProcess.start(dir, "backends", net.inNode(1, LoggedProcess.java(
        List.of("-Xmx32m", "-XX:+UseSerialGC"), ExampleBackend.class, "7777")));
    running.add(backend::close);
    backend.awaitLog("listening on", START);
    run("disable-tls.yaml", Map.of());
    String reply = curl("-H", "Host: bar", "http://127.0.0.1:4140/");
    assertEquals("HTTP/1.1 200", reply.substring(0, 12), "plaintext to localhost:7777: " + reply);
  }
}
