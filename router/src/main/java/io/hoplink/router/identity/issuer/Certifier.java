package io.hoplink.router.identity.issuer;

import static java.util.Objects.requireNonNull;

import io.hoplink.namers.k8s.TokenReviewer;
import io.hoplink.router.tls.ca.IssuedCert;
import io.hoplink.router.tls.ca.MeshCa;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * What the identity issuer decides for one request, away from any event loop (the TokenReview
 * blocks): the Kubernetes API must vouch for the token (for the configured audience), the token
 * must be a service account's, and that account must be one allowed; then the request's key is
 * certified for the account's names ({@link ServiceAccountNames}), for the configured lifetime
 * or until the issuer expires, whichever is sooner.
 */
final class Certifier {
  private static final Logger LOG = Logger.getLogger("hoplink");

  /** The decision: a certificate, or a refusal with its HTTP status. */
  sealed interface Outcome {}

  /** Certified {@code account}; {@code origin} says which pod on which node, if the token said. */
  record Certified(IssuedCert certificate, String account, String origin) implements Outcome {}

  /** Refused: {@code kind} groups refusals for the log, {@code reason} is one line. */
  record Refused(int status, String kind, String reason) implements Outcome {}

  private final Supplier<MeshCa> issuer;
  private final TokenReviewer reviewer;
  private final Optional<String> audience;
  private final Set<String> allowed;
  private final String trustDomain;
  private final Duration lifetime;
  private final Clock clock;
  private final AtomicBoolean cutShortSaid = new AtomicBoolean();

  Certifier(Supplier<MeshCa> issuer, TokenReviewer reviewer, Optional<String> audience,
      Set<String> allowed, String trustDomain, Duration lifetime, Clock clock) {
    this.issuer = requireNonNull(issuer, "issuer");
    this.reviewer = requireNonNull(reviewer, "reviewer");
    this.audience = requireNonNull(audience, "audience");
    this.allowed = Set.copyOf(allowed);
    this.trustDomain = requireNonNull(trustDomain, "trustDomain");
    this.lifetime = requireNonNull(lifetime, "lifetime");
    this.clock = requireNonNull(clock, "clock");
  }

  /** Decides on {@code csrPem}, sent with {@code token}. Blocking. */
  Outcome certify(String token, String csrPem) {
    TokenReviewer.Review review;
    try {
      review = reviewer.review(token);
    } catch (RuntimeException e) {
      return new Refused(503, "Kubernetes API unavailable", "the Kubernetes API could not"
          + " review the token: " + oneLine(e.getMessage()));
    }
    if (!review.authenticated()) {
      return new Refused(403, "token not authenticated", "the token is not authenticated by"
          + " the Kubernetes API" + review.error().map(e -> " (" + oneLine(e) + ")").orElse(""));
    }
    if (audience.isPresent() && !review.audiences().contains(audience.get())) {
      return new Refused(403, "token for another audience", "the token is not for audience "
          + audience.get() + " (it is for " + oneLine(review.audiences().toString()) + ")");
    }
    Optional<String> account = ServiceAccountNames.account(review.username());
    if (account.isEmpty()) {
      return new Refused(403, "not a service account", "the token is not a service account's"
          + " (user " + oneLine(review.username()) + ")");
    }
    if (!allowed.contains(account.get())) {
      return new Refused(403, "service account not allowed", "service account "
          + account.get() + " may not have a certificate (serviceAccounts)");
    }
    MeshCa ca = issuer.get();
    Instant now = clock.instant();
    Duration left = Duration.between(now, ca.certificate().getNotAfter().toInstant())
        .minusSeconds(1);
    if (left.isNegative() || left.isZero()) {
      return new Refused(503, "issuer expired", "the issuer expired at "
          + ca.certificate().getNotAfter().toInstant() + ": rotate it");
    }
    Duration life = lifetime;
    if (left.compareTo(lifetime) < 0) {
      life = left;
      if (cutShortSaid.compareAndSet(false, true)) {
        LOG.warning("identity: the issuer expires at " + ca.certificate().getNotAfter()
            .toInstant() + ", sooner than a certificate's lifetime: certificates end with it;"
            + " rotate the issuer");
      }
    }
    try {
      IssuedCert issued = ca.sign(csrPem, ServiceAccountNames.of(account.get(), trustDomain),
          life);
      return new Certified(issued, account.get(), origin(review));
    } catch (IllegalArgumentException e) {
      return new Refused(400, "bad certificate request", oneLine(e.getMessage()));
    }
  }

  private static String origin(TokenReviewer.Review review) {
    Optional<String> pod = review.extra(TokenReviewer.POD_NAME);
    Optional<String> node = review.extra(TokenReviewer.NODE_NAME);
    String out = pod.map(p -> "pod " + oneLine(p)).orElse("")
        + node.map(n -> (pod.isPresent() ? " on " : "") + "node " + oneLine(n)).orElse("");
    return out.isEmpty() ? "the token names no pod" : out;
  }

  /** {@code text} on one line of printable characters, at most 200 of them. */
  static String oneLine(String text) {
    if (text == null) {
      return "";
    }
    String line = text.replaceAll("[^\\x20-\\x7e]+", " ").strip();
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }
}
