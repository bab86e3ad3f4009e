package io.hoplink.naming;

import static java.util.Objects.requireNonNull;

import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** A {@link Var.Settable}: versions every value so each observer only ever moves forward. */
final class SettableVar<T> implements Var.Settable<T> {
  private final CopyOnWriteArrayList<Delivery<T>> observers = new CopyOnWriteArrayList<>();
  private volatile T value;
  private long version;

  SettableVar(T initial) {
    this.value = initial;
  }

  @Override
  public T get() {
    return value;
  }

  @Override
  public void set(T newValue) {
    long v;
    synchronized (this) {
      if (Objects.equals(value, newValue)) {
        return;
      }
      value = newValue;
      v = ++version;
    }
    for (Delivery<T> delivery : observers) {
      delivery.offer(v, newValue);
    }
  }

  @Override
  public boolean isObserved() {
    return !observers.isEmpty();
  }

  @Override
  public Subscription observe(Consumer<? super T> observer) {
    Delivery<T> delivery = new Delivery<>(requireNonNull(observer, "observer"));
    observers.add(delivery);
    long v;
    T current;
    synchronized (this) {
      v = version;
      current = value;
    }
    delivery.offer(v, current);
    return () -> {
      observers.remove(delivery);
      delivery.stop();
    };
  }

  /** Hands values to one observer in version order, one call at a time, holding no lock. */
  private static final class Delivery<T> {
    private final Consumer<? super T> observer;
    private long offered = -1;
    private T pending;
    private boolean hasPending;
    private boolean busy;
    private boolean stopped;

    Delivery(Consumer<? super T> observer) {
      this.observer = observer;
    }

    void offer(long version, T value) {
      synchronized (this) {
        if (stopped || version <= offered) {
          return;
        }
        offered = version;
        pending = value;
        hasPending = true;
        if (busy) {
          return;
        }
        busy = true;
      }
      while (true) {
        T next;
        synchronized (this) {
          if (!hasPending || stopped) {
            busy = false;
            return;
          }
          next = pending;
          pending = null;
          hasPending = false;
        }
        try {
          observer.accept(next);
        } catch (RuntimeException e) {
          System.getLogger(Var.class.getName())
              .log(System.Logger.Level.WARNING, "a Var observer failed", e);
        }
      }
    }

    synchronized void stop() {
      stopped = true;
      pending = null;
      hasPending = false;
    }
  }
}
