package dev.vpnform.openstack;

import dev.vpnform.model.Secret;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Text that must not carry a secret: parser messages and server messages. */
final class SafeText {
  private static final Pattern EXPECTING = Pattern.compile("was expecting ([A-Za-z ,-]+)$");

  private SafeText() {}

  /**
   * The harmless part of a parser's message, as {@code ": words"} or "". Parsers quote the
   * offending token or character (and may name its code), so keep only the words before the first
   * quote, parenthesis, colon or hex number, plus a trailing "was expecting ..." of plain words.
   */
  static String summary(String original) {
    if (original == null) {
      return "";
    }
    String firstLine = original.lines().findFirst().orElse("");
    int cut = firstLine.length();
    for (String stop : List.of("'", "\"", "(", ":", "0x", "[", "`", "\\")) {
      int i = firstLine.indexOf(stop);
      if (i >= 0) {
        cut = Math.min(cut, i);
      }
    }
    String head = firstLine.substring(0, Math.min(cut, 80)).trim();
    Matcher m = EXPECTING.matcher(firstLine);
    String tail = m.find() && m.group(1).length() <= 80 ? "was expecting " + m.group(1).trim() : "";
    if (head.isEmpty()) {
      return tail.isEmpty() ? "" : ": " + tail;
    }
    return ": "
        + head.substring(0, 1).toLowerCase(Locale.ROOT)
        + head.substring(1)
        + (tail.isEmpty() ? "" : "; " + tail);
  }

  /**
   * {@code text} with every occurrence of each secret replaced by {@link Secret#MASK}, also in the
   * escaped forms a server may echo it in (JSON, Python repr). Empty secrets are ignored.
   */
  static String redact(String text, Collection<String> secrets) {
    if (text == null || secrets.isEmpty()) {
      return text;
    }
    String out = text;
    for (String s : secrets) {
      if (s == null || s.isEmpty()) {
        continue;
      }
      for (String form : forms(s)) {
        out = out.replace(form, Secret.MASK);
      }
    }
    return out;
  }

  private static List<String> forms(String s) {
    String json = NeutronJson.write(s);
    json = json.substring(1, json.length() - 1);
    String repr =
        s.replace("\\", "\\\\")
            .replace("'", "\\'")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
            .replace("\t", "\\t");
    // Longest first, so that a raw form inside an escaped one does not leave a remainder.
    return List.of(json, repr, s).stream()
        .distinct()
        .sorted((a, b) -> Integer.compare(b.length(), a.length()))
        .toList();
  }
}
