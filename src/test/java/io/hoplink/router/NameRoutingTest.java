package io.hoplink.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.hoplink.naming.Dtab;
import org.junit.jupiter.api.Test;

/** Which per-request dtabs name addresses (refused unless the router allows it). */
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
}
