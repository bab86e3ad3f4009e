package io.hoplink.router.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import io.hoplink.router.resilience.Backoff;
import io.hoplink.router.telemetry.Metrics;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.SplittableRandom;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The renewal loop on a fake clock: when it renews, what a failure leaves in use, the start. */
class RenewerTest {
  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

  private final FakeTime time = new FakeTime(T0);
  private final Metrics metrics = Metrics.newTree();
  private final Deque<Promise<Renewer.Issued>> attempts = new ArrayDeque<>();
  private final Deque<String> log = new ArrayDeque<>();
  private final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord record) {
      log.add(record.getLevel() + " " + record.getMessage());
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };
  private Renewer renewer;
  private java.util.logging.Level level;

  @BeforeEach
  void setUp() {
    Logger hoplink = Logger.getLogger("hoplink");
    level = hoplink.getLevel();
    hoplink.setLevel(java.util.logging.Level.INFO); // the tests' logging.properties says WARNING
    hoplink.setUseParentHandlers(false);
    hoplink.addHandler(capture);
    renewer = new Renewer("identity", () -> {
      Promise<Renewer.Issued> attempt = Promise.promise();
      attempts.add(attempt);
      return attempt.future();
    }, new RenewalSchedule(0.667, Backoff.decorrelatedJitter(Duration.ofSeconds(1),
        Duration.ofSeconds(60), new SplittableRandom(1))), time, time, metrics.scope("identity"));
  }

  @AfterEach
  void tearDown() {
    renewer.close();
    Logger hoplink = Logger.getLogger("hoplink");
    hoplink.removeHandler(capture);
    hoplink.setUseParentHandlers(true);
    hoplink.setLevel(level);
  }

  private Renewer.Issued validFor(Duration lifetime) {
    return new Renewer.Issued(time.instant().plus(lifetime), "l5d.default.svc");
  }

  private long count(String name) {
    return ((Counter) metrics.snapshot().get("identity/" + name)).getCount();
  }

  private Object gauge(String name) {
    return ((Gauge<?>) metrics.snapshot().get("identity/" + name)).getValue();
  }

  @Test
  void theCertificateIsRenewedAtTwoThirdsOfItsLifetimeAgainAndAgain() {
    Future<Renewer.Issued> first = renewer.start(Duration.ofSeconds(30));
    assertFalse(first.isComplete());
    attempts.remove().complete(validFor(Duration.ofSeconds(6)));
    assertTrue(first.succeeded());
    assertEquals(T0.plusMillis(4002), time.nextDue());
    assertEquals(6L, gauge("cert_expiry_seconds"));

    time.advance(Duration.ofMillis(4001));
    assertTrue(attempts.isEmpty(), "not yet");
    time.advance(Duration.ofMillis(1));
    attempts.remove().complete(validFor(Duration.ofSeconds(6)));
    assertEquals(T0.plusMillis(8004), time.nextDue());
    time.advance(Duration.ofMillis(4002));
    attempts.remove().complete(validFor(Duration.ofSeconds(6)));
    assertEquals(2, count("renewals"));
    assertEquals(0, count("failures"));
    assertEquals("INFO identity: renewed: certificate for l5d.default.svc valid until "
        + T0.plusMillis(8004 + 6000) + "; renewal in 4002 ms", log.getLast());
  }

  @Test
  void aFailedRenewalKeepsTheCertificateAndTriesAgainBeforeItExpires() {
    renewer.start(Duration.ofSeconds(30));
    Renewer.Issued issued = validFor(Duration.ofSeconds(6));
    attempts.remove().complete(issued);
    time.advance(Duration.ofMillis(4002));
    attempts.remove().fail("Connection refused: hoplink-identity/10.0.0.9:8443");
    assertEquals(issued, renewer.current().orElseThrow());
    assertEquals(1, count("failures"));
    assertEquals("WARNING identity: renewal failed (Connection refused:"
        + " hoplink-identity/10.0.0.9:8443); the certificate valid until " + issued.notAfter()
        + " stays in use; next try in 666 ms", log.getLast());

    time.advance(Duration.ofMillis(666));
    attempts.remove().fail("Connection refused");
    assertEquals(T0.plusMillis(4002 + 666 + 444), time.nextDue(), "a third of what is left");
    time.advance(Duration.ofMillis(444));
    attempts.remove().complete(validFor(Duration.ofSeconds(6)));
    assertEquals(1, count("renewals"));
    assertEquals(2, count("failures"));
    assertEquals(T0.plusMillis(5112 + 4002), time.nextDue(), "back on the 2/3 schedule");
  }

  @Test
  void anExpiredCertificateStaysInUseAndTheTriesBackOff() {
    renewer.start(Duration.ofSeconds(30));
    attempts.remove().complete(validFor(Duration.ofSeconds(6)));
    time.advance(Duration.ofMillis(4002));
    while (time.instant().isBefore(T0.plusSeconds(7))) {
      attempts.remove().fail("503 busy");
      time.advance(Duration.between(time.instant(), time.nextDue()));
    }
    attempts.remove().fail("503 busy");
    assertTrue(log.getLast().contains(" (expired) stays in use; next try in "), log.getLast());
    assertTrue(((Number) gauge("cert_expiry_seconds")).longValue() < 0);
  }

  @Test
  void aRefusalEndsTheStartAtOnce() {
    Future<Renewer.Issued> first = renewer.start(Duration.ofSeconds(30));
    attempts.remove().fail(new Renewer.Refused("the identity issuer answered 403: the token is"
        + " not authenticated by the Kubernetes API"));
    assertTrue(first.failed());
    assertEquals("identity: refused: the identity issuer answered 403: the token is not"
        + " authenticated by the Kubernetes API", first.cause().getMessage());
    assertNull(time.nextDue(), "no more tries");
  }

  @Test
  void otherFailuresAtStartAreTriedAgainUntilTheStartTimeout() {
    Future<Renewer.Issued> first = renewer.start(Duration.ofSeconds(5));
    int tries = 0;
    while (!first.isComplete()) {
      attempts.remove().fail("Connection refused");
      tries++;
      if (time.nextDue() != null) {
        time.advance(Duration.between(time.instant(), time.nextDue()));
      }
    }
    assertTrue(tries >= 3, tries + " tries");
    assertEquals(T0.plusSeconds(5), time.instant(), "the last try at the deadline");
    assertEquals("identity: no certificate within 5000 ms (startTimeoutMs); the last try:"
        + " Connection refused", first.cause().getMessage());
    assertTrue(log.stream().anyMatch(l -> l.startsWith("WARNING identity: no certificate yet"
        + " (Connection refused); next try in 1000 ms")), log.toString());
  }
}
