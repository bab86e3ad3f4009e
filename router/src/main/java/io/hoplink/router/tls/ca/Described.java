package io.hoplink.router.tls.ca;

import java.security.cert.X509Certificate;
import java.time.Duration;

/** How the CA's messages name a certificate and a lifetime. */
final class Described {
  private Described() {}

  /** {@code CN=mesh root 1}: the subject, or its first SAN when the subject is empty. */
  static String subject(X509Certificate certificate) {
    String subject = certificate.getSubjectX500Principal().getName();
    if (!subject.isEmpty()) {
      return subject;
    }
    try {
      var names = certificate.getSubjectAlternativeNames();
      return names == null || names.isEmpty() ? "(no name)"
          : String.valueOf(names.iterator().next().get(1));
    } catch (java.security.cert.CertificateParsingException e) {
      return "(no name)";
    }
  }

  /** {@code 90 days}, {@code 24 h}, {@code 2 days 3 h 4 min}: whole minutes, or seconds if less. */
  static String lifetime(Duration duration) {
    if (duration.isNegative() || duration.toMinutes() == 0) {
      return duration.toSeconds() + " s";
    }
    StringBuilder out = new StringBuilder();
    long days = duration.toDays();
    int hours = duration.toHoursPart();
    int minutes = duration.toMinutesPart();
    if (days > 0) {
      out.append(days).append(days == 1 ? " day" : " days");
    }
    if (hours > 0) {
      out.append(out.isEmpty() ? "" : " ").append(hours).append(" h");
    }
    if (minutes > 0) {
      out.append(out.isEmpty() ? "" : " ").append(minutes).append(" min");
    }
    return out.toString();
  }
}
