package io.hoplink.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.fail;

import io.hoplink.naming.BindingCache;
import io.hoplink.naming.ConfiguredNamersInterpreter;
import io.hoplink.naming.Dtab;
import io.hoplink.naming.Path;
import io.vertx.core.MultiMap;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Which per-request dtabs name addresses (refused unless the router allows it), and which
 * requests share a weighted union's picker.
 */
class NameRoutingTest {
  private static String named(String dtab) {
    return NameRouting.namedAddress(Dtab.read(dtab));
  }

  @Test
  void addressMakingSystemNamersAreFoundWhereverTheyStand() {
    assertEquals("/$/inet/127.0.0.1/9990", named("/svc/x => /$/inet/127.0.0.1/9990"));
    assertEquals("/$/io.buoyant.rinet/80/a", named("/a => /b; /svc => /$/io.buoyant.rinet/80/a"));
    assertEquals("/$/io.buoyant.porthostPfx/x",
        named("/svc => /#/io.l5d.fs/a | /$/io.buoyant.porthostPfx/x"));
    assertEquals("/$/io.buoyant.hostportPfx/x",
        named("/svc => 0.5 * /#/io.l5d.fs/a & 0.5 * /$/io.buoyant.hostportPfx/x"));
  }

  @Test
  void prefixesThatAResidualCouldCompleteCount() {
    assertEquals("/$", named("/svc => /$"));
    assertEquals("/", named("/svc => /"));
  }

  @Test
  void namesTheOperatorServesAreFine() {
    assertNull(named("/svc/x => /svc/web"));
    assertNull(named("/svc => /#/io.l5d.fs; /host => /$/io.buoyant.http.domainToPathPfx/svc"));
    assertNull(named("/svc => ~ | !"));
  }

  @Test
  void requestsBoundToOneTreeShareOnePickerAndANewDtabGetsItsOwn() {
    BindingCache bindings = new BindingCache(new ConfiguredNamersInterpreter(Map.of()), 10,
        Duration.ofMinutes(1), System::nanoTime);
    NameRouting routing = new NameRouting(
        Dtab.read("/svc => 0.9 * /$/inet/127.0.0.1/1 & 0.1 * /$/inet/127.0.0.1/2"), bindings,
        Duration.ofSeconds(1), false);
    BoundTreePicker first = bind(routing, "");
    assertSame(first, bind(routing, ""));
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < 100; i++) {
      counts.merge(bind(routing, "").pick().id().show(), 1, Integer::sum);
    }
    assertEquals(Map.of("/$/inet/127.0.0.1/1", 90, "/$/inet/127.0.0.1/2", 10), counts);

    assertNotSame(first, bind(routing, "/x => /y"),
        "a request with its own dtab binds apart");
    // the router's dtab changed (a reload, a dtab file): the same cache, another tree
    NameRouting changed = new NameRouting(
        Dtab.read("/svc => 0.5 * /$/inet/127.0.0.1/1 & 0.5 * /$/inet/127.0.0.1/2"), bindings,
        Duration.ofSeconds(1), false);
    BoundTreePicker next = bind(changed, "");
    assertNotSame(first, next);
    assertEquals("/$/inet/127.0.0.1/1", next.pick().id().show(), "a fresh round-robin");
    assertEquals("/$/inet/127.0.0.1/2", next.pick().id().show());
  }

  private static BoundTreePicker bind(NameRouting routing, String localDtab) {
    AtomicReference<BoundTreePicker> routed = new AtomicReference<>();
    routing.bind(localDtab, MultiMap.caseInsensitiveMultiMap(), Path.read("/svc/web"),
        (status, message) -> fail(status + " " + message), routed::set);
    return routed.get();
  }
}
