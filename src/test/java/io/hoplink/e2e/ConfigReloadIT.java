package io.hoplink.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The config file edited under a running router: each change is in force for new requests
 * while a steady client loop runs through the router, and not one of its requests fails; a
 * config that does not load is refused with {@code check}'s message and the one in force
 * keeps serving.
 */
class ConfigReloadIT {
  private static final Duration SEEN_WITHIN = Duration.ofSeconds(10);
  @TempDir Path dir;

  private static int freePort() throws Exception {
    return FixedPorts.unused();
  }

  /** Replaces the config at once, as an editor or a ConfigMap update does. */
  private void write(Path file, String text) throws Exception {
    Path next = Files.writeString(dir.resolve("next.yaml"), text);
    Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private HoplinkProcess start(Path file, String config) throws Exception {
    Files.writeString(file, config);
    HoplinkProcess router = HoplinkProcess.launch(dir, List.of(), List.of(file.toString()));
    router.awaitLog("admin listening on", Duration.ofSeconds(30));
    return router;
  }

  private static String config(int admin, String routers) {
    return "admin: {port: " + admin + ", shutdownGraceMs: 5000}\nrouters:\n" + routers;
  }

  private static String router(String label, String dtab, String extra, int... ports) {
    StringBuilder out = new StringBuilder("- protocol: http\n  label: " + label
        + "\n  dtab: " + dtab + "\n  servers:\n");
    for (int port : ports) {
      out.append("  - {port: ").append(port).append("}\n");
    }
    return out + extra;
  }

  private static String to(TestBackend backend) {
    return "/svc => /$/inet/127.0.0.1/" + backend.port();
  }

  @Test
  void dtabAndBalancerChangesApplyAndBadConfigsAreRefusedWithNoFailedRequest() throws Exception {
    int admin = freePort();
    int port = freePort();
    Path file = dir.resolve("hoplink.yaml");
    try (TestBackend a = new TestBackend("a"); TestBackend b = new TestBackend("b");
        HoplinkProcess router = start(file, config(admin, router("web", to(a), "", port)));
        SteadyLoad load = SteadyLoad.start(port, 4)) {
      load.awaitAnswers("a", 50, SEEN_WITHIN);

      long written = System.nanoTime();
      write(file, config(admin, router("web", to(b), "", port)));
      load.awaitAnswers("b", 1, SEEN_WITHIN);
      System.out.printf("dtab change seen after %d ms%n", (System.nanoTime() - written) / 1_000_000);
      router.awaitLog("router 'web': dtab", SEEN_WITHIN);
      long aBefore = load.answered("a");
      load.awaitAnswers("b", 200, SEEN_WITHIN);
      assertEquals(aBefore, load.answered("a"), "once in force, the new dtab routes every request");

      write(file, config(admin, router("web", to(b),
          "  client: {loadBalancer: {kind: ewma}}\n", port)));
      router.awaitLog("router 'web': client (clients rebuilt)", SEEN_WITHIN);
      awaitAdmin(router, "/config.json", "\"kind\":\"ewma\"");
      load.awaitAnswers("b", 200, SEEN_WITHIN);

      String good = Files.readString(file);
      write(file, good.replace("kind: ewma", "kind: roundRobinish"));
      awaitAdmin(router, "/admin/server_info", "configRefused");
      String info = router.admin("/admin/server_info");
      String checked = check(file);
      assertTrue(checked.startsWith("config error: "), checked);
      assertTrue(info.contains(checked.substring("config error: ".length()).strip()),
          "refused with check's message: " + checked + " vs " + info);
      router.awaitLog("the config in force", SEEN_WITHIN);
      String page = router.admin("/");
      assertTrue(page.contains("was refused: ") && page.contains("roundRobinish"), page);
      load.awaitAnswers("b", 200, SEEN_WITHIN);

      write(file, good.replace(to(b), "/svc => "));
      awaitAdmin(router, "/admin/metrics.json", "\"config/reload_failures\":2");
      assertTrue(router.admin("/admin/server_info").contains("bad dtab"),
          router.admin("/admin/server_info"));
      load.awaitAnswers("b", 200, SEEN_WITHIN);

      write(file, good.replace(to(b), to(a)));
      load.awaitAnswers("a", 200, SEEN_WITHIN);
      awaitAdmin(router, "/admin/metrics.json", "\"config/reloads\":3");
      assertTrue(!router.admin("/admin/server_info").contains("configRefused"),
          "a config applied after a refused one clears the refusal");

      // Another identifier names the requests anew; a telemeter moves the Prometheus page.
      write(file, good.replace(to(b), to(a)).replace("  servers:\n",
          "  identifier: {kind: io.l5d.methodAndHost}\n  servers:\n")
          + "telemetry:\n- {kind: io.l5d.prometheus, path: /reloaded/metrics, prefix: reloaded_}\n");
      awaitAdmin(router, "/admin/metrics.json", "rt/web/service/svc/1.1/GET/");
      awaitAdmin(router, "/reloaded/metrics", "reloaded_rt:");
      load.awaitAnswers("a", 200, SEEN_WITHIN);

      // A namer added: the dtab now routes through the files it watches.
      Path disco = Files.createDirectories(dir.resolve("disco"));
      Files.writeString(disco.resolve("web"), "127.0.0.1 " + b.port() + "\n");
      write(file, "namers:\n- {kind: io.l5d.fs, rootDir: " + disco + "}\n"
          + config(admin, router("web", "/svc => /#/io.l5d.fs/web", "", port)));
      router.awaitLog("): namers; ", SEEN_WITHIN);
      load.awaitAnswers("b", 200, SEEN_WITHIN);

      load.close();
      assertEquals(List.of(), load.failures(), "requests failed across the reloads ("
          + load.total() + " sent)\n" + router.log());
    }
  }

  /** A server the reload leaves as it was keeps its connections: one carries on to the new router. */
  @Test
  void aKeptServersOpenConnectionGoesOnToTheNewRouter() throws Exception {
    int admin = freePort();
    int port = freePort();
    Path file = dir.resolve("hoplink.yaml");
    try (TestBackend a = new TestBackend("a"); TestBackend b = new TestBackend("b");
        HoplinkProcess router = start(file, config(admin, router("web", to(a), "", port)));
        java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      var in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
          java.nio.charset.StandardCharsets.ISO_8859_1));
      assertEquals("a", exchangeOn(socket, in));
      write(file, config(admin, router("web", to(b), "", port)));
      router.awaitLog("router 'web': dtab", SEEN_WITHIN);
      assertEquals("b", exchangeOn(socket, in), "the same connection, now to the new router");
    }
  }

  /** One keep-alive GET on {@code socket}; the body of its 200. */
  private static String exchangeOn(java.net.Socket socket, java.io.BufferedReader in)
      throws Exception {
    socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: web\r\n\r\n"
        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    String status = in.readLine();
    assertTrue(status != null && status.startsWith("HTTP/1.1 200"), String.valueOf(status));
    int length = -1;
    for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
      if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    assertTrue(length >= 0, "a Content-Length on the keep-alive answer");
    char[] body = new char[length];
    for (int read = 0; read < length; ) {
      read += in.read(body, read, length - read);
    }
    return new String(body);
  }

  @Test
  void serversMoveAndRoutersComeAndGoWithNoFailedRequest() throws Exception {
    int admin = freePort();
    int[] ports = {freePort(), freePort(), freePort(), freePort()};
    Path file = dir.resolve("hoplink.yaml");
    try (TestBackend a = new TestBackend("a"); TestBackend b = new TestBackend("b");
        HoplinkProcess router = start(file, config(admin, router("web", to(a), "", ports[0])));
        SteadyLoad load = SteadyLoad.start(ports[0], 4)) {
      load.awaitAnswers("a", 50, SEEN_WITHIN);

      // A router added: it serves beside the first, which keeps its connections.
      write(file, config(admin, router("web", to(a), "", ports[0])
          + router("side", to(b), "", ports[1])));
      awaitStatus(ports[1], 200, "b");
      router.awaitLog("router 'side' added", SEEN_WITHIN); // logged once switched to

      // Its port changed: a request in flight on the old port finishes; the new one answers.
      var slow = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
        try {
          return RawHttp.exchange(ports[1], "GET /slow?ms=3000 HTTP/1.1\r\nHost: x\r\n"
              + "Connection: close\r\n\r\n");
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      awaitAdmin(router, "/admin/metrics.json", "\"rt/side/server/127.0.0.1/" + ports[1]
          + "/pending\":1");
      write(file, config(admin, router("web", to(a), "", ports[0])
          + router("side", to(b), "", ports[2])));
      awaitStatus(ports[2], 200, "b");
      String reply = slow.get(30, java.util.concurrent.TimeUnit.SECONDS);
      assertEquals(200, RawHttp.status(reply), reply);
      awaitRefused(ports[1]);

      // The router removed: its port closes and its metrics go.
      write(file, config(admin, router("web", to(a), "", ports[0])));
      awaitRefused(ports[2]);
      awaitAdminLacks(router, "/admin/metrics.json", "rt/side/");

      // The loop's server moved the safe way: the new port added, the client moved, the old
      // port removed.
      write(file, config(admin, router("web", to(a), "", ports[0], ports[3])));
      awaitStatus(ports[3], 200, "a");
      load.moveTo(ports[3]);
      load.awaitAnswers("a", 100, SEEN_WITHIN);
      write(file, config(admin, router("web", to(a), "", ports[3])));
      awaitRefused(ports[0]);
      load.awaitAnswers("a", 100, SEEN_WITHIN);

      load.close();
      assertEquals(List.of(), load.failures(), "requests failed across the reloads ("
          + load.total() + " sent)\n" + router.log());
    }
  }

  @Test
  void aServersCertificateAndItsTlsComeAndGoAtOnePort() throws Exception {
    var certs = new io.hoplink.router.tls.TestCerts(dir);
    certs.ca("mesh-ca");
    certs.leaf("first", "first.mesh", "mesh-ca");
    certs.leaf("second", "second.mesh", "mesh-ca");
    int admin = freePort();
    int port = freePort();
    String tls = "  - port: %d\n    tls: {certPath: %s, keyPath: %s}\n";
    Path file = dir.resolve("hoplink.yaml");
    try (TestBackend a = new TestBackend("a");
        HoplinkProcess router = start(file, config(admin, router("web", to(a), "")
            + tls.formatted(port, certs.pem("first"), certs.keyOf("first"))))) {
      assertEquals("a", curlTls(certs, "first.mesh", port));

      write(file, config(admin, router("web", to(a), "")
          + tls.formatted(port, certs.pem("second"), certs.keyOf("second"))));
      awaitTls(certs, "second.mesh", port);
      awaitAdmin(router, "/admin/metrics.json", "\"config/reloads\":1");
      for (int i = 0; i < 20; i++) { // the old server, drained, took the shared socket with it?
        assertEquals("a", curlTls(certs, "second.mesh", port));
      }

      write(file, config(admin, router("web", to(a), "", port)));
      awaitStatus(port, 200, "a");

      write(file, config(admin, router("web", to(a), "")
          + tls.formatted(port, certs.pem("first"), certs.keyOf("first"))));
      awaitTls(certs, "first.mesh", port);
      assertTrue(router.admin("/admin/metrics.json").contains("\"config/reloads\":3"));
    }
  }

  /** The body of a GET over TLS to {@code name} at 127.0.0.1:{@code port}, or curl's error. */
  private static String curlTls(io.hoplink.router.tls.TestCerts certs, String name, int port)
      throws Exception {
    Process curl = new ProcessBuilder("curl", "-sS", "--cacert", certs.pem("mesh-ca").toString(),
        "--resolve", name + ":" + port + ":127.0.0.1", "https://" + name + ":" + port + "/")
        .redirectErrorStream(true).start();
    String reply = new String(curl.getInputStream().readAllBytes());
    assertTrue(curl.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
    return reply.strip();
  }

  private static void awaitTls(io.hoplink.router.tls.TestCerts certs, String name, int port)
      throws Exception {
    long deadline = System.nanoTime() + SEEN_WITHIN.toNanos();
    String last = curlTls(certs, name, port);
    while (!last.equals("a")) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("no TLS as " + name + " on " + port + ": " + last);
      }
      HoplinkProcess.pause();
      last = curlTls(certs, name, port);
    }
  }

  @Test
  void aConfigFromStdinCannotBeReloaded() throws Exception {
    int admin = freePort();
    HoplinkProcess router = HoplinkProcess.launch(dir, List.of(), List.of("-"));
    try (router; var in = router.process().getOutputStream()) {
      in.write(config(admin, router("web", "/svc => /$/inet/127.0.0.1/1", "", 0))
          .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      in.close();
      router.awaitLog("admin listening on", Duration.ofSeconds(30));
      new ProcessBuilder("kill", "-HUP", Long.toString(router.process().pid())).start()
          .waitFor();
      router.awaitLog("cannot be read again", SEEN_WITHIN);
      awaitAdmin(router, "/admin/metrics.json", "\"config/reload_failures\":1");
      assertTrue(router.process().isAlive());
    }
  }

  /** What {@code hoplink check FILE} prints on stderr. */
  private String check(Path file) throws Exception {
    Path err = dir.resolve("check.err");
    Process check = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-jar", HoplinkProcess.jar().toAbsolutePath().toString(), "check",
        file.toString()).redirectErrorStream(false).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(err.toFile()).start();
    assertTrue(check.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
    return Files.readString(err);
  }

  private static void awaitStatus(int port, int status, String body) throws Exception {
    long deadline = System.nanoTime() + SEEN_WITHIN.toNanos();
    String last = "";
    while (System.nanoTime() - deadline < 0) {
      try {
        last = RawHttp.exchange(port, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        if (last.startsWith("HTTP/") && RawHttp.status(last) == status && last.endsWith(body)) {
          return;
        }
      } catch (java.io.IOException e) {
        last = e.toString();
      }
      HoplinkProcess.pause();
    }
    throw new AssertionError("port " + port + " did not answer " + status + " " + body
        + ": " + last);
  }

  private static void awaitRefused(int port) throws Exception {
    long deadline = System.nanoTime() + SEEN_WITHIN.toNanos();
    while (System.nanoTime() - deadline < 0) {
      try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
        HoplinkProcess.pause();
      } catch (java.net.ConnectException e) {
        assertThrows(java.io.IOException.class,
            () -> RawHttp.exchange(port, "GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
        return;
      }
    }
    throw new AssertionError("port " + port + " still accepts connections");
  }

  private static void awaitAdmin(HoplinkProcess router, String path, String text)
      throws Exception {
    long deadline = System.nanoTime() + SEEN_WITHIN.toNanos();
    String last = adminOrError(router, path);
    while (!last.contains(text)) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError(path + " lacks " + text + ": " + last + "\n" + router.log());
      }
      HoplinkProcess.pause();
      last = adminOrError(router, path);
    }
  }

  /** The admin page, or why it could not be read (a changed admin restarts: a moment away). */
  private static String adminOrError(HoplinkProcess router, String path) throws Exception {
    try {
      return router.admin(path);
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }

  private static void awaitAdminLacks(HoplinkProcess router, String path, String text)
      throws Exception {
    long deadline = System.nanoTime() + SEEN_WITHIN.toNanos();
    String last = router.admin(path);
    while (last.contains(text)) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError(path + " still has " + text + ": " + last);
      }
      HoplinkProcess.pause();
      last = router.admin(path);
    }
  }
}
