package io.hoplink.router;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoplink.naming.Address;
import java.net.InetAddress;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ListenersTest {
  private final Listeners listeners = Listeners.of(Set.of());

  @Test
  void theWildcardAddressReachesAListenerOnLoopback() throws Exception {
    listeners.add("127.0.0.1", 9990);
    assertTrue(listeners.reaches(Address.of("0.0.0.0", 9990)), "0.0.0.0 connects to loopback");
    assertTrue(listeners.reaches(Address.of("127.0.0.1", 9990)));
    assertTrue(listeners.reaches(Address.of("localhost", 9990)));
    assertFalse(listeners.reaches(Address.of("127.0.0.2", 9990)), "another loopback address");
    assertFalse(listeners.reaches(Address.of("0.0.0.0", 9991)), "another port");
  }

  @Test
  void aWildcardListenerIsReachedOnTheMachinesOwnAddresses() throws Exception {
    Listeners machine = Listeners.of(Set.of(InetAddress.getByName("10.1.2.3")));
    machine.add("0.0.0.0", 4140);
    assertTrue(machine.reaches(Address.of("10.1.2.3", 4140)));
    assertTrue(machine.reaches(Address.of("127.0.0.1", 4140)));
    assertFalse(machine.reaches(Address.of("10.9.9.9", 4140)), "another machine");
  }
}
