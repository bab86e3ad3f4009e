package io.hoplink.naming;

import static java.util.Objects.requireNonNull;

import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A value that may not be known yet or may have failed: a {@link Var} of {@link State}
 * ({@link Pending}, {@link Ok} or {@link Failed}). Namers answer lookups with activities and
 * update them from their own threads.
 */
public final class Activity<T> {
  /** Where an activity stands. */
  public sealed interface State<T> permits Pending, Ok, Failed {}

  /** No answer yet. */
  public record Pending<T>() implements State<T> {}

  /** The current answer. */
  public record Ok<T>(T value) implements State<T> {
    public Ok {
      requireNonNull(value, "value");
    }
  }

  /** No answer, and why. */
  public record Failed<T>(String message) implements State<T> {
    public Failed {
      requireNonNull(message, "message");
    }
  }

  private final Var<State<T>> states;

  private Activity(Var<State<T>> states) {
    this.states = states;
  }

  public static <T> Activity<T> of(Var<State<T>> states) {
    return new Activity<>(requireNonNull(states, "states"));
  }

  public static <T> Activity<T> value(T value) {
    return new Activity<>(Var.value(new Ok<>(value)));
  }

  public static <T> Activity<T> pending() {
    return new Activity<>(Var.value(new Pending<>()));
  }

  public static <T> Activity<T> failed(String message) {
    return new Activity<>(Var.value(new Failed<>(message)));
  }

  public Var<State<T>> states() {
    return states;
  }

  public State<T> current() {
    return states.get();
  }

  public Subscription observe(Consumer<? super State<T>> observer) {
    return states.observe(requireNonNull(observer, "observer"));
  }

  /** This activity with each {@link Ok} value passed through {@code f}. */
  public <U> Activity<U> map(Function<? super T, ? extends U> f) {
    requireNonNull(f, "f");
    return new Activity<>(states.map(state -> mapState(state, f)));
  }

  /**
   * The activity that {@code f} makes of this one's current value: pending or failed while this
   * one is, else whatever the made activity says. {@code f} runs again only when the value
   * changes (the activity made for an equal value is kept, and its addresses are compared by
   * identity, so a namer's new address var is followed).
   */
  public <U> Activity<U> flatMap(Function<? super T, Activity<U>> f) {
    requireNonNull(f, "f");
    Activity<T> self = this;
    return DerivedVar.activity(reader -> {
      T value = reader.await(self);
      Activity<U> next = reader.memo(new FlatMapKey(f, value), () -> f.apply(value));
      return reader.await(next);
    });
  }

  /** Keys a flatMap's made activity by the function and by the value, bound names by identity. */
  private record FlatMapKey(Object f, Object value) {
    @Override
    public boolean equals(Object o) {
      return o instanceof FlatMapKey k && k.f == f && k.value.equals(value)
          && NameTrees.sameAddrs(k.value, value);
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(f) * 31 + value.hashCode();
    }
  }

  private static <T, U> State<U> mapState(State<T> state, Function<? super T, ? extends U> f) {
    if (state instanceof Ok<T> ok) {
      return new Ok<>(f.apply(ok.value()));
    }
    if (state instanceof Failed<T> failed) {
      return new Failed<>(failed.message());
    }
    return new Pending<>();
  }

  @Override
  public String toString() {
    return "Activity(" + states.get() + ")";
  }
}
