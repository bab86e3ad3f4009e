package io.hoplink.router.tls.ca;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes PEM files whole: each is written to a temporary file beside it, then renamed over it
 * (an atomic move), so a router that reads its certificates every 2 s never sees half a file.
 * Key files are mode 0600 from the start; certificates 0644.
 */
public final class PemFiles {
  private static final Set<PosixFilePermission> SECRET = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");

  private PemFiles() {}

  /** Writes a private key (or anything else only its owner may read): mode 0600. */
  public static void writeSecret(Path file, String pem) throws IOException {
    write(file, pem, SECRET);
  }

  /** Writes certificates: mode 0644. */
  public static void writePublic(Path file, String pem) throws IOException {
    write(file, pem, PUBLIC);
  }

  private static void write(Path file, String pem, Set<PosixFilePermission> mode)
      throws IOException {
    requireNonNull(file, "file");
    requireNonNull(pem, "pem");
    Path dir = file.toAbsolutePath().getParent();
    boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    // A temporary file is created 0600 on POSIX systems: a key is never readable by others.
    Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
    try {
      Files.writeString(tmp, pem, StandardCharsets.US_ASCII);
      if (posix) {
        Files.setPosixFilePermissions(tmp, mode);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
