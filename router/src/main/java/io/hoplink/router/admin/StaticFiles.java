package io.hoplink.router.admin;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The dashboard's scripts and styles, served at {@code /files/<name>} from the jar (read once):
 * plain JavaScript modules and one stylesheet, no build step and nothing fetched elsewhere, so
 * the pages work where the admin port has no way out.
 */
final class StaticFiles {
  static final String PREFIX = "/files/";
  /** Every file served; a name not listed here is a 404. */
  static final List<String> NAMES = List.of("admin.css", "common.js", "charts.js", "table.js",
      "graph.js", "peers.js", "dashboard.js", "delegator.js", "requests.js");
  private static final Map<String, String> TYPES = Map.of(
      "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8");

  private final Map<String, Buffer> files = new TreeMap<>();

  StaticFiles() {
    for (String name : NAMES) {
      String resource = "files/" + name;
      try (InputStream in = StaticFiles.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException("missing from the jar: " + resource);
        }
        files.put(name, Buffer.buffer(in.readAllBytes()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  void serve(HttpServerRequest request) {
    String name = request.path().substring(PREFIX.length());
    Buffer body = files.get(name);
    if (body == null) {
      Replies.error(request, 404, "not found: " + request.path());
      return;
    }
    request.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, TYPES.get(name.substring(name.lastIndexOf('.') + 1)))
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
        .end(body);
  }
}
