package io.hoplink.router;

import static java.util.Objects.requireNonNull;

import io.hoplink.config.ConfigException;
import io.hoplink.config.HoplinkConfig;
import io.hoplink.config.Plugins;
import io.hoplink.naming.NamerContext;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What {@code hoplink check CONFIG} finds: the config is loaded as a start would load it, its
 * dtabs are linted, and every router, namer and plugin is built without binding a port. Away
 * from the pod, what only the pod supplies (the downward API's variables, mounted directories)
 * is a warning or a note rather than an error.
 */
final class ConfigCheck {
  /** Stand-ins for the variables the DaemonSet's pod sets (192.0.2.0/24 is for documentation). */
  private static final Map<String, String> POD_STAND_INS = Map.of(
      "NODE_NAME", "node-of-check", "POD_IP", "192.0.2.1", "POD_NAMESPACE", "default");

  private ConfigCheck() {}

  /**
   * @param config the loaded config, null when {@code error} is set
   * @param warnings every warning about the config, in the order found
   * @param note why stand-ins for the pod's variables were needed, if they were
   * @param error the one-line reason the config is refused, or null
   */
  record Outcome(HoplinkConfig config, List<String> warnings, Optional<String> note, String error) {
    Outcome {
      warnings = List.copyOf(warnings);
      requireNonNull(note, "note");
    }

    boolean ok() {
      return error == null;
    }

    /** The last line: {@code config ok: 2 routers, 1 namer, 3 warnings}. */
    String summary() {
      return "config ok: " + count(config.routers().size(), "router") + ", "
          + count(config.namers().size(), "namer") + ", " + count(warnings.size(), "warning");
    }

    private static String count(int n, String what) {
      return n + " " + what + (n == 1 ? "" : "s");
    }
  }

  /** Checks {@code text} in an environment {@code env} (the process's, for the command line). */
  static Outcome check(String text, Plugins plugins, Map<String, String> env) {
    HoplinkConfig config;
    try {
      config = HoplinkConfig.load(text, plugins, true);
    } catch (ConfigException e) {
      return new Outcome(null, List.of(), Optional.empty(), e.getMessage());
    }
    List<String> warnings = new ArrayList<>(config.warnings());
    warnings.addAll(DtabLint.warnings(config));
    Vertx vertx = Vertx.vertx();
    try {
      String firstTry = build(config, plugins, vertx, env);
      if (firstTry == null) {
        return new Outcome(config, warnings, Optional.empty(), null);
      }
      Map<String, String> missing = new LinkedHashMap<>();
      POD_STAND_INS.forEach((name, standIn) -> {
        if (env.get(name) == null || env.get(name).isBlank()) {
          missing.put(name, standIn);
        }
      });
      if (missing.isEmpty()) {
        return new Outcome(null, warnings, Optional.empty(), firstTry);
      }
      Map<String, String> podLike = new HashMap<>(env);
      podLike.putAll(missing);
      String withStandIns = build(config, plugins, vertx, podLike);
      if (withStandIns != null) {
        return new Outcome(null, warnings, Optional.empty(), withStandIns);
      }
      return new Outcome(config, warnings, Optional.of(firstTry + "; checked with stand-ins for "
          + String.join(", ", new TreeSet<>(missing.keySet())) + ", which the pod sets"), null);
    } finally {
      vertx.close();
    }
  }

  /** Builds every part of {@code config}; the one-line reason it cannot be built, or null. */
  private static String build(HoplinkConfig config, Plugins plugins, Vertx vertx,
      Map<String, String> env) {
    try {
      Hoplink.build(config, plugins, vertx, new NamerContext(Clock.systemUTC(),
          NamerContext.daemonThreads(), env)).drain();
      return null;
    } catch (ConfigException | IllegalArgumentException e) {
      return e.getMessage();
    }
  }
}
