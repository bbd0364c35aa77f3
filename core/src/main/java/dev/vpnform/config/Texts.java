package dev.vpnform.config;

/** Helpers to show user-written text inside one-line messages. */
final class Texts {
  private Texts() {}

  /**
   * {@code s} cut to {@code max} characters, with line breaks and other control characters escaped
   * so that a message stays on one line.
   */
  static String abbreviate(String s, int max) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      if (sb.length() >= max) {
        return sb.append("...").toString();
      }
      char c = s.charAt(i);
      switch (c) {
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (Character.isISOControl(c)) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.toString();
  }

  /** A key or value written by the user, quoted and shortened for a message. */
  static String quote(String s) {
    return "'" + abbreviate(s, 60) + "'";
  }
}
