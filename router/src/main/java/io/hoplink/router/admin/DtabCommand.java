package io.hoplink.router.admin;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code hoplink dtab [--admin HOST:PORT] [ROUTER]}: prints the dtab in force of each router of a
 * running hoplink (or of ROUTER), with its source and version, as its admin API's
 * {@code /dtabs.json} says. HOST:PORT defaults to Linkerd's admin address, 127.0.0.1:9990.
 * Exit codes: 0 printed, 64 bad arguments, 66 no such router, 69 the admin API cannot be read.
 */
public final class DtabCommand {
  public static final String USAGE = "usage: hoplink dtab [--admin HOST:PORT] [ROUTER]";
  private static final String DEFAULT_ADMIN = "127.0.0.1:9990";

  private DtabCommand() {}

  /** Runs with the arguments after {@code dtab}; returns the exit code. */
  public static int run(List<String> args, PrintStream out, PrintStream err) {
    String admin = DEFAULT_ADMIN;
    String router = null;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--admin") && i + 1 < args.size()) {
        admin = args.get(++i);
      } else if (!arg.startsWith("-") && router == null) {
        router = arg;
      } else {
        err.println(USAGE);
        return 64;
      }
    }
    URI uri;
    try {
      uri = uri(admin);
    } catch (IllegalArgumentException e) {
      err.println("hoplink dtab: '" + admin + "' is not HOST:PORT (" + e.getMessage() + ")");
      return 64;
    }
    Map<String, Object> dtabs;
    try {
      dtabs = fetch(uri);
    } catch (IOException e) {
      err.println("hoplink dtab: cannot read the dtabs of the admin API at " + admin + ": "
          + e.getMessage());
      return 69;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 69;
    }
    if (router != null && !dtabs.containsKey(router)) {
      err.println("hoplink dtab: no router '" + router + "' at " + admin + " (routers: "
          + String.join(", ", dtabs.keySet()) + ")");
      return 66;
    }
    for (Map.Entry<String, Object> entry : dtabs.entrySet()) {
      if (router == null || router.equals(entry.getKey())) {
        print(entry.getKey(), entry.getValue(), out);
      }
    }
    return 0;
  }

  static URI uri(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0 || colon == hostPort.length() - 1) {
      throw new IllegalArgumentException("expected: host:port, such as 127.0.0.1:9990");
    }
    String host = hostPort.substring(0, colon);
    if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
      host = "[" + host + "]"; // an IPv6 literal without brackets
    }
    int port = Integer.parseInt(hostPort.substring(colon + 1));
    return URI.create("http://" + host + ":" + port + "/dtabs.json");
  }

  private static Map<String, Object> fetch(URI uri) throws IOException, InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpResponse<String> response;
    try {
      response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
          .GET().build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IOException(why(e), e);
    }
    if (response.statusCode() != 200) {
      throw new IOException(uri.getPath() + " answered " + response.statusCode()
          + " (an older hoplink, or admin.security does not serve it)");
    }
    try {
      return new JsonObject(response.body()).getMap();
    } catch (DecodeException | ClassCastException e) {
      throw new IOException(uri.getPath() + " is not a JSON object: " + e.getMessage(), e);
    }
  }

  /** The first message along the causes (the JDK's ConnectException often has none). */
  private static String why(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        return t.getClass().getSimpleName() + ": " + t.getMessage();
      }
    }
    return error.getClass().getSimpleName();
  }

  private static void print(String router, Object value, PrintStream out) {
    if (!(value instanceof Map<?, ?> dtab)) {
      return;
    }
    out.println(router + ": " + DtabSection.summary(dtab));
    if (dtab.get("dentries") instanceof List<?> dentries) {
      dentries.forEach(dentry -> out.println("  " + dentry + ";"));
    }
    if (dtab.get("lastRefused") instanceof Map<?, ?> refused) {
      out.println("  last refused at " + refused.get("at") + ": " + refused.get("error"));
    }
  }
}
