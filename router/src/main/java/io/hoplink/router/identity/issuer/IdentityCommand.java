package io.hoplink.router.identity.issuer;

import io.hoplink.config.ConfigException;
import io.hoplink.config.IdentityServiceConfig;
import io.hoplink.namers.k8s.KubeApi;
import io.hoplink.namers.k8s.TokenReviewer;
import io.hoplink.naming.NamerContext;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.logging.Logger;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code hoplink identity CONFIG}: the in-cluster issuer of the routers' certificates (see
 * {@link IdentityServiceConfig}); {@code hoplink identity check CONFIG} checks a config and
 * prints it with every default filled in. Runs until SIGTERM. Exit codes as the router's: 64
 * usage, 65 a bad config or issuer, 66 a config that cannot be read, 70 a start that failed.
 */
public final class IdentityCommand {
  private static final Logger LOG = Logger.getLogger("hoplink");
  static final String USAGE = """
      usage: hoplink identity CONFIG         issue the routers' certificates (see README)
             hoplink identity check CONFIG   check CONFIG and print it with every default
      CONFIG: a YAML file (or the ConfigMap manifest holding it as config.yaml), or - for stdin.
      """;
  /** Reviews at once; more wait in a queue of {@link #REVIEW_QUEUE}, then 503. */
  static final int REVIEWERS = 4;
  static final int REVIEW_QUEUE = 64;

  private IdentityCommand() {}

  /** Runs {@code hoplink identity <args>}; {@code onTerminate} registers the drain on SIGTERM. */
  public static int run(List<String> args, PrintStream out, PrintStream err,
      Consumer<Runnable> onTerminate) {
    if (args.size() == 1 && List.of("--help", "-h", "help").contains(args.get(0))) {
      out.print(USAGE);
      return 0;
    }
    boolean check = args.size() == 2 && args.get(0).equals("check");
    if (!check && (args.size() != 1 || args.get(0).startsWith("--"))) {
      err.print(USAGE);
      return 64;
    }
    String source = args.get(args.size() - 1);
    IdentityServiceConfig config;
    try {
      config = IdentityServiceConfig.load(read(source), check);
    } catch (IOException e) {
      err.println("identity config error: cannot read " + source + ": " + e.getMessage());
      return 66;
    } catch (ConfigException e) {
      err.println("identity config error: " + e.getMessage());
      return 65;
    }
    config.warnings().forEach(LOG::warning);
    if (check) {
      DumperOptions options = new DumperOptions();
      options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
      out.print(new Yaml(options).dump(config.toPlain()));
      err.println("identity config ok: " + config.serviceAccounts().size()
          + " service account(s), " + config.warnings().size() + " warning(s)");
      return 0;
    }
    return serve(config, err, onTerminate);
  }

  private static int serve(IdentityServiceConfig config, PrintStream err,
      Consumer<Runnable> onTerminate) {
    Clock clock = Clock.systemUTC();
    IssuerFiles issuer;
    try {
      issuer = IssuerFiles.load(config, clock);
    } catch (IllegalArgumentException e) {
      err.println("identity error: " + e.getMessage());
      return 65;
    }
    KubeApi api = KubeApi.connect(config.kubeHost(), config.kubePort(), NamerContext.system(),
        Duration.ofSeconds(1));
    ThreadPoolExecutor reviews = reviewers();
    Vertx vertx = Vertx.vertx();
    RefusalLog refusals = new RefusalLog(LOG, Duration.ofMinutes(1), System::nanoTime);
    Certifier certifier = new Certifier(issuer, TokenReviewer.of(api,
        config.audience().map(List::of).orElse(List.of())), config.audience(),
        new HashSet<>(config.serviceAccounts()), config.trustDomain(), config.lifetime(), clock);
    CertifyHandler handler = new CertifyHandler(certifier, reviews, new RequestLimits(
        config.requestsPerSec(), config.clientRequestsPerMin(), System::nanoTime), refusals);
    IdentityServer server;
    try {
      server = IdentityServer.start(vertx, config, issuer, handler, refusals, clock)
          .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      LOG.severe("identity: could not start: " + cause.getMessage());
      reviews.shutdownNow();
      api.close();
      vertx.close();
      return 70;
    }
    long watch = vertx.setPeriodic(10_000, id -> vertx.executeBlocking(() -> {
      issuer.check();
      return null;
    }));
    LOG.info("identity listening on " + config.ip() + ":" + server.actualPort() + " (issuer "
        + IssuerFiles.describe(issuer.get()) + "; certificates for " + config.serviceAccounts()
        + ", " + config.lifetime().toSeconds() + " s each, trust domain "
        + config.trustDomain() + (config.audience().map(a -> ", audience " + a).orElse("")) + ")");
    CompletableFuture<Void> stopped = new CompletableFuture<>();
    onTerminate.accept(() -> {
      vertx.cancelTimer(watch);
      server.close().onComplete(ar -> stopped.complete(null));
    });
    stopped.join();
    reviews.shutdownNow();
    api.close();
    vertx.close().toCompletionStage().toCompletableFuture().orTimeout(5, TimeUnit.SECONDS)
        .exceptionally(e -> null).join();
    LOG.info("identity: stopped");
    return 0;
  }

  /** The threads that call the Kubernetes API (a blocking client), with a bounded queue. */
  private static ThreadPoolExecutor reviewers() {
    AtomicInteger n = new AtomicInteger();
    return new ThreadPoolExecutor(REVIEWERS, REVIEWERS, 60, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(REVIEW_QUEUE), runnable -> {
          Thread thread = new Thread(runnable, "hoplink-identity-review-" + n.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
  }

  private static String read(String source) throws IOException {
    if (source.equals("-")) {
      return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
    }
    try {
      return Files.readString(Path.of(source));
    } catch (NoSuchFileException e) {
      throw new IOException("no such file", e);
    }
  }
}
