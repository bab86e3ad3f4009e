package io.hoplink.router.admin;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The dashboard's one server-sent-event stream ({@code /dashboard/events}): a single
 * {@link DashboardSampler} reads the metric tree once a second, off the event loop, while at
 * least one page watches, and the same text goes to every viewer: after the first, a tick sends
 * only the rows that changed ({@link SampleDelta}). At most {@link #MAX_VIEWERS} at once (a 503
 * beyond); a viewer whose connection cannot keep up misses ticks instead of queueing them, and
 * gets a whole sample when it can take one again. Events: {@code hello} (each router's history,
 * the latest whole sample and the status sections) on connecting, {@code sample} every tick,
 * {@code status} when the config or a dtab changed.
 */
final class DashboardStream {
  static final int MAX_VIEWERS = 16;
  static final long TICK_MS = 1000;

  private final Vertx vertx;
  private final DashboardSampler sampler;
  /** The status sections (config in force, dtabs) as HTML, rendered by the admin pages. */
  private final Supplier<String> status;
  /** Each viewer, and whether it missed a tick (it then needs a whole sample). */
  private final Map<HttpServerResponse, Boolean> viewers = new LinkedHashMap<>();
  private long timer = -1;
  private boolean sampling;
  private String lastStatus;
  /** The latest whole sample, as data and as JSON; null before the first tick. */
  private Map<String, Object> lastFull;
  private String lastSample;

  DashboardStream(Vertx vertx, DashboardSampler sampler, Supplier<String> status) {
    this.vertx = vertx;
    this.sampler = sampler;
    this.status = status;
  }

  /** The latest sample as JSON, for {@code /dashboard.json}: taken now if none is running. */
  String latest() {
    synchronized (this) {
      if (lastSample != null && timer >= 0) {
        return lastSample;
      }
    }
    return JsonText.of(sampler.sample(), false);
  }

  /**
   * Opens a stream for {@code request}, on its event loop: the {@code hello} event is written
   * first (a few hundred points and the status sections, cheap enough here), then the viewer
   * joins the ticks.
   */
  void open(HttpServerRequest request) {
    HttpServerResponse response = request.response();
    Map<String, Object> hello = new LinkedHashMap<>();
    hello.put("history", sampler.history());
    hello.put("status", status.get());
    hello.put("maxViewers", MAX_VIEWERS);
    synchronized (this) {
      if (viewers.size() >= MAX_VIEWERS) {
        Replies.error(request, 503, "too many dashboard viewers (at most " + MAX_VIEWERS
            + "); close another dashboard or read /dashboard.json");
        return;
      }
      viewers.put(response, false);
      if (timer < 0) {
        sampler.reset();
        lastFull = null;
        lastSample = null;
        timer = vertx.setPeriodic(0, TICK_MS, id -> tick());
      }
      hello.put("latest", lastFull); // the tables at once; the deltas that follow apply to it
    }
    response.closeHandler(v -> leave(response));
    response.exceptionHandler(e -> leave(response));
    // Ticks are written on this same event loop, so hello goes first.
    response.setChunked(true)
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
    send(response, event("hello", JsonText.of(hello, false)));
    if (response.closed()) {
      leave(response); // gone already: its close may have come before the handler
    }
  }

  private void leave(HttpServerResponse response) {
    synchronized (this) {
      viewers.remove(response);
      if (viewers.isEmpty() && timer >= 0) {
        vertx.cancelTimer(timer);
        timer = -1;
      }
    }
  }

  /** Closes every stream and stops sampling (the admin server closes). */
  void close() {
    Set<HttpServerResponse> all;
    synchronized (this) {
      all = Set.copyOf(viewers.keySet());
      viewers.clear();
      if (timer >= 0) {
        vertx.cancelTimer(timer);
        timer = -1;
      }
    }
    all.forEach(r -> {
      try {
        r.end();
      } catch (IllegalStateException ignored) {
        // already closed
      }
    });
  }

  private void tick() {
    synchronized (this) {
      if (sampling) {
        return; // the tick before is still being computed: skip, never pile up
      }
      sampling = true;
    }
    vertx.executeBlocking(() -> {
      Map<String, Object> full = sampler.sample();
      String fullJson = JsonText.of(full, false);
      String now = status.get();
      String statusEvent = "";
      Map<String, Object> before;
      synchronized (this) {
        before = lastFull;
        lastFull = full;
        lastSample = fullJson;
        if (!now.equals(lastStatus)) {
          statusEvent = lastStatus == null ? "" : event("status", JsonText.of(now, false));
          lastStatus = now;
        }
      }
      String whole = event("sample", fullJson) + statusEvent;
      String changes = before == null ? whole
          : event("sample", JsonText.of(SampleDelta.between(before, full), false)) + statusEvent;
      return new String[] {changes, whole};
    }, false).onComplete(done -> {
      Map<HttpServerResponse, Boolean> all;
      synchronized (this) {
        sampling = false;
        all = new LinkedHashMap<>(viewers);
      }
      if (!done.succeeded()) {
        return;
      }
      Buffer changes = Buffer.buffer(done.result()[0]);
      Buffer whole = Buffer.buffer(done.result()[1]);
      all.forEach((viewer, missed) -> {
        boolean sent = send(viewer, missed ? whole : changes);
        synchronized (this) {
          viewers.computeIfPresent(viewer, (k, v) -> !sent); // missed: a whole one next
        }
      });
    });
  }

  private static String event(String name, String json) {
    return "event: " + name + "\ndata: " + json + "\n\n";
  }

  /** Writes {@code text} unless the viewer is gone or cannot keep up; whether it was written. */
  private static boolean send(HttpServerResponse response, Object text) {
    if (response.closed() || response.ended() || response.writeQueueFull()) {
      return false; // a slow viewer misses this tick
    }
    response.write(text instanceof Buffer b ? b : Buffer.buffer((String) text));
    return true;
  }
}
