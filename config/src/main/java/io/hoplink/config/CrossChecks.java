package io.hoplink.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Checks across routers, before anything binds: one address per server, one router per label. */
final class CrossChecks {
  private CrossChecks() {}

  private record Bound(String ip, int port, String owner, ConfigNode at) {}

  static void check(ConfigNode root, AdminConfig admin, List<ConfigNode> routerNodes, List<RouterConfig> routers) {
    List<Bound> bound = new ArrayList<>();
    ConfigNode adminAt = root.get("admin").map(a -> a.get("port").orElse(a)).orElse(root);
    bound.add(new Bound(admin.ip(), admin.port(), "admin", adminAt));
    Map<String, ConfigNode> labels = new HashMap<>();
    Map<String, RouterConfig> accessLogs = new HashMap<>();
    for (int r = 0; r < routers.size(); r++) {
      ConfigNode routerNode = routerNodes.get(r);
      RouterConfig router = routers.get(r);
      sharedAccessLog(routerNode, router, accessLogs);
      ConfigNode labelAt = routerNode.get("label").orElse(routerNode);
      ConfigNode first = labels.putIfAbsent(router.label(), routerNode);
      if (first != null) {
        throw labelAt.error("label '" + router.label() + "' is already used by " + first.path()
            + " (first at " + first.line() + ":" + first.column() + ")"
            + (routerNode.has("label") ? "" : "; set a label on each router of one protocol"));
      }
      List<ConfigNode> serverNodes = routerNode.required("servers").elements();
      for (int s = 0; s < router.servers().size(); s++) {
        ServerConfig server = router.servers().get(s);
        ConfigNode serverNode = serverNodes.get(s);
        Bound here = new Bound(server.ip(), server.port(), serverNode.path(),
            serverNode.get("port").orElse(serverNode));
        for (Bound other : bound) {
          if (here.port() != 0 && here.port() == other.port() && IpLiteral.overlap(here.ip(), other.ip())) {
            String what = serverNode.has("port") ? "" : "port (default) ";
            throw here.at().withKind(null).error(what + here.port() + " is already used by " + other.owner()
                + " (first at " + other.at().line() + ":" + other.at().column() + ")");
          }
        }
        bound.add(here);
      }
    }
  }

  /**
   * Routers may write one access log file together (one writer serves them), if they agree on
   * how it is rolled and kept.
   */
  private static void sharedAccessLog(ConfigNode routerNode, RouterConfig router,
      Map<String, RouterConfig> byFile) {
    if (router.accessLog().isEmpty() || router.accessLog().get().stream()) {
      return;
    }
    AccessLogConfig log = router.accessLog().get();
    String file = java.nio.file.Path.of(log.path()).toAbsolutePath().normalize().toString();
    RouterConfig first = byFile.putIfAbsent(file, router);
    if (first != null && !first.accessLog().get().equals(
        new AccessLogConfig(first.accessLog().get().path(), log.rollPolicy(), log.append(),
            log.rotateCount()))) {
      String key = AccessLogConfig.keys(RouterParser.accessLogKeys(router.protocol())).get(0);
      throw routerNode.required(key).error("'" + log.path() + "' is also the access log of"
          + " router '" + first.label() + "', with another roll policy, append or rotate count"
          + " (routers may share a file if they agree on those)");
    }
  }
}
