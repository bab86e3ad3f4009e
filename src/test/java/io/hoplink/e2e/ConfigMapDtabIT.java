package io.hoplink.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.hoplink.namers.k8s.MockKubeApi;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Linkerd's {@code io.l5d.k8s.configMap} interpreter on the jar, against fabric8's mock API:
 * the router routes by the ConfigMap's dtab (then its own), a changed ConfigMap is in force for
 * new requests, a dtab that does not parse is refused and counted while the one before routes,
 * requests before the first list wait for it, and {@code hoplink dtab} prints what is in force.
 */
class ConfigMapDtabIT {
  @TempDir Path dir;

  private static ConfigMap dtabs(String dtab) {
    return new ConfigMapBuilder().withNewMetadata().withName("l5d-dtabs")
        .withNamespace("default").endMetadata()
        .withData(Map.of("outgoing.dtab", dtab, "unrelated", "x")).build();
  }

  private static String config(int apiPort, String routerDtab) {
    return """
        admin: {port: 0}
        routers:
        - protocol: http
          label: outgoing
          dtab: %s
          bindingTimeoutMs: 60000
          interpreter:
            kind: io.l5d.k8s.configMap
            experimental: true
            host: 127.0.0.1
            port: %d
            namespace: default
            name: l5d-dtabs
            filename: outgoing.dtab
          servers: [{port: 0}]
        """.formatted(routerDtab, apiPort);
  }

  private static String body(HoplinkProcess router, String host) throws Exception {
    String reply = RawHttp.exchange(router.port("outgoing"),
        "GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
    return RawHttp.status(reply) + " " + reply.substring(reply.indexOf("\r\n\r\n") + 4);
  }

  private static String awaitBody(HoplinkProcess router, String host, String expected)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    String seen = body(router, host);
    while (!seen.equals(expected) && System.nanoTime() < deadline) {
      HoplinkProcess.pause();
      seen = body(router, host);
    }
    assertEquals(expected, seen, router.log());
    return seen;
  }

  private HoplinkProcess dtabCommand(String... args) throws Exception {
    HoplinkProcess command = HoplinkProcess.launch(dir, List.of(), List.of(args));
    command.awaitExit(Duration.ofSeconds(30));
    return command;
  }

  /** ConfigMap edits, good and bad, under a steady client loop: not one request fails. */
  @Test
  void configMapChangesUnderLoadFailNoRequest() throws Exception {
    try (TestBackend a = new TestBackend("a"); TestBackend b = new TestBackend("b");
        MockKubeApi api = MockKubeApi.start(InetAddress.getLoopbackAddress(), 0)) {
      var configMaps = api.client().configMaps().inNamespace("default");
      configMaps.resource(dtabs("/svc => /$/inet/127.0.0.1/" + a.port() + ";")).create();
      try (HoplinkProcess router = HoplinkProcess.start(dir, config(api.port(), "/x => /y"));
          SteadyLoad load = SteadyLoad.start(router.port("outgoing"), 4)) {
        Duration within = Duration.ofSeconds(30);
        load.awaitAnswers("a", 50, within);
        configMaps.resource(dtabs("/svc => /$/inet/127.0.0.1/" + b.port() + ";")).update();
        load.awaitAnswers("b", 100, within);
        configMaps.resource(dtabs("/svc => \n")).update();
        router.awaitLog("does not parse (", within);
        long aBefore = load.answered("a");
        load.awaitAnswers("b", 100, within);
        assertEquals(aBefore, load.answered("a"), "the dtab before stays in force");
        configMaps.resource(dtabs("/svc => /$/inet/127.0.0.1/" + a.port() + ";")).update();
        load.awaitAnswers("a", 100, within);
        load.close();
        assertEquals(List.of(), load.failures(), load.total() + " sent\n" + router.log());
      }
    }
  }

  @Test
  void theConfigMapsDtabRoutesChangesApplyAndABrokenOneIsRefused() throws Exception {
    try (TestBackend a = new TestBackend("a"); TestBackend b = new TestBackend("b");
        TestBackend pinned = new TestBackend("pinned");
        MockKubeApi api = MockKubeApi.start(InetAddress.getLoopbackAddress(), 0)) {
      var configMaps = api.client().configMaps().inNamespace("default");
      configMaps.resource(dtabs("/svc => /$/inet/127.0.0.1/" + a.port() + ";")).create();
      try (HoplinkProcess router = HoplinkProcess.start(dir, config(api.port(),
          "'/svc/pinned => /$/inet/127.0.0.1/" + pinned.port() + "'"))) {
        assertEquals("200 a", body(router, "web"), router.log());
        assertEquals("200 pinned", body(router, "pinned"), "the router's own dtab comes after");

        configMaps.resource(dtabs("/svc => /$/inet/127.0.0.1/" + b.port() + ";")).update();
        awaitBody(router, "web", "200 b");
        router.awaitLog("the dtab of ConfigMap default/l5d-dtabs key outgoing.dtab is in force"
            + " for new requests (version 2", Duration.ofSeconds(30));

        configMaps.resource(dtabs("/svc => \n")).update();
        router.awaitLog("does not parse (", Duration.ofSeconds(30));
        assertEquals("200 b", body(router, "web"), "the dtab before stays in force");
        String metrics = router.admin("/admin/metrics.json");
        assertTrue(metrics.contains("\"rt/outgoing/dtab/reload_failures\":1"), metrics);
        String dtabs = router.admin("/dtabs.json");
        assertTrue(dtabs.contains("\"version\":2"), dtabs);
        assertTrue(dtabs.contains("\"lastRefused\":{\"error\":"), dtabs);

        HoplinkProcess command = dtabCommand("dtab", "--admin",
            "127.0.0.1:" + router.adminPort(), "outgoing");
        String printed = command.log();
        assertEquals(0, command.process().exitValue(), printed);
        assertTrue(printed.startsWith("outgoing: from ConfigMap default/l5d-dtabs key"
            + " outgoing.dtab (API http://127.0.0.1:" + api.port() + "), then the router's dtab;"
            + " version 2 ("), printed);
        assertTrue(printed.contains("\n  /svc=>/$/inet/127.0.0.1/" + b.port() + ";\n"
            + "  /svc/pinned=>/$/inet/127.0.0.1/" + pinned.port() + ";\n"
            + "  last refused at "), printed);
      }
    }
  }

  @Test
  void requestsBeforeTheFirstListWaitForItAndTheCommandNamesAnAddressItCannotReach()
      throws Exception {
    // the API is not there yet; below the ephemeral range, so that no outgoing connection's
    // own port takes it before the API binds it (CI: "Unable to start MockWebServer ...
    // Address already in use")
    int apiPort = FixedPorts.unused();
    try (TestBackend a = new TestBackend("a");
        HoplinkProcess router = HoplinkProcess.start(dir, config(apiPort, "''"))) {
      CompletableFuture<String> early = CompletableFuture.supplyAsync(() -> {
        try { // the informer retries with a growing backoff: wait longer than usual
          String reply = RawHttp.exchange(router.port("outgoing"), "GET / HTTP/1.1\r\nHost: web"
              + "\r\nConnection: close\r\n\r\n", Duration.ofSeconds(60));
          return RawHttp.status(reply) + " " + reply.substring(reply.indexOf("\r\n\r\n") + 4);
        } catch (Exception | AssertionError e) {
          return e.toString();
        }
      });
      router.awaitLog("was not read yet, so requests wait for it", Duration.ofSeconds(30));
      assertTrue(router.admin("/dtabs.json").contains("\"state\":\"pending\""));
      try (MockKubeApi api = MockKubeApi.start(InetAddress.getLoopbackAddress(), apiPort)) {
        api.client().configMaps().inNamespace("default")
            .resource(dtabs("/svc => /$/inet/127.0.0.1/" + a.port() + ";")).create();
        assertEquals("200 a", early.get(60, TimeUnit.SECONDS), router.log());
      }
    }

    HoplinkProcess command = dtabCommand("dtab", "--admin", "127.0.0.1:" + apiPort);
    assertNotEquals(0, command.process().exitValue());
    assertEquals(1, command.log().lines().count(), command.log());
    assertTrue(command.log().startsWith("hoplink dtab: cannot read the dtabs of the admin API at"
        + " 127.0.0.1:" + apiPort + ": "), command.log());
  }
}
