package io.hoplink.router.admin;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The admin server's routing table: exact paths and path prefixes, each with its methods. An
 * unknown path is a 404 and a known path with another method a 405 with {@code Allow}.
 */
final class AdminRoutes implements Handler<HttpServerRequest> {
  private record Route(Set<HttpMethod> methods, Handler<HttpServerRequest> handler) {}

  private final Map<String, Route> exact = new LinkedHashMap<>();
  private final Map<String, Route> prefixes = new LinkedHashMap<>();

  /** A GET route, which also answers HEAD. */
  AdminRoutes get(String path, Handler<HttpServerRequest> handler) {
    return add(exact, path, Set.of(HttpMethod.GET, HttpMethod.HEAD), handler);
  }

  AdminRoutes post(String path, Handler<HttpServerRequest> handler) {
    return add(exact, path, Set.of(HttpMethod.POST), handler);
  }

  /** A GET route for every path under {@code prefix}. */
  AdminRoutes getUnder(String prefix, Handler<HttpServerRequest> handler) {
    return add(prefixes, prefix, Set.of(HttpMethod.GET, HttpMethod.HEAD), handler);
  }

  /** The exact paths, in the order they were added. */
  List<String> paths() {
    return new ArrayList<>(exact.keySet());
  }

  private AdminRoutes add(Map<String, Route> table, String path, Set<HttpMethod> methods,
      Handler<HttpServerRequest> handler) {
    if (table.putIfAbsent(path, new Route(methods, handler)) != null) {
      throw new IllegalArgumentException("admin path " + path + " is served twice");
    }
    return this;
  }

  @Override
  public void handle(HttpServerRequest request) {
    Route route = find(request.path());
    if (route == null) {
      Replies.error(request, 404, "not found: " + request.path());
    } else if (!route.methods().contains(request.method())) {
      request.response().putHeader("Allow", route.methods().stream().map(HttpMethod::name)
          .sorted().collect(Collectors.joining(", ")));
      Replies.error(request, 405, request.method() + " is not allowed on " + request.path());
    } else {
      try {
        route.handler().handle(request);
      } catch (RuntimeException e) {
        Replies.failed(request, e);
      }
    }
  }

  private Route find(String path) {
    if (path == null) {
      return null;
    }
    Route route = exact.get(path);
    if (route != null) {
      return route;
    }
    for (Map.Entry<String, Route> e : prefixes.entrySet()) {
      if (path.startsWith(e.getKey())) {
        return e.getValue();
      }
    }
    return null;
  }
}
