package dev.vpnform.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vpnform.cli.Main;
import dev.vpnform.sandbox.testing.RealNeutron;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * What one IT creates on the real server, and the tools it checks with: the noauth API (create,
 * GET, DELETE), the real {@code openstack} CLI and vpnform's CLI in-process. Every connection it
 * creates is deleted by {@link #close()}.
 */
final class Fixture implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  final RealNeutron neutron;
  final RealNeutron.Section section;

  /** The clouds.yaml cloud the openstack CLI uses: vpnform-noauth or ks-admin. */
  final String oscCloud;

  final Path dir;
  private final List<String> created = new ArrayList<>();
  private int peer = 10 + (int) (Math.random() * 200);

  Fixture(RealNeutron neutron, boolean admin, String oscCloud, Path dir) {
    this.neutron = neutron;
    this.section = neutron.section(admin);
    this.oscCloud = oscCloud;
    this.dir = dir;
  }

  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** 192.0.2.x (TEST-NET-1): unlike 198.51.100.x it is used by no seeded or contract case. */
  private String nextPeer() {
    peer = peer % 250 + 1;
    return "192.0.2." + peer;
  }

  // --- connections ------------------------------------------------------------------------------

  /**
   * A legacy (peer_cidrs) connection, set ACTIVE in the DB; {@code extra} overrides the defaults.
   */
  String createLegacy(String name, String psk, List<String> peerCidrs, Map<String, Object> extra)
      throws IOException {
    Map<String, Object> f = base(name, psk);
    f.put("vpnservice_id", section.vpnserviceLegacy());
    f.put("peer_cidrs", peerCidrs);
    f.putAll(extra);
    return create(f);
  }

  /** An endpoint-group connection local_a/peer_a, set ACTIVE in the DB. */
  String createEpg(String name, String psk, Map<String, Object> extra) throws IOException {
    Map<String, Object> f = base(name, psk);
    f.put("vpnservice_id", section.vpnserviceEpg());
    f.put("local_ep_group_id", section.localA());
    f.put("peer_ep_group_id", section.peerA());
    f.putAll(extra);
    return create(f);
  }

  private Map<String, Object> base(String name, String psk) {
    String address = nextPeer();
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("name", name);
    f.put("tenant_id", section.tenantId());
    f.put("ikepolicy_id", section.ikepolicy());
    f.put("ipsecpolicy_id", section.ipsecpolicy());
    f.put("peer_address", address);
    f.put("peer_id", address);
    f.put("psk", psk);
    return f;
  }

  private String create(Map<String, Object> fields) throws IOException {
    HttpResponse<String> r =
        neutron.send(
            "POST",
            "/v2.0/vpn/ipsec-site-connections",
            RealNeutron.write(Map.of("ipsec_site_connection", fields)));
    assertThat(r.statusCode()).as("POST %s: %s", fields.get("name"), r.body()).isEqualTo(201);
    String id = RealNeutron.json(r.body()).get("ipsec_site_connection").get("id").asText();
    created.add(id);
    neutron.setStatus(id, "ACTIVE");
    return id;
  }

  /** GET through the API: the stored connection, psk included. */
  JsonNode get(String id) throws IOException {
    HttpResponse<String> r = neutron.send("GET", "/v2.0/vpn/ipsec-site-connections/" + id, null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return RealNeutron.json(r.body()).get("ipsec_site_connection");
  }

  /** PUT a raw body to the noauth server; for the refusal checks. */
  HttpResponse<String> put(String id, String body) throws IOException {
    return neutron.send("PUT", "/v2.0/vpn/ipsec-site-connections/" + id, body);
  }

  @Override
  public void close() {
    for (String id : created) {
      try {
        HttpResponse<String> r =
            neutron.send("DELETE", "/v2.0/vpn/ipsec-site-connections/" + id, null);
        if (r.statusCode() != 204 && r.statusCode() != 404) {
          System.err.println(
              "[it] could not delete " + id + ": " + r.statusCode() + " " + r.body());
        }
      } catch (IOException e) {
        System.err.println("[it] could not delete " + id + ": " + e);
      }
    }
    created.clear();
  }

  // --- the real openstack CLI ----------------------------------------------------------------

  /** {@code openstack --os-cloud CLOUD vpn ipsec site connection show -f json ID}. */
  Map<String, Object> oscShow(String id) {
    Osc r = osc("vpn", "ipsec", "site", "connection", "show", "-f", "json", id);
    assertThat(r.exit).as("openstack show %s: %s", id, r.output).isZero();
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> m = JSON.readValue(r.stdout, LinkedHashMap.class);
      return m;
    } catch (IOException e) {
      throw new AssertionError("openstack show printed no JSON: " + r.output, e);
    }
  }

  record Osc(int exit, String stdout, String output) {}

  /** Runs the real openstack CLI against this fixture's cloud, with only clouds.yaml for config. */
  Osc osc(String... args) {
    List<String> cmd = new ArrayList<>(List.of("openstack", "--os-cloud", oscCloud));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("OS_"));
    env.put("OS_CLIENT_CONFIG_FILE", neutron.cloudsYaml().toString());
    Path out = dir.resolve("osc-" + UUID.randomUUID() + ".out");
    Path err = dir.resolve("osc-" + UUID.randomUUID() + ".err");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    try {
      Process p = pb.start();
      p.getOutputStream().close();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("openstack timed out: " + cmd);
      }
      String o = java.nio.file.Files.readString(out);
      String e = java.nio.file.Files.readString(err);
      return new Osc(p.exitValue(), o, o + e);
    } catch (IOException e) {
      throw new AssertionError("cannot run openstack: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** The keys whose values differ between two {@link #oscShow} results. */
  static Map<String, Object[]> diff(Map<String, Object> before, Map<String, Object> after) {
    Map<String, Object[]> d = new LinkedHashMap<>();
    java.util.Set<String> keys = new java.util.LinkedHashSet<>(before.keySet());
    keys.addAll(after.keySet());
    for (String k : keys) {
      Object a = before.get(k);
      Object b = after.get(k);
      if (!java.util.Objects.equals(normal(a), normal(b))) {
        d.put(k, new Object[] {a, b});
      }
    }
    return d;
  }

  /** Lists compared as sets (peer_cidrs come back in any order). */
  private static Object normal(Object o) {
    return o instanceof List<?> l
        ? new java.util.TreeSet<>(l.stream().map(String::valueOf).toList())
        : o;
  }

  // --- vpnform in-process ---------------------------------------------------------------------

  /** One run of vpnform's CLI in-process, as SandboxCliTest does. */
  record Run(int exit, String out, String err) {
    String all() {
      return out + err;
    }

    @Override
    public String toString() {
      return "exit " + exit + "\n--- out\n" + out + "--- err\n" + err;
    }
  }

  static Run vpnform(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = Main.run(args, out, err, new HashMap<>(env));
    return new Run(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
