package dev.vpnform.cli.render;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * What a Markdown report says about the run beside the plan: where it was made, the saved plan, and
 * what makes its key.
 *
 * @param endpoint where the actual state came from (an endpoint URL or a file)
 * @param savedPlan the plan file written with {@code -o}, or null
 * @param keyParts what the report is about: the inputs as given, the cloud and region named
 */
public record ReportInfo(String endpoint, String savedPlan, List<String> keyParts) {
  public ReportInfo {
    Objects.requireNonNull(endpoint, "endpoint");
    keyParts = List.copyOf(keyParts);
  }

  /**
   * Identifies what the report is about, not when or how it was made: the same inputs against the
   * same cloud get the same key whether the plan succeeded or not, so CI can find and replace its
   * earlier comment.
   */
  String key() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(String.join("\n", keyParts).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** The version in the jar's manifest, else "dev". */
  static String version() {
    String v = ReportInfo.class.getPackage().getImplementationVersion();
    return v != null ? v : "dev";
  }
}
