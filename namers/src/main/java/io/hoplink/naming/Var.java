package io.hoplink.naming;

import static java.util.Objects.requireNonNull;

import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A value that changes over time, safe to read and observe from any thread. An observer is
 * called with the current value when it subscribes and then after every change; it is never
 * called concurrently with itself and never sees an older value after a newer one (quick
 * successive changes may be coalesced into the latest).
 */
public interface Var<T> {
  /** The current value. */
  T get();

  /** Calls {@code observer} with the current value now and with every later value. */
  Subscription observe(Consumer<? super T> observer);

  /** A view of this var through {@code f}, computed on read. */
  default <U> Var<U> map(Function<? super T, ? extends U> f) {
    requireNonNull(f, "f");
    Var<T> self = this;
    return new Var<>() {
      @Override
      public U get() {
        return f.apply(self.get());
      }

      @Override
      public Subscription observe(Consumer<? super U> observer) {
        requireNonNull(observer, "observer");
        return self.observe(value -> observer.accept(f.apply(value)));
      }
    };
  }

  /** A var that never changes. */
  static <T> Var<T> value(T value) {
    return new Var<>() {
      @Override
      public T get() {
        return value;
      }

      @Override
      public Subscription observe(Consumer<? super T> observer) {
        observer.accept(value);
        return Subscription.NONE;
      }
    };
  }

  /**
   * A var whose value is {@code f} of the latest values of {@code first} and {@code second};
   * observing it observes both.
   */
  static <A, B, R> Var<R> combine(Var<A> first, Var<B> second,
      java.util.function.BiFunction<? super A, ? super B, ? extends R> f) {
    return new CombinedVar<>(requireNonNull(first, "first"), requireNonNull(second, "second"),
        requireNonNull(f, "f"));
  }

  /** A var that its owner updates with {@link Settable#set}. */
  static <T> Settable<T> settable(T initial) {
    return new SettableVar<>(initial);
  }

  /** A var with a setter, for the code that owns the value (a namer's watcher thread). */
  interface Settable<T> extends Var<T> {
    /** Replaces the value; observers are told unless it equals the current one. */
    void set(T value);

    /** Whether anyone observes this var right now. */
    boolean isObserved();
  }
}
