package io.hoplink.config;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code admin.security}: which groups of admin endpoints are served.
 *
 * <pre>
 * security:
 *   uiEnabled: true
 *   controlEnabled: false        # no /admin/shutdown, no /logging changes
 *   diagnosticsEnabled: true
 *   pathWhitelist: ["^/admin/ping$"]
 *   pathBlacklist: ["^/admin/threads$"]
 * </pre>
 *
 * @param pathWhitelist regular expressions of paths served even when their group is off
 * @param pathBlacklist regular expressions of paths never served
 */
public record AdminSecurityConfig(
    boolean uiEnabled,
    boolean controlEnabled,
    boolean diagnosticsEnabled,
    List<String> pathWhitelist,
    List<String> pathBlacklist) implements PlainRenderable {

  private static final Set<String> KEYS = Set.of("uiEnabled", "controlEnabled", "diagnosticsEnabled",
      "pathWhitelist", "pathBlacklist");

  public AdminSecurityConfig {
    pathWhitelist = List.copyOf(requireNonNull(pathWhitelist, "pathWhitelist"));
    pathBlacklist = List.copyOf(requireNonNull(pathBlacklist, "pathBlacklist"));
  }

  /** Linkerd's default: everything enabled, no path lists. */
  public static AdminSecurityConfig defaults() {
    return new AdminSecurityConfig(true, true, true, List.of(), List.of());
  }

  static AdminSecurityConfig parse(ConfigNode node) {
    node.requireOnlyKeys(KEYS);
    boolean diagnostics = node.bool("diagnosticsEnabled", true);
    List<String> whitelist = node.list("pathWhitelist", AdminSecurityConfig::regex);
    List<String> blacklist = node.list("pathBlacklist", AdminSecurityConfig::regex);
    return new AdminSecurityConfig(node.bool("uiEnabled", true), node.bool("controlEnabled", true),
        diagnostics, whitelist, blacklist);
  }

  private static String regex(ConfigNode node) {
    String expression = node.asString();
    try {
      java.util.regex.Pattern.compile(expression);
    } catch (java.util.regex.PatternSyntaxException e) {
      throw node.error("'" + expression + "' is not a regular expression: "
          + e.getDescription());
    }
    return expression;
  }

  @Override
  public Map<String, Object> toPlain() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("uiEnabled", uiEnabled);
    out.put("controlEnabled", controlEnabled);
    out.put("diagnosticsEnabled", diagnosticsEnabled);
    out.put("pathWhitelist", pathWhitelist);
    out.put("pathBlacklist", pathBlacklist);
    return out;
  }
}
