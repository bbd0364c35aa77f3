package dev.vpnform.openstack;

import dev.vpnform.model.Secret;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Keystone v3 authentication and the choice of the Networking API endpoint. */
final class Keystone {
  private static final String NETWORK = "network";

  private Keystone() {}

  /** A token (null for auth type none) and the Networking API base URL, ending in {@code /v2.0}. */
  record Session(Secret token, URI networkBase) {}

  static Session authenticate(CloudConfig cfg, Transport t) throws ApiException {
    Collection<String> secrets = cfg.secretValues();
    switch (cfg.type()) {
      case NONE:
        return new Session(null, networkBase(cfg.endpoint().orElseThrow()));
      case TOKEN:
        if (cfg.endpoint().isPresent() && cfg.authUrl().isEmpty()) {
          // A token used as is against an explicit endpoint, like openstackclient's admin token.
          return new Session(cfg.token(), networkBase(cfg.endpoint().get()));
        }
        break;
      default:
        break;
    }
    URI tokens = URI.create(v3(cfg.authUrl().orElseThrow()) + "/auth/tokens");
    Transport.Op op =
        new Transport.Op("authenticate to Keystone at " + v3(cfg.authUrl().get()), null, null);
    Transport.Response r =
        t.send(
            new Transport.Request("POST", tokens, NeutronJson.write(body(cfg)), null), op, secrets);
    if (!r.ok()) {
      throw ErrorBody.toException(op, r, secrets);
    }
    String token = r.headers().firstValue("x-subject-token").orElse(null);
    if (token == null || token.isEmpty()) {
      throw new ApiException(
          op.operation(),
          null,
          null,
          r.status(),
          null,
          null,
          r.requestId().orElse(null),
          "the response has no X-Subject-Token header",
          null);
    }
    Secret tokenSecret = Secret.of(token);
    if (cfg.endpoint().isPresent()) {
      return new Session(tokenSecret, networkBase(cfg.endpoint().get()));
    }
    Map<String, Object> doc;
    try {
      doc = NeutronJson.parseObject(r.body(), "Keystone token response");
    } catch (ResponseFormatException e) {
      throw e.during(op, r);
    }
    String url = catalogEndpoint(doc, cfg, r.requestId().orElse(null));
    return new Session(tokenSecret, networkBase(url));
  }

  /**
   * {@code auth_url} as a v3 base: {@code http://h:5000} and {@code http://h:5000/v3/} both give
   * {@code http://h:5000/v3}.
   */
  static String v3(String authUrl) {
    String u = authUrl.replaceAll("/+$", "");
    return u.endsWith("/v3") ? u : u + "/v3";
  }

  /** The Networking API base: the endpoint with {@code /v2.0} appended unless it has it. */
  static URI networkBase(String endpoint) {
    String u = endpoint.replaceAll("/+$", "");
    return URI.create(u.endsWith("/v2.0") ? u : u + "/v2.0");
  }

  static Map<String, Object> body(CloudConfig cfg) {
    Map<String, Object> identity = new LinkedHashMap<>();
    Map<String, Object> auth = new LinkedHashMap<>();
    auth.put("identity", identity);
    switch (cfg.type()) {
      case PASSWORD -> {
        identity.put("methods", List.of("password"));
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("name", cfg.username());
        user.put("domain", domain(cfg.userDomainId(), cfg.userDomainName()));
        user.put("password", cfg.password().reveal());
        identity.put("password", Map.of("user", user));
        scope(cfg).ifPresent(s -> auth.put("scope", s));
      }
      case APPLICATION_CREDENTIAL -> {
        identity.put("methods", List.of("application_credential"));
        Map<String, Object> ac = new LinkedHashMap<>();
        ac.put("id", cfg.applicationCredentialId());
        ac.put("secret", cfg.applicationCredentialSecret().reveal());
        identity.put("application_credential", ac);
        // An application credential carries its own scope; Keystone refuses another.
      }
      case TOKEN -> {
        identity.put("methods", List.of("token"));
        identity.put("token", Map.of("id", cfg.token().reveal()));
        scope(cfg).ifPresent(s -> auth.put("scope", s));
      }
      case NONE -> throw new IllegalStateException("no Keystone request for auth type none");
    }
    return Map.of("auth", auth);
  }

  private static Optional<Map<String, Object>> scope(CloudConfig cfg) {
    if (cfg.projectId() != null) {
      return Optional.of(Map.of("project", Map.of("id", cfg.projectId())));
    }
    if (cfg.projectName() != null) {
      Map<String, Object> project = new LinkedHashMap<>();
      project.put("name", cfg.projectName());
      project.put("domain", domain(cfg.projectDomainId(), cfg.projectDomainName()));
      return Optional.of(Map.of("project", project));
    }
    return Optional.empty();
  }

  /** By id, else by name, else the {@code default} domain (as devstack's clouds.yaml has it). */
  private static Map<String, Object> domain(String id, String name) {
    if (id != null) {
      return Map.of("id", id);
    }
    return name != null ? Map.of("name", name) : Map.of("id", "default");
  }

  /** The {@code network} endpoint of the wanted interface and region. */
  static String catalogEndpoint(Map<String, Object> doc, CloudConfig cfg, String requestId)
      throws ApiException {
    String operation = "find the network endpoint in the Keystone service catalog";
    Object catalog = doc.get("token") instanceof Map<?, ?> tok ? tok.get("catalog") : null;
    if (!(catalog instanceof List<?> services)) {
      throw new ApiException(
          operation,
          null,
          null,
          0,
          null,
          null,
          requestId,
          "the token has no service catalog (is a project set? OS_PROJECT_NAME or OS_PROJECT_ID)",
          null);
    }
    String iface = cfg.interfaceName();
    String region = cfg.regionName().orElse(null);
    Set<String> offered = new LinkedHashSet<>();
    List<String> urls = new ArrayList<>();
    Set<String> regions = new LinkedHashSet<>();
    for (Object s : services) {
      if (!(s instanceof Map<?, ?> svc) || !NETWORK.equals(svc.get("type"))) {
        continue;
      }
      if (!(svc.get("endpoints") instanceof List<?> eps)) {
        continue;
      }
      for (Object e : eps) {
        if (!(e instanceof Map<?, ?> ep) || !(ep.get("url") instanceof String url)) {
          continue;
        }
        String epIface = String.valueOf(ep.get("interface"));
        String epRegion =
            ep.get("region_id") != null
                ? String.valueOf(ep.get("region_id"))
                : String.valueOf(ep.get("region"));
        offered.add(epIface + " in " + epRegion);
        boolean regionMatches =
            region == null || region.equals(ep.get("region_id")) || region.equals(ep.get("region"));
        if (iface.equals(epIface) && regionMatches && !urls.contains(url)) {
          urls.add(url);
          regions.add(epRegion);
        }
      }
    }
    String wanted = "interface " + iface + (region != null ? " in region " + region : "");
    if (urls.isEmpty()) {
      throw new ApiException(
          operation,
          null,
          null,
          0,
          null,
          null,
          requestId,
          "no network endpoint for "
              + wanted
              + (offered.isEmpty()
                  ? " (the catalog has no network service)"
                  : " (the catalog offers " + String.join(", ", offered) + ")"),
          null);
    }
    if (urls.size() > 1) {
      throw new ApiException(
          operation,
          null,
          null,
          0,
          null,
          null,
          requestId,
          "several network endpoints match "
              + wanted
              + " (regions "
              + String.join(", ", regions)
              + "); set the region ("
              + CloudSetting.REGION_NAME.sources()
              + ")",
          null);
    }
    return urls.get(0);
  }
}
