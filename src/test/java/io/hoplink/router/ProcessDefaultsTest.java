package io.hoplink.router;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class ProcessDefaultsTest {
  @Test
  void nettysFlightRecorderEventsAreOffByDefault() {
    Properties properties = new Properties();
    ProcessDefaults.apply(properties);
    assertEquals("false", properties.getProperty("io.netty.jfr.enabled"));
  }

  @Test
  void anOperatorsSettingWins() {
    Properties properties = new Properties();
    properties.setProperty("io.netty.jfr.enabled", "true");
    ProcessDefaults.apply(properties);
    assertEquals("true", properties.getProperty("io.netty.jfr.enabled"));
  }
}
