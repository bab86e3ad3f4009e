package io.hoplink.router.admin;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The dashboard's one server-sent-event stream ({@code /dashboard/events}): a single
 * {@link DashboardSampler} reads the metric tree once a second, off the event loop, while at
 * least one page watches, and the same text goes to every viewer. At most {@link #MAX_VIEWERS}
 * at once (a 503 beyond); a viewer whose connection cannot keep up misses ticks instead of
 * queueing them. Events: {@code hello} (each router's history and the status sections) on
 * connecting, {@code sample} every tick, {@code status} when the config or a dtab changed.
 */
final class DashboardStream {
  static final int MAX_VIEWERS = 16;
  static final long TICK_MS = 1000;

  private final Vertx vertx;
  private final DashboardSampler sampler;
  /** The status sections (config in force, dtabs) as HTML, rendered by the admin pages. */
  private final Supplier<String> status;
  private final Set<HttpServerResponse> viewers = new LinkedHashSet<>();
  private long timer = -1;
  private boolean sampling;
  private String lastStatus;
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
      viewers.add(response);
      if (timer < 0) {
        sampler.reset();
        timer = vertx.setPeriodic(0, TICK_MS, id -> tick());
      }
    }
    // Ticks are written on this same event loop, so hello goes first.
    response.setChunked(true)
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
    send(response, event("hello", JsonText.of(hello, false)));
    response.closeHandler(v -> leave(response));
    response.exceptionHandler(e -> leave(response));
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
      all = Set.copyOf(viewers);
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
      String sample = JsonText.of(sampler.sample(), false);
      String now = status.get();
      StringBuilder text = new StringBuilder(event("sample", sample));
      synchronized (this) {
        lastSample = sample;
        if (!now.equals(lastStatus)) {
          if (lastStatus != null) {
            text.append(event("status", JsonText.of(now, false)));
          }
          lastStatus = now;
        }
      }
      return text.toString();
    }, false).onComplete(done -> {
      Set<HttpServerResponse> all;
      synchronized (this) {
        sampling = false;
        all = Set.copyOf(viewers);
      }
      if (done.succeeded()) {
        Buffer buffer = Buffer.buffer(done.result());
        all.forEach(r -> send(r, buffer));
      }
    });
  }

  private static String event(String name, String json) {
    return "event: " + name + "\ndata: " + json + "\n\n";
  }

  private static void send(HttpServerResponse response, Object text) {
    if (response.closed() || response.ended() || response.writeQueueFull()) {
      return; // a slow viewer misses this tick
    }
    response.write(text instanceof Buffer b ? b : Buffer.buffer((String) text));
  }
}
