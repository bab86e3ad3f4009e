package io.hoplink.naming;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/** A binding kept live by observing the interpreter's activity until closed. */
final class CachedBinding implements BindingCache.Binding {
  /** A value made from one bound tree, kept while that tree is current. */
  private record Attached(NameTree<Name.Bound> tree, Object value) {}

  private final Dtab dtab;
  private final Path path;
  private volatile long lastUsed;
  private volatile Activity.State<NameTree<Name.Bound>> current = new Activity.Pending<>();
  private volatile CompletableFuture<NameTree<Name.Bound>> waiter = new CompletableFuture<>();
  private final AtomicReference<Attached> attached = new AtomicReference<>();
  private Subscription subscription;
  private boolean closed;

  CachedBinding(Dtab dtab, Path path, long now) {
    this.dtab = dtab;
    this.path = path;
    this.lastUsed = now;
  }

  void start(Activity<NameTree<Name.Bound>> activity) {
    Subscription sub = activity.observe(this::update);
    synchronized (this) {
      if (!closed) {
        subscription = sub;
        return;
      }
    }
    sub.close();
  }

  private void update(Activity.State<NameTree<Name.Bound>> state) {
    attached.set(null); // made from the tree before, it goes with it (first: see attached)
    current = state;
    CompletableFuture<NameTree<Name.Bound>> w = waiter;
    if (state instanceof Activity.Ok<NameTree<Name.Bound>> ok) {
      w.complete(ok.value());
    } else if (state instanceof Activity.Failed<NameTree<Name.Bound>> failed) {
      w.completeExceptionally(new IllegalStateException(failed.message()));
    } else if (w.isDone()) {
      waiter = new CompletableFuture<>();
    }
  }

  void touch(long now) {
    if (lastUsed != now) {
      lastUsed = now;
    }
  }

  long lastUsed() {
    return lastUsed;
  }

  void close() {
    Subscription sub;
    synchronized (this) {
      closed = true;
      sub = subscription;
      subscription = null;
    }
    if (sub != null) {
      sub.close();
    }
  }

  @Override
  public Dtab dtab() {
    return dtab;
  }

  @Override
  public Path path() {
    return path;
  }

  @Override
  public Activity.State<NameTree<Name.Bound>> current() {
    return current;
  }

  @Override
  public CompletionStage<NameTree<Name.Bound>> ready() {
    Activity.State<NameTree<Name.Bound>> state = current;
    if (state instanceof Activity.Ok<NameTree<Name.Bound>> ok) {
      return CompletableFuture.completedFuture(ok.value());
    }
    if (state instanceof Activity.Failed<NameTree<Name.Bound>> failed) {
      return CompletableFuture.failedFuture(new IllegalStateException(failed.message()));
    }
    return waiter.minimalCompletionStage();
  }

  @Override
  @SuppressWarnings("unchecked") // one type per cache, as the interface asks
  public <A> A attached(NameTree<Name.Bound> tree,
      Function<? super NameTree<Name.Bound>, ? extends A> make) {
    requireNonNull(tree, "tree");
    requireNonNull(make, "make");
    Attached held = attached.get();
    if (held != null && held.tree() == tree) {
      return (A) held.value();
    }
    A made = make.apply(tree);
    Attached next = new Attached(tree, made);
    // Kept only while the tree is current: a request still holding an older tree keeps none.
    while (current instanceof Activity.Ok<NameTree<Name.Bound>> ok && ok.value() == tree) {
      if (attached.compareAndSet(held, next)) {
        return made;
      }
      held = attached.get();
      if (held != null && held.tree() == tree) {
        return (A) held.value(); // another thread made it first: share that one
      }
    }
    return made;
  }
}
