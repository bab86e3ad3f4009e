package io.hoplink.router.admin;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * {@code hoplink delegate PATH [--dtab DTAB] [--router ROUTER] [--admin HOST:PORT]}: how a
 * running hoplink's router resolves PATH (with DTAB appended to its dtab), step by step down to
 * the bound addresses, from {@code /delegator.json}: one line per step, indented by depth.
 * Exit codes: 0 printed, 64 bad arguments, 69 the admin API cannot be read or refused the
 * path or dtab (its reason is printed).
 */
public final class DelegateCommand {
  public static final String USAGE =
      "usage: hoplink delegate PATH [--dtab DTAB] [--router ROUTER] [--admin HOST:PORT]";

  private DelegateCommand() {}

  /** Runs with the arguments after {@code delegate}; returns the exit code. */
  public static int run(List<String> args, PrintStream out, PrintStream err) {
    String admin = AdminApi.DEFAULT_ADMIN;
    String path = null;
    String dtab = "";
    String router = null;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      boolean hasValue = i + 1 < args.size();
      if (arg.equals("--admin") && hasValue) {
        admin = args.get(++i);
      } else if (arg.equals("--dtab") && hasValue) {
        dtab = args.get(++i);
      } else if (arg.equals("--router") && hasValue) {
        router = args.get(++i);
      } else if (arg.startsWith("/") && path == null) {
        path = arg;
      } else {
        err.println(USAGE);
        return 64;
      }
    }
    if (path == null) {
      err.println(USAGE);
      return 64;
    }
    AdminApi api;
    try {
      api = AdminApi.at(admin);
    } catch (IllegalArgumentException e) {
      err.println("hoplink delegate: '" + admin + "' is not HOST:PORT (" + e.getMessage() + ")");
      return 64;
    }
    String query = "/delegator.json?path=" + encode(path) + "&dtab=" + encode(dtab)
        + (router == null ? "" : "&namespace=" + encode(router));
    try {
      print(api.json(query), 0, out);
      return 0;
    } catch (IOException e) {
      err.println("hoplink delegate: " + admin + ": " + e.getMessage());
      return 69;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 69;
    }
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  /** One step of the tree and what it leads to, indented two spaces per level. */
  static void print(Object node, int depth, PrintStream out) {
    if (!(node instanceof Map<?, ?> step)) {
      return;
    }
    String indent = "  ".repeat(depth);
    StringBuilder line = new StringBuilder(indent).append(step.get("path"));
    if (step.get("dentry") instanceof Map<?, ?> dentry) {
      line.append("  (").append(dentry.get("prefix")).append(" => ").append(dentry.get("dst"))
          .append(')');
    }
    Object type = step.get("type");
    switch (String.valueOf(type)) {
      case "delegate" -> {
        out.println(line);
        print(step.get("delegate"), depth + 1, out);
      }
      case "alt", "union" -> {
        out.println(line.append("  ").append(type).append(':'));
        if (step.get(type) instanceof List<?> branches) {
          for (Object branch : branches) {
            if (branch instanceof Map<?, ?> weighted && weighted.containsKey("weight")) {
              out.println(indent + "  weight " + weighted.get("weight") + ":");
              print(weighted.get("tree"), depth + 2, out);
            } else {
              print(branch, depth + 1, out);
            }
          }
        }
      }
      case "leaf" -> out.println(line.append("  -> ").append(bound(step.get("bound"))));
      case "exception" -> out.println(line.append("  error: ").append(step.get("message")));
      default -> out.println(line.append("  ").append(type)); // neg, fail, empty
    }
  }

  /** A bound leaf: its id and addresses, or the state of its address. */
  private static String bound(Object bound) {
    if (!(bound instanceof Map<?, ?> b)) {
      return "?";
    }
    StringBuilder out = new StringBuilder().append(b.get("id"));
    if (b.get("addr") instanceof Map<?, ?> addr) {
      if (addr.get("addrs") instanceof List<?> addrs) {
        out.append(' ').append(addrs.stream().map(a -> a instanceof Map<?, ?> m
            ? m.get("ip") + ":" + m.get("port") : String.valueOf(a)).toList());
      } else {
        out.append(" (").append(addr.get("type"))
            .append(addr.get("cause") == null ? "" : ": " + addr.get("cause")).append(')');
      }
    }
    return out.toString();
  }
}
