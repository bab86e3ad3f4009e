package io.hoplink.router;

import io.hoplink.naming.Address;
import io.hoplink.naming.Path;
import io.hoplink.router.lb.Node;
import io.hoplink.router.logging.RateLimitedLog;
import io.hoplink.router.resilience.FailureAccrual;
import java.time.Duration;
import java.util.Collection;
import java.util.Iterator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A router's events that operators look for, one line each on the logger {@code hoplink.events}
 * (key=value, values with spaces quoted), at most one line per kind and key every 10 s (the
 * latest held-back one follows when the 10 s end, with {@code suppressed=N}):
 *
 * <pre>
 * upstream error router=web service=/svc/hello client=/#/io.l5d.fs/hello endpoint=10.0.0.5:8080 status=502 reason="no connection to 10.0.0.5:8080: Connection refused"
 * failure accrual removed router=web client=/#/io.l5d.fs/hello endpoint=10.0.0.5:8080 forMs=5000 after=failures
 * failure accrual revived router=web client=/#/io.l5d.fs/hello endpoint=10.0.0.5:8080
 * discovery router=web client=/#/io.l5d.fs/hello added="10.0.0.6:8080" removed="10.0.0.5:8080" endpoints=2
 * </pre>
 *
 * Keys: upstream errors and accrual events per client and endpoint, discovery per client.
 */
final class RouterEvents {
  static final Logger LOG = Logger.getLogger("hoplink.events");
  static final Duration INTERVAL = Duration.ofSeconds(10);
  /** Addresses a discovery line names at most, of those added and of those removed. */
  static final int LISTED = 8;

  private final String router;
  private final RateLimitedLog log;

  RouterEvents(String router, RateLimitedLog log) {
    this.router = router;
    this.log = log;
  }

  /** The events of router {@code label}, rate-limited on the system clock. */
  static RouterEvents of(String label) {
    return new RouterEvents(label, RateLimitedLog.every(LOG, INTERVAL));
  }

  /**
   * A request of {@code service} ended in an error the router made after its attempt at
   * {@code endpoint} failed: {@code status} sent (-1: a reset), {@code reason} why.
   */
  void upstreamError(Path service, Path client, String endpoint, int status, String reason) {
    log.log(Level.WARNING, "upstream " + client.show() + " " + endpoint, () -> "upstream error"
        + " router=" + value(router) + " service=" + value(service.show()) + " client="
        + value(client.show()) + " endpoint=" + value(endpoint) + " status="
        + (status < 0 ? "reset" : Integer.toString(status)) + " reason=" + quoted(reason));
  }

  /** What failure accrual does to the endpoints of {@code client}. */
  FailureAccrual.Events accrual(Path client) {
    String id = client.show();
    return new FailureAccrual.Events() {
      @Override
      public void removed(Node node, long forMs, boolean afterProbe) {
        String endpoint = node.address().hostPort();
        log.log(Level.WARNING, "accrual " + id + " " + endpoint, () -> "failure accrual removed"
            + " router=" + value(router) + " client=" + value(id) + " endpoint=" + value(endpoint)
            + " forMs=" + forMs + " after=" + (afterProbe ? "\"a failed probe\"" : "failures"));
      }

      @Override
      public void revived(Node node) {
        String endpoint = node.address().hostPort();
        log.log(Level.INFO, "accrual " + id + " " + endpoint, () -> "failure accrual revived"
            + " router=" + value(router) + " client=" + value(id) + " endpoint="
            + value(endpoint));
      }
    };
  }

  /** The endpoint set of {@code client} changed: now {@code size} endpoints. */
  void discovery(Path client, Collection<Address> added, Collection<Address> removed, int size) {
    String id = client.show();
    log.log(Level.INFO, "discovery " + id, () -> "discovery router=" + value(router)
        + " client=" + value(id) + " added=" + listed(added) + " removed=" + listed(removed)
        + " endpoints=" + size);
  }

  private static String listed(Collection<Address> addresses) {
    StringBuilder out = new StringBuilder();
    Iterator<Address> it = addresses.iterator();
    for (int i = 0; i < LISTED && it.hasNext(); i++) {
      out.append(out.length() == 0 ? "" : " ").append(it.next().hostPort());
    }
    if (addresses.size() > LISTED) {
      out.append(" and ").append(addresses.size() - LISTED).append(" more");
    }
    return quoted(out.toString());
  }

  /** A value as it is, or quoted when it holds a space, a quote or nothing. */
  private static String value(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c <= ' ' || c == '"' || c == '=') {
        return quoted(text);
      }
    }
    return text.isEmpty() ? "\"\"" : text;
  }

  private static String quoted(String text) {
    String line = io.hoplink.router.forward.RouterError.singleLine(text == null ? "" : text);
    return '"' + line.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
