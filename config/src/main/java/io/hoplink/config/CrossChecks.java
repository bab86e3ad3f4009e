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
    for (int r = 0; r < routers.size(); r++) {
      ConfigNode routerNode = routerNodes.get(r);
      RouterConfig router = routers.get(r);
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
}
