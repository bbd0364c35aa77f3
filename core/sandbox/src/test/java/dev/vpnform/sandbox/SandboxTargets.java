package dev.vpnform.sandbox;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** {@link ApiTarget}s backed by a fresh sandbox with the built-in sample. */
final class SandboxTargets implements ApiTarget.Factory {
  static final String LEGACY = "70000000-0000-4000-8000-000000000001";
  static final String DOWN = "70000000-0000-4000-8000-000000000002";
  static final String EPG = "70000000-0000-4000-8000-000000000003";
  static final String ROUTER = "10000000-0000-4000-8000-000000000001";
  static final String SUBNET = "20000000-0000-4000-8000-000000000001";
  static final String SUBNET_V6 = "20000000-0000-4000-8000-000000000004";
  static final String SUBNET_OFF_ROUTER = "20000000-0000-4000-8000-000000000005";
  static final String VPNSERVICE_LEGACY = "30000000-0000-4000-8000-000000000001";
  static final String VPNSERVICE_EPG = "30000000-0000-4000-8000-000000000002";
  static final String LOCAL_GROUP = "40000000-0000-4000-8000-000000000001";
  static final String LOCAL_GROUP2 = "40000000-0000-4000-8000-000000000002";
  static final String PEER_GROUP = "40000000-0000-4000-8000-000000000003";
  static final String PEER_GROUP2 = "40000000-0000-4000-8000-000000000004";
  static final String IKEPOLICY = "50000000-0000-4000-8000-000000000001";
  static final String IPSECPOLICY = "60000000-0000-4000-8000-000000000001";

  /** The fields of a valid legacy connection on the sample's legacy service. */
  static Map<String, Object> legacyFields(String name) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("name", name);
    f.put("vpnservice_id", VPNSERVICE_LEGACY);
    f.put("ikepolicy_id", IKEPOLICY);
    f.put("ipsecpolicy_id", IPSECPOLICY);
    f.put("peer_address", "198.51.100.77");
    f.put("peer_id", "198.51.100.77");
    f.put("peer_cidrs", java.util.List.of("192.168.77.0/24"));
    f.put("psk", "sandbox-psk-test");
    return f;
  }

  /** The router without an external gateway that {@code router_no_gateway} names. */
  static final String ROUTER_NO_GATEWAY = "10000000-0000-4000-8000-0000000000ff";

  @Override
  public ApiTarget create() throws Exception {
    return create(Set.of());
  }

  /**
   * A fresh sandbox with the built-in sample. When {@code needed} names {@code router_no_gateway},
   * the sample gets one more router, without a gateway (the real server's target creates one for
   * that case only, so the sample stays as documented for the others).
   */
  ApiTarget create(Set<String> needed) throws Exception {
    Sandbox.Builder builder = Sandbox.builder();
    java.nio.file.Path seed = null;
    if (needed.contains("router_no_gateway")) {
      seed = java.nio.file.Files.createTempFile("vpnform-case-seed", ".json");
      com.fasterxml.jackson.databind.ObjectMapper json =
          new com.fasterxml.jackson.databind.ObjectMapper();
      com.fasterxml.jackson.databind.node.ObjectNode sample;
      try (java.io.InputStream in = Sandbox.class.getResourceAsStream("sample-state.json")) {
        sample = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(in);
      }
      com.fasterxml.jackson.databind.node.ObjectNode r = sample.withArray("routers").addObject();
      r.put("id", ROUTER_NO_GATEWAY);
      r.put("name", "case-no-gateway");
      r.putArray("gateway_ips");
      r.putArray("subnet_ids");
      json.writeValue(seed.toFile(), sample);
      builder.seed(seed);
    }
    Sandbox sandbox;
    try {
      sandbox = builder.build().start();
    } finally {
      if (seed != null) {
        java.nio.file.Files.deleteIfExists(seed);
      }
    }
    Map<String, String> vars = new LinkedHashMap<>();
    vars.put("legacy", LEGACY);
    vars.put("down", DOWN);
    vars.put("epg", EPG);
    vars.put("pending", sandbox.createConnection(legacyFields("case-pending")));
    String pendingUpdate = sandbox.createConnection(legacyFields("case-pending-update"));
    sandbox.setStatus(pendingUpdate, "PENDING_UPDATE");
    vars.put("pending_update", pendingUpdate);
    vars.put("router", ROUTER);
    if (needed.contains("router_no_gateway")) {
      vars.put("router_no_gateway", ROUTER_NO_GATEWAY);
    }
    vars.put("subnet", SUBNET);
    vars.put("subnet_v6", SUBNET_V6);
    vars.put("subnet_off_router", SUBNET_OFF_ROUTER);
    vars.put("vpnservice_legacy", VPNSERVICE_LEGACY);
    vars.put("vpnservice_epg", VPNSERVICE_EPG);
    vars.put("ikepolicy", IKEPOLICY);
    vars.put("ipsecpolicy", IPSECPOLICY);
    vars.put("local_group", LOCAL_GROUP);
    vars.put("local_group2", LOCAL_GROUP2);
    vars.put("peer_group", PEER_GROUP);
    vars.put("peer_group2", PEER_GROUP2);
    vars.put("project", Sandbox.SAMPLE_PROJECT_ID);
    return new ApiTarget() {
      @Override
      public URI endpoint() {
        return sandbox.networkEndpoint();
      }

      @Override
      public Map<String, String> variables() {
        return vars;
      }

      @Override
      public Map<String, String> headers() {
        return Map.of();
      }

      @Override
      public Set<String> capabilities() {
        return Set.of("noauth");
      }

      @Override
      public void close() {
        sandbox.close();
      }
    };
  }
}
