package dev.vpnform.openstack;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vpnform.model.ActualConnection;
import dev.vpnform.model.Attribute;
import dev.vpnform.model.Kind;
import dev.vpnform.model.Secret;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads Networking API bodies into model types, normalising values the way the server does.
 *
 * <p>Hostile or broken input is bounded by {@link StreamReadConstraints} and reported as a {@link
 * ResponseFormatException} whose message never quotes the input, so a psk in a broken document
 * cannot leak through an error message.
 */
public final class NeutronJson {
  static final int MAX_NESTING_DEPTH = 32;
  static final int MAX_STRING_LENGTH = 1 << 20;
  static final long MAX_DOCUMENT_LENGTH = 64L << 20;

  static final JsonFactory FACTORY =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(MAX_NESTING_DEPTH)
                  .maxStringLength(MAX_STRING_LENGTH)
                  .maxDocumentLength(MAX_DOCUMENT_LENGTH)
                  .maxNameLength(4096)
                  .maxNumberLength(64)
                  .build())
          .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  /** For plain maps (errors, tokens, VPN services) and for writing request bodies. */
  static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);

  private static final String ONE = "ipsec_site_connection";
  private static final String MANY = "ipsec_site_connections";
  private static final String LINKS = "ipsec_site_connections_links";

  private NeutronJson() {}

  /**
   * Parses a Networking API body: {@code {"ipsec_site_connection": {...}}} or {@code
   * {"ipsec_site_connections": [...]}}.
   *
   * @param sourceName how the document is named in error messages, e.g. a file name
   * @throws ResponseFormatException (an {@link ApiException}) when the body is malformed, too large
   *     or too deep, has a value of the wrong type, or a connection without an {@code id}
   */
  public static List<ActualConnection> parseConnections(String json, String sourceName)
      throws ApiException {
    return parsePage(json, sourceName).connections();
  }

  /**
   * Like {@link #parseConnections(String, String)}, for a body held in a file: the bytes must be
   * UTF-8, and the first byte that is not is located ({@code source:line:col: not valid UTF-8}).
   */
  public static List<ActualConnection> parseConnections(byte[] body, String sourceName)
      throws ApiException {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    CharBuffer out = CharBuffer.allocate(body.length); // UTF-8 never needs more chars than bytes
    CoderResult result = decoder.decode(ByteBuffer.wrap(body), out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    out.flip();
    if (result.isError()) {
      String before = out.toString();
      int lineStart = before.lastIndexOf('\n') + 1;
      int line = 1 + (int) before.chars().filter(c -> c == '\n').count();
      int column = 1 + before.codePointCount(lineStart, before.length());
      throw new ResponseFormatException(sourceName, line, column, "not valid UTF-8");
    }
    return parseConnections(out.toString(), sourceName);
  }

  /** One response of the list call: its connections and the href of its {@code next} link. */
  record Page(List<ActualConnection> connections, Optional<String> nextHref) {}

  static Page parsePage(String json, String sourceName) throws ResponseFormatException {
    try (JsonParser p = FACTORY.createParser(json)) {
      try {
        return new Reader(p, sourceName).page();
      } catch (StreamConstraintsException e) {
        // A limit error carries no location; the parser knows where it stopped.
        throw syntaxError(e, sourceName, p.currentLocation());
      }
    } catch (ResponseFormatException e) {
      throw e;
    } catch (JsonProcessingException e) {
      throw syntaxError(e, sourceName);
    } catch (IOException e) {
      // A String source has no I/O; be safe and say nothing about the content.
      throw new ResponseFormatException(sourceName, 0, 0, "unreadable JSON");
    }
  }

  /** Parses a JSON object into plain JDK values (maps, lists, strings, numbers, booleans). */
  static Map<String, Object> parseObject(String json, String sourceName)
      throws ResponseFormatException {
    try (JsonParser p = FACTORY.createParser(json)) {
      JsonToken t = p.nextToken();
      if (t != JsonToken.START_OBJECT) {
        throw new ResponseFormatException(
            sourceName, line(p), column(p), "expected a JSON object, got " + describe(t));
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> m = MAPPER.readValue(p, LinkedHashMap.class);
      if (p.nextToken() != null) {
        throw new ResponseFormatException(
            sourceName, line(p), column(p), "unexpected content after the JSON object");
      }
      return m;
    } catch (ResponseFormatException e) {
      throw e;
    } catch (JsonProcessingException e) {
      throw syntaxError(e, sourceName);
    } catch (IOException e) {
      throw new ResponseFormatException(sourceName, 0, 0, "unreadable JSON");
    }
  }

  /** Serialises JDK values (maps, lists, strings, numbers, booleans, nulls) as JSON. */
  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      // Only JDK values are written; this means a programming error, and the message is safe
      // because no value is quoted.
      throw new IllegalArgumentException("cannot write a " + value.getClass().getName(), e);
    }
  }

  // --- errors ---------------------------------------------------------------------------------

  /** Jackson's message can quote the input, so only {@link SafeText#summary} of it is kept. */
  static ResponseFormatException syntaxError(JsonProcessingException e, String sourceName) {
    return syntaxError(e, sourceName, null);
  }

  /** {@code fallback} locates an exception that has no location of its own. */
  private static ResponseFormatException syntaxError(
      JsonProcessingException e, String sourceName, JsonLocation fallback) {
    String problem;
    if (e instanceof StreamConstraintsException) {
      problem =
          "the document exceeds a size limit (nesting depth "
              + MAX_NESTING_DEPTH
              + ", string length "
              + MAX_STRING_LENGTH
              + ", document length "
              + MAX_DOCUMENT_LENGTH
              + ")";
    } else if (e instanceof JsonEOFException) {
      problem = "malformed JSON: unexpected end of input";
    } else {
      problem = "malformed JSON" + SafeText.summary(e.getOriginalMessage());
    }
    JsonLocation loc = e.getLocation();
    if (loc == null || loc.getLineNr() <= 0) {
      loc = fallback;
    }
    int line = loc == null ? 0 : Math.max(loc.getLineNr(), 0);
    int col = loc == null ? 0 : Math.max(loc.getColumnNr(), 0);
    return new ResponseFormatException(sourceName, line, col, problem);
  }

  private static int line(JsonParser p) {
    return Math.max(p.currentTokenLocation().getLineNr(), 0);
  }

  private static int column(JsonParser p) {
    return Math.max(p.currentTokenLocation().getColumnNr(), 0);
  }

  private static String describe(JsonToken t) {
    if (t == null) {
      return "the end of the document";
    }
    return switch (t) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT -> "an integer";
      case VALUE_NUMBER_FLOAT -> "a decimal number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> "'" + t.asString() + "'";
    };
  }

  // --- the streaming reader ------------------------------------------------------------------

  /** Reads with the streaming API so that every problem can be located. */
  private static final class Reader {
    private final JsonParser p;
    private final String source;

    Reader(JsonParser p, String source) {
      this.p = p;
      this.source = source;
    }

    Page page() throws IOException, ResponseFormatException {
      JsonToken t = p.nextToken();
      if (t != JsonToken.START_OBJECT) {
        throw error("", "expected a JSON object, got " + describe(t));
      }
      JsonLocation start = p.currentTokenLocation();
      List<ActualConnection> connections = null;
      String next = null;
      boolean seenLinks = false;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        JsonToken v = p.nextToken();
        switch (key) {
          case ONE -> {
            if (connections != null) {
              throw error(ONE, "both '" + ONE + "' and '" + MANY + "' are present");
            }
            connections = List.of(connection(ONE));
          }
          case MANY -> {
            if (connections != null) {
              throw error(MANY, "both '" + ONE + "' and '" + MANY + "' are present");
            }
            if (v != JsonToken.START_ARRAY) {
              throw error(MANY, "expected an array, got " + describe(v));
            }
            connections = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
              connections.add(connection(MANY + "[" + connections.size() + "]"));
            }
          }
          case LINKS -> {
            seenLinks = true;
            next = nextHref();
          }
          default -> p.skipChildren();
        }
      }
      if (p.nextToken() != null) {
        throw error("", "unexpected content after the JSON object");
      }
      if (connections == null) {
        throw new ResponseFormatException(
            source,
            start.getLineNr(),
            start.getColumnNr(),
            "expected '" + ONE + "' or '" + MANY + "' in the object");
      }
      return new Page(
          List.copyOf(connections), seenLinks ? Optional.ofNullable(next) : Optional.empty());
    }

    /** The {@code href} of the {@code rel: next} link, or null. */
    private String nextHref() throws IOException, ResponseFormatException {
      if (p.currentToken() == JsonToken.VALUE_NULL) {
        return null;
      }
      if (p.currentToken() != JsonToken.START_ARRAY) {
        throw error(LINKS, "expected an array, got " + describe(p.currentToken()));
      }
      String next = null;
      int i = 0;
      while (p.nextToken() != JsonToken.END_ARRAY) {
        String path = LINKS + "[" + i++ + "]";
        if (p.currentToken() != JsonToken.START_OBJECT) {
          throw error(path, "expected an object, got " + describe(p.currentToken()));
        }
        String rel = null;
        String href = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          p.nextToken();
          switch (key) {
            case "rel" -> rel = string(path + ".rel");
            case "href" -> href = string(path + ".href");
            default -> p.skipChildren();
          }
        }
        if ("next".equals(rel) && href != null) {
          next = href;
        }
      }
      return next;
    }

    private ActualConnection connection(String path) throws IOException, ResponseFormatException {
      if (p.currentToken() != JsonToken.START_OBJECT) {
        throw error(path, "expected an object, got " + describe(p.currentToken()));
      }
      JsonLocation start = p.currentTokenLocation();
      String id = null;
      Map<String, Object> values = new LinkedHashMap<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        String at = path + "." + key;
        p.nextToken();
        Optional<Attribute> attr = Kind.CONNECTION.attribute(key);
        if (key.equals("id")) {
          id = string(at);
        } else if (attr.isPresent()) {
          values.put(key, value(attr.get(), at));
        } else {
          p.skipChildren();
        }
      }
      if (id == null || id.isEmpty()) {
        throw new ResponseFormatException(
            source, start.getLineNr(), start.getColumnNr(), path + ": the connection has no 'id'");
      }
      ActualConnection.Builder b = ActualConnection.builder(id);
      values.forEach(b::set);
      return b.build();
    }

    /** One attribute's value, of the JDK type its schema type names; null for JSON null. */
    private Object value(Attribute attr, String path) throws IOException, ResponseFormatException {
      return switch (attr.type()) {
        case STRING -> string(path);
        case SECRET -> {
          String s = string(path);
          yield s == null ? null : Secret.of(s);
        }
        case BOOLEAN -> bool(path);
        case INTEGER -> integer(path);
        case STRING_LIST -> stringList(path);
        case OBJECT -> object(attr, path);
      };
    }

    /** An object's known members; others are skipped. */
    private Map<String, Object> object(Attribute attr, String path)
        throws IOException, ResponseFormatException {
      JsonToken t = p.currentToken();
      if (t == JsonToken.VALUE_NULL) {
        return null;
      }
      if (t != JsonToken.START_OBJECT) {
        throw error(path, "expected an object, got " + describe(t));
      }
      Map<String, Object> m = new LinkedHashMap<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        p.nextToken();
        Optional<Attribute> member = attr.member(key);
        if (member.isPresent()) {
          Object v = value(member.get(), path + "." + key);
          if (v != null) {
            m.put(key, v);
          }
        } else {
          p.skipChildren();
        }
      }
      return m;
    }

    private String string(String path) throws IOException, ResponseFormatException {
      JsonToken t = p.currentToken();
      if (t == JsonToken.VALUE_NULL) {
        return null;
      }
      if (t != JsonToken.VALUE_STRING) {
        throw wrongType(path, "a string", t);
      }
      return p.getText();
    }

    /** A bare string is one element, as the server accepts it; null is an empty list. */
    private List<String> stringList(String path) throws IOException, ResponseFormatException {
      JsonToken t = p.currentToken();
      if (t == JsonToken.VALUE_NULL) {
        return List.of();
      }
      if (t == JsonToken.VALUE_STRING) {
        return List.of(p.getText());
      }
      if (t != JsonToken.START_ARRAY) {
        throw wrongType(path, "a list of strings", t);
      }
      List<String> out = new ArrayList<>();
      while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
        if (t != JsonToken.VALUE_STRING) {
          throw wrongType(path + "[" + out.size() + "]", "a string", t);
        }
        out.add(p.getText());
      }
      return out;
    }

    /** Like the server's converter: {@code "1300"} is 1300 and {@code 1400.5} is 1400. */
    private Integer integer(String path) throws IOException, ResponseFormatException {
      JsonToken t = p.currentToken();
      switch (t) {
        case VALUE_NULL:
          return null;
        case VALUE_NUMBER_INT:
          if (p.getNumberType() != JsonParser.NumberType.INT) {
            throw error(path, "the integer is out of range");
          }
          return p.getIntValue();
        case VALUE_NUMBER_FLOAT:
          double d = p.getDoubleValue();
          if (!Double.isFinite(d) || d >= 0x1p31 || d <= -0x1p31 - 1) {
            throw error(path, "the number is out of range");
          }
          return (int) d;
        case VALUE_STRING:
          String s = p.getText().trim();
          if (!s.matches("[+-]?[0-9]{1,10}")) {
            throw error(path, "expected an integer, got a string that is not an integer");
          }
          long l = Long.parseLong(s);
          if (l != (int) l) {
            throw error(path, "the integer is out of range");
          }
          return (int) l;
        default:
          throw wrongType(path, "an integer", t);
      }
    }

    /** Like the server's converter: also "true"/"false"/"1"/"0" and the integers 0 and 1. */
    private Boolean bool(String path) throws IOException, ResponseFormatException {
      JsonToken t = p.currentToken();
      switch (t) {
        case VALUE_NULL:
          return null;
        case VALUE_TRUE:
          return true;
        case VALUE_FALSE:
          return false;
        case VALUE_STRING:
          String s = p.getText().trim().toLowerCase(Locale.ROOT);
          if (s.equals("true") || s.equals("1")) {
            return true;
          }
          if (s.equals("false") || s.equals("0")) {
            return false;
          }
          throw error(path, "expected a boolean, got a string that is not a boolean");
        case VALUE_NUMBER_INT:
          if (p.getNumberType() == JsonParser.NumberType.INT
              && (p.getIntValue() == 0 || p.getIntValue() == 1)) {
            return p.getIntValue() == 1;
          }
          throw error(path, "expected a boolean, got an integer other than 0 or 1");
        default:
          throw wrongType(path, "a boolean", t);
      }
    }

    private ResponseFormatException wrongType(String path, String expected, JsonToken got) {
      return error(path, "expected " + expected + ", got " + describe(got));
    }

    private ResponseFormatException error(String path, String problem) {
      return new ResponseFormatException(
          source, line(p), column(p), path.isEmpty() ? problem : path + ": " + problem);
    }
  }
}
