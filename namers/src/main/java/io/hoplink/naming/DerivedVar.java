package io.hoplink.naming;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * An activity computed from other activities. While observed it observes what the last
 * computation read and recomputes when any of that changes (on the thread that reported the
 * change; recomputations never overlap). Unobserved, a read computes afresh.
 */
final class DerivedVar<T> implements Var<Activity.State<T>> {
  private final Function<DependencyReader, T> computation;
  private final SettableVar<Activity.State<T>> out = new SettableVar<>(new Activity.Pending<>());
  private int observers;
  private boolean active;
  private boolean running;
  private boolean dirty;
  private Map<Activity<?>, Subscription> deps = new IdentityHashMap<>();
  private Map<Object, Object> memo = Map.of();

  private DerivedVar(Function<DependencyReader, T> computation) {
    this.computation = computation;
  }

  static <T> Activity<T> activity(Function<DependencyReader, T> computation) {
    return Activity.of(new DerivedVar<>(computation));
  }

  @Override
  public Activity.State<T> get() {
    synchronized (this) {
      if (active) {
        return out.get();
      }
    }
    return compute(new DependencyReader(Map.of()));
  }

  @Override
  public Subscription observe(Consumer<? super Activity.State<T>> observer) {
    boolean first;
    synchronized (this) {
      first = observers++ == 0;
      active = true;
    }
    if (first) {
      changed();
    }
    Subscription inner = out.observe(observer);
    boolean[] closed = {false};
    return () -> {
      boolean last;
      synchronized (this) {
        if (closed[0]) {
          return;
        }
        closed[0] = true;
        last = --observers == 0;
        active = observers > 0;
      }
      inner.close();
      if (last) {
        changed();
      }
    };
  }

  private void changed() {
    synchronized (this) {
      dirty = true;
      if (running) {
        return;
      }
      running = true;
    }
    while (true) {
      boolean live;
      synchronized (this) {
        if (!dirty) {
          running = false;
          return;
        }
        dirty = false;
        live = active;
      }
      if (live) {
        recompute();
      } else {
        deps.values().forEach(Subscription::close);
        deps = new IdentityHashMap<>();
        memo = Map.of();
        out.set(new Activity.Pending<>());
      }
    }
  }

  private void recompute() {
    DependencyReader reader = new DependencyReader(memo);
    Activity.State<T> state = compute(reader);
    Map<Activity<?>, Subscription> next = new IdentityHashMap<>();
    for (Activity<?> dep : reader.read) {
      Subscription sub = deps.remove(dep);
      next.put(dep, sub != null ? sub : dep.observe(ignored -> changed()));
    }
    deps.values().forEach(Subscription::close);
    deps = next;
    memo = reader.memo;
    out.set(state);
  }

  private Activity.State<T> compute(DependencyReader reader) {
    try {
      return new Activity.Ok<>(computation.apply(reader));
    } catch (DependencyReader.Pending e) {
      return new Activity.Pending<>();
    } catch (DependencyReader.Failure e) {
      return new Activity.Failed<>(e.getMessage());
    } catch (RuntimeException e) {
      return new Activity.Failed<>(String.valueOf(e));
    }
  }
}
