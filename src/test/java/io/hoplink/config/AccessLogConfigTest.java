package io.hoplink.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Linkerd's access log keys: read as Linkerd reads them, checked, and written back. */
class AccessLogConfigTest {
  private static HoplinkConfig load(String protocol, String keys) {
    return TestPlugins.load("routers:\n- protocol: " + protocol + "\n  servers: [{}]\n" + keys);
  }

  private static Optional<AccessLogConfig> accessLog(String protocol, String keys) {
    return load(protocol, keys).routers().get(0).accessLog();
  }

  private static String error(String keys) {
    return assertThrows(ConfigException.class, () -> load("http", keys)).getMessage();
  }

  @Test
  void linkerdsExampleKeysAreBuiltWithoutAWarning() {
    HoplinkConfig config = load("http", """
          httpAccessLog: logs/access.log
          httpAccessLogRollPolicy: daily
          httpAccessLogAppend: true
          httpAccessLogRotateCount: -1
        """);
    assertEquals(List.of(), config.warnings());
    assertEquals(new AccessLogConfig("logs/access.log", new RollPolicy(RollPolicy.Kind.DAILY, 0, 0),
        true, -1), config.routers().get(0).accessLog().orElseThrow());
    assertEquals("logs/access.log", config.routers().get(0).toPlain().get("httpAccessLog"));
    assertEquals("daily", config.routers().get(0).toPlain().get("httpAccessLogRollPolicy"));
  }

  @Test
  void defaultsAreLinkerds() {
    assertEquals(Optional.of(new AccessLogConfig("/dev/stderr", RollPolicy.NEVER, true, -1)),
        accessLog("http", "  httpAccessLog: /dev/stderr\n"));
    assertEquals(Optional.empty(), accessLog("http", ""));
    assertTrue(accessLog("http", "  httpAccessLog: /dev/stderr\n").orElseThrow().stream());
  }

  @Test
  void h2RoutersTakeTheH2Keys() {
    HoplinkConfig config = load("h2", """
          h2AccessLog: access.log
          h2AccessLogRollPolicy: Weekly(1)
          h2AccessLogAppend: false
          h2AccessLogRotateCount: 4
        """);
    assertEquals(new AccessLogConfig("access.log", new RollPolicy(RollPolicy.Kind.WEEKLY, 1, 0),
        false, 4), config.routers().get(0).accessLog().orElseThrow());
    assertEquals("weekly(1)", config.routers().get(0).toPlain().get("h2AccessLogRollPolicy"));
    assertTrue(error("  h2AccessLog: access.log\n").contains("unknown key 'h2AccessLog'"));
  }

  @Test
  void rollPoliciesAreReadAsUtilLoggingReadsThem() {
    String keys = "  httpAccessLog: a.log\n  httpAccessLogRollPolicy: ";
    assertEquals(RollPolicy.Kind.HOURLY, accessLog("http", keys + "HOURLY\n").get().rollPolicy()
        .kind());
    assertEquals(RollPolicy.Kind.SIGHUP, accessLog("http", keys + "sighup\n").get().rollPolicy()
        .kind());
    assertEquals(3L << 20, accessLog("http", keys + "3.megabytes\n").get().rollPolicy().maxBytes());
    assertEquals(1L << 30, accessLog("http", keys + "1.Gigabyte\n").get().rollPolicy().maxBytes());
    assertEquals(512, accessLog("http", keys + "512.bytes\n").get().rollPolicy().maxBytes());
    assertEquals("3.megabytes", new RollPolicy(RollPolicy.Kind.MAX_SIZE, 0, 3L << 20).show());
    assertEquals("1.kilobyte", new RollPolicy(RollPolicy.Kind.MAX_SIZE, 0, 1024).show());
    assertEquals("1000.bytes", new RollPolicy(RollPolicy.Kind.MAX_SIZE, 0, 1000).show());
  }

  @Test
  void badValuesAreRefusedWithWhatWasExpected() {
    assertEquals("routers[0].httpAccessLogRollPolicy: 'monthly' is not a roll policy (expected:"
        + " never, hourly, daily, weekly(n) with n 1 (Sunday) to 7 (Saturday), sighup, or a size"
        + " above 0 such as 100.megabytes) at 5:28", error("""
          httpAccessLog: a.log
          httpAccessLogRollPolicy: monthly
        """));
    assertTrue(error("  httpAccessLog: a.log\n  httpAccessLogRollPolicy: weekly(8)\n")
        .contains("the day of weekly(n) is 1 (Sunday) to 7 (Saturday)"));
    assertTrue(error("  httpAccessLog: a.log\n  httpAccessLogRollPolicy: 0.megabytes\n")
        .contains("is not a roll policy"));
    assertTrue(error("  httpAccessLog: a.log\n  httpAccessLogRollPolicy: 3.mb\n")
        .contains("is not a roll policy"));
    assertTrue(error("  httpAccessLog: a.log\n  httpAccessLogRotateCount: -2\n")
        .contains("-2 (expected: -1 to keep every rolled file, or a count >= 0)"));
    assertTrue(error("  httpAccessLog: a.log\n  httpAccessLogAppend: sometimes\n")
        .contains("'sometimes' is not a boolean"));
    assertTrue(error("  httpAccessLog: ''\n").contains("'' is not a path"));
  }

  @Test
  void keysWithoutAPathOrRollingAStreamAreWarnedAbout() {
    assertEquals(List.of("routers[0].httpAccessLogRollPolicy: has no effect without httpAccessLog"
        + " at 4:28"), load("http", "  httpAccessLogRollPolicy: daily\n").warnings());
    assertEquals(List.of("routers[0].httpAccessLogRollPolicy: has no effect on /dev/stdout: a"
        + " stream is not rolled at 5:28"), load("http", """
          httpAccessLog: /dev/stdout
          httpAccessLogRollPolicy: daily
        """).warnings());
  }

  @Test
  void routersShareAFileOnlyIfTheyAgreeHowItIsRolled() {
    String two = """
        routers:
        - protocol: http
          httpAccessLog: logs/access.log
          httpAccessLogRollPolicy: daily
          servers: [{port: 1}]
        - protocol: h2
          h2AccessLog: logs/../logs/access.log
          h2AccessLogRollPolicy: %s
          servers: [{port: 2}]
        """;
    assertEquals(2, TestPlugins.load(two.formatted("daily")).routers().size());
    String message = assertThrows(ConfigException.class,
        () -> TestPlugins.load(two.formatted("hourly"))).getMessage();
    assertEquals("routers[1].h2AccessLog: 'logs/../logs/access.log' is also the access log of"
        + " router 'http', with another roll policy, append or rotate count (routers may share"
        + " a file if they agree on those) at 7:16", message);
  }
}
