package dev.vpnform.cli.render;

/**
 * Markdown that no user string can escape from. Every name, description, path, value and server
 * message goes into a code span or a fenced block whose backtick run is longer than any run in it,
 * so it cannot close the span, open HTML (a {@code </details>}), start a table cell or mention
 * anyone ({@code @team}, {@code #123} are not linked inside code).
 */
final class Markdown {
  private Markdown() {}

  /** An inline code span for running text. */
  static String code(String s) {
    return span(oneLine(s), false);
  }

  /** An inline code span for a GFM table cell: a {@code |} is escaped even inside code. */
  static String cell(String s) {
    return span(oneLine(s), true);
  }

  /** A fence of backticks longer than any backtick run in {@code text}, at least three. */
  static String fence(String text) {
    return "`".repeat(Math.max(3, longestRun(text, '`') + 1));
  }

  /**
   * A code span holds one line: line breaks and other control characters (which would end a table
   * row or be dropped) show as {@code \n}, {@code \r}, {@code \t} or {@code \\u00XX}.
   */
  static String oneLine(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
            sb.append(String.format("\\u%04X", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.toString();
  }

  private static String span(String s, boolean inTable) {
    if (s.isEmpty()) {
      return "*(empty)*";
    }
    String body = inTable ? escapePipes(s) : s;
    String ticks = "`".repeat(longestRun(s, '`') + 1);
    // CommonMark strips one space from each side when both are spaces: pad when the content
    // begins or ends with a backtick (it would merge with the delimiter) or a space.
    boolean pad =
        body.startsWith("`") || body.endsWith("`") || body.startsWith(" ") || body.endsWith(" ");
    return pad ? ticks + " " + body + " " + ticks : ticks + body + ticks;
  }

  /**
   * GFM splits a row at every pipe not preceded by a backslash escape, even inside code spans, then
   * drops the backslash of each {@code \|}. A backslash that the content puts just before a pipe
   * gets a partner, so that it cannot escape the escaping backslash.
   */
  private static String escapePipes(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 8);
    int backslashes = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '|') {
        if (backslashes % 2 == 1) {
          sb.append('\\');
        }
        sb.append("\\|");
        backslashes = 0;
      } else {
        sb.append(c);
        backslashes = c == '\\' ? backslashes + 1 : 0;
      }
    }
    return sb.toString();
  }

  static int longestRun(String s, char c) {
    int best = 0;
    int run = 0;
    for (int i = 0; i < s.length(); i++) {
      run = s.charAt(i) == c ? run + 1 : 0;
      best = Math.max(best, run);
    }
    return best;
  }

  /** UTF-8 length, which GitHub's and GitLab's comment limits are measured against (or less). */
  static int bytes(CharSequence s) {
    return s.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
  }
}
