package io.hoplink.router.admin;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Which admin paths are served, as Linkerd's admin SecurityFilter decides: each path is in one
 * group (the UI: pages, metrics.json, config.json, the delegator and the dashboard's data; control: shutdown and
 * logging changes; diagnostics: everything else, from ping to the thread dump); a path matching
 * a {@code pathBlacklist} expression is never served, else it is served when its group is enabled
 * or it matches a {@code pathWhitelist} expression. Refused paths get a 404, as in Linkerd.
 * Expressions match the whole path, without the query.
 */
record AdminSecurity(boolean uiEnabled, boolean controlEnabled, boolean diagnosticsEnabled,
    List<Pattern> whitelist, List<Pattern> blacklist) {
  private static final List<Pattern> UI = patterns(List.of("/", "/files/.*", "/admin/files/.*",
      "/config[.]json", "/metrics[.]json", "/admin/metrics[.]json", "/admin/metrics",
      "/delegator", "/delegator[.]json", "/logging", "/help", "/dashboard[.]json",
      "/dashboard/events", "/dashboard/graph[.]json", "/dashboard/peers[.]json", "/requests",
      "/requests[.]json"));
  private static final List<Pattern> CONTROL = patterns(List.of("/admin/shutdown",
      "/logging[.]json"));

  AdminSecurity {
    whitelist = List.copyOf(requireNonNull(whitelist, "whitelist"));
    blacklist = List.copyOf(requireNonNull(blacklist, "blacklist"));
  }

  /** Every group enabled, no lists: what Linkerd serves by default. */
  static AdminSecurity open() {
    return new AdminSecurity(true, true, true, List.of(), List.of());
  }

  static List<Pattern> patterns(List<String> expressions) {
    return expressions.stream().map(Pattern::compile).toList();
  }

  boolean allows(String path) {
    if (matchesAny(blacklist, path)) {
      return false;
    }
    boolean groupEnabled = matchesAny(UI, path) ? uiEnabled
        : matchesAny(CONTROL, path) ? controlEnabled : diagnosticsEnabled;
    return groupEnabled || matchesAny(whitelist, path);
  }

  private static boolean matchesAny(List<Pattern> patterns, String path) {
    for (Pattern pattern : patterns) {
      if (pattern.matcher(path).matches()) {
        return true;
      }
    }
    return false;
  }
}
