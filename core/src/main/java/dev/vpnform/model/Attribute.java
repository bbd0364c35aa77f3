package dev.vpnform.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One attribute of a resource kind, as the Networking API and the configuration both name it: what
 * values it takes, whether a change is made in place or forces a replacement, how two values
 * compare, its checks and its documentation line. Loading, diffing, request bodies, saved plans and
 * export all walk these descriptions rather than spelling each attribute out.
 *
 * @param name the API and YAML key
 * @param members the keys of an {@link Type#OBJECT}, each itself an attribute; empty otherwise
 * @param constraints value checks that need no other attribute (cross-attribute rules live in
 *     {@code validate/})
 * @param example a value as YAML, for messages and documentation; empty when none is needed
 * @param refersTo for a reference by name ({@code vpnservice}), the id attribute it resolves to
 *     ({@code vpnservice_id}); empty otherwise
 */
public record Attribute(
    String name,
    Type type,
    Mutability mutability,
    Comparison comparison,
    List<Attribute> members,
    List<Constraint> constraints,
    String doc,
    String example,
    String refersTo) {

  /** The JDK type each value has: String, Boolean, Integer, List of String, Map, Secret. */
  public enum Type {
    STRING("a string"),
    BOOLEAN("a boolean"),
    INTEGER("an integer"),
    /** A list of strings. */
    STRING_LIST("a list of strings"),
    /** A mapping of {@link Attribute#members()}, held as an ordered {@code Map<String,Object>}. */
    OBJECT("a mapping"),
    /** A {@link Secret}: written from {@code {env: NAME}}, {@code {file: PATH}} or a literal. */
    SECRET("a secret");

    private final String description;

    Type(String description) {
      this.description = description;
    }

    /** For messages: "an integer". */
    public String description() {
      return description;
    }
  }

  /** What a change of the attribute takes. */
  public enum Mutability {
    /** Set on create and changed in place by a PUT. */
    UPDATABLE,
    /** Set on create only: a change forces the resource to be replaced. */
    REPLACE,
    /** Set by the server: never sent, and an error in a configuration. */
    READ_ONLY,
    /**
     * Read by vpnform only, never sent: a reference by name ({@code vpnservice}) that becomes an id
     * before planning, or a lifecycle setting ({@code state}, {@code protect}).
     */
    CONFIG
  }

  /** How a desired value is compared with the actual one. */
  public enum Comparison {
    /** Equal values. */
    EXACT,
    /** The same set of CIDRs in canonical form: order and IPv6 spelling do not matter. */
    CIDR_SET,
    /** Equal ignoring case (UUIDs). */
    IGNORE_CASE,
    /** An IP literal compared canonically, or a hostname compared by what it resolves to. */
    RESOLVED_ADDRESS,
    /** Per member: only the members written are compared, and the server merges per key. */
    PER_KEY,
    /** Compared only when the server returns a value that can be trusted (see the profiles). */
    SECRET
  }

  /** A check of one value, with the rule id a violation carries. */
  public sealed interface Constraint {
    String rule();

    /** At most {@code max} characters (a database column). */
    record MaxLength(String rule, int max) implements Constraint {}

    /** One of {@code values}. */
    record OneOf(String rule, List<String> values) implements Constraint {
      public OneOf {
        values = List.copyOf(values);
      }
    }

    /** An integer that is zero or more. */
    record NonNegative(String rule) implements Constraint {}
  }

  public Attribute {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(mutability, "mutability");
    Objects.requireNonNull(comparison, "comparison");
    members = List.copyOf(members);
    constraints = List.copyOf(constraints);
    Objects.requireNonNull(doc, "doc");
    Objects.requireNonNull(example, "example");
    Objects.requireNonNull(refersTo, "refersTo");
    if ((type == Type.OBJECT) == members.isEmpty()) {
      throw new IllegalArgumentException("an object, and only an object, has members: " + name);
    }
  }

  /** Whether values are secrets: never shown, never saved. */
  public boolean sensitive() {
    return type == Type.SECRET;
  }

  /** Whether a configuration may set it. */
  public boolean writable() {
    return mutability != Mutability.READ_ONLY;
  }

  /** Whether requests carry it: set on create, and in a PUT unless it forces replacement. */
  public boolean sent() {
    return mutability == Mutability.UPDATABLE || mutability == Mutability.REPLACE;
  }

  /** Whether a change of it forces the resource to be replaced. */
  public boolean forcesReplacement() {
    return mutability == Mutability.REPLACE;
  }

  /** Whether it names another resource by name, resolved to {@link #refersTo()} before planning. */
  public boolean reference() {
    return !refersTo.isEmpty();
  }

  /** The values a {@link Constraint.OneOf} allows, or empty when any value is allowed. */
  public List<String> allowedValues() {
    return constraints.stream()
        .filter(c -> c instanceof Constraint.OneOf)
        .map(c -> ((Constraint.OneOf) c).values())
        .findFirst()
        .orElse(List.of());
  }

  public Optional<Attribute> member(String key) {
    return members.stream().filter(m -> m.name.equals(key)).findFirst();
  }

  public static Builder builder(String name, Type type) {
    return new Builder(name, type);
  }

  /** Builds an {@link Attribute}; updatable and compared exactly unless told otherwise. */
  public static final class Builder {
    private final String name;
    private final Type type;
    private Mutability mutability = Mutability.UPDATABLE;
    private Comparison comparison = Comparison.EXACT;
    private final List<Attribute> members = new ArrayList<>();
    private final List<Constraint> constraints = new ArrayList<>();
    private String doc = "";
    private String example = "";
    private String refersTo = "";

    private Builder(String name, Type type) {
      this.name = Objects.requireNonNull(name, "name");
      this.type = Objects.requireNonNull(type, "type");
      if (type == Type.SECRET) {
        comparison = Comparison.SECRET;
      }
    }

    public Builder replace() {
      mutability = Mutability.REPLACE;
      return this;
    }

    public Builder readOnly() {
      mutability = Mutability.READ_ONLY;
      return this;
    }

    /** Read by vpnform only, never sent ({@link Mutability#CONFIG}). */
    public Builder config() {
      mutability = Mutability.CONFIG;
      return this;
    }

    /** A reference by name that resolves to the id attribute {@code idAttribute}. */
    public Builder refersTo(String idAttribute) {
      mutability = Mutability.CONFIG;
      refersTo = Objects.requireNonNull(idAttribute, "idAttribute");
      return this;
    }

    public Builder comparison(Comparison c) {
      comparison = Objects.requireNonNull(c, "comparison");
      return this;
    }

    public Builder member(Attribute m) {
      members.add(Objects.requireNonNull(m, "member"));
      comparison = Comparison.PER_KEY;
      return this;
    }

    public Builder maxLength(int max) {
      constraints.add(new Constraint.MaxLength("O4", max));
      return this;
    }

    public Builder oneOf(String rule, String... values) {
      constraints.add(new Constraint.OneOf(rule, List.of(values)));
      return this;
    }

    public Builder nonNegative(String rule) {
      constraints.add(new Constraint.NonNegative(rule));
      return this;
    }

    public Builder doc(String doc) {
      this.doc = Objects.requireNonNull(doc, "doc");
      return this;
    }

    public Builder example(String example) {
      this.example = Objects.requireNonNull(example, "example");
      return this;
    }

    public Attribute build() {
      return new Attribute(
          name, type, mutability, comparison, members, constraints, doc, example, refersTo);
    }
  }
}
