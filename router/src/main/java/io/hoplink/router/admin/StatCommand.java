package io.hoplink.router.admin;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code hoplink stat [--admin HOST:PORT] [--window SECONDS] [routers|services|clients]}: the
 * live table of a running hoplink, as {@code linkerd viz stat} prints one: per router, service
 * or client, the success rate and requests per second over the window (two reads of
 * {@code /admin/metrics.json} that far apart), the latency p50 and p99 of Linkerd's
 * recent sample, and the retries in the window (a service's {@code retries/total}, a client's
 * {@code retries/requeues}). A router's row sums its servers (its p50 and p99 are its busiest
 * server's). Exit codes: 0 printed, 64 bad arguments, 69 the admin API cannot be read.
 */
public final class StatCommand {
  public static final String USAGE =
      "usage: hoplink stat [--admin HOST:PORT] [--window SECONDS] [routers|services|clients]";

  private StatCommand() {}

  /** One row's counters at one read. */
  record Sample(long requests, long success, long failures, long retries, double p50,
      double p99) {}

  /** Runs with the arguments after {@code stat}; returns the exit code. */
  public static int run(List<String> args, PrintStream out, PrintStream err) {
    String admin = AdminApi.DEFAULT_ADMIN;
    String kind = "routers";
    Duration window = Duration.ofSeconds(1);
    try {
      for (int i = 0; i < args.size(); i++) {
        String arg = args.get(i);
        if (arg.equals("--admin") && i + 1 < args.size()) {
          admin = args.get(++i);
        } else if (arg.equals("--window") && i + 1 < args.size()) {
          window = Duration.ofMillis((long) (Double.parseDouble(args.get(++i)) * 1000));
          if (window.toMillis() < 100 || window.toSeconds() > 300) {
            throw new IllegalArgumentException("--window takes 0.1 to 300 seconds");
          }
        } else if (List.of("routers", "services", "clients").contains(arg)) {
          kind = arg;
        } else {
          throw new IllegalArgumentException("unknown argument '" + arg + "'");
        }
      }
    } catch (IllegalArgumentException e) {
      err.println("hoplink stat: " + e.getMessage() + "\n" + USAGE);
      return 64;
    }
    AdminApi api;
    try {
      api = AdminApi.at(admin);
    } catch (IllegalArgumentException e) {
      err.println("hoplink stat: '" + admin + "' is not HOST:PORT (" + e.getMessage() + ")");
      return 64;
    }
    try {
      Map<String, Sample> before = rows(api.json("/admin/metrics.json"), kind);
      long start = System.nanoTime();
      Thread.sleep(window.toMillis()); // the window the rates are measured over
      Map<String, Sample> after = rows(api.json("/admin/metrics.json"), kind);
      double seconds = (System.nanoTime() - start) / 1e9;
      print(kind, before, after, seconds, out);
      return 0;
    } catch (IOException e) {
      err.println("hoplink stat: cannot read the metrics of the admin API at " + admin + ": "
          + e.getMessage());
      return 69;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 69;
    }
  }

  /** The metrics a row is made of, by the name that ends a flat metric's key. */
  private static final List<String> FIELDS = List.of("requests", "success", "failures",
      "retries/total", "retries/requeues", "request_latency_ms.p50", "request_latency_ms.p99");

  /**
   * The rows of {@code kind} in the flat {@code /admin/metrics.json}, keyed
   * {@code router<TAB>name}: keys are {@code rt/<router>/<server|service|client>/<id>/<field>},
   * where an id may hold slashes ({@code svc/hello}, {@code 127.0.0.1/4140}).
   */
  static Map<String, Sample> rows(Object flat, String kind) {
    String stack = switch (kind) {
      case "routers" -> "server";
      case "services" -> "service";
      default -> "client";
    };
    Map<String, Map<String, Double>> fields = new TreeMap<>();
    for (Map.Entry<String, Object> e : children(flat)) {
      String key = e.getKey();
      if (!key.startsWith("rt/") || !(e.getValue() instanceof Number value)) {
        continue;
      }
      int router = key.indexOf('/', 3);
      if (router < 0 || !key.startsWith("/" + stack + "/", router)) {
        continue;
      }
      for (String field : FIELDS) {
        int id = router + stack.length() + 2;
        if (key.endsWith("/" + field) && key.length() > id + field.length() + 1) {
          String name = key.substring(3, router) + "\t"
              + key.substring(id, key.length() - field.length() - 1);
          fields.computeIfAbsent(name, k -> new TreeMap<>()).put(field, value.doubleValue());
        }
      }
    }
    Map<String, Sample> out = new TreeMap<>();
    for (Map.Entry<String, Map<String, Double>> row : fields.entrySet()) {
      Map<String, Double> f = row.getValue();
      Sample s = new Sample(f.getOrDefault("requests", 0.0).longValue(),
          f.getOrDefault("success", 0.0).longValue(), f.getOrDefault("failures", 0.0).longValue(),
          f.getOrDefault(kind.equals("services") ? "retries/total" : "retries/requeues", 0.0)
              .longValue(),
          f.getOrDefault("request_latency_ms.p50", 0.0), f.getOrDefault("request_latency_ms.p99", 0.0));
      if (!kind.equals("routers")) {
        out.put(row.getKey(), s);
        continue;
      }
      // a router's row: its servers summed, with its busiest server's latency
      String label = row.getKey().substring(0, row.getKey().indexOf('\t')) + "\t";
      Sample sum = out.get(label);
      out.put(label, sum == null ? s : new Sample(sum.requests() + s.requests(),
          sum.success() + s.success(), sum.failures() + s.failures(), 0,
          sum.requests() >= s.requests() ? sum.p50() : s.p50(),
          sum.requests() >= s.requests() ? sum.p99() : s.p99()));
    }
    return out;
  }

  static void print(String kind, Map<String, Sample> before, Map<String, Sample> after,
      double seconds, PrintStream out) {
    List<String[]> lines = new ArrayList<>();
    lines.add(new String[] {"ROUTER", kind.equals("routers") ? "" : kind.equals("services")
        ? "SERVICE" : "CLIENT", "SUCCESS", "RPS", "LATENCY_P50", "LATENCY_P99", "RETRIES"});
    for (Map.Entry<String, Sample> e : after.entrySet()) {
      Sample now = e.getValue();
      Sample was = before.getOrDefault(e.getKey(), new Sample(0, 0, 0, 0, 0, 0));
      long ok = now.success() - was.success();
      long failed = now.failures() - was.failures();
      String[] key = e.getKey().split("\t", -1);
      lines.add(new String[] {key[0], key[1],
          ok + failed == 0 ? "-" : String.format(Locale.ROOT, "%.2f%%", 100.0 * ok / (ok + failed)),
          String.format(Locale.ROOT, "%.1f", (now.requests() - was.requests()) / seconds),
          String.format(Locale.ROOT, "%.0fms", now.p50()),
          String.format(Locale.ROOT, "%.0fms", now.p99()),
          kind.equals("routers") ? "-" : Long.toString(now.retries() - was.retries())});
    }
    int[] widths = new int[lines.get(0).length];
    for (String[] line : lines) {
      for (int i = 0; i < line.length; i++) {
        widths[i] = Math.max(widths[i], line[i].length());
      }
    }
    for (String[] line : lines) {
      StringBuilder row = new StringBuilder();
      for (int i = 0; i < line.length; i++) {
        if (kind.equals("routers") && i == 1) {
          continue;
        }
        row.append(line[i]).append(" ".repeat(widths[i] - line[i].length() + 2));
      }
      out.println(row.toString().stripTrailing());
    }
  }

  @SuppressWarnings("unchecked")
  private static Iterable<Map.Entry<String, Object>> children(Object node) {
    return node instanceof Map<?, ?> map ? ((Map<String, Object>) map).entrySet() : List.of();
  }
}
