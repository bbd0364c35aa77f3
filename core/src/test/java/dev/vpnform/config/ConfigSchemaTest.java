package dev.vpnform.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.vpnform.model.Attribute;
import dev.vpnform.model.ConnectionSchema;
import dev.vpnform.model.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The configuration's JSON Schema against the loader: the samples validate, every key the loader
 * accepts is in the schema, and keys the loader refuses are refused by the schema too (generated
 * keys as well as the known near misses).
 */
class ConfigSchemaTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Schema SCHEMA =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
          .getSchema(ConfigSchema.json());

  @TempDir Path dir;

  static List<Error> errors(String yaml) {
    Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    return SCHEMA.validate(JSON.valueToTree(doc));
  }

  /** The loader's verdict: true when the document loads without an error. */
  boolean loads(String yaml) throws Exception {
    Path f = dir.resolve("c" + System.nanoTime() + ".yaml");
    Files.writeString(f, yaml);
    try {
      ConfigLoader.builder().environment(k -> "x").build().load(List.of(f));
      return true;
    } catch (ConfigException e) {
      return false;
    }
  }

  static Stream<Path> samples() throws Exception {
    List<Path> out = new ArrayList<>();
    for (String d : List.of("openstack", "huaweicloud", "fujitsu-k5")) {
      try (Stream<Path> s = Files.walk(Path.of("../samples", d))) {
        s.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(out::add);
      }
    }
    return out.stream();
  }

  @ParameterizedTest
  @MethodSource("samples")
  void everySampleValidates(Path sample) throws Exception {
    assertThat(errors(Files.readString(sample))).as(sample.toString()).isEmpty();
  }

  @Test
  void theSchemaHasExactlyTheKeysTheLoaderReads() {
    JsonNode tree = ConfigSchema.tree();
    assertThat(names(tree.get("properties"))).isEqualTo(new TreeSet<>(DocumentReader.TOP_KEYS));
    JsonNode connection = tree.at("/properties/connections/items/properties");
    assertThat(names(connection)).isEqualTo(new TreeSet<>(DocumentReader.CONNECTION_KEYS));
    Set<String> dpd = new TreeSet<>();
    ConnectionSchema.DPD.members().forEach(m -> dpd.add(m.name()));
    assertThat(names(connection.at("/dpd/properties"))).isEqualTo(dpd);
    for (JsonNode source : connection.at("/psk/oneOf")) {
      if (source.has("properties")) {
        assertThat(DocumentReader.PSK_KEYS).containsAll(names(source.get("properties")));
      }
    }
    for (dev.vpnform.model.Kind kind : dev.vpnform.model.Kind.values()) {
      JsonNode entry = tree.at("/properties/" + kind.configKey() + "/items/properties");
      assertThat(names(entry))
          .as(kind.configKey())
          .isEqualTo(new TreeSet<>(DocumentReader.keys(kind)));
    }
  }

  /** Every writable attribute, with a value of its type, is accepted by both. */
  @ParameterizedTest
  @MethodSource("writable")
  void everyKeyTheLoaderAcceptsIsInTheSchema(Attribute a) throws Exception {
    String value =
        switch (a.type()) {
          case STRING -> a.allowedValues().isEmpty() ? "x" : a.allowedValues().get(0);
          case BOOLEAN -> "true";
          case INTEGER -> "1400";
          case STRING_LIST -> "[10.1.0.0/24]";
          case OBJECT -> "{}";
          case SECRET -> "{env: PSK}";
        };
    String identity = a == ConnectionSchema.NAME ? "id: c" : "name: c";
    String yaml = "connections:\n  - " + identity + "\n    " + a.name() + ": " + value + "\n";
    assertThat(loads(yaml)).as("loader").isTrue();
    assertThat(errors(yaml)).as("schema").isEmpty();
  }

  static Stream<Attribute> writable() {
    return Kind.CONNECTION.writable().stream();
  }

  /** Keys the loader refuses: read-only attributes, near misses and generated ones. */
  @Test
  void everyKeyTheLoaderRejectsTheSchemaRejects() throws Exception {
    List<String> keys = new ArrayList<>();
    Kind.CONNECTION.attributes().stream()
        .filter(a -> !a.writable())
        .forEach(a -> keys.add(a.name()));
    keys.addAll(List.of("mut", "Name", "peer-cidrs", "psk_file", "dpd_interval", "ID", ""));
    Random random = new Random(20261129);
    String alphabet = "abcdefghijklmnopqrstuvwxyz_-";
    while (keys.size() < 200) {
      StringBuilder k = new StringBuilder();
      for (int i = 1 + random.nextInt(14); i > 0; i--) {
        k.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      keys.add(k.toString());
    }
    int checked = 0;
    for (String key : keys) {
      String quoted = "\"" + key + "\"";
      for (String yaml :
          List.of(
              quoted + ": 1\n",
              "connections:\n  - name: c\n    " + quoted + ": 1\n",
              "connections:\n  - name: c\n    dpd: {" + quoted + ": 1}\n",
              "connections:\n  - name: c\n    psk: {" + quoted + ": x}\n")) {
        boolean loaderAccepts = loads(yaml);
        boolean schemaAccepts = errors(yaml).isEmpty();
        if (!loaderAccepts) {
          assertThat(schemaAccepts)
              .as("the schema accepts what the loader refuses: " + yaml)
              .isFalse();
        } else {
          assertThat(schemaAccepts)
              .as("the schema refuses what the loader accepts: " + yaml)
              .isTrue();
        }
        checked++;
      }
    }
    assertThat(checked).isEqualTo(800);
  }

  static Set<String> names(JsonNode object) {
    Set<String> out = new TreeSet<>();
    for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
      out.add(it.next());
    }
    return out;
  }
}
