package io.hoplink.router.resilience.accrual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hoplink.config.BackoffConfig;
import io.hoplink.config.ConfigException;
import io.hoplink.config.PluginConfig;
import io.hoplink.config.PluginRegistry;
import io.hoplink.config.YamlLoader;
import io.hoplink.router.resilience.FailureAccrualPlugin;
import io.hoplink.router.resilience.FailureAccrualPolicy;
import io.hoplink.router.resilience.FakeClock;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FailureAccrualPluginsTest {
  private static final BackoffConfig DEFAULT =
      new BackoffConfig.Jittered(Duration.ofSeconds(5), Duration.ofSeconds(300));

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static PluginRegistry<FailureAccrualPlugin<?>> loaded() {
    return (PluginRegistry) PluginRegistry.load(FailureAccrualPlugin.FAMILY, FailureAccrualPlugin.class);
  }

  private static PluginConfig parse(String yaml) {
    PluginRegistry<FailureAccrualPlugin<?>> registry = PluginRegistry.of(FailureAccrualPlugin.FAMILY,
        new ConsecutiveFailuresPlugin(), new SuccessRatePlugin(), new SuccessRateWindowedPlugin(),
        new NoFailureAccrualPlugin());
    return registry.parse(YamlLoader.load(yaml).required("failureAccrual"));
  }

  private static String error(String yaml) {
    return assertThrows(ConfigException.class, () -> parse(yaml)).getMessage();
  }

  @Test
  void serviceLoaderFindsEveryKind() {
    assertEquals(List.of("io.l5d.consecutiveFailures", "io.l5d.successRate",
        "io.l5d.successRateWindowed", "none"), List.copyOf(loaded().kinds()));
  }

  @Test
  void parsesLinkerdKeysWithTheirDefaults() {
    assertEquals(new ConsecutiveFailuresPlugin.Config("io.l5d.consecutiveFailures", 5, DEFAULT),
        parse("failureAccrual: {kind: io.l5d.consecutiveFailures}"));
    assertEquals(new ConsecutiveFailuresPlugin.Config("io.l5d.consecutiveFailures", 2,
            new BackoffConfig.Constant(Duration.ofMillis(100))),
        parse("failureAccrual: {kind: io.l5d.consecutiveFailures, failures: 2, backoff: {kind: constant, ms: 100}}"));
    assertEquals(new SuccessRatePlugin.Config("io.l5d.successRate", 0.9, 20, DEFAULT),
        parse("failureAccrual: {kind: io.l5d.successRate, successRate: 0.9, requests: 20}"));
    assertEquals(new SuccessRateWindowedPlugin.Config("io.l5d.successRateWindowed", 0.5, 30,
            new BackoffConfig.Jittered(Duration.ofMillis(10), Duration.ofMillis(20))),
        parse("failureAccrual: {kind: io.l5d.successRateWindowed, successRate: 0.5, window: 30, "
            + "backoff: {kind: jittered, minMs: 10, maxMs: 20}}"));
    assertEquals(new NoFailureAccrualPlugin.Config("none"), parse("failureAccrual: {kind: none}"));
  }

  @Test
  void badConfigIsRejectedWithItsPath() {
    assertEquals("failureAccrual.failures (io.l5d.consecutiveFailures): 0 (expected: > 0) at 1:62",
        error("failureAccrual: {kind: io.l5d.consecutiveFailures, failures: 0}"));
    assertEquals("failureAccrual.successRate (io.l5d.successRate): 1.5 (expected: 0 to 1) at 1:57",
        error("failureAccrual: {kind: io.l5d.successRate, successRate: 1.5, requests: 3}"));
    assertEquals("failureAccrual (io.l5d.successRateWindowed): missing required key 'window' at 1:17",
        error("failureAccrual: {kind: io.l5d.successRateWindowed, successRate: 0.5}"));
    assertEquals(true, error("failureAccrual: {kind: none, failures: 3}").startsWith(
        "failureAccrual.failures (none): unknown key"));
  }

  @Test
  void eachKindBuildsItsPolicy() {
    FakeClock clock = new FakeClock();
    SplittableRandom random = new SplittableRandom(3);
    PluginRegistry<FailureAccrualPlugin<?>> registry = loaded();
    PluginConfig consecutive = parse("failureAccrual: {kind: io.l5d.consecutiveFailures, failures: 2, "
        + "backoff: {kind: constant, ms: 700}}");
    FailureAccrualPolicy policy = registry.of(consecutive).newPolicyUnchecked(consecutive, clock, random);
    assertEquals(-1, policy.markDeadOnFailure());
    assertEquals(700, policy.markDeadOnFailure());

    PluginConfig none = parse("failureAccrual: {kind: none}");
    FailureAccrualPolicy never = registry.of(none).newPolicyUnchecked(none, clock, random);
    for (int i = 0; i < 100; i++) {
      assertEquals(-1, never.markDeadOnFailure());
    }

    PluginConfig windowed = parse("failureAccrual: {kind: io.l5d.successRateWindowed, successRate: 0.9, "
        + "window: 5}");
    FailureAccrualPolicy byWindow = registry.of(windowed).newPolicyUnchecked(windowed, clock, random);
    for (int i = 0; i < 4; i++) {
      assertEquals(-1, byWindow.markDeadOnFailure());
    }
    assertEquals(5000, byWindow.markDeadOnFailure(), "the default backoff starts at 5 s");
  }
}
