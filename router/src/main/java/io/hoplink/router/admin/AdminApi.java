package io.hoplink.router.admin;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The admin API of a running hoplink, as the command line reads it ({@code dtab}, {@code stat},
 * {@code delegate}): plain HTTP to HOST:PORT, JSON answers, one-line errors.
 */
final class AdminApi {
  static final String DEFAULT_ADMIN = "127.0.0.1:9990";

  private final URI base;
  private final String shown;
  private final HttpClient client = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();

  private AdminApi(URI base, String shown) {
    this.base = base;
    this.shown = shown;
  }

  /**
   * The admin API at {@code hostPort}.
   *
   * @throws IllegalArgumentException if it is not HOST:PORT
   */
  static AdminApi at(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0 || colon == hostPort.length() - 1) {
      throw new IllegalArgumentException("expected: host:port, such as 127.0.0.1:9990");
    }
    String host = hostPort.substring(0, colon);
    if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
      host = "[" + host + "]"; // an IPv6 literal without brackets
    }
    int port = Integer.parseInt(hostPort.substring(colon + 1));
    return new AdminApi(URI.create("http://" + host + ":" + port), hostPort);
  }

  /** The URI of {@code pathAndQuery} here. */
  URI uri(String pathAndQuery) {
    return base.resolve(pathAndQuery);
  }

  /** HOST:PORT as given. */
  String shown() {
    return shown;
  }

  /**
   * {@code pathAndQuery}'s JSON (a Map, a List, ...).
   *
   * @throws IOException naming the path and why: unreachable, not 200 (with the answer's
   *     message), not JSON
   */
  Object json(String pathAndQuery) throws IOException, InterruptedException {
    URI uri = uri(pathAndQuery);
    HttpResponse<String> response;
    try {
      response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET()
          .build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IOException(why(e), e);
    }
    if (response.statusCode() != 200) {
      throw new IOException(uri.getPath() + " answered " + response.statusCode() + " "
          + response.body().strip());
    }
    try {
      Object json = Json.decodeValue(response.body());
      // plain maps and lists all the way down (nested values decode as such already)
      return json instanceof io.vertx.core.json.JsonObject o ? o.getMap()
          : json instanceof io.vertx.core.json.JsonArray a ? a.getList() : json;
    } catch (DecodeException e) {
      throw new IOException(uri.getPath() + " is not JSON: " + e.getMessage(), e);
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
}
