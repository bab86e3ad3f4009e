package io.hoplink.router.admin;

import java.util.List;
import java.util.Map;

/**
 * The dashboard's dtab section: for each router, the dtab in force one dentry a line, where it
 * comes from, its version, and the last refused change, from {@link AdminState#dtabs()}.
 */
final class DtabSection {
  private DtabSection() {}

  static void render(Map<String, Object> dtabs, StringBuilder out) {
    if (dtabs.isEmpty()) {
      return;
    }
    out.append("<h2>Dtabs</h2>\n");
    for (Map.Entry<String, Object> router : dtabs.entrySet()) {
      if (!(router.getValue() instanceof Map<?, ?> dtab)) {
        continue;
      }
      out.append("<h3 class=\"dtab\">");
      AdminPages.escape(router.getKey(), out);
      out.append("</h3>\n<p>");
      AdminPages.escape(summary(dtab), out);
      out.append("</p>\n<pre>");
      if (dtab.get("dentries") instanceof List<?> dentries) {
        for (Object dentry : dentries) {
          AdminPages.escape(dentry + ";\n", out);
        }
      }
      out.append("</pre>\n");
      if (dtab.get("lastRefused") instanceof Map<?, ?> refused) {
        out.append("<p class=\"refused\">last refused at ");
        AdminPages.escape(refused.get("at") + ": " + refused.get("error"), out);
        out.append("</p>\n");
      }
    }
  }

  /**
   * One line: {@code from ConfigMap default/l5d-dtabs key outgoing.dtab, then the router's dtab;
   * version 3 (1a2b3c4d5e6f) applied at 2024-05-01T10:00:00Z}.
   */
  static String summary(Map<?, ?> dtab) {
    StringBuilder line = new StringBuilder(source(dtab.get("source")));
    if ("pending".equals(dtab.get("state"))) {
      return line.append("; none in force yet (waiting for the first read)").toString();
    }
    line.append("; version ").append(dtab.get("version")).append(" (")
        .append(dtab.get("hash")).append(") applied at ").append(dtab.get("appliedAt"));
    if (dtab.get("note") != null) {
      line.append("; ").append(dtab.get("note"));
    }
    return line.toString();
  }

  /** Where a dtab comes from, said in words. */
  static String source(Object source) {
    if (!(source instanceof Map<?, ?> map) || "inline".equals(map.get("kind"))) {
      return "inline (the router's dtab)";
    }
    if (map.get("file") != null) {
      return "from the file " + map.get("file") + ", then the router's dtab";
    }
    if (map.get("name") != null) {
      return "from ConfigMap " + map.get("namespace") + "/" + map.get("name") + " key "
          + map.get("key") + " (API " + map.get("api") + "), then the router's dtab";
    }
    return "from " + map.get("kind") + ", then the router's dtab";
  }
}
