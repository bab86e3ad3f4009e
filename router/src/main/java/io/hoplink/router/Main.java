package io.hoplink.router;

import io.hoplink.config.ConfigException;
import io.hoplink.config.HoplinkConfig;
import io.hoplink.config.PluginRegistry;
import io.hoplink.config.Plugins;
import io.hoplink.naming.NamerContext;
import io.hoplink.naming.NamerPlugin;
import io.hoplink.router.identifiers.IdentifierPlugin;
import io.hoplink.router.logging.ProcessLog;
import io.hoplink.router.identity.IdentityClient;
import io.hoplink.router.resilience.ClassifierPlugin;
import io.hoplink.router.resilience.FailureAccrualPlugin;
import io.hoplink.router.telemetry.Metrics;
import io.hoplink.router.telemetry.TelemeterPlugin;
import io.hoplink.router.tracing.TracePropagatorPlugin;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code java -jar hoplink.jar CONFIG} runs the router; {@code check CONFIG} validates a config
 * and prints it with every default filled in; {@code dtab} prints the dtabs in force of a running
 * one. CONFIG is a file, or {@code -} for stdin.
 */
public final class Main {
  private static final Logger LOG = Logger.getLogger("hoplink");

  private Main() {}

  public static void main(String[] args) {
    ProcessDefaults.apply(System.getProperties()); // before any library reads them
    ProcessLog log;
    try {
      log = ProcessLog.read(System::getProperty);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(64);
      return;
    }
    log.install();
    int code = run(args);
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Every plugin on the class path, by family. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static Plugins plugins() {
    return Plugins.builder()
        .add(PluginRegistry.load("namer", (Class) NamerPlugin.class))
        .add(PluginRegistry.load(IdentifierPlugin.FAMILY, (Class) IdentifierPlugin.class))
        .add(PluginRegistry.load(TelemeterPlugin.FAMILY, (Class) TelemeterPlugin.class))
        .add(PluginRegistry.load(ClassifierPlugin.FAMILY, (Class) ClassifierPlugin.class))
        .add(PluginRegistry.load(FailureAccrualPlugin.FAMILY, (Class) FailureAccrualPlugin.class))
        .add(PluginRegistry.load(TracePropagatorPlugin.FAMILY, (Class) TracePropagatorPlugin.class))
        .add(io.hoplink.transformers.Transformers.registry())
        .build();
  }

  static final String USAGE = """
      usage: hoplink CONFIG          run the routers of CONFIG
             hoplink check CONFIG    check CONFIG and print it with every default filled in
             hoplink dtab [--admin HOST:PORT] [ROUTER]
                                     print the dtabs in force of a running hoplink (127.0.0.1:9990)
             hoplink certs ...       make the mesh's CA and routers' certificates (certs --help)
             hoplink stat [--admin HOST:PORT] [--window SECONDS] [routers|services|clients]
                                     success rate, rps, p50/p99 and retries of a running hoplink
             hoplink delegate PATH [--dtab DTAB] [--router ROUTER] [--admin HOST:PORT]
                                     how a running hoplink's router resolves PATH
             hoplink identity CONFIG run the identity issuer of the routers' certificates
                                     (identity --help)
             hoplink --version       print the version
             hoplink --help          print this
      CONFIG: a Linkerd 1.x style YAML or JSON file, or - for stdin.
      The log on stderr (Java options, before -jar): -Dhoplink.log.level=DEBUG|INFO|WARN|ERROR
      (default INFO), -Dhoplink.log.format=text|json (default text).
      """;

  static int run(String[] args) {
    if (args.length == 1 && List.of("--help", "-h", "help").contains(args[0])) {
      System.out.print(USAGE);
      return 0;
    }
    if (args.length >= 1 && args[0].equals("certs")) {
      return io.hoplink.router.tls.ca.CertsCommand.run(List.of(args).subList(1, args.length),
          System.out, System.err, Clock.systemUTC());
    }
    if (args.length >= 1 && args[0].equals("identity")) {
      return io.hoplink.router.identity.issuer.IdentityCommand.run(
          List.of(args).subList(1, args.length), System.out, System.err,
          ShutdownSignals::onTerminate);
    }
    if (args.length == 1 && args[0].equals("--version")) {
      String version = Main.class.getPackage().getImplementationVersion();
      System.out.println("hoplink " + (version == null ? "(not built as a jar)" : version));
      return 0;
    }
    if (args.length >= 1 && args[0].equals("stat")) {
      return io.hoplink.router.admin.StatCommand.run(List.of(args).subList(1, args.length),
          System.out, System.err);
    }
    if (args.length >= 1 && args[0].equals("delegate")) {
      return io.hoplink.router.admin.DelegateCommand.run(List.of(args).subList(1, args.length),
          System.out, System.err);
    }
    if (args.length >= 1 && args[0].equals("dtab")) {
      return io.hoplink.router.admin.DtabCommand.run(List.of(args).subList(1, args.length),
          System.out, System.err);
    }
    boolean check = args.length == 2 && args[0].equals("check");
    if (!check && (args.length != 1 || args[0].equals("check") || args[0].startsWith("--"))) {
      System.err.print(USAGE);
      return 64;
    }
    String source = check ? args[1] : args[0];
    Plugins plugins = plugins();
    String text;
    try {
      text = read(source);
    } catch (IOException e) {
      System.err.println("config error: cannot read " + source + ": " + e.getMessage());
      return 66;
    }
    if (check) {
      ConfigCheck.Outcome outcome = ConfigCheck.check(text, plugins, System.getenv());
      outcome.warnings().forEach(w -> LOG.warning(w));
      if (outcome.error() != null) {
        System.err.println("config error: " + outcome.error());
        return 65;
      }
      outcome.note().ifPresent(note -> System.err.println("note: " + note));
      System.out.print(yaml(outcome.config().toPlain()));
      System.err.println(outcome.summary());
      return 0;
    }
    HoplinkConfig config;
    try {
      config = HoplinkConfig.load(text, plugins);
    } catch (ConfigException e) {
      System.err.println("config error: " + e.getMessage());
      return 65;
    }
    config.warnings().forEach(w -> LOG.warning(w));
    DtabLint.warnings(config).forEach(w -> LOG.warning(w));
    EventLoopTransport.Started loops;
    try {
      loops = EventLoopTransport.newVertx();
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      return 64;
    }
    Vertx vertx = loops.vertx();
    Metrics metrics = Metrics.newTree();
    IdentityClient identity = null;
    if (config.identity().isPresent()) {
      identity = IdentityClient.create(config.identity().get(), vertx, metrics.scope("identity"),
          Clock.systemUTC(), java.util.random.RandomGenerator.getDefault());
      String failure = firstCertificate(identity, config.identity().get());
      if (failure != null) {
        LOG.severe("could not start: " + failure);
        identity.close();
        vertx.close();
        return 70;
      }
    }
    Hoplink hoplink;
    try {
      hoplink = Hoplink.build(config, plugins, vertx, NamerContext.system(), metrics);
    } catch (ConfigException | IllegalArgumentException e) {
      // A plugin that cannot be built (a pod variable unset, say): one line, no stack trace.
      System.err.println("config error: " + e.getMessage());
      if (identity != null) {
        identity.close();
      }
      vertx.close();
      return 65;
    }
    LOG.info(loops.note()); // after the build: a config error stays the first line said
    int code = serve(hoplink, vertx, source, text);
    if (identity != null) {
      identity.close();
    }
    return code;
  }

  /**
   * Waits for the identity's first certificate, before any server starts (their tls blocks read
   * it); null once it is in place, else why not, in one line.
   */
  private static String firstCertificate(IdentityClient identity,
      io.hoplink.config.IdentityConfig config) {
    try {
      // the start timeout ends it; this only guards against an attempt that never ends
      identity.start().toCompletionStage().toCompletableFuture()
          .get(config.startTimeout().toMillis() + 30_000, TimeUnit.MILLISECONDS);
      return null;
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause().getMessage();
    } catch (java.util.concurrent.TimeoutException e) {
      return "identity: no certificate within " + config.startTimeout().toMillis()
          + " ms (startTimeoutMs)";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  /** How often the config file is read for changes. */
  static final java.time.Duration CONFIG_CHECK_INTERVAL = java.time.Duration.ofMillis(500);

  private static int serve(Hoplink hoplink, Vertx vertx, String source, String loaded) {
    try {
      hoplink.start().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      LOG.severe("could not start: " + cause.getMessage());
      hoplink.drain();
      vertx.close();
      return 70;
    }
    CompletableFuture<Void> stopped = hoplink.stopped().toCompletionStage().toCompletableFuture();
    ShutdownSignals.onTerminate(() -> {
      LOG.info("received a termination signal");
      hoplink.drain();
    });
    ConfigWatch watch = null;
    if (source.equals("-")) {
      ConfigWatch.refuseOnHangup(() -> hoplink.refuseReload("SIGHUP: the config was read from"
          + " stdin, which cannot be read again (restart the router to change it)"));
    } else {
      watch = ConfigWatch.start(Path.of(source), loaded.getBytes(StandardCharsets.UTF_8),
          CONFIG_CHECK_INTERVAL, (text, trigger) -> {
            if (text == null) {
              hoplink.refuseReload(trigger);
            } else {
              hoplink.reload(text, trigger);
            }
          });
    }
    stopped.join();
    if (watch != null) {
      watch.close();
    }
    vertx.close().toCompletionStage().toCompletableFuture().orTimeout(5, TimeUnit.SECONDS)
        .exceptionally(e -> null).join();
    LOG.info("stopped");
    return 0;
  }

  private static String yaml(Object plain) {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setIndicatorIndent(0);
    options.setDereferenceAliases(true); // shared default values print in full, never as &id001
    return new Yaml(options).dump(plain);
  }

  private static String read(String source) throws IOException {
    if (source.equals("-")) {
      InputStream in = System.in;
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    try {
      return Files.readString(Path.of(source));
    } catch (NoSuchFileException e) {
      throw new IOException("no such file", e);
    }
  }
}
