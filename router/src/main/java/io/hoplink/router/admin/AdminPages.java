package io.hoplink.router.admin;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Metric;
import io.hoplink.router.telemetry.Metrics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The two HTML pages: {@code /}, each router with its request, success and failure counts summed
 * over its servers and its dtab in force, and {@code /help}, every path. Plain HTML that
 * refreshes itself; no scripts.
 */
final class AdminPages {
  /** A path, its method and what it shows, for the help page. */
  record Link(String method, String path, String description) {}

  private AdminPages() {}

  static void dashboard(List<String> routers, Metrics metrics, Map<String, Object> dtabs,
      List<Link> links, Object serverInfo, StringBuilder out) {
    Map<String, long[]> counts = new LinkedHashMap<>();
    for (String router : routers) {
      counts.put(router, new long[3]);
    }
    for (Map.Entry<String, Metric> e : metrics.snapshot().entrySet()) {
      if (!(e.getValue() instanceof Counter counter) || !e.getKey().startsWith("rt/")) {
        continue;
      }
      List<String> s = metrics.segments(e.getKey());
      long[] router = s.size() == 5 && s.get(2).equals("server") ? counts.get(s.get(1)) : null;
      int column = s.size() == 5 ? List.of("requests", "success", "failures").indexOf(s.get(4)) : -1;
      if (router != null && column >= 0) {
        router[column] += counter.getCount();
      }
    }
    head("hoplink", out);
    out.append("<meta http-equiv=\"refresh\" content=\"5\">\n<h1>hoplink</h1>\n<table>\n")
        .append("<tr><th>router</th><th>requests</th><th>success</th><th>failures</th></tr>\n");
    for (Map.Entry<String, long[]> e : counts.entrySet()) {
      long[] c = e.getValue();
      out.append("<tr class=\"router\"><td>");
      escape(e.getKey(), out);
      out.append("</td><td>").append(c[0]).append("</td><td>").append(c[1])
          .append("</td><td>").append(c[2]).append("</td></tr>\n");
    }
    out.append("</table>\n");
    DtabSection.render(dtabs, out);
    config(serverInfo, out);
    list(links, out);
    out.append("</body></html>\n");
  }

  /** The config in force (its hash and load time) and the last reload refused since. */
  private static void config(Object serverInfo, StringBuilder out) {
    if (!(serverInfo instanceof Map<?, ?> info) || info.get("configHash") == null) {
      return;
    }
    out.append("<p class=\"config\">config <code>");
    escape(String.valueOf(info.get("configHash")).substring(0, 12), out);
    out.append("</code> in force since ");
    escape(String.valueOf(info.get("configLoadedAt")), out);
    out.append("; reloads: ").append(info.get("configReloads"))
        .append(", refused: ").append(info.get("configReloadFailures")).append("</p>\n");
    if (info.get("configRefused") != null) {
      out.append("<p class=\"config-refused\">the config read at ");
      escape(String.valueOf(info.get("configRefusedAt")), out);
      out.append(" was refused: ");
      escape(String.valueOf(info.get("configRefused")), out);
      out.append("</p>\n");
    }
  }

  static void help(List<Link> links, StringBuilder out) {
    head("hoplink admin paths", out);
    out.append("<h1>Admin paths</h1>\n");
    list(links, out);
    out.append("</body></html>\n");
  }

  private static void head(String title, StringBuilder out) {
    out.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").append(title)
        .append("</title></head><body>\n");
  }

  private static void list(List<Link> links, StringBuilder out) {
    out.append("<ul>\n");
    for (Link link : links) {
      boolean get = link.method().equals("GET");
      out.append("<li>").append(link.method()).append(' ').append(get ? "<a href=\"" : "<code>");
      escape(link.path(), out);
      if (get) {
        out.append("\">");
        escape(link.path(), out);
      }
      out.append(get ? "</a> " : "</code> ");
      escape(link.description(), out);
      out.append("</li>\n");
    }
    out.append("</ul>\n");
  }

  static void escape(String text, StringBuilder out) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
  }
}
