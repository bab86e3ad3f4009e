package io.hoplink.naming;

import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * A var computed from two others. While observed it observes both and recomputes on the thread
 * that reported a change; recomputations never overlap and always read the latest inputs, so
 * observers never go back to an older combination. Unobserved, a read computes afresh.
 */
final class CombinedVar<A, B, R> implements Var<R> {
  private final Var<A> first;
  private final Var<B> second;
  private final BiFunction<? super A, ? super B, ? extends R> f;
  private final SettableVar<R> out;
  private int observers;
  private boolean running;
  private boolean dirty;
  private Subscription firstSub;
  private Subscription secondSub;

  CombinedVar(Var<A> first, Var<B> second, BiFunction<? super A, ? super B, ? extends R> f) {
    this.first = first;
    this.second = second;
    this.f = f;
    this.out = new SettableVar<>(null);
  }

  @Override
  public R get() {
    synchronized (this) {
      if (observers > 0 && firstSub != null && secondSub != null) {
        return out.get();
      }
    }
    return f.apply(first.get(), second.get());
  }

  @Override
  public Subscription observe(Consumer<? super R> observer) {
    boolean start;
    synchronized (this) {
      start = observers++ == 0;
    }
    if (start) {
      out.set(f.apply(first.get(), second.get()));
      Subscription a = first.observe(ignored -> changed());
      Subscription b = second.observe(ignored -> changed());
      synchronized (this) {
        firstSub = a;
        secondSub = b;
      }
    }
    Subscription inner = out.observe(observer);
    boolean[] closed = {false};
    return () -> {
      Subscription a = null;
      Subscription b = null;
      synchronized (this) {
        if (closed[0]) {
          return;
        }
        closed[0] = true;
        if (--observers == 0) {
          a = firstSub;
          b = secondSub;
          firstSub = null;
          secondSub = null;
        }
      }
      inner.close();
      if (a != null) {
        a.close();
      }
      if (b != null) {
        b.close();
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
      synchronized (this) {
        if (!dirty) {
          running = false;
          return;
        }
        dirty = false;
      }
      out.set(f.apply(first.get(), second.get()));
    }
  }
}
