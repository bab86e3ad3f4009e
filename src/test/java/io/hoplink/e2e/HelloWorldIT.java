package io.hoplink.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hello-world example as the README runs it, on ephemeral ports: the programs from
 * examples/hello-world, the router from the jar, and curl with http_proxy set.
 */
class HelloWorldIT {
  private static final Pattern PORT = Pattern.compile("listening on [^:\\s]+:(\\d+)");

  @TempDir Path dir;

  @Test
  void curlThroughTheRouterGetsTheHelloWorldAnswer() throws Exception {
    Path examples = HoplinkProcess.basedir().resolve("examples/hello-world");
    Process world = program(examples.resolve("World.java"), "world", null);
    Process hello = null;
    try {
      int worldPort = awaitPort(world, "world");
      Path disco = Files.createDirectories(dir.resolve("disco"));
      Files.writeString(disco.resolve("world"), "127.0.0.1 " + worldPort + "\n");
      try (HoplinkProcess router = HoplinkProcess.start(dir, RouterCoreIT.config(disco, 1000))) {
        String proxy = "http://127.0.0.1:" + router.port("outgoing");
        hello = program(examples.resolve("Hello.java"), "hello", proxy);
        int helloPort = awaitPort(hello, "hello");
        Files.writeString(disco.resolve("hello"), "127.0.0.1 " + helloPort + "\n");

        String answer = awaitCurl(proxy, "http://hello/");
        assertEquals("Hello (127.0.0.1) world (127.0.0.1)!", answer);
      }
    } finally {
      world.destroyForcibly();
      if (hello != null) {
        hello.destroyForcibly();
      }
    }
  }

  private Process program(Path source, String name, String proxy) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), source.toString(),
        "--port", "0", "--ip", "127.0.0.1");
    builder.environment().remove("http_proxy");
    if (proxy != null) {
      builder.environment().put("http_proxy", proxy);
    }
    builder.redirectErrorStream(true);
    builder.redirectOutput(dir.resolve(name + ".log").toFile());
    return builder.start();
  }

  private int awaitPort(Process process, String name) throws IOException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    Path log = dir.resolve(name + ".log");
    while (System.nanoTime() < deadline) {
      Matcher m = PORT.matcher(Files.readString(log));
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
      if (!process.isAlive()) {
        fail(name + " exited: " + Files.readString(log));
      }
      HoplinkProcess.pause();
    }
    return fail(name + " did not start: " + Files.readString(log));
  }

  private static String awaitCurl(String proxy, String url) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      ProcessBuilder curl = new ProcessBuilder("curl", "-s", "-S", "-f", url);
      curl.environment().put("http_proxy", proxy);
      curl.redirectErrorStream(true);
      Process p = curl.start();
      last = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor() == 0) {
        return last;
      }
      HoplinkProcess.pause();
    }
    return fail("curl never succeeded; last output: " + last);
  }
}
