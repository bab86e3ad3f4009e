package io.hoplink.router.admin;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Metric;
import io.hoplink.router.telemetry.Metrics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTML pages: {@code /}, the dashboard (each router's request counts summed over its
 * servers, the config in force and each dtab, rendered here; the live parts are drawn by
 * {@code /files/dashboard.js} from one event stream), {@code /delegator}, {@code /requests} and
 * {@code /help}. The scripts and styles are in the jar ({@link StaticFiles}); nothing is loaded
 * from elsewhere.
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
    head("hoplink", "dashboard", out);
    out.append("<noscript><meta http-equiv=\"refresh\" content=\"5\"></noscript>\n")
        .append("<main id=\"dashboard\" data-routers=\"");
    escape(JsonText.of(routers, false), out);
    out.append("\">\n<h1>Routers</h1>\n<div id=\"routers\" class=\"cards\"></div>\n")
        .append("<table id=\"totals\">\n<tr><th>router</th><th>requests</th><th>success</th>")
        .append("<th>failures</th></tr>\n");
    for (Map.Entry<String, long[]> e : counts.entrySet()) {
      long[] c = e.getValue();
      out.append("<tr class=\"router\"><td>");
      escape(e.getKey(), out);
      out.append("</td><td>").append(c[0]).append("</td><td>").append(c[1])
          .append("</td><td>").append(c[2]).append("</td></tr>\n");
    }
    out.append("</table>\n");
    certificates(metrics, out);
    out.append("<section id=\"graph-section\"><h2>Dependencies</h2><div id=\"graph\"></div>")
        .append("</section>\n")
        .append("<section><h2>Services</h2><div id=\"services\"></div></section>\n")
        .append("<section><h2>Clients</h2><div id=\"clients\"></div></section>\n")
        .append("<section id=\"status\">");
    status(dtabs, serverInfo, out);
    out.append("</section>\n<section><h2>Admin paths</h2>\n");
    list(links, out);
    out.append("</section>\n</main>\n");
    script("dashboard.js", out);
    out.append("</body></html>\n");
  }

  /**
   * Every certificate the process serves or presents with a {@code cert_expiry_seconds} gauge
   * (TLS servers, the identity's), soonest first: where, how long it has left, and when.
   */
  static void certificates(Metrics metrics, StringBuilder out) {
    java.util.TreeMap<Long, List<String>> bySeconds = new java.util.TreeMap<>();
    for (Map.Entry<String, Metric> e : metrics.snapshot().entrySet()) {
      if (e.getKey().endsWith("cert_expiry_seconds")
          && e.getValue() instanceof com.codahale.metrics.Gauge<?> gauge
          && gauge.getValue() instanceof Number seconds) {
        bySeconds.computeIfAbsent(seconds.longValue(), k -> new java.util.ArrayList<>())
            .add(e.getKey().substring(0, e.getKey().length() - "cert_expiry_seconds".length()));
      }
    }
    if (bySeconds.isEmpty()) {
      return;
    }
    out.append("<section id=\"certificates\"><h2>Certificates</h2>\n<table>\n")
        .append("<tr><th>certificate</th><th>expires in</th><th>expires at</th></tr>\n");
    long now = System.currentTimeMillis() / 1000;
    for (Map.Entry<Long, List<String>> e : bySeconds.entrySet()) {
      long left = e.getKey();
      String in = left < 0 ? "expired" : left >= 86_400 ? (left / 86_400) + " d " + (left % 86_400
          / 3600) + " h" : (left / 3600) + " h " + (left % 3600 / 60) + " min";
      for (String where : e.getValue()) {
        out.append("<tr class=\"").append(left < 86_400 ? "soon" : "ok").append("\"><td>");
        escape(where, out);
        out.append("</td><td>").append(in).append("</td><td>")
            .append(java.time.Instant.ofEpochSecond(now + left)).append("</td></tr>\n");
      }
    }
    out.append("</table></section>\n");
  }

  /** The config in force (and the last refused reload) and each router's dtab. */
  static void status(Map<String, Object> dtabs, Object serverInfo, StringBuilder out) {
    config(serverInfo, out);
    DtabSection.render(dtabs, out);
  }

  /** {@code /delegator}: the dtab playground over {@code /delegator.json}. */
  static void delegator(List<String> routers, Map<String, Object> dtabs, StringBuilder out) {
    head("hoplink delegator", "delegator", out);
    out.append("<main id=\"delegator\" data-routers=\"");
    escape(JsonText.of(routers, false), out);
    out.append("\" data-dtabs=\"");
    Map<String, Object> inForce = new LinkedHashMap<>();
    dtabs.forEach((router, dtab) -> inForce.put(router,
        dtab instanceof Map<?, ?> m ? m.get("dentries") : null));
    escape(JsonText.of(inForce, false), out);
    out.append("\">\n<h1>Delegator</h1>\n<p>How a name resolves through a router's dtab, ")
        .append("step by step, down to the addresses it binds to.</p>\n")
        .append("<form id=\"delegate-form\">\n<label>router <select id=\"namespace\">");
    for (String router : routers) {
      out.append("<option>");
      escape(router, out);
      out.append("</option>");
    }
    out.append("</select></label>\n<label>path <input id=\"path\" value=\"/svc/\" size=\"40\"")
        .append(" spellcheck=\"false\"></label>\n<button type=\"submit\">Resolve</button>\n")
        .append("<details id=\"dtab-box\"><summary>dtab in force and an override</summary>")
        .append("<pre id=\"base-dtab\"></pre><label>appended for this lookup (as ")
        .append("<code>l5d-dtab</code> would be):<br><textarea id=\"dtab\" rows=\"4\" ")
        .append("cols=\"70\" spellcheck=\"false\" placeholder=\"/svc/hello => ")
        .append("/$/inet/127.0.0.1/8080;\"></textarea></label></details>\n</form>\n")
        .append("<div id=\"result\"></div>\n</main>\n");
    script("delegator.js", out);
    out.append("</body></html>\n");
  }

  /** {@code /requests}: the recent requests of {@code io.l5d.recentRequests}, if configured. */
  static void requests(StringBuilder out) {
    head("hoplink recent requests", "requests", out);
    out.append("<main id=\"requests\">\n<h1>Recent requests</h1>\n<div id=\"recent\"></div>\n")
        .append("<div id=\"not-configured\" hidden><p>No <code>io.l5d.recentRequests</code> ")
        .append("telemeter is configured. Add one to keep a sample of the requests:</p>\n")
        .append("<pre>telemetry:\n- kind: io.l5d.recentRequests\n  sampleRate: 0.25\n")
        .append("  capacity: 100</pre></div>\n</main>\n");
    script("requests.js", out);
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

  private static void script(String name, StringBuilder out) {
    out.append("<script type=\"module\" src=\"/files/").append(name).append("\"></script>\n");
  }

  static void help(List<Link> links, StringBuilder out) {
    head("hoplink admin paths", "help", out);
    out.append("<h1>Admin paths</h1>\n");
    list(links, out);
    out.append("</body></html>\n");
  }

  private static final List<List<String>> NAV = List.of(List.of("/", "dashboard", "Dashboard"),
      List.of("/delegator", "delegator", "Delegator"),
      List.of("/requests", "requests", "Recent requests"), List.of("/help", "help", "Help"));

  private static void head(String title, String page, StringBuilder out) {
    out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
        .append(title).append("</title>\n<meta name=\"viewport\" content=\"width=device-width")
        .append("\">\n<link rel=\"icon\" href=\"data:,\">\n")
        .append("<link rel=\"stylesheet\" href=\"/files/admin.css\">\n</head><body>\n")
        .append("<nav><span class=\"brand\">hoplink</span>");
    for (List<String> item : NAV) {
      out.append("<a href=\"").append(item.get(0)).append('"')
          .append(item.get(1).equals(page) ? " class=\"here\"" : "").append('>')
          .append(item.get(2)).append("</a>");
    }
    out.append("</nav>\n");
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
