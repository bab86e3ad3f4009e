package io.hoplink.router.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** Without maxConnections, a server's cap follows the process's file-descriptor limit. */
class ConnectionLimitTest {
  @Test
  void theDefaultCapLeavesDescriptorsForUpstreamsAndNamers() {
    long max = ((UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getMaxFileDescriptorCount();
    assertEquals(Math.min(Integer.MAX_VALUE, Math.max(64, (max - 256) / 2)),
        FrontendImpl.connectionsTheDescriptorsAllow());
  }
}
