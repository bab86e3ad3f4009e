package io.hoplink.router.identity;

/**
 * What a router and the identity issuer say to each other, over HTTPS:
 * {@code POST /v1/certify} with {@code {"csr": "<PEM>", "token": "<service account token>"}};
 * the answer is {@code 200 {"certificate": "<PEM chain>", "validUntil": "<instant>"}}, or a
 * status with a one-line reason as text: 400 a request that does not parse, 403 a token the
 * Kubernetes API does not vouch for or a service account that may not have a certificate, 413
 * a body too large, 429 too many requests, 503 the issuer cannot answer now.
 */
public final class CertifyProtocol {
  public static final String PATH = "/v1/certify";
  public static final String CSR = "csr";
  public static final String TOKEN = "token";
  public static final String CERTIFICATE = "certificate";
  public static final String VALID_UNTIL = "validUntil";
  /** A P-256 request is about 500 bytes of PEM, an RSA 4096 one about 1.7 KiB. */
  public static final int MAX_CSR_CHARS = 8 * 1024;
  /** A projected service account token is 1 to 2 KiB. */
  public static final int MAX_TOKEN_CHARS = 8 * 1024;
  /** Both, with room for the JSON around them. */
  public static final int MAX_BODY_BYTES = 20 * 1024;
  /** A chain of a few certificates. */
  public static final int MAX_ANSWER_BYTES = 64 * 1024;

  private CertifyProtocol() {}
}
