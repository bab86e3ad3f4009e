package io.hoplink.router;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import sun.misc.Signal;

/**
 * What makes a running router read its config file again: a change of its bytes (an edit in
 * place, or a ConfigMap's {@code ..data} link swapped), seen within {@code interval}, and
 * {@code SIGHUP}, which reloads even an unchanged file. sun.misc.Signal is the JDK's supported
 * way to handle a signal (module jdk.unsupported).
 */
final class ConfigWatch implements AutoCloseable {
  private final Path file;
  private final BiConsumer<String, String> reload;
  private final ScheduledExecutorService timer;
  private byte[] last;

  private ConfigWatch(Path file, byte[] loaded, BiConsumer<String, String> reload) {
    this.file = file;
    this.last = loaded;
    this.reload = reload;
    this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "hoplink-config-watch");
      thread.setDaemon(true);
      return thread;
    });
  }

  /**
   * Watches {@code file}, whose bytes were {@code loaded} at start; {@code reload} gets the new
   * text and what triggered it.
   */
  static ConfigWatch start(Path file, byte[] loaded, Duration interval,
      BiConsumer<String, String> reload) {
    ConfigWatch watch = new ConfigWatch(file, loaded, reload);
    long millis = interval.toMillis();
    watch.timer.scheduleWithFixedDelay(() -> watch.check(false), millis, millis,
        TimeUnit.MILLISECONDS);
    Signal.handle(new Signal("HUP"), signal -> watch.timer.execute(() -> watch.check(true)));
    return watch;
  }

  /** A config read from stdin cannot be read again: {@code SIGHUP} runs {@code refuse}. */
  static void refuseOnHangup(Runnable refuse) {
    Signal.handle(new Signal("HUP"), signal -> refuse.run());
  }

  private void check(boolean forced) {
    byte[] now;
    try {
      now = Files.readAllBytes(file);
    } catch (IOException e) {
      if (forced) {
        reload.accept(null, "SIGHUP: cannot read " + file + ": " + e.getMessage());
      }
      return; // gone for a moment (a link swap in progress): looked at again next time
    }
    if (!forced && Arrays.equals(now, last)) {
      return;
    }
    last = now;
    try {
      reload.accept(new String(now, java.nio.charset.StandardCharsets.UTF_8),
          forced ? "SIGHUP" : file + " changed");
    } catch (RuntimeException e) { // the next change must still be seen
      java.util.logging.Logger.getLogger("hoplink").warning("config reload failed: " + e);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
