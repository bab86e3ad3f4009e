package io.hoplink.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads the top level of a config document. */
final class ConfigLoader {
  private static final Set<String> KEYS = Set.of("admin", "routers", "namers", "telemetry", "usage",
      "identity");

  private ConfigLoader() {}

  static HoplinkConfig load(ConfigNode root, Plugins plugins) {
    root.requireOnlyKeys(KEYS);
    root.get("usage").ifPresent(n -> n.warn("usage reporting is not part of hoplink; ignored"));
    // first: the tls blocks may name the files it writes
    Optional<IdentityConfig> identity = root.get("identity").map(IdentityConfig::parse);
    AdminConfig admin = root.get("admin").map(AdminConfig::parse).orElse(AdminConfig.defaults());
    List<PluginConfig> namers = root.list("namers", n -> plugins.parse("namer", n));
    List<PluginConfig> telemetry = root.list("telemetry", n -> plugins.parse("telemeter", n));

    ConfigNode routersNode = root.required("routers");
    List<ConfigNode> routerNodes = routersNode.elements();
    if (routerNodes.isEmpty()) {
      throw routersNode.error("expected at least one router");
    }
    List<RouterConfig> routers = new ArrayList<>();
    for (ConfigNode node : routerNodes) {
      routers.add(RouterConfig.parse(node, plugins));
    }
    CrossChecks.check(root, admin, routerNodes, routers);
    return new HoplinkConfig(admin, routers, namers, telemetry, identity, root.warnings());
  }
}
