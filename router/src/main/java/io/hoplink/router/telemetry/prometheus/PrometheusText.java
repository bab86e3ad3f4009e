package io.hoplink.router.telemetry.prometheus;

import io.hoplink.router.telemetry.Metrics;
import java.util.function.Consumer;

/**
 * Renders one telemeter's page in Prometheus' text format (version 0.0.4): the metric tree's
 * families under Linkerd's names with hoplink's labelled families beside them (see
 * {@link PageLayout}), then the process and JVM families ({@link ProcessFamilies}). Every
 * family has one {@code # HELP} and one {@code # TYPE} line and its samples together.
 *
 * <p>A scrape reads values only: the layout is redone when the tree's set of metrics changed,
 * and then only new metrics are named. Scrapes may run at once; each sees a whole layout.
 */
final class PrometheusText {
  private final Metrics metrics;
  private final String prefix;
  private final ProcessFamilies process = new ProcessFamilies();
  private volatile PageLayout layout = PageLayout.EMPTY;
  private volatile int lastLength = 16 * 1024;

  PrometheusText(Metrics metrics, String prefix) {
    this.metrics = metrics;
    this.prefix = prefix;
  }

  /** The whole page into {@code out}. */
  void render(StringBuilder out) {
    int start = out.length();
    out.ensureCapacity(start + lastLength + lastLength / 8); // one copy instead of a dozen
    render(out, text -> {});
    lastLength = out.length() - start;
  }

  /** The page, handing {@code part} the text so far after each series. */
  void render(StringBuilder out, Consumer<StringBuilder> part) {
    PageLayout current = layout;
    if (current.changes() != metrics.changes()) {
      current = PageLayout.of(metrics, prefix, current);
      layout = current;
    }
    Exposition exposition = new Exposition(out);
    for (PageLayout.Family family : current.families()) {
      exposition.family(family.header());
      for (Series series : family.series()) {
        series.write(exposition);
        part.accept(out);
      }
    }
    process.write(exposition, current.names());
  }
}
