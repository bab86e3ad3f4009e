package io.hoplink.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hoplink check CONFIG} and refusals of bad configs, from the real jar. */
class CommandLineIT {
  @TempDir Path dir;

  @Test
  void checkPrintsTheEffectiveConfigWithDefaults() throws Exception {
    Files.createDirectories(dir.resolve("disco"));
    Path config = dir.resolve("ok.yaml");
    Files.writeString(config, RouterCoreIT.config(dir.resolve("disco"), 1000));
    try (HoplinkProcess p = HoplinkProcess.launch(dir, List.of(), List.of("check", config.toString()))) {
      assertEquals(0, p.awaitExit(Duration.ofSeconds(30)), p.log());
      String out = p.log();
      assertTrue(out.contains("dstPrefix: /svc"), out);
      assertTrue(out.contains("bindingTimeoutMs: 10000"), out);
      assertTrue(out.contains("shutdownGraceMs: 10000"), out);
    }
  }

  @Test
  void unknownKeyIsRefusedWithPathAndLocation() throws Exception {
    Path config = dir.resolve("bad.yaml");
    Files.writeString(config, """
        routers:
        - protocol: http
          servers:
          - port: 0
            prot: 5
        """);
    try (HoplinkProcess p = HoplinkProcess.launch(dir, List.of(), List.of(config.toString()))) {
      assertNotEquals(0, p.awaitExit(Duration.ofSeconds(30)));
      assertTrue(p.log().contains("routers[0].servers[0].prot: unknown key 'prot'"), p.log());
      assertTrue(p.log().contains("at 5:5"), p.log());
      assertTrue(!p.log().contains("listening on"), p.log());
    }
  }

  @Test
  void unsupportedProtocolSaysSo() throws Exception {
    Path config = dir.resolve("thrift.yaml");
    Files.writeString(config, "routers:\n- protocol: thrift\n  servers:\n  - port: 0\n");
    try (HoplinkProcess p = HoplinkProcess.launch(dir, List.of(), List.of(config.toString()))) {
      assertNotEquals(0, p.awaitExit(Duration.ofSeconds(30)));
      assertTrue(p.log().contains("thrift"), p.log());
      assertTrue(p.log().contains("not supported"), p.log());
    }
  }

  @Test
  void badDtabIsRefusedBeforeAnythingListens() throws Exception {
    Files.createDirectories(dir.resolve("disco"));
    Path config = dir.resolve("dtab.yaml");
    Files.writeString(config, RouterCoreIT.config(dir.resolve("disco"), 1000)
        .replace("/svc => /#/io.l5d.fs;", "/svc => => /#/io.l5d.fs;"));
    try (HoplinkProcess p = HoplinkProcess.launch(dir, List.of(), List.of(config.toString()))) {
      assertNotEquals(0, p.awaitExit(Duration.ofSeconds(30)));
      assertTrue(p.log().contains("routers[0].dtab"), p.log());
      assertTrue(!p.log().contains("listening on"), p.log());
    }
  }

  @Test
  void configIsReadFromStdin() throws Exception {
    Files.createDirectories(dir.resolve("disco"));
    try (HoplinkProcess p = HoplinkProcess.launch(dir, List.of(), List.of("check", "-"))) {
      p.process().getOutputStream().write(
          RouterCoreIT.config(dir.resolve("disco"), 1000).getBytes());
      p.process().getOutputStream().close();
      assertEquals(0, p.awaitExit(Duration.ofSeconds(30)), p.log());
      assertTrue(p.log().contains("label: outgoing"), p.log());
    }
  }

  @Test
  void aServerWhoseCertificateIsMissingDoesNotStart() throws Exception {
    Files.createDirectories(dir.resolve("disco"));
    Path config = dir.resolve("tls.yaml");
    Files.writeString(config, RouterCoreIT.config(dir.resolve("disco"), 1000)
        .replace("    maxCallDepth: 1000\n",
            "    maxCallDepth: 1000\n    tls: {certPath: /c.pem, keyPath: /k.pem}\n"));
    try (HoplinkProcess p = HoplinkProcess.launch(dir, List.of(), List.of(config.toString()))) {
      assertEquals(65, p.awaitExit(Duration.ofSeconds(30)), p.log());
      assertTrue(p.log().contains("config error: routers[0].servers[0].tls.certPath: '/c.pem'"
          + " cannot be read"), p.log());
      assertTrue(!p.log().contains("listening on"), p.log());
    }
  }

  @Test
  void twoNamersWithOnePrefixAreRefused() throws Exception {
    Files.createDirectories(dir.resolve("disco"));
    Path config = dir.resolve("namers.yaml");
    Files.writeString(config, RouterCoreIT.config(dir.resolve("disco"), 1000)
        .replace("namers:\n", "namers:\n- kind: io.l5d.fs\n  rootDir: " + dir.resolve("disco")
            + "\n"));
    try (HoplinkProcess p = HoplinkProcess.launch(dir, List.of(), List.of("check", config.toString()))) {
      assertNotEquals(0, p.awaitExit(Duration.ofSeconds(30)));
      assertTrue(p.log().contains("two namers have prefix /io.l5d.fs"), p.log());
    }
  }

  @Test
  void configIsReadThroughAConfigMapSymlinkLayout() throws Exception {
    // Kubernetes mounts a ConfigMap as config.yaml -> ..data/config.yaml, ..data -> ..<timestamp>.
    Files.createDirectories(dir.resolve("disco"));
    Path mount = Files.createDirectories(dir.resolve("mount"));
    Path version = Files.createDirectories(mount.resolve("..2026_11_22_00_00_00.1"));
    Files.writeString(version.resolve("config.yaml"), RouterCoreIT.config(dir.resolve("disco"), 1000));
    Files.createSymbolicLink(mount.resolve("..data"), version.getFileName());
    Files.createSymbolicLink(mount.resolve("config.yaml"), Path.of("..data/config.yaml"));
    try (HoplinkProcess p = HoplinkProcess.launch(dir, List.of(),
        List.of("check", mount.resolve("config.yaml").toString()))) {
      assertEquals(0, p.awaitExit(Duration.ofSeconds(30)), p.log());
      assertTrue(p.log().contains("label: outgoing"), p.log());
    }
  }

  /** The jar run with {@code args}: exit code, stdout and stderr apart. */
  private record Run(int code, String out, String err) {}

  private static Run jar(String... args) throws Exception {
    return jar(java.util.Map.of(), args);
  }

  private static Run jar(java.util.Map<String, String> env, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        HoplinkProcess.jar().toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().remove("NODE_NAME");
    builder.environment().remove("POD_IP");
    builder.environment().putAll(env);
    Process process = builder.start();
    java.util.concurrent.CompletableFuture<String> err = java.util.concurrent.CompletableFuture
        .supplyAsync(() -> readAll(process.getErrorStream()));
    String out = readAll(process.getInputStream());
    assertTrue(process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "still running");
    return new Run(process.exitValue(), out, err.get(30, java.util.concurrent.TimeUnit.SECONDS));
  }

  private static String readAll(java.io.InputStream in) {
    try {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void helpPrintsTheUsageToStdoutAndExitsZero() throws Exception {
    for (String help : List.of("--help", "-h", "help")) {
      Run run = jar(help);
      assertEquals(0, run.code(), help + ": " + run);
      assertTrue(run.out().startsWith("usage: hoplink CONFIG"), help + ": " + run.out());
      assertTrue(run.out().contains("hoplink check CONFIG"), run.out());
      assertEquals("", run.err(), help);
    }
  }

  @Test
  void versionPrintsTheJarsVersion() throws Exception {
    Run run = jar("--version");
    assertEquals(0, run.code(), run.toString());
    assertTrue(run.out().matches("hoplink \\d+\\.\\d+\\.\\d+\\S*\n"), run.out());
    assertEquals("", run.err());
  }

  @Test
  void wrongArgumentsPrintTheUsageToStderrAndExit64() throws Exception {
    Run run = jar("--frobnicate");
    assertEquals(64, run.code(), run.toString());
    assertTrue(run.err().startsWith("usage: hoplink CONFIG"), run.err());
    assertEquals("", run.out());
  }

  @Test
  void neitherCheckNorAStartPrintsSlf4jWarnings() throws Exception {
    Files.createDirectories(dir.resolve("disco"));
    Path config = dir.resolve("ok.yaml");
    Files.writeString(config, RouterCoreIT.config(dir.resolve("disco"), 1000));
    Run check = jar("check", config.toString());
    assertEquals(0, check.code(), check.toString());
    assertEquals("config ok: 1 router, 1 namer, 0 warnings\n", check.err(),
        "check prints warnings about the config and its summary, nothing else");
    try (HoplinkProcess router = HoplinkProcess.start(dir, Files.readString(config))) {
      assertTrue(!router.log().contains("SLF4J"), router.log());
    }
  }

  @Test
  void aPortInUseNamesTheServerAndAddressAndNothingClaimsToListen() throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50,
        java.net.InetAddress.getByName("127.0.0.1"))) {
      Path config = dir.resolve("clash.yaml");
      Files.writeString(config, """
          admin: {port: 0}
          routers:
          - protocol: http
            label: first
            servers: [{port: 0}]
          - protocol: http
            label: outgoing
            servers: [{ip: 127.0.0.1, port: %d}]
          """.formatted(taken.getLocalPort()));
      try (HoplinkProcess p = HoplinkProcess.launch(dir, List.of(), List.of(config.toString()))) {
        assertEquals(70, p.awaitExit(Duration.ofSeconds(30)), p.log());
        assertTrue(p.log().contains("could not bind outgoing 127.0.0.1:" + taken.getLocalPort()
            + ": address in use"), p.log());
        assertTrue(!p.log().contains("listening on"), p.log());
      }
    }
  }

  @Test
  void theDaemonsetConfigMapManifestIsCheckedAsTheConfigItHolds() throws Exception {
    String manifest = HoplinkProcess.basedir().resolve("daemonset/l5d-config.yaml").toString();
    Run outsideThePod = jar("check", manifest);
    assertEquals(0, outsideThePod.code(), outsideThePod.toString());
    assertTrue(outsideThePod.err().startsWith("note: routers[1] (incoming): "
        + "io.l5d.k8s.localnode: set the environment variable NODE_NAME"), outsideThePod.err());
    assertTrue(outsideThePod.err().contains("checked with stand-ins for NODE_NAME, POD_IP"),
        outsideThePod.err());
    assertEquals(List.of("config ok: 6 routers, 1 namer, 0 warnings"),
        outsideThePod.err().lines().skip(1).toList(), "one note, no stack trace, a summary");
    assertTrue(outsideThePod.out().contains("label: incoming"), outsideThePod.out());
    assertTrue(!outsideThePod.out().contains("&id") && !outsideThePod.out().contains("*id"),
        "no YAML anchors tie unrelated keys together: " + outsideThePod.out());

    Path started = dir.resolve("from-the-manifest.yaml");
    Files.writeString(started, Files.readString(Path.of(manifest)));
    Run startOutsideThePod = jar(started.toString());
    assertEquals(65, startOutsideThePod.code(), startOutsideThePod.toString());
    assertTrue(startOutsideThePod.err().startsWith("config error: routers[1] (incoming): "
        + "io.l5d.k8s.localnode"), startOutsideThePod.err());

    Run withThePodsEnvironment = jar(java.util.Map.of("NODE_NAME", "node-1",
        "POD_IP", "10.0.0.7"), "check", manifest);
    assertEquals(0, withThePodsEnvironment.code(), withThePodsEnvironment.toString());
    assertTrue(withThePodsEnvironment.out().contains("label: incoming"),
        withThePodsEnvironment.out());
  }

  @Test
  void aDirectoryOnlyThePodMountsIsAWarningInCheckAndAnErrorAtStart() throws Exception {
    Path config = dir.resolve("mounted.yaml");
    Files.writeString(config, RouterCoreIT.config(dir.resolve("mounted-in-the-pod"), 1000));
    Run check = jar("check", config.toString());
    assertEquals(0, check.code(), check.toString());
    List<String> lines = check.err().lines().toList();
    assertEquals(2, lines.size(), check.err());
    assertTrue(lines.get(0).contains("WARN hoplink: namers[0].rootDir (io.l5d.fs): '"
        + dir.resolve("mounted-in-the-pod") + "' does not exist (expected: a directory with one"
        + " file per service) here; the router refuses to start unless it exists where it runs"
        + " at "), lines.get(0));
    assertEquals("config ok: 1 router, 1 namer, 1 warning", lines.get(1));

    Run start = jar(config.toString());
    assertEquals(65, start.code(), start.toString());
    assertTrue(start.err().startsWith("config error: namers[0].rootDir (io.l5d.fs): '"),
        start.err());
    assertTrue(!start.err().contains("\tat "), "no stack trace: " + start.err());
  }

  @Test
  void aBadDentryIsNamedOnOneLineAtItsOwnLineAndColumn() throws Exception {
    Path config = dir.resolve("bad-dentry.yaml");
    Files.writeString(config, """
        routers:
        - protocol: http
          dtab: |
            /svc => /$/inet/127.1/8080;
            /foo => /bar
              => /baz;
          servers:
          - port: 0
        admin: {port: 0}
        """);
    Run check = jar("check", config.toString());
    assertEquals(65, check.code(), check.toString());
    assertEquals("config error: routers[0].dtab: bad dtab: expected ';' between dentries but"
        + " found '=' in dentry '/foo => /bar => /baz' at 5:5\n", check.err());
  }

  @Test
  void aKubernetesApiThatIsDownIsReportedOnceWithItsAddress() throws Exception {
    int closedPort;
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
      closedPort = probe.getLocalPort(); // free again once closed: nothing answers there
    }
    String config = """
        admin: {port: 0}
        namers:
        - kind: io.l5d.k8s
          host: 127.0.0.1
          port: %d
        routers:
        - protocol: http
          dtab: /svc => /#/io.l5d.k8s/default/http;
          bindingTimeoutMs: 500
          servers:
          - port: 0
        """.formatted(closedPort);
    try (HoplinkProcess router = HoplinkProcess.start(dir, config)) {
      String reply = RawHttp.exchange(router.port("http"),
          "GET / HTTP/1.1\r\nHost: world\r\nConnection: close\r\n\r\n");
      assertEquals(503, RawHttp.status(reply), "the name never bound: " + reply);
      // Three failed attempts, told apart by the namer's own record of its last error.
      java.util.Set<String> failures = new java.util.HashSet<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      java.util.regex.Pattern at = java.util.regex.Pattern.compile("\"lastErrorAtMs\"\\s*:\\s*(\\d+)");
      while (failures.size() < 3 && System.nanoTime() < deadline) {
        java.util.regex.Matcher m = at.matcher(router.admin("/namer_state/io.l5d.k8s.json"));
        if (m.find()) {
          failures.add(m.group(1));
        }
        Thread.sleep(200);
      }
      assertEquals(3, failures.size(), "the watch failed and was retried: " + router.log());
      List<String> warnings = router.log().lines().filter(l -> l.contains(" WARN ")).toList();
      assertEquals(1, warnings.size(), "one warning for one failure: " + warnings);
      assertTrue(warnings.get(0).contains("WARN ServiceWatch: io.l5d.k8s default/world: watching"
          + " it at http://127.0.0.1:" + closedPort + " failed (ConnectException); retrying; no"
          + " endpoints were listed yet, so requests for it wait for the first list"),
          warnings.get(0));
    }
  }
}
