package io.hoplink.router.admin;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * {@code hoplink dtab [--admin HOST:PORT] [ROUTER]}: prints the dtab in force of each router of a
 * running hoplink (or of ROUTER), with its source and version, as its admin API's
 * {@code /dtabs.json} says. HOST:PORT defaults to Linkerd's admin address, 127.0.0.1:9990.
 * Exit codes: 0 printed, 64 bad arguments, 66 no such router, 69 the admin API cannot be read.
 */
public final class DtabCommand {
  public static final String USAGE = "usage: hoplink dtab [--admin HOST:PORT] [ROUTER]";

  private DtabCommand() {}

  /** Runs with the arguments after {@code dtab}; returns the exit code. */
  public static int run(List<String> args, PrintStream out, PrintStream err) {
    String admin = AdminApi.DEFAULT_ADMIN;
    String router = null;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--admin") && i + 1 < args.size()) {
        admin = args.get(++i);
      } else if (!arg.startsWith("-") && router == null) {
        router = arg;
      } else {
        err.println(USAGE);
        return 64;
      }
    }
    AdminApi api;
    try {
      api = AdminApi.at(admin);
    } catch (IllegalArgumentException e) {
      err.println("hoplink dtab: '" + admin + "' is not HOST:PORT (" + e.getMessage() + ")");
      return 64;
    }
    Map<String, Object> dtabs;
    try {
      dtabs = fetch(api);
    } catch (IOException e) {
      err.println("hoplink dtab: cannot read the dtabs of the admin API at " + admin + ": "
          + e.getMessage());
      return 69;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 69;
    }
    if (router != null && !dtabs.containsKey(router)) {
      err.println("hoplink dtab: no router '" + router + "' at " + admin + " (routers: "
          + String.join(", ", dtabs.keySet()) + ")");
      return 66;
    }
    for (Map.Entry<String, Object> entry : dtabs.entrySet()) {
      if (router == null || router.equals(entry.getKey())) {
        print(entry.getKey(), entry.getValue(), out);
      }
    }
    return 0;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> fetch(AdminApi api) throws IOException, InterruptedException {
    Object json;
    try {
      json = api.json("/dtabs.json");
    } catch (IOException e) {
      throw new IOException(e.getMessage().contains(" answered ") ? e.getMessage()
          + " (an older hoplink, or admin.security does not serve it)" : e.getMessage(), e);
    }
    if (!(json instanceof Map<?, ?> map)) {
      throw new IOException("/dtabs.json is not a JSON object");
    }
    return (Map<String, Object>) map;
  }

  private static void print(String router, Object value, PrintStream out) {
    if (!(value instanceof Map<?, ?> dtab)) {
      return;
    }
    out.println(router + ": " + DtabSection.summary(dtab));
    if (dtab.get("dentries") instanceof List<?> dentries) {
      dentries.forEach(dentry -> out.println("  " + dentry + ";"));
    }
    if (dtab.get("lastRefused") instanceof Map<?, ?> refused) {
      out.println("  last refused at " + refused.get("at") + ": " + refused.get("error"));
    }
  }
}
