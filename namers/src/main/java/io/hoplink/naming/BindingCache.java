package io.hoplink.naming;

import static java.util.Objects.requireNonNull;

import java.io.Closeable;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Keeps one live binding per (dtab, path): bound once, then kept current by observing the
 * interpreter, so a request costs a map lookup and never a re-bind. Bounded: past
 * {@code maxEntries} the least recently used binding is closed, and bindings unused for
 * {@code idleTimeout} are closed when the cache is next used.
 */
public final class BindingCache implements Closeable {
  /** One cached binding. */
  public interface Binding {
    Dtab dtab();

    Path path();

    /** The bound tree as of now (pending until the namers first answer). */
    Activity.State<NameTree<Name.Bound>> current();

    /**
     * The first value that is not pending: completed at once when there is one now, else when
     * the namers answer; completed exceptionally with the message of a failed binding. The
     * router waits on this for at most its {@code bindingTimeoutMs}.
     */
    CompletionStage<NameTree<Name.Bound>> ready();

    /**
     * What {@code make} builds from {@code tree}, built once while {@code tree} is this
     * binding's current tree and kept with it: state that every request bound here shares (a
     * weighted union's round-robin), gone when the tree changes or the binding is dropped, so
     * it is bounded as the cache is. A tree no longer current gets a value of its own. Every
     * caller of one cache must make values of one type.
     */
    <A> A attached(NameTree<Name.Bound> tree,
        Function<? super NameTree<Name.Bound>, ? extends A> make);
  }

  record Key(Dtab dtab, Path path) {}

  private final NameInterpreter interpreter;
  private final int maxEntries;
  private final long idleNanos;
  private final LongSupplier nanoTime;
  private final Map<Key, CachedBinding> entries = new ConcurrentHashMap<>();
  private volatile long lastSweep;

  public BindingCache(NameInterpreter interpreter, int maxEntries, Duration idleTimeout,
      LongSupplier nanoTime) {
    this.interpreter = requireNonNull(interpreter, "interpreter");
    this.nanoTime = requireNonNull(nanoTime, "nanoTime");
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries: " + maxEntries + " (expected: >= 1)");
    }
    if (idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("idleTimeout: " + idleTimeout + " (expected: > 0)");
    }
    this.maxEntries = maxEntries;
    this.idleNanos = idleTimeout.toNanos();
    this.lastSweep = nanoTime.getAsLong();
  }

  /** The binding of {@code path} under {@code dtab}, made and started on first use. */
  public Binding get(Dtab dtab, Path path) {
    requireNonNull(dtab, "dtab");
    requireNonNull(path, "path");
    long now = nanoTime.getAsLong();
    Key key = new Key(dtab, path);
    CachedBinding binding = entries.get(key);
    if (binding == null) {
      CachedBinding made = new CachedBinding(dtab, path, now);
      binding = entries.putIfAbsent(key, made);
      if (binding == null) {
        binding = made;
        made.start(interpreter.bind(dtab, path));
        evictOverflow(key);
      }
    }
    binding.touch(now);
    if (now - lastSweep > idleNanos / 2) {
      sweep();
    }
    return binding;
  }

  /** Closes the bindings unused for longer than the idle timeout. */
  public void sweep() {
    long now = nanoTime.getAsLong();
    lastSweep = now;
    entries.forEach((key, binding) -> {
      if (now - binding.lastUsed() > idleNanos && entries.remove(key, binding)) {
        binding.close();
      }
    });
  }

  public int size() {
    return entries.size();
  }

  @Override
  public void close() {
    entries.forEach((key, binding) -> {
      if (entries.remove(key, binding)) {
        binding.close();
      }
    });
  }

  private void evictOverflow(Key justAdded) {
    while (entries.size() > maxEntries) {
      Key oldest = null;
      long oldestUse = 0;
      for (Map.Entry<Key, CachedBinding> e : entries.entrySet()) {
        if (!e.getKey().equals(justAdded)
            && (oldest == null || e.getValue().lastUsed() - oldestUse < 0)) {
          oldest = e.getKey();
          oldestUse = e.getValue().lastUsed();
        }
      }
      if (oldest == null) {
        return;
      }
      CachedBinding removed = entries.remove(oldest);
      if (removed != null) {
        removed.close();
      }
    }
  }
}
