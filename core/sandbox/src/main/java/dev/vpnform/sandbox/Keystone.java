package dev.vpnform.sandbox;

import dev.vpnform.sandbox.Http.Req;
import dev.vpnform.sandbox.Http.Res;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A minimal Keystone v3 under {@code /identity}: version documents, token issue (password,
 * application credential, token), validation and revocation. There is one domain, "Default". Tokens
 * are random strings held in memory; they are never logged or echoed in errors.
 */
final class Keystone {
  static final String DOMAIN_ID = "default";
  static final String DOMAIN_NAME = "Default";
  static final String REGION = "RegionOne";

  record User(String name, String password, String project, boolean admin) {
    String id() {
      return hexId("user:" + name);
    }
  }

  record AppCred(String id, String secret, String userName) {}

  private record Token(
      User user,
      String project,
      List<String> methods,
      Instant issued,
      Instant expires,
      String appCredId,
      String auditId) {}

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final List<User> users;
  private final List<AppCred> appCreds;
  private final Duration ttl;
  private final Supplier<Instant> clock;
  private final Supplier<String> baseUrl;
  private final Map<String, Token> tokens = new ConcurrentHashMap<>();

  Keystone(
      List<User> users,
      List<AppCred> appCreds,
      Duration ttl,
      Supplier<Instant> clock,
      Supplier<String> baseUrl) {
    this.users = List.copyOf(users);
    this.appCreds = List.copyOf(appCreds);
    this.ttl = ttl;
    this.clock = clock;
    this.baseUrl = baseUrl;
  }

  /** Keystone ids are 32 hex digits; the sandbox derives them from names so they are stable. */
  static String hexId(String seed) {
    return UUID.nameUUIDFromBytes(("vpnform-sandbox:" + seed).getBytes(StandardCharsets.UTF_8))
        .toString()
        .replace("-", "");
  }

  static String projectId(String projectName) {
    return hexId("project:" + projectName);
  }

  /** The request context a token stands for, or null when it is unknown or expired. */
  VpnPlugin.Ctx authenticate(String tokenId) {
    Token t = tokenId == null ? null : tokens.get(tokenId);
    if (t == null || !clock.get().isBefore(t.expires())) {
      return null;
    }
    return new VpnPlugin.Ctx(t.project() == null ? null : projectId(t.project()), t.user().admin());
  }

  void expireAll() {
    tokens.clear();
  }

  // ---- HTTP ----

  Res handle(Req req) {
    String path = req.rawPath().substring("/identity".length());
    if (path.endsWith("/") && path.length() > 1) {
      path = path.substring(0, path.length() - 1);
    }
    String ks = baseUrl.get() + "/identity";
    switch (path) {
      case "", "/" -> {
        if (!req.method().equals("GET")) {
          return error(
              405, "Method Not Allowed", "The method is not allowed for the requested URL.");
        }
        return Res.json(300, Map.of("versions", Map.of("values", List.of(version(ks)))))
            .withHeader("Location", ks + "/v3/");
      }
      case "/v3" -> {
        if (!req.method().equals("GET")) {
          return error(
              405, "Method Not Allowed", "The method is not allowed for the requested URL.");
        }
        return Res.json(200, Map.of("version", version(ks)));
      }
      case "/v3/auth/tokens" -> {
        return switch (req.method()) {
          case "POST" -> issue(req);
          case "GET" -> validate(req);
          case "DELETE" -> revoke(req);
          default ->
              error(405, "Method Not Allowed", "The method is not allowed for the requested URL.");
        };
      }
      default -> {
        return error(404, "Not Found", "The resource could not be found.");
      }
    }
  }

  private static Map<String, Object> version(String ks) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("id", "v3.14");
    v.put("status", "stable");
    v.put("updated", "2020-04-07T00:00:00Z");
    v.put("links", List.of(Map.of("rel", "self", "href", ks + "/v3/")));
    v.put(
        "media-types",
        List.of(
            Map.of(
                "base", "application/json", "type", "application/vnd.openstack.identity-v3+json")));
    return v;
  }

  Res unauthorized() {
    return error(401, "Unauthorized", "The request you have made requires authentication.")
        .withHeader("WWW-Authenticate", "Keystone uri=\"" + baseUrl.get() + "/identity/v3\"");
  }

  private static Res error(int code, String title, String message) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("code", code);
    e.put("message", message);
    e.put("title", title);
    return Res.json(code, Map.of("error", e));
  }

  private static Res badRequest(String message) {
    return error(
        400,
        "Bad Request",
        message
            + " The server could not comply with the request since it is either malformed or"
            + " otherwise incorrect. The client is assumed to be in error.");
  }

  private Res issue(Req req) {
    Map<?, ?> auth;
    try {
      Object parsed = Json.parse(req.body());
      auth = parsed instanceof Map<?, ?> m && m.get("auth") instanceof Map<?, ?> a ? a : null;
    } catch (Json.Malformed e) {
      return badRequest("Malformed request body.");
    }
    if (auth == null || !(auth.get("identity") instanceof Map<?, ?> identity)) {
      return badRequest("Expecting to find identity in auth.");
    }
    if (!(identity.get("methods") instanceof List<?> methods) || methods.isEmpty()) {
      return badRequest("Expecting to find methods in identity.");
    }
    User user = null;
    String appCredId = null;
    String inheritedProject = null;
    List<String> used = new ArrayList<>();
    for (Object m : methods) {
      if (!(m instanceof String method) || !(identity.get(method) instanceof Map<?, ?> creds)) {
        return badRequest("Expecting to find the credentials of each method in identity.");
      }
      User u;
      switch (method) {
        case "password" -> u = passwordUser(creds);
        case "application_credential" -> {
          AppCred ac = appCred(creds);
          u = ac == null ? null : userByName(ac.userName());
          if (u != null) {
            appCredId = ac.id();
            inheritedProject = u.project();
          }
        }
        case "token" -> {
          Token t = creds.get("id") instanceof String id ? tokens.get(id) : null;
          u = t == null || !clock.get().isBefore(t.expires()) ? null : t.user();
          if (t != null && u != null) {
            appCredId = t.appCredId();
            inheritedProject = t.project();
          }
        }
        default -> u = null;
      }
      if (u == null || (user != null && !user.equals(u))) {
        return unauthorized();
      }
      user = u;
      used.add(method);
    }
    String project;
    Object scope = auth.get("scope");
    if (scope == null) {
      // like a user with a default project: scoped to it
      project = inheritedProject != null ? inheritedProject : user.project();
    } else if (appCredId != null && used.contains("application_credential")) {
      return unauthorized(); // application credentials cannot request a scope
    } else {
      project = scopedProject(scope, user);
      if (project == null) {
        return unauthorized();
      }
    }
    Instant now = clock.get();
    String id = newTokenId();
    Token t = new Token(user, project, used, now, now.plus(ttl), appCredId, newAuditId());
    tokens.put(id, t);
    boolean noCatalog = req.last("nocatalog") != null;
    return Res.json(201, Map.of("token", render(t, !noCatalog))).withHeader("X-Subject-Token", id);
  }

  private Res validate(Req req) {
    if (authenticate(req.header("X-Auth-Token")) == null) {
      return unauthorized();
    }
    String subject = req.header("X-Subject-Token");
    Token t = subject == null ? null : tokens.get(subject);
    if (t == null || !clock.get().isBefore(t.expires())) {
      return error(404, "Not Found", "Failed to validate token");
    }
    return Res.json(200, Map.of("token", render(t, true))).withHeader("X-Subject-Token", subject);
  }

  private Res revoke(Req req) {
    if (authenticate(req.header("X-Auth-Token")) == null) {
      return unauthorized();
    }
    String subject = req.header("X-Subject-Token");
    if (subject == null || tokens.remove(subject) == null) {
      return error(404, "Not Found", "Failed to validate token");
    }
    return Res.noContent();
  }

  private User passwordUser(Map<?, ?> creds) {
    if (!(creds.get("user") instanceof Map<?, ?> u) || !(u.get("password") instanceof String pw)) {
      return null;
    }
    User user = userRef(u);
    return user != null && user.password().equals(pw) ? user : null;
  }

  private AppCred appCred(Map<?, ?> creds) {
    if (!(creds.get("secret") instanceof String secret)) {
      return null;
    }
    for (AppCred ac : appCreds) {
      boolean byId = ac.id().equals(creds.get("id"));
      boolean byName =
          ac.id().equals(creds.get("name"))
              && creds.get("user") instanceof Map<?, ?> u
              && userRef(u) != null
              && userRef(u).name().equals(ac.userName());
      if ((byId || byName) && ac.secret().equals(secret)) {
        return ac;
      }
    }
    return null;
  }

  /** A user given by id, or by name within the Default domain. */
  private User userRef(Map<?, ?> u) {
    for (User user : users) {
      if (user.id().equals(u.get("id"))) {
        return user;
      }
      if (user.name().equals(u.get("name")) && isDefaultDomain(u.get("domain"))) {
        return user;
      }
    }
    return null;
  }

  private User userByName(String name) {
    return users.stream().filter(u -> u.name().equals(name)).findFirst().orElse(null);
  }

  private static boolean isDefaultDomain(Object domain) {
    return domain instanceof Map<?, ?> d
        && (DOMAIN_ID.equals(d.get("id")) || DOMAIN_NAME.equals(d.get("name")));
  }

  /** Project scope by id or by name in the Default domain; only the user's own project. */
  private static String scopedProject(Object scope, User user) {
    if (!(scope instanceof Map<?, ?> s) || !(s.get("project") instanceof Map<?, ?> p)) {
      return null;
    }
    boolean byId = projectId(user.project()).equals(p.get("id"));
    boolean byName = user.project().equals(p.get("name")) && isDefaultDomain(p.get("domain"));
    return byId || byName ? user.project() : null;
  }

  private Map<String, Object> render(Token t, boolean withCatalog) {
    Map<String, Object> domain = new LinkedHashMap<>();
    domain.put("id", DOMAIN_ID);
    domain.put("name", DOMAIN_NAME);
    Map<String, Object> user = new LinkedHashMap<>();
    user.put("domain", domain);
    user.put("id", t.user().id());
    user.put("name", t.user().name());
    user.put("password_expires_at", null);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("methods", t.methods());
    body.put("user", user);
    body.put("audit_ids", List.of(t.auditId()));
    body.put("expires_at", TIME.format(t.expires()));
    body.put("issued_at", TIME.format(t.issued()));
    if (t.project() != null) {
      Map<String, Object> project = new LinkedHashMap<>();
      project.put("domain", domain);
      project.put("id", projectId(t.project()));
      project.put("name", t.project());
      body.put("project", project);
      body.put("is_domain", false);
      List<Object> roles = new ArrayList<>();
      List<String> names =
          t.user().admin() ? List.of("admin", "member", "reader") : List.of("member", "reader");
      for (String r : names) {
        roles.add(Map.of("id", hexId("role:" + r), "name", r));
      }
      body.put("roles", roles);
      body.put("is_admin_project", t.user().admin());
      if (withCatalog) {
        body.put("catalog", catalog());
      }
    }
    if (t.appCredId() != null) {
      Map<String, Object> ac = new LinkedHashMap<>();
      ac.put("id", t.appCredId());
      ac.put("name", t.appCredId());
      ac.put("restricted", true);
      body.put("application_credential", ac);
    }
    return body;
  }

  private List<Object> catalog() {
    String base = baseUrl.get();
    return List.of(
        service("network", "neutron", base),
        service("identity", "keystone", base + "/identity/v3"));
  }

  private static Map<String, Object> service(String type, String name, String url) {
    List<Object> endpoints = new ArrayList<>();
    for (String iface : List.of("public", "internal", "admin")) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("id", hexId("endpoint:" + type + ":" + iface));
      e.put("interface", iface);
      e.put("region_id", REGION);
      e.put("url", url);
      e.put("region", REGION);
      endpoints.add(e);
    }
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("endpoints", endpoints);
    s.put("id", hexId("service:" + type));
    s.put("type", type);
    s.put("name", name);
    return s;
  }

  private static String newTokenId() {
    byte[] b = new byte[48];
    RANDOM.nextBytes(b);
    return "gAAAAA" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static String newAuditId() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
