package io.hoplink.router.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates made for a test with Debian's {@code openssl}, as an operator would make them: a
 * CA, and certificates it signs with DNS names in their SANs, each a {@code .pem} and a PKCS#8
 * {@code .key} in {@code dir}.
 */
public final class TestCerts {
  private final Path dir;

  public TestCerts(Path dir) {
    this.dir = dir;
  }

  /** A self-signed CA: {@code <name>.pem}, {@code <name>.key}. */
  public Path ca(String name) throws IOException, InterruptedException {
    Path key = key(name);
    openssl("req", "-x509", "-new", "-key", key.toString(), "-sha256", "-days", "2",
        "-subj", "/CN=" + name, "-addext", "basicConstraints=critical,CA:true",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign", "-out", pem(name).toString());
    return pem(name);
  }

  /** An intermediate CA {@code name}, signed by CA {@code ca}. */
  public Path intermediate(String name, String ca) throws IOException, InterruptedException {
    Path key = key(name);
    Path csr = dir.resolve(name + ".csr");
    openssl("req", "-new", "-key", key.toString(), "-subj", "/CN=" + name, "-out",
        csr.toString());
    Path ext = Files.writeString(dir.resolve(name + ".ext"),
        "basicConstraints=critical,CA:true\nkeyUsage=critical,keyCertSign,cRLSign\n");
    openssl("x509", "-req", "-in", csr.toString(), "-CA", pem(ca).toString(), "-CAkey",
        dir.resolve(ca + ".key").toString(), "-CAcreateserial", "-days", "1", "-sha256",
        "-extfile", ext.toString(), "-out", pem(name).toString());
    return pem(name);
  }

  /** A certificate for {@code dnsName} (and 127.0.0.1) signed by CA {@code ca}. */
  public Path leaf(String name, String dnsName, String ca) throws IOException, InterruptedException {
    Path key = key(name);
    Path csr = dir.resolve(name + ".csr");
    openssl("req", "-new", "-key", key.toString(), "-subj", "/CN=" + dnsName, "-out",
        csr.toString());
    Path ext = Files.writeString(dir.resolve(name + ".ext"), "subjectAltName=DNS:" + dnsName
        + ",IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\n");
    openssl("x509", "-req", "-in", csr.toString(), "-CA", pem(ca).toString(), "-CAkey",
        dir.resolve(ca + ".key").toString(), "-CAcreateserial", "-days", "1", "-sha256",
        "-extfile", ext.toString(), "-out", pem(name).toString());
    return pem(name);
  }

  /** {@code <name>.key} again, as PKCS#1 ({@code RSA PRIVATE KEY}) or SEC1 ({@code EC ...}). */
  public Path traditionalKey(String name) throws IOException, InterruptedException {
    Path out = dir.resolve(name + ".traditional.key");
    openssl("pkey", "-in", key(name).toString(), "-traditional", "-out", out.toString());
    return out;
  }

  public Path pem(String name) {
    return dir.resolve(name + ".pem");
  }

  public Path keyOf(String name) {
    return dir.resolve(name + ".key");
  }

  private Path key(String name) throws IOException, InterruptedException {
    Path key = dir.resolve(name + ".key");
    if (!Files.exists(key)) {
      if (name.endsWith("-rsa")) {
        openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out",
            key.toString());
      } else {
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out",
            key.toString());
      }
    }
    return key;
  }

  private void openssl(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).directory(dir.toFile())
        .redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + out);
    }
  }
}
