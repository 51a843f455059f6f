package io.showers.datasets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** SHA-256 of files, to tie a derived file (a GPU export) to the files it was made from. */
public final class FileDigest {
  private FileDigest() {}

  /** SHA-256 (lower-case hex) of the contents of {@code files} of {@code dir}, one after another. */
  public static String sha256(Path dir, List<String> files) throws IOException {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
    for (String f : files) {
      sha.update(Files.readAllBytes(dir.resolve(f)));
    }
    return HexFormat.of().formatHex(sha.digest());
  }
}
