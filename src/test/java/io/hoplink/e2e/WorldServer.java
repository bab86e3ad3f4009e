package io.hoplink.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A world pod for the multi-node test, run as its own process inside a node's network
 * namespace: {@code WorldServer <pod> <node> <ip> <port>}. {@code GET /} answers who it is, who
 * connected to it and the routing headers it saw, one {@code key=value} a line;
 * {@code GET /requests} answers how many {@code /} requests it has served, so the test can ask
 * the pod itself (directly, not through the routers) whether any request reached it.
 */
public final class WorldServer {
  private WorldServer() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 4) {
      System.err.println("usage: WorldServer POD NODE IP PORT");
      System.exit(64);
    }
    String pod = args[0];
    String node = args[1];
    AtomicInteger served = new AtomicInteger();
    HttpServer server = HttpServer.create(new InetSocketAddress(args[2], Integer.parseInt(args[3])), 64);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext("/requests", exchange -> reply(exchange, served.get() + "\n"));
    server.createContext("/", exchange -> {
      served.incrementAndGet();
      reply(exchange, "pod=" + pod + "\nnode=" + node
          + "\npeer=" + exchange.getRemoteAddress().getAddress().getHostAddress()
          + "\nvia=" + header(exchange, "Via")
          + "\nl5d-dst-client=" + header(exchange, "l5d-dst-client") + "\n");
    });
    server.start();
    System.out.println("world " + pod + " listening on " + args[2] + ":" + server.getAddress().getPort());
    System.out.flush();
  }

  private static String header(HttpExchange exchange, String name) {
    return String.join(", ", exchange.getRequestHeaders().getOrDefault(name, java.util.List.of()));
  }

  private static void reply(HttpExchange exchange, String body) throws IOException {
    try (exchange) {
      exchange.getRequestBody().readAllBytes();
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, bytes.length);
      exchange.getResponseBody().write(bytes);
    }
  }
}
