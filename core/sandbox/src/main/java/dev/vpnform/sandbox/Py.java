package dev.vpnform.sandbox;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Python semantics that leak into neutron's API: its error messages are built with {@code
 * str()}/{@code repr()} of the request's values, {@code int()} decides what converts, and {@code
 * ==}/{@code <} decide some checks. JSON values map to Python types as: null=None, Boolean=bool,
 * Integer/Long/BigInteger=int, Double=float, String=str, List=list, Map=dict.
 */
final class Py {
  private Py() {}

  /** A Python exception that the server does not catch: it ends as a 500. */
  static final class PyError extends RuntimeException {
    final String kind;

    PyError(String kind) {
      super(kind, null, false, false);
      this.kind = kind;
    }
  }

  static PyError valueError() {
    return new PyError("ValueError");
  }

  static PyError typeError() {
    return new PyError("TypeError");
  }

  static boolean isNumber(Object o) {
    return o instanceof Number || o instanceof Boolean;
  }

  /** Python {@code str(o)}. */
  static String str(Object o) {
    return o instanceof String s ? s : repr(o);
  }

  /** Python {@code repr(o)}. */
  static String repr(Object o) {
    if (o == null) {
      return "None";
    }
    if (o instanceof Boolean b) {
      return b ? "True" : "False";
    }
    if (o instanceof Double d) {
      return floatRepr(d);
    }
    if (o instanceof Float f) {
      return floatRepr(f.doubleValue());
    }
    if (o instanceof BigDecimal bd) {
      return floatRepr(bd.doubleValue());
    }
    if (o instanceof Number n) {
      return n.toString();
    }
    if (o instanceof String s) {
      return strRepr(s);
    }
    if (o instanceof List<?> list) {
      StringBuilder sb = new StringBuilder("[");
      for (Iterator<?> it = list.iterator(); it.hasNext(); ) {
        sb.append(repr(it.next()));
        if (it.hasNext()) {
          sb.append(", ");
        }
      }
      return sb.append(']').toString();
    }
    if (o instanceof Map<?, ?> map) {
      StringBuilder sb = new StringBuilder("{");
      for (Iterator<? extends Map.Entry<?, ?>> it = map.entrySet().iterator(); it.hasNext(); ) {
        Map.Entry<?, ?> e = it.next();
        sb.append(repr(e.getKey())).append(": ").append(repr(e.getValue()));
        if (it.hasNext()) {
          sb.append(", ");
        }
      }
      return sb.append('}').toString();
    }
    return o.toString();
  }

  /** Python's shortest round-trip float repr: fixed notation for exponents -4..15, else 1e+16. */
  static String floatRepr(double d) {
    if (Double.isNaN(d)) {
      return "nan";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    if (d == 0) {
      return (1 / d < 0) ? "-0.0" : "0.0";
    }
    String sign = d < 0 ? "-" : "";
    BigDecimal bd = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
    String digits = bd.unscaledValue().toString();
    int exp = digits.length() - 1 - bd.scale();
    if (exp >= -4 && exp < 16) {
      String plain = bd.toPlainString();
      return sign + (plain.contains(".") ? plain : plain + ".0");
    }
    String mantissa = digits.length() > 1 ? digits.charAt(0) + "." + digits.substring(1) : digits;
    String e = String.format("%02d", Math.abs(exp));
    return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + e;
  }

  static String strRepr(String s) {
    char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
    StringBuilder sb = new StringBuilder().append(quote);
    s.codePoints()
        .forEach(
            cp -> {
              if (cp == '\\') {
                sb.append("\\\\");
              } else if (cp == quote) {
                sb.append('\\').append(quote);
              } else if (cp == '\n') {
                sb.append("\\n");
              } else if (cp == '\r') {
                sb.append("\\r");
              } else if (cp == '\t') {
                sb.append("\\t");
              } else if (!isPrintable(cp)) {
                sb.append(
                    cp < 0x100
                        ? String.format("\\x%02x", cp)
                        : cp < 0x10000
                            ? String.format("\\u%04x", cp)
                            : String.format("\\U%08x", cp));
              } else {
                sb.appendCodePoint(cp);
              }
            });
    return sb.append(quote).toString();
  }

  /** Python's str.isprintable for one code point: not a control, format, separator etc. */
  private static boolean isPrintable(int cp) {
    if (cp == ' ') {
      return true;
    }
    return switch (Character.getType(cp)) {
      case Character.CONTROL,
          Character.FORMAT,
          Character.SURROGATE,
          Character.PRIVATE_USE,
          Character.UNASSIGNED,
          Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR,
          Character.SPACE_SEPARATOR ->
          false;
      default -> true;
    };
  }

  /** Python {@code repr(bytes)}, as in "Invalid format: b''". */
  static String bytesRepr(byte[] bytes) {
    String raw = new String(bytes, StandardCharsets.ISO_8859_1);
    char quote = raw.indexOf('\'') >= 0 && raw.indexOf('"') < 0 ? '"' : '\'';
    StringBuilder sb = new StringBuilder("b").append(quote);
    for (byte x : bytes) {
      int b = x & 0xff;
      if (b == '\\') {
        sb.append("\\\\");
      } else if (b == quote) {
        sb.append('\\').append(quote);
      } else if (b == '\n') {
        sb.append("\\n");
      } else if (b == '\r') {
        sb.append("\\r");
      } else if (b == '\t') {
        sb.append("\\t");
      } else if (b < 0x20 || b >= 0x7f) {
        sb.append(String.format("\\x%02x", b));
      } else {
        sb.append((char) b);
      }
    }
    return sb.append(quote).toString();
  }

  /** Python truthiness. */
  static boolean truthy(Object o) {
    if (o == null) {
      return false;
    }
    if (o instanceof Boolean b) {
      return b;
    }
    if (o instanceof Number n) {
      return toDecimal(n).signum() != 0 || (n instanceof Double d && d.isNaN());
    }
    if (o instanceof String s) {
      return !s.isEmpty();
    }
    if (o instanceof List<?> l) {
      return !l.isEmpty();
    }
    if (o instanceof Map<?, ?> m) {
      return !m.isEmpty();
    }
    return true;
  }

  /** Python {@code a == b}, where 1 == 1.0 == True. */
  static boolean eq(Object a, Object b) {
    if (isNumber(a) && isNumber(b)) {
      Double da = asDouble(a);
      Double db = asDouble(b);
      if ((da != null && da.isNaN()) || (db != null && db.isNaN())) {
        return false;
      }
      if ((da != null && da.isInfinite()) || (db != null && db.isInfinite())) {
        return Objects.equals(da, db);
      }
      return numberDecimal(a).compareTo(numberDecimal(b)) == 0;
    }
    if (a instanceof List<?> la && b instanceof List<?> lb) {
      if (la.size() != lb.size()) {
        return false;
      }
      for (int i = 0; i < la.size(); i++) {
        if (!eq(la.get(i), lb.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
      if (ma.size() != mb.size()) {
        return false;
      }
      for (Map.Entry<?, ?> e : ma.entrySet()) {
        if (!mb.containsKey(e.getKey()) || !eq(e.getValue(), mb.get(e.getKey()))) {
          return false;
        }
      }
      return true;
    }
    return Objects.equals(a, b);
  }

  /** Python {@code x in container}; raises TypeError where Python would. */
  static boolean in(Object x, Object container) {
    if (container instanceof Map<?, ?> m) {
      return m.containsKey(x);
    }
    if (container instanceof List<?> l) {
      for (Object o : l) {
        if (eq(x, o)) {
          return true;
        }
      }
      return false;
    }
    if (container instanceof String s) {
      if (!(x instanceof String sx)) {
        throw typeError();
      }
      return s.contains(sx);
    }
    throw typeError();
  }

  /** Python three-way comparison ({@code a < b} etc.); TypeError for unorderable types. */
  static int compare(Object a, Object b) {
    if (isNumber(a) && isNumber(b)) {
      Double da = asDouble(a);
      Double db = asDouble(b);
      if (da != null || db != null) {
        return Double.compare(
            da != null ? da : numberDecimal(a).doubleValue(),
            db != null ? db : numberDecimal(b).doubleValue());
      }
      return numberDecimal(a).compareTo(numberDecimal(b));
    }
    if (a instanceof String sa && b instanceof String sb) {
      return compareCodePoints(sa, sb);
    }
    if (a instanceof List<?> la && b instanceof List<?> lb) {
      for (int i = 0; i < Math.min(la.size(), lb.size()); i++) {
        if (!eq(la.get(i), lb.get(i))) {
          return compare(la.get(i), lb.get(i));
        }
      }
      return Integer.compare(la.size(), lb.size());
    }
    throw typeError();
  }

  static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  /**
   * Python {@code int(o)}: bools and ints as they are, floats truncated, strings in base 10 with
   * surrounding whitespace, a sign and single underscores between digits. ValueError / TypeError /
   * OverflowError (an infinite float) are raised as {@link PyError}.
   */
  static BigInteger toInt(Object o) {
    if (o instanceof Boolean b) {
      return b ? BigInteger.ONE : BigInteger.ZERO;
    }
    if (o instanceof BigInteger bi) {
      return bi;
    }
    if (o instanceof Double || o instanceof Float || o instanceof BigDecimal) {
      double d = ((Number) o).doubleValue();
      if (Double.isNaN(d)) {
        throw valueError();
      }
      if (Double.isInfinite(d)) {
        throw new PyError("OverflowError");
      }
      return new BigDecimal(d).toBigInteger();
    }
    if (o instanceof Number n) {
      return BigInteger.valueOf(n.longValue());
    }
    if (o instanceof String s) {
      return parseIntLiteral(s);
    }
    throw typeError();
  }

  private static BigInteger parseIntLiteral(String s) {
    String t = strip(s);
    int i = 0;
    boolean negative = false;
    if (!t.isEmpty() && (t.charAt(0) == '+' || t.charAt(0) == '-')) {
      negative = t.charAt(0) == '-';
      i = 1;
    }
    StringBuilder digits = new StringBuilder();
    boolean lastUnderscore = true; // a leading underscore is invalid
    for (; i < t.length(); ) {
      int cp = t.codePointAt(i);
      i += Character.charCount(cp);
      if (cp == '_') {
        if (lastUnderscore) {
          throw valueError();
        }
        lastUnderscore = true;
        continue;
      }
      int v =
          Character.getType(cp) == Character.DECIMAL_DIGIT_NUMBER ? Character.digit(cp, 10) : -1;
      if (v < 0) {
        throw valueError();
      }
      digits.append((char) ('0' + v));
      lastUnderscore = false;
    }
    if (digits.length() == 0 || lastUnderscore) {
      throw valueError();
    }
    BigInteger value = new BigInteger(digits.toString());
    return negative ? value.negate() : value;
  }

  /** Python {@code str.strip()} with no argument: Unicode whitespace on both ends. */
  static String strip(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isPyWhitespace(s.charAt(start))) {
      start++;
    }
    while (end > start && isPyWhitespace(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(start, end);
  }

  static boolean isPyWhitespace(int c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c) || (c >= 0x1c && c <= 0x1f);
  }

  static boolean containsWhitespace(String s) {
    return s.chars().anyMatch(Py::isPyWhitespace);
  }

  /** Python {@code urllib.parse.quote_plus(s)} with the default safe set. */
  static String quotePlus(String s) {
    StringBuilder sb = new StringBuilder();
    for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
      int b = x & 0xff;
      if ((b >= 'a' && b <= 'z')
          || (b >= 'A' && b <= 'Z')
          || (b >= '0' && b <= '9')
          || b == '_'
          || b == '.'
          || b == '-'
          || b == '~') {
        sb.append((char) b);
      } else if (b == ' ') {
        sb.append('+');
      } else {
        sb.append('%').append(String.format("%02X", b));
      }
    }
    return sb.toString();
  }

  /** Python {@code urlencode(list_of_pairs)}. */
  static String urlencode(List<Map.Entry<String, String>> params) {
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, String> e : params) {
      parts.add(quotePlus(e.getKey()) + "=" + quotePlus(e.getValue()));
    }
    return String.join("&", parts);
  }

  private static Double asDouble(Object o) {
    if (o instanceof Double d) {
      return d;
    }
    if (o instanceof Float f) {
      return f.doubleValue();
    }
    return null;
  }

  private static BigDecimal numberDecimal(Object o) {
    if (o instanceof Boolean b) {
      return b ? BigDecimal.ONE : BigDecimal.ZERO;
    }
    return toDecimal((Number) o);
  }

  private static BigDecimal toDecimal(Number n) {
    if (n instanceof BigDecimal bd) {
      return bd;
    }
    if (n instanceof BigInteger bi) {
      return new BigDecimal(bi);
    }
    if (n instanceof Double || n instanceof Float) {
      double d = n.doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        return BigDecimal.ONE;
      }
      return new BigDecimal(d);
    }
    return BigDecimal.valueOf(n.longValue());
  }
}
