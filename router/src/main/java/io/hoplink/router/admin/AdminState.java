package io.hoplink.router.admin;

import io.hoplink.router.telemetry.Metrics;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the admin server needs from the running process. The router glue implements it, so the
 * admin server knows neither routers nor plugins. Plain data means maps, lists, strings, numbers,
 * booleans and null (records and enums are printed too); a method may also return a
 * {@link Future} of plain data, which the admin server waits for without blocking.
 */
public interface AdminState {
  /** The process's metric tree. */
  Metrics metrics();

  /** The config in force, as plain data, for {@code /config.json}. */
  Object effectiveConfig();

  /** The labels of the configured routers, in config order. */
  List<String> routerLabels();

  /**
   * How {@code path} resolves through the dtab of router {@code routerLabel} with {@code dtab}
   * appended, for {@code /delegator.json}.
   *
   * @throws IllegalArgumentException for a malformed path or dtab; the message is shown as a 400
   */
  Object delegate(String routerLabel, String path, String dtab);

  /** The clients and their endpoints, for {@code /client_state.json}. */
  Object clientState();

  /**
   * Each namer's state keyed by its prefix ({@code /io.l5d.fs}), served at
   * {@code /namer_state/io.l5d.fs.json}.
   */
  Map<String, Supplier<Object>> namerStates();

  /** Stops the process gracefully; completes when it has drained. */
  Future<Void> shutdown();

  /**
   * {@code /dtabs.json}: per router label, in config order, the dtab in force, its source
   * (inline, a file, a ConfigMap key), its version and the last refused change.
   */
  default Map<String, Object> dtabs() {
    return Map.of();
  }

  /** {@code /bound-names.json}: the bound names the routers have clients for, sorted. */
  default List<String> boundNames() {
    return List.of();
  }

  /**
   * The pages of the configured telemeters other than Prometheus (which the admin server serves
   * from its settings), keyed by path: {@code /requests.json} of {@code io.l5d.recentRequests}.
   * Read when the admin server starts; a telemetry change restarts it.
   */
  default Map<String, io.hoplink.router.telemetry.TelemeterPage> telemeterPages() {
    return Map.of();
  }

  /**
   * The endpoints of this process's clients that are peer routers (addresses a daemonset
   * transformer gave), for the graph's node-to-node edges; read off the event loop.
   */
  default List<PeerEndpoint> peerEndpoints() {
    return List.of();
  }

  /** The name of the node this process runs on (env {@code NODE_NAME}); empty when unknown. */
  default String nodeName() {
    return "";
  }

  /**
   * {@code /admin/server_info}: the version, when the process started, and the hash and load
   * time of the config in force.
   */
  default Object serverInfo() {
    return Map.of("name", "hoplink");
  }
}
