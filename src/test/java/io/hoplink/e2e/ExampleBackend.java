package io.hoplink.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * The backends Linkerd's example configs name (127.0.0.1:8888 and :8080), run as their own
 * process inside the test's network namespace: {@code ExampleBackend PORT...}. Every path answers
 * 200 with the port, path, Host and Forwarded header it saw, one {@code key=value} a line;
 * {@code /fail-once/...} answers 503 to the first request for that path, {@code /slow/MS} answers
 * after MS milliseconds.
 */
public final class ExampleBackend {
  private ExampleBackend() {}

  public static void main(String[] args) throws IOException {
    Set<String> failed = ConcurrentHashMap.newKeySet();
    for (String arg : args) {
      int port = Integer.parseInt(arg);
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
      server.setExecutor(Executors.newFixedThreadPool(4));
      server.createContext("/", exchange -> {
        String path = exchange.getRequestURI().getPath();
        if (path.startsWith("/fail-once/") && failed.add(port + path)) {
          reply(exchange, 503, "failing once\n");
          return;
        }
        if (path.startsWith("/slow/")) {
          try {
            Thread.sleep(Long.parseLong(path.substring("/slow/".length())));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        reply(exchange, 200, "port=" + port + "\npath=" + path
            + "\nhost=" + exchange.getRequestHeaders().getFirst("Host")
            + "\nforwarded=" + exchange.getRequestHeaders().getFirst("Forwarded") + "\n");
      });
      server.start();
    }
    System.out.println("example backends listening on " + String.join(", ", args));
  }

  private static void reply(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }
}
