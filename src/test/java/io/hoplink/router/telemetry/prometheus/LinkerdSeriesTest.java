package io.hoplink.router.telemetry.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class LinkerdSeriesTest {
  private static LinkerdSeries series(String... segments) {
    return LinkerdSeries.of("", List.of(segments));
  }

  @Test
  void routerAndServerBecomeLabels() {
    assertEquals(new LinkerdSeries("rt:server:requests",
        "rt=\"in\", server=\"0.0.0.0/4141\""), series("rt", "in", "server", "0.0.0.0/4141",
        "requests"));
  }

  @Test
  void statusCodesStayInTheName() {
    assertEquals("rt:service:status:5XX",
        series("rt", "in", "service", "svc/a", "status", "5XX").name());
  }

  @Test
  void nestedFailuresJoinIntoOneExceptionLabel() {
    assertEquals(new LinkerdSeries("rt:client:failures",
        "rt=\"in\", client=\"c\", exception=\"a.Outer:b.Inner\""),
        series("rt", "in", "client", "c", "failures", "a.Outer", "b.Inner"));
    assertEquals(new LinkerdSeries("rt:client:exceptions", "rt=\"in\", client=\"c\", "
        + "exception=\"a.Err\""), series("rt", "in", "client", "c", "exn", "a.Err"));
  }

  @Test
  void labelValuesAreEscapedAndNamesSanitized() {
    assertEquals(new LinkerdSeries("rt:server:req_count_",
        "rt=\"a\\\"b\\\\c\\nd\", server=\"s\""),
        series("rt", "a\"b\\c\nd", "server", "s", "req-count!"));
  }

  @Test
  void prefixIsPrependedAndALeadingDigitGuarded() {
    assertEquals("l5d_jvm:uptime", LinkerdSeries.of("l5d_", List.of("jvm", "uptime")).name());
    assertEquals("_9lives", series("9lives").name());
    assertEquals(new LinkerdSeries("other:metric", ""), series("other", "metric"));
  }

  @Test
  void pathShowsTheMetricsJsonNameWithLabelsAsPlaceholders() {
    assertEquals("rt/{rt}/client/{client}/service/{service}/status/200", LinkerdSeries.path(
        List.of("rt", "in", "client", "$/inet/h/80", "service", "svc/a", "status", "200")));
    assertEquals("jvm/heap/used", LinkerdSeries.path(List.of("jvm", "heap", "used")));
  }

  @Test
  void familiesBesideAScopeAreSnakeCaseWithItsLabels() {
    assertEquals(new LinkerdSeries("l5d_rt_server_responses_total",
        "rt=\"in\", server=\"0.0.0.0/4141\""), LinkerdSeries.beside("l5d_",
        List.of("rt", "in", "server", "0.0.0.0/4141"), "responses_total"));
    assertEquals(new LinkerdSeries("responses_total", ""),
        LinkerdSeries.beside("", List.of(), "responses_total"));
  }
}
