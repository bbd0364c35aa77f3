package dev.vpnform.config;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8 decoding: malformed input is reported, never replaced with U+FFFD. */
final class Utf8 {
  static final char BOM = '\uFEFF';

  /**
   * The outcome of decoding. When {@code text} is null the input was malformed at byte {@code
   * badOffset}, and {@code prefix} holds what decoded before it (to locate the problem).
   */
  record Decoded(String text, long badOffset, String prefix) {}

  private Utf8() {}

  static Decoded decode(byte[] bytes) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    // UTF-8 never needs more chars than bytes.
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    out.flip();
    if (result.isError()) {
      return new Decoded(null, in.position(), out.toString());
    }
    return new Decoded(out.toString(), -1, null);
  }

  /** {@code s} without a leading byte order mark, which YAML allows and we ignore. */
  static String stripBom(String s) {
    return !s.isEmpty() && s.charAt(0) == BOM ? s.substring(1) : s;
  }

  /** The length of {@code s} in UTF-8, without encoding it. */
  static long encodedLength(String s) {
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n += 1;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3; // a lone surrogate counts as 3 too: an upper bound is enough for a limit
      }
    }
    return n;
  }
}
