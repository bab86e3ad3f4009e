package io.hoplink.router.tls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;

/**
 * Linkerd's {@code x-forwarded-client-cert}: the client certificate a TLS connection presented,
 * as {@code Hash=<SHA-256 of the DER, hex>}, then {@code ;SAN=<uri>} and {@code ;DNS=<name>} for
 * each such subject alternative name, then {@code ;Subject="<RFC 2253 name>"}.
 */
public final class ClientCertHeader {
  public static final String NAME = "x-forwarded-client-cert";
  private static final int SAN_DNS = 2;
  private static final int SAN_URI = 6;

  private ClientCertHeader() {}

  /** The header's value for {@code certificate}. */
  public static String of(Certificate certificate) {
    StringBuilder out = new StringBuilder(160);
    try {
      out.append("Hash=").append(HexFormat.of().withUpperCase()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded())));
    } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
      throw new IllegalStateException("cannot hash a verified certificate", e);
    }
    if (certificate instanceof X509Certificate x509) {
      try {
        Collection<List<?>> names = x509.getSubjectAlternativeNames();
        if (names != null) {
          for (List<?> name : names) {
            int type = (Integer) name.get(0);
            if (type == SAN_URI) {
              out.append(";SAN=").append(value(String.valueOf(name.get(1))));
            } else if (type == SAN_DNS) {
              out.append(";DNS=").append(value(String.valueOf(name.get(1))));
            }
          }
        }
      } catch (CertificateParsingException e) {
        // names that do not parse are left out; the hash still identifies the certificate
      }
      // RFC 2253 already writes a quote in a name as \" and a backslash as \\.
      String subject = printable(x509.getSubjectX500Principal().getName());
      if (!subject.isEmpty()) {
        out.append(";Subject=\"").append(subject).append('"');
      }
    }
    return out.toString();
  }

  /**
   * A SAN value as is when it is a plain token, else quoted (Envoy's way): a {@code ;}, {@code ,}
   * or {@code =} in a certificate's name must not make a field of its own.
   */
  static String value(String raw) {
    String text = printable(raw);
    boolean plain = !text.isEmpty();
    for (int i = 0; i < text.length() && plain; i++) {
      plain = ",;=\" \\".indexOf(text.charAt(i)) < 0;
    }
    return plain ? text : "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** Control and non-ASCII characters become {@code ?}: a header value must not carry them. */
  private static String printable(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      out.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return out.toString();
  }
}
