package io.hoplink.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar as the DaemonSet runs it, its JVM flags read from daemonset/l5d.yaml with the image's
 * archive path pointing at the one the build made beside the jar, and {@code -Xshare:on}, under
 * which the JVM refuses to start unless the archive maps: it starts, routes, and took hoplink's
 * own classes from the archive.
 */
class CdsArchiveIT {
  /** A {@code -Xlog:class+load} line: the class and where it came from. */
  private static final Pattern LOADED = Pattern.compile("\\] (\\S+) source: (.+)$");
  private static final String ARCHIVE = "shared objects file (top)";

  @TempDir Path dir;

  @Test
  void theDaemonsetFlagsMapTheBuildsArchiveAndTheRouterRoutes() throws Exception {
    Path archive = HoplinkProcess.jar().toAbsolutePath().resolveSibling("hoplink.jsa");
    assertTrue(Files.isRegularFile(archive), archive + ": package makes it (the CDS training)");
    List<String> flags = new ArrayList<>();
    for (String flag : DaemonsetJvmFlags.read()) {
      if (!flag.startsWith("-Xshare:")) {
        flags.add(flag);
      }
    }
    assertTrue(flags.contains("-XX:SharedArchiveFile=" + archive), flags::toString);
    Path classes = dir.resolve("classes.log");
    flags.add("-Xshare:on");
    flags.add("-Xlog:class+load=info:file=" + classes);

    try (TestBackend web = new TestBackend("web")) {
      Path disco = Files.createDirectories(dir.resolve("disco"));
      Files.writeString(disco.resolve("web"), "127.0.0.1 " + web.port() + "\n");
      try (HoplinkProcess router = HoplinkProcess.start(dir, """
          admin: {ip: 127.0.0.1, port: 0}
          namers:
          - {kind: io.l5d.fs, rootDir: %s}
          routers:
          - protocol: http
            label: outgoing
            dtab: /svc => /#/io.l5d.fs;
            servers: [{ip: 127.0.0.1, port: 0}]
          - protocol: h2
            label: h2-outgoing
            dtab: /svc => /#/io.l5d.fs;
            servers: [{ip: 127.0.0.1, port: 0}]
          """.formatted(disco), flags.toArray(String[]::new))) {
        assertFalse(router.log().contains("shared archive"), router.log());
        HttpClient viaProxy = HttpClient.newBuilder()
            .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", router.port("outgoing"))))
            .version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> response = viaProxy.send(HttpRequest.newBuilder(
                URI.create("http://web/hello")).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertEquals("web", response.body());
        assertEquals("pong", router.admin("/admin/ping"));
      }
    }

    List<String[]> own = new ArrayList<>(); // {class, source} of hoplink's classes
    for (String line : Files.readAllLines(classes)) {
      Matcher m = LOADED.matcher(line);
      if (m.find() && m.group(1).startsWith("io.hoplink.")) {
        own.add(new String[] {m.group(1), m.group(2)});
      }
    }
    List<String> fromArchive = own.stream().filter(c -> c[1].equals(ARCHIVE)).map(c -> c[0])
        .toList();
    List<String> elsewhere = own.stream().filter(c -> !c[1].equals(ARCHIVE))
        .map(c -> c[0] + " (" + c[1] + ")").toList();
    assertTrue(own.size() > 300, "hoplink's classes loaded: " + own.size());
    assertTrue(fromArchive.size() >= own.size() * 9 / 10, fromArchive.size() + " of "
        + own.size() + " from the archive; not: " + elsewhere);
    List<String> forward = own.stream().map(c -> c[0])
        .filter(c -> c.startsWith("io.hoplink.router.forward.")).toList();
    assertFalse(forward.isEmpty(), "the request path was loaded");
    assertTrue(fromArchive.containsAll(forward.stream().filter(c -> !c.contains("$$Lambda"))
        .toList()), "the request path's classes came from the archive; not: " + elsewhere);
  }
}
