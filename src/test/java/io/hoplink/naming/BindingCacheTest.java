package io.hoplink.naming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BindingCacheTest {
  private final FakeNamer fs = new FakeNamer("/#/io.l5d.fs", "hello");
  private final AtomicInteger binds = new AtomicInteger();
  private final ConfiguredNamersInterpreter real =
      new ConfiguredNamersInterpreter(Map.of(Path.read("/#/io.l5d.fs"), fs));
  private final NameInterpreter counting = (dtab, path) -> {
    binds.incrementAndGet();
    return real.bind(dtab, path);
  };
  private final AtomicLong now = new AtomicLong(1_000);
  private final BindingCache cache = new BindingCache(counting, 2, Duration.ofSeconds(60), now::get);
  private final Dtab dtab = Dtab.read("/svc => /#/io.l5d.fs");

  @Test
  void requestsReuseOneLiveBinding() {
    BindingCache.Binding first = cache.get(dtab, Path.read("/svc/hello"));
    BindingCache.Binding again = cache.get(Dtab.read("/svc=>/#/io.l5d.fs"), Path.read("/svc/hello"));
    assertSame(first, again);
    assertEquals(1, binds.get());
    assertEquals("/#/io.l5d.fs/hello", ConfiguredNamersInterpreterTest.render(first.current()));
  }

  @Test
  void bindingFollowsTheNamersVar() {
    BindingCache.Binding binding = cache.get(dtab, Path.read("/svc/other"));
    assertEquals("~", ConfiguredNamersInterpreterTest.render(binding.current()));
    fs.bind("other", Address.of("10.0.0.7", 80));
    assertEquals("/#/io.l5d.fs/other", ConfiguredNamersInterpreterTest.render(binding.current()));
    Name.Bound bound = leaf(binding);
    fs.addr("other").set(Addr.bound(Set.of(Address.of("10.0.0.8", 80))));
    assertEquals(Addr.bound(Set.of(Address.of("10.0.0.8", 80))), leaf(binding).addr().get());
    assertSame(bound, leaf(binding), "an endpoint change does not rebuild the bound tree");
    fs.set("other", new Activity.Ok<>(NameTree.neg()));
    assertEquals("~", ConfiguredNamersInterpreterTest.render(binding.current()));
    assertEquals(1, binds.get());
  }

  @Test
  void aTreeKeepsOneAttachmentUntilItChanges() {
    fs.bind("other", Address.of("10.0.0.7", 80));
    BindingCache.Binding binding = cache.get(dtab, Path.read("/svc/other"));
    AtomicInteger made = new AtomicInteger();
    java.util.function.Function<NameTree<Name.Bound>, Integer> make = t -> made.incrementAndGet();
    NameTree<Name.Bound> first = current(binding);
    assertEquals(1, binding.attached(first, make));
    assertEquals(1, cache.get(dtab, Path.read("/svc/other")).attached(first, make));
    fs.addr("other").set(Addr.bound(Set.of(Address.of("10.0.0.8", 80))));
    assertEquals(1, binding.attached(current(binding), make), "new endpoints, same tree");
    assertEquals(1, made.get());

    fs.set("other", new Activity.Ok<>(NameTree.neg()));
    NameTree<Name.Bound> second = current(binding);
    assertFalse(second == first);
    assertEquals(2, binding.attached(second, make), "a new tree gets its own");
    assertEquals(2, binding.attached(second, make));
    assertEquals(3, binding.attached(first, make), "a tree no longer current keeps none");
    assertEquals(4, binding.attached(first, make));
    assertEquals(2, binding.attached(second, make));
  }

  @Test
  void anEvictedBindingTakesItsAttachmentAlong() {
    fs.bind("a", Address.of("10.0.0.1", 1));
    AtomicInteger made = new AtomicInteger();
    java.util.function.Function<NameTree<Name.Bound>, Integer> make = t -> made.incrementAndGet();
    BindingCache.Binding a = cache.get(dtab, Path.read("/svc/a"));
    assertEquals(1, a.attached(current(a), make));
    for (String other : new String[] {"b", "c"}) {
      now.addAndGet(10);
      cache.get(dtab, Path.read("/svc/" + other));
    }
    BindingCache.Binding again = cache.get(dtab, Path.read("/svc/a"));
    assertFalse(again == a);
    assertEquals(2, again.attached(current(again), make));
  }

  @Test
  void readyWaitsForTheFirstValueThatIsNotPending() throws Exception {
    fs.set("slow", new Activity.Pending<>());
    BindingCache.Binding binding = cache.get(dtab, Path.read("/svc/slow"));
    assertInstanceOf(Activity.Pending.class, binding.current());
    CompletableFuture<NameTree<Name.Bound>> ready = binding.ready().toCompletableFuture();
    assertFalse(ready.isDone());
    fs.bind("slow", Address.of("10.0.0.9", 80));
    assertTrue(ready.isDone());
    assertInstanceOf(NameTree.Leaf.class, ready.get());
    assertTrue(binding.ready().toCompletableFuture().isDone());
  }

  @Test
  void readyFailsWhenBindingFails() {
    BindingCache.Binding binding = cache.get(Dtab.read("/a=>/b;/b=>/a"), Path.read("/a"));
    CompletableFuture<NameTree<Name.Bound>> ready = binding.ready().toCompletableFuture();
    ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, ready::get);
    assertTrue(e.getCause().getMessage().contains("recursion limit"));
  }

  @Test
  void leastRecentlyUsedBindingIsClosedPastTheBound() {
    fs.bind("a", Address.of("10.0.0.1", 1));
    fs.bind("b", Address.of("10.0.0.2", 1));
    fs.bind("c", Address.of("10.0.0.3", 1));
    cache.get(dtab, Path.read("/svc/a"));
    now.addAndGet(10);
    cache.get(dtab, Path.read("/svc/b"));
    now.addAndGet(10);
    cache.get(dtab, Path.read("/svc/a"));
    now.addAndGet(10);
    cache.get(dtab, Path.read("/svc/c"));
    assertEquals(2, cache.size());
    assertFalse(fs.tree("b").isObserved(), "the evicted binding stopped observing its namer");
    assertTrue(fs.tree("a").isObserved());
    assertTrue(fs.tree("c").isObserved());
  }

  @Test
  void idleBindingsAreClosed() {
    cache.get(dtab, Path.read("/svc/hello"));
    assertTrue(fs.tree("hello").isObserved());
    now.addAndGet(Duration.ofSeconds(61).toNanos());
    cache.sweep();
    assertEquals(0, cache.size());
    assertFalse(fs.tree("hello").isObserved());
  }

  @Test
  void closeStopsEveryBinding() {
    cache.get(dtab, Path.read("/svc/hello"));
    cache.close();
    assertEquals(0, cache.size());
    assertFalse(fs.tree("hello").isObserved());
  }

  private static NameTree<Name.Bound> current(BindingCache.Binding binding) {
    return ((Activity.Ok<NameTree<Name.Bound>>) binding.current()).value();
  }

  private static Name.Bound leaf(BindingCache.Binding binding) {
    NameTree<Name.Bound> tree = ((Activity.Ok<NameTree<Name.Bound>>) binding.current()).value();
    return ((NameTree.Leaf<Name.Bound>) tree).value();
  }
}
