package io.hoplink.router.admin;

import io.hoplink.router.admin.AdminPages.Link;
import io.hoplink.router.telemetry.Metrics;
import io.hoplink.router.telemetry.Telemeter;
import io.hoplink.router.telemetry.TelemeterPage;
import io.hoplink.router.telemetry.prometheus.PrometheusTelemeterPlugin;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/** The handler of each admin path, over an {@link AdminState}. */
final class AdminHandlers {
  private static final String NAMER_STATE = "/namer_state/";
  private static final String PEERS = "/dashboard/peers.json";

  private final Vertx vertx;
  private final AdminSettings settings;
  private final AdminState state;
  private final Metrics metrics;
  private final List<Link> links = new ArrayList<>();
  private final DashboardStream stream;
  private final StaticFiles files = new StaticFiles();
  private final LocalGraph graph;
  private final PeerFetch peerClient;
  private final PeerGraph peers;

  /** {@code tls}: the admin's own, which the peers' admin ports are asked over too. */
  AdminHandlers(Vertx vertx, AdminSettings settings, AdminState state,
      java.util.Optional<io.hoplink.config.ServerTlsConfig> tls) {
    this.vertx = vertx;
    this.settings = settings;
    this.state = state;
    this.metrics = state.metrics();
    this.stream = new DashboardStream(vertx, new DashboardSampler(metrics, System::nanoTime,
        System::currentTimeMillis), this::statusHtml);
    this.graph = new LocalGraph(metrics, state::nodeName, state::routerLabels,
        System::currentTimeMillis);
    // The peers' admin port is this config's: the DaemonSet runs one config on every node.
    this.peerClient = new PeerAdminClient(vertx, settings.port(), PeerLimits.DEFAULTS, tls);
    this.peers = new PeerGraph(() -> vertx.executeBlocking(state::peerEndpoints, false),
        () -> vertx.executeBlocking(graph::document, false), state::nodeName, peerClient,
        PeerLimits.DEFAULTS, System::nanoTime);
  }

  /** Ends the dashboard streams and the peers' connections; the server is closing. */
  void close() {
    stream.close();
    peerClient.close();
  }

  private String statusHtml() {
    StringBuilder out = new StringBuilder();
    AdminPages.status(state.dtabs(), state.serverInfo(), out);
    return out.toString();
  }

  AdminRoutes routes() {
    AdminRoutes routes = new AdminRoutes()
        .get("/", this::dashboard)
        .get("/help", this::help)
        .get("/dashboard.json", r -> Replies.rendered(vertx, r, Replies.JSON,
            out -> out.append(stream.latest())))
        .get("/dashboard/events", stream::open)
        .get(LocalGraph.PATH, r -> Replies.rendered(vertx, r, Replies.JSON,
            out -> JsonText.write(graph.document(), out, Replies.flag(r, "pretty"))))
        .get(PEERS, this::peers)
        .get("/delegator", this::delegatorPage)
        .get("/requests", r -> {
          StringBuilder out = new StringBuilder();
          AdminPages.requests(out);
          Replies.send(r, 200, Replies.HTML, out);
        })
        .getUnder(StaticFiles.PREFIX, files::serve)
        .get("/admin/ping", r -> Replies.send(r, 200, Replies.TEXT, "pong"))
        .get("/admin/metrics.json", this::metricsJson)
        .get("/config.json", r -> Replies.json(r, state.effectiveConfig()))
        .get("/admin/server_info", r -> Replies.json(r, state.serverInfo()))
        .get("/delegator.json", this::delegator)
        .get("/client_state.json", r -> Replies.json(r, state.clientState()))
        .get("/bound-names.json", r -> Replies.json(r, state.boundNames()))
        .get("/dtabs.json", r -> Replies.json(r, state.dtabs()))
        .getUnder(NAMER_STATE, this::namerState)
        .get("/admin/threads", this::threads)
        .post("/admin/shutdown", this::shutdown);
    links.add(new Link("GET", "/", "the dashboard: routers, services, clients, dependencies"));
    links.add(new Link("GET", "/delegator", "the dtab playground: how a name resolves"));
    links.add(new Link("GET", "/requests", "recent requests (io.l5d.recentRequests)"));
    links.add(new Link("GET", "/dashboard.json", "the dashboard's latest sample"));
    links.add(new Link("GET", "/dashboard/events",
        "the dashboard's event stream (text/event-stream, one sample a second)"));
    links.add(new Link("GET", LocalGraph.PATH,
        "this router's graph edges with their counts and its node, as its peers read it"));
    links.add(new Link("GET", PEERS, "the peer routers this one sends to, with their graphs"));
    links.add(new Link("GET", "/help", "this list"));
    links.add(new Link("GET", "/admin/ping", "answers pong"));
    links.add(new Link("GET", "/admin/metrics.json?pretty=1", "every metric (tree=1 nests, q= filters)"));
    // Linkerd serves Prometheus text only with an io.l5d.prometheus telemeter; hoplink always
    // does, at the default path unless the telemeter moves it.
    Telemeter prometheus = new PrometheusTelemeterPlugin().newTelemeter(
        new PrometheusTelemeterPlugin.Config(PrometheusTelemeterPlugin.KIND,
            settings.prometheusPath(), settings.prometheusPrefix()), metrics);
    for (Map.Entry<String, TelemeterPage> page : prometheus.adminPages().entrySet()) {
      TelemeterPage text = page.getValue();
      routes.get(page.getKey(), r -> Replies.streamed(vertx, r, text.contentType(), text::render));
      links.add(new Link("GET", page.getKey(), "metrics in Prometheus' text format"));
    }
    for (Map.Entry<String, TelemeterPage> page : new TreeMap<>(state.telemeterPages()).entrySet()) {
      TelemeterPage text = page.getValue();
      routes.get(page.getKey(), r -> Replies.streamed(vertx, r, text.contentType(), text::render));
      links.add(new Link("GET", page.getKey(), "a telemeter's page"));
    }
    links.add(new Link("GET", "/config.json", "the config in force"));
    links.add(new Link("GET", "/admin/server_info",
        "version, start time, the config's hash and load time"));
    String router = state.routerLabels().isEmpty() ? "" : state.routerLabels().get(0);
    links.add(new Link("GET", "/delegator.json?path=/svc/hello&namespace=" + router,
        "how a name resolves (path, dtab, namespace: a router label)"));
    links.add(new Link("GET", "/client_state.json", "clients and their endpoints"));
    links.add(new Link("GET", "/bound-names.json", "the bound names that have clients"));
    links.add(new Link("GET", "/dtabs.json?pretty=1",
        "each router's dtab in force: its source, version and last refused change"));
    for (String prefix : new TreeMap<>(namerStates()).keySet()) {
      links.add(new Link("GET", NAMER_STATE + prefix.substring(1) + ".json", "namer state"));
    }
    links.add(new Link("GET", "/admin/threads", "a thread dump"));
    links.add(new Link("POST", "/admin/shutdown", "drains and stops the process"));
    return routes;
  }

  private void dashboard(HttpServerRequest request) {
    List<String> routers = List.copyOf(state.routerLabels());
    Map<String, Object> dtabs = state.dtabs();
    Object info = state.serverInfo();
    Replies.rendered(vertx, request, Replies.HTML,
        out -> AdminPages.dashboard(routers, metrics, dtabs, links, info, out));
  }

  /** The merged view; its query is never read: what is asked, and of whom, is fixed. */
  private void peers(HttpServerRequest request) {
    boolean pretty = Replies.flag(request, "pretty");
    peers.view().onComplete(done -> {
      if (done.succeeded()) {
        Replies.rendered(vertx, request, Replies.JSON,
            out -> JsonText.write(done.result(), out, pretty));
      } else {
        Replies.failed(request, done.cause());
      }
    });
  }

  private void delegatorPage(HttpServerRequest request) {
    List<String> routers = List.copyOf(state.routerLabels());
    StringBuilder out = new StringBuilder();
    AdminPages.delegator(routers, state.dtabs(), out);
    Replies.send(request, 200, Replies.HTML, out);
  }

  private void help(HttpServerRequest request) {
    StringBuilder out = new StringBuilder();
    AdminPages.help(links, out);
    Replies.send(request, 200, Replies.HTML, out);
  }


  private void metricsJson(HttpServerRequest request) {
    String q = request.getParam("q");
    boolean pretty = Replies.flag(request, "pretty");
    boolean tree = Replies.flag(request, "tree");
    Replies.streamed(vertx, request, Replies.JSON, (out, part) -> {
      if (tree) {
        MetricsJson.tree(metrics, q, pretty, out, part);
      } else {
        MetricsJson.flat(metrics, q, pretty, out, part);
      }
    });
  }

  private void delegator(HttpServerRequest request) {
    List<String> routers = state.routerLabels();
    String namespace = request.getParam("namespace", routers.isEmpty() ? null : routers.get(0));
    String path = request.getParam("path");
    if (path == null || path.isEmpty()) {
      throw new IllegalArgumentException("the 'path' parameter is required, such as /svc/hello");
    }
    if (!routers.contains(namespace)) {
      throw new IllegalArgumentException("unknown namespace '" + namespace
          + "' (expected a router label: " + String.join(", ", routers) + ")");
    }
    Replies.json(request, state.delegate(namespace, path, request.getParam("dtab", "")));
  }

  private void namerState(HttpServerRequest request) {
    String path = request.path();
    String prefix = path.endsWith(".json")
        ? "/" + path.substring(NAMER_STATE.length(), path.length() - ".json".length()) : path;
    Supplier<Object> namer = namerStates().get(prefix);
    if (namer == null) {
      Replies.error(request, 404, "no namer with prefix " + prefix
          + " (known: " + String.join(", ", new TreeMap<>(namerStates()).keySet()) + ")");
    } else {
      Replies.json(request, namer.get());
    }
  }

  /** The namer states keyed by prefix with a leading slash. */
  private Map<String, Supplier<Object>> namerStates() {
    Map<String, Supplier<Object>> out = new TreeMap<>();
    state.namerStates().forEach((k, v) -> out.put(k.startsWith("/") ? k : "/" + k, v));
    return out;
  }

  private void threads(HttpServerRequest request) {
    boolean pretty = Replies.flag(request, "pretty");
    Replies.rendered(vertx, request, Replies.JSON,
        out -> JsonText.write(ThreadDump.now(), out, pretty));
  }

  private void shutdown(HttpServerRequest request) {
    // Answer first: the drain that follows may close this very server.
    Replies.send(request, 200, Replies.TEXT, "shutting down\n")
        .onComplete(sent -> state.shutdown());
  }
}
