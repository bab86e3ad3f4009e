package io.hoplink.naming;

import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reads the current state of activities while a derived value is computed, and remembers which
 * it read so the derived value can observe exactly those. A pending or failed read stops the
 * computation with a signal.
 */
final class DependencyReader {
  private final Map<Object, Object> previousMemo;
  final Map<Object, Object> memo = new HashMap<>();
  final Set<Activity<?>> read = Collections.newSetFromMap(new IdentityHashMap<>());
  /** Lookups made so far: bounds the work a dtab full of unions can ask for. */
  int lookups;

  DependencyReader(Map<Object, Object> previousMemo) {
    this.previousMemo = previousMemo;
  }

  /** The value of {@code activity} now; stops the computation when it is pending or failed. */
  <T> T await(Activity<T> activity) {
    read.add(activity);
    Activity.State<T> state = activity.current();
    if (state instanceof Activity.Ok<T> ok) {
      return ok.value();
    }
    if (state instanceof Activity.Failed<T> failed) {
      throw new Failure(failed.message());
    }
    throw new Pending();
  }

  /** The object made for {@code key} in this or the previous computation, else a new one. */
  @SuppressWarnings("unchecked")
  <A> A memo(Object key, Supplier<A> make) {
    Object value = memo.get(key);
    if (value == null) {
      value = previousMemo.get(key);
    }
    if (value == null) {
      value = make.get();
    }
    memo.put(key, value);
    return (A) value;
  }

  /** Something read is not known yet. */
  static final class Pending extends RuntimeException {
    Pending() {
      super("pending", null, false, false);
    }
  }

  /** Binding failed: a namer failed, a name is malformed, the dtab loops. */
  static final class Failure extends RuntimeException {
    Failure(String message) {
      super(message, null, false, false);
    }
  }
}
