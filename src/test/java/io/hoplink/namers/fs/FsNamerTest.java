package io.hoplink.namers.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.hoplink.naming.Activity;
import io.hoplink.naming.Addr;
import io.hoplink.naming.Address;
import io.hoplink.naming.BindingCache;
import io.hoplink.naming.ConfiguredNamersInterpreter;
import io.hoplink.naming.Dtab;
import io.hoplink.naming.Name;
import io.hoplink.naming.NameTree;
import io.hoplink.naming.Namer;
import io.hoplink.naming.NamerContext;
import io.hoplink.naming.Path;
import io.hoplink.naming.Var;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FsNamerTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir
  java.nio.file.Path dir;

  private final List<Thread> threads = new CopyOnWriteArrayList<>();
  private Namer namer;

  private Namer start() {
    NamerContext ctx = new NamerContext(Clock.fixed(NOW, ZoneOffset.UTC), runnable -> {
      Thread thread = new Thread(runnable, "fs-namer-test");
      threads.add(thread);
      return thread;
    }, Map.of());
    FsNamerConfig config = new FsNamerConfig(FsNamerPlugin.KIND, Path.read("/io.l5d.fs"), dir);
    namer = new FsNamerPlugin().newNamer(config, ctx);
    return namer;
  }

  @AfterEach
  void close() {
    if (namer != null) {
      namer.close();
    }
  }

  @Test
  void fileListsWeightedEndpointsWithCommentsAndBlankLines() throws Exception {
    write("hello", "# the hello service\n10.0.0.1 8080\n\n10.0.0.2 8080 * 2.5  # canary\n");
    start();
    Name.Bound bound = bound("/hello/a/b");
    assertEquals(Path.read("/#/io.l5d.fs/hello"), bound.id());
    assertEquals(Path.read("/a/b"), bound.residual());
    assertEquals(Addr.bound(Set.of(Address.of("10.0.0.1", 8080),
        Address.of("10.0.0.2", 8080).withWeight(2.5))), bound.addr().get());
  }

  @Test
  void createUpdateAndDeleteArePickedUp() throws Exception {
    start();
    Activity<NameTree<Name>> hello = namer.lookup(Path.read("/hello"));
    assertEquals(new Activity.Ok<>(NameTree.neg()), hello.current());

    write("hello", "10.0.0.1 8080\n");
    eventually(() -> addrOf(hello).equals(endpoints("10.0.0.1")), "the new file binds");

    write("hello", "10.0.0.3 8080\n10.0.0.4 8080\n");
    eventually(() -> addrOf(hello).equals(endpoints("10.0.0.3", "10.0.0.4")), "the update shows");

    Var<Addr> addr = ((Name.Bound) ((NameTree.Leaf<Name>) ok(hello)).value()).addr();
    Files.delete(dir.resolve("hello"));
    eventually(() -> ok(hello) instanceof NameTree.Neg, "a deleted file binds to nothing");
    assertEquals(Addr.NEG, addr.get());
  }

  @Test
  void invalidOrEmptyFileKeepsTheLastGoodEndpoints() throws Exception {
    write("hello", "10.0.0.1 8080\n");
    start();
    Activity<NameTree<Name>> hello = namer.lookup(Path.read("/hello"));
    assertEquals(endpoints("10.0.0.1"), addrOf(hello));

    write("hello", "10.0.0.1 8080\n10.0.0.2 http\n");
    eventually(() -> "line 2: bad port 'http' (expected: 1 to 65535)".equals(lastError("hello")),
        "the bad line is reported");
    assertEquals(endpoints("10.0.0.1"), addrOf(hello));

    write("hello", "");
    eventually(() -> String.valueOf(lastError("hello")).startsWith("no endpoints"),
        "the empty file is reported");
    assertEquals(endpoints("10.0.0.1"), addrOf(hello));

    write("hello", "10.0.0.5 8080\n");
    eventually(() -> addrOf(hello).equals(endpoints("10.0.0.5")), "a good file applies again");
    assertNull(lastError("hello"));
  }

  @Test
  void invalidFileWithNothingToKeepFails() throws Exception {
    write("broken", "10.0.0.1\n");
    start();
    Addr addr = addrOf(namer.lookup(Path.read("/broken")));
    assertEquals(new Addr.Failed("line 1: '10.0.0.1' (expected: 'host port' or 'host port * weight')"),
        addr);
  }

  @Test
  void configMapSymlinkSwapIsPickedUp() throws Exception {
    java.nio.file.Path v1 = Files.createDirectory(dir.resolve("..2026_01_01_00_00_00.1"));
    Files.writeString(v1.resolve("hello"), "10.0.0.1 8080\n");
    Files.createSymbolicLink(dir.resolve("..data"), v1.getFileName());
    Files.createSymbolicLink(dir.resolve("hello"), java.nio.file.Path.of("..data", "hello"));
    start();
    Activity<NameTree<Name>> hello = namer.lookup(Path.read("/hello"));
    assertEquals(endpoints("10.0.0.1"), addrOf(hello));

    java.nio.file.Path v2 = Files.createDirectory(dir.resolve("..2026_01_01_00_05_00.2"));
    Files.writeString(v2.resolve("hello"), "10.0.0.2 8080\n");
    Files.createSymbolicLink(dir.resolve("..data_tmp"), v2.getFileName());
    Files.move(dir.resolve("..data_tmp"), dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
    eventually(() -> addrOf(hello).equals(endpoints("10.0.0.2")), "the swapped file applies");

    @SuppressWarnings("unchecked")
    Map<String, Object> services = (Map<String, Object>) ((Map<String, Object>) namer.state()).get("services");
    assertEquals(Set.of("hello"), services.keySet(), "hidden entries are not services");
  }

  @Test
  void stateShowsEndpointsLastErrorAndUpdateTime() throws Exception {
    write("hello", "10.0.0.1 8080 * 2\n");
    start();
    @SuppressWarnings("unchecked")
    Map<String, Object> state = (Map<String, Object>) namer.state();
    assertEquals("/#/io.l5d.fs", state.get("prefix"));
    assertEquals(Map.of("hello", Map.of("state", "bound",
            "endpoints", List.of(Map.of("host", "10.0.0.1", "port", 8080, "weight", 2.0)),
            "lastUpdate", NOW.toString())),
        withoutNulls(state.get("services")));
  }

  @Test
  void bindingThroughTheInterpreterFollowsTheFile() throws Exception {
    start();
    ConfiguredNamersInterpreter interpreter =
        new ConfiguredNamersInterpreter(Map.of(Path.read("/#/io.l5d.fs"), namer));
    try (BindingCache cache = new BindingCache(interpreter, 10, Duration.ofMinutes(1), System::nanoTime)) {
      BindingCache.Binding binding = cache.get(Dtab.read("/svc=>/#/io.l5d.fs"), Path.read("/svc/world"));
      assertEquals(new Activity.Ok<>(NameTree.neg()), binding.current());
      write("world", "10.0.0.9 80\n");
      eventually(() -> binding.current() instanceof Activity.Ok<NameTree<Name.Bound>> ok
          && ok.value() instanceof NameTree.Leaf, "the binding sees the new file");
    }
  }

  @Test
  void closeStopsTheWatcherThread() throws Exception {
    start();
    assertEquals(1, threads.size(), "one thread per namer");
    namer.close();
    threads.get(0).join(5_000);
    assertFalse(threads.get(0).isAlive());
  }

  private void write(String name, String text) throws Exception {
    java.nio.file.Path tmp = Files.writeString(dir.resolve(".tmp-" + name), text);
    Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private Name.Bound bound(String path) {
    return (Name.Bound) ((NameTree.Leaf<Name>) ok(namer.lookup(Path.read(path)))).value();
  }

  private static NameTree<Name> ok(Activity<NameTree<Name>> activity) {
    return ((Activity.Ok<NameTree<Name>>) activity.current()).value();
  }

  private static Addr addrOf(Activity<NameTree<Name>> activity) {
    NameTree<Name> tree = ok(activity);
    return tree instanceof NameTree.Leaf<Name> leaf ? ((Name.Bound) leaf.value()).addr().get() : Addr.NEG;
  }

  private static Addr endpoints(String... hosts) {
    return Addr.bound(java.util.Arrays.stream(hosts).map(h -> Address.of(h, 8080))
        .collect(java.util.stream.Collectors.toSet()));
  }

  @SuppressWarnings("unchecked")
  private String lastError(String service) {
    Map<String, Object> services = (Map<String, Object>) ((Map<String, Object>) namer.state()).get("services");
    return (String) ((Map<String, Object>) services.get(service)).get("lastError");
  }

  @SuppressWarnings("unchecked")
  private static Object withoutNulls(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new java.util.HashMap<>();
      map.forEach((k, v) -> {
        if (v != null) {
          out.put((String) k, withoutNulls(v));
        }
      });
      return out;
    }
    if (value instanceof List<?> list) {
      return list.stream().map(FsNamerTest::withoutNulls).toList();
    }
    return value;
  }

  private static void eventually(Supplier<Boolean> condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!condition.get()) {
      if (System.nanoTime() - deadline > 0) {
        fail("not within 5 s: " + what);
      }
      Thread.sleep(10);
    }
  }
}
