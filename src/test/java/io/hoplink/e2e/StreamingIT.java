package io.hoplink.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gigabyte each way through a router whose heap and direct memory are far smaller than that:
 * it can only pass if bodies stream with backpressure.
 */
class StreamingIT {
  private static final long GIB = 1L << 30;

  @TempDir Path dir;

  @Test
  void gigabyteStreamsBothWaysThroughASmallRouter() throws Exception {
    try (TestBackend backend = new TestBackend("big")) {
      Path disco = Files.createDirectories(dir.resolve("disco"));
      Files.writeString(disco.resolve("big"), "127.0.0.1 " + backend.port() + "\n");
      try (HoplinkProcess router = HoplinkProcess.start(dir, RouterCoreIT.config(disco, 1000),
          "-Xmx96m", "-XX:MaxDirectMemorySize=64m")) {
        HttpClient client = HttpClient.newBuilder()
            .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", router.port("outgoing"))))
            .version(HttpClient.Version.HTTP_1_1).build();

        HttpResponse<String> up = client.send(HttpRequest.newBuilder(URI.create("http://big/upload"))
            .POST(HttpRequest.BodyPublishers.fromPublisher(
                HttpRequest.BodyPublishers.ofInputStream(() -> new GeneratedStream(GIB)), GIB))
            .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, up.statusCode(), up.body());
        assertEquals(Long.toString(GIB), up.body());

        HttpResponse<InputStream> down = client.send(
            HttpRequest.newBuilder(URI.create("http://big/download?n=" + GIB)).build(),
            HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, down.statusCode());
        long total = 0;
        try (InputStream in = down.body()) {
          byte[] buffer = new byte[256 * 1024];
          for (int n; (n = in.read(buffer)) > 0; ) {
            total += n;
          }
        }
        assertEquals(GIB, total);
      }
    }
  }

  /** {@code size} bytes of a repeating pattern, made as they are read. */
  private static final class GeneratedStream extends InputStream {
    private long left;

    GeneratedStream(long size) {
      this.left = size;
    }

    @Override
    public int read() {
      if (left <= 0) {
        return -1;
      }
      left--;
      return 'x';
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (left <= 0) {
        return -1;
      }
      int n = (int) Math.min(len, left);
      java.util.Arrays.fill(b, off, off + n, (byte) 'x');
      left -= n;
      return n;
    }
  }
}
