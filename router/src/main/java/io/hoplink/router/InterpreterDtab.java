package io.hoplink.router;

import io.hoplink.config.ConfigException;
import io.hoplink.config.ConfigMapDtabConfig;
import io.hoplink.config.InterpreterConfig;
import io.hoplink.config.RouterConfig;
import io.hoplink.naming.Dtab;
import io.hoplink.naming.NamerContext;
import io.hoplink.namers.fs.DtabFileSource;
import io.hoplink.namers.k8s.ConfigMapDtabSource;
import io.hoplink.namers.k8s.KubeApi;
import io.hoplink.router.telemetry.Metrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The {@link RouterDtab} a router's {@code interpreter} block asks for, with its source. */
final class InterpreterDtab {
  /** How often an io.l5d.fs interpreter's dtab file is read for changes. */
  static final Duration DTAB_CHECK_INTERVAL = Duration.ofMillis(500);
  /** The first retry interval of an io.l5d.k8s.configMap interpreter's watch. */
  private static final Duration KUBE_RECONNECT = Duration.ofSeconds(1);

  private InterpreterDtab() {}

  /**
   * The router's dtab: the configured one alone, or after the dtab its interpreter reads (an
   * {@code io.l5d.fs} file, which must parse now; an {@code io.l5d.k8s.configMap} key, read
   * once the router starts). Refused readings count in {@code rt/<router>/dtab/reload_failures}.
   */
  static RouterDtab build(RouterConfig config, Dtab configured, Metrics metrics,
      NamerContext ctx) {
    InterpreterConfig interpreter = config.interpreter();
    String label = config.label();
    if (interpreter.configMap().isPresent()) {
      ConfigMapDtabConfig map = interpreter.configMap().get();
      KubeApi api = KubeApi.connect(map.host(), map.port(), ctx, KUBE_RECONNECT);
      return RouterDtab.watched(label, configured, ConfigMapDtabSource.of(api, map.namespace(),
          map.name(), map.filename()), refusals(metrics, label), ctx.clock());
    }
    Optional<Path> file = interpreter.dtabFile().map(Path::of);
    if (file.isEmpty() || !Files.exists(file.get())) {
      // (a dtab file missing here was the config's to report: an error at start, a warning in
      // check away from the pod)
      return RouterDtab.fixed(configured, ctx.clock());
    }
    DtabFileSource source = new DtabFileSource(file.get(), DTAB_CHECK_INTERVAL, runnable -> {
      Thread thread = new Thread(runnable, "hoplink-dtab-" + label);
      thread.setDaemon(true);
      return thread;
    });
    RouterDtab routerDtab = RouterDtab.watched(label, configured, source,
        refusals(metrics, label), ctx.clock());
    try {
      routerDtab.requireFirst(source.readNow());
    } catch (IOException e) {
      throw new ConfigException("routers", "router '" + label + "': interpreter io.l5d.fs:"
          + " cannot read the dtab file " + file.get());
    } catch (IllegalArgumentException e) {
      throw new ConfigException("routers", "router '" + label + "': interpreter io.l5d.fs: "
          + "the dtab of " + file.get() + " does not parse (" + e.getMessage() + ")");
    }
    return routerDtab;
  }

  private static Runnable refusals(Metrics metrics, String label) {
    return metrics.scope("rt", label).counter("dtab/reload_failures")::inc;
  }
}
