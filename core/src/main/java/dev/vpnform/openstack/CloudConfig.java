package dev.vpnform.openstack;

import dev.vpnform.model.Secret;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how to reach the Networking API, resolved the way openstackclient and Terraform do:
 * explicit options, then the {@code OS_*} environment variables, then the cloud's entry in {@code
 * clouds.yaml} (with {@code secure.yaml} beside it merged over it).
 *
 * <p>{@link #toString()} masks every secret.
 */
public final class CloudConfig {
  /** How to authenticate. */
  enum AuthType {
    PASSWORD("password"),
    APPLICATION_CREDENTIAL("v3applicationcredential"),
    TOKEN("token"),
    NONE("none");

    final String apiName;

    AuthType(String apiName) {
      this.apiName = apiName;
    }

    static Optional<AuthType> parse(String s) {
      return switch (s.toLowerCase(Locale.ROOT)) {
        case "password", "v3password" -> Optional.of(PASSWORD);
        case "v3applicationcredential", "applicationcredential", "application_credential" ->
            Optional.of(APPLICATION_CREDENTIAL);
        case "token", "v3token" -> Optional.of(TOKEN);
        case "none", "noauth" -> Optional.of(NONE);
        default -> Optional.empty();
      };
    }
  }

  private static final List<Path> SYSTEM_DIRS = List.of(Path.of("/etc/openstack"));

  private final String cloudName;
  private final List<Path> files;
  private final AuthType authType;
  private final String authUrl;
  private final String username;
  private final Secret password;
  private final String projectName;
  private final String projectId;
  private final String userDomainName;
  private final String userDomainId;
  private final String projectDomainName;
  private final String projectDomainId;
  private final String regionName;
  private final String interfaceName;
  private final Secret token;
  private final String applicationCredentialId;
  private final Secret applicationCredentialSecret;
  private final String endpoint;
  private final Path caCert;
  private final boolean insecure;

  /** Credentials written into the auth URL or endpoint ({@code http://user:pw@host}), if any. */
  private final List<String> urlCredentials = new ArrayList<>();

  private CloudConfig(Values v, List<Path> files, Path cwd) {
    this.cloudName = v.cloud;
    this.files = List.copyOf(files);
    this.authType = v.authType;
    this.authUrl = withoutCredentials(v.authUrl, urlCredentials);
    this.username = v.username;
    this.password = v.password;
    this.projectName = v.projectName;
    this.projectId = v.projectId;
    this.userDomainName = v.userDomainName;
    this.userDomainId = v.userDomainId;
    this.projectDomainName = v.projectDomainName;
    this.projectDomainId = v.projectDomainId;
    this.regionName = v.regionName;
    this.interfaceName = v.interfaceName;
    this.token = v.token;
    this.applicationCredentialId = v.applicationCredentialId;
    this.applicationCredentialSecret = v.applicationCredentialSecret;
    this.endpoint = withoutCredentials(v.endpoint, urlCredentials);
    this.caCert = v.caCert == null ? null : cwd.resolve(v.caCert);
    this.insecure = v.insecure;
  }

  /**
   * Resolves the settings. {@code clouds.yaml} is read only when a cloud is named ({@code
   * opts.cloud()} or {@code OS_CLOUD}); it is {@code OS_CLIENT_CONFIG_FILE} if set, else the first
   * found in {@code cwd}, {@code home/.config/openstack}, {@code /etc/openstack}.
   *
   * @param env the environment, e.g. {@code System.getenv()}
   * @throws CloudConfigException when the named cloud or a file cannot be read, or a setting the
   *     authentication needs is missing
   */
  public static CloudConfig resolve(CloudOptions opts, Map<String, String> env, Path cwd, Path home)
      throws CloudConfigException {
    return resolve(opts, env, cwd, home, SYSTEM_DIRS);
  }

  static CloudConfig resolve(
      CloudOptions opts, Map<String, String> env, Path cwd, Path home, List<Path> systemDirs)
      throws CloudConfigException {
    Objects.requireNonNull(opts, "opts");
    Objects.requireNonNull(env, "env");
    Values v = new Values();
    List<Path> files = new ArrayList<>();
    v.cloud = first(opts.cloud(), env(env, "OS_CLOUD"));
    if (v.cloud != null) {
      Path cloudsFile =
          CloudsYaml.locate(env, cwd, CloudsYaml.searchDirs(cwd, home, systemDirs))
              .orElseThrow(
                  () ->
                      new CloudConfigException(
                          "cloud '"
                              + v.cloud
                              + "' was asked for, but no clouds.yaml was found in "
                              + CloudsYaml.searchDirs(cwd, home, systemDirs)
                              + " and OS_CLIENT_CONFIG_FILE is not set"));
      Optional<Path> secureFile = CloudsYaml.locateSecure(env, cwd, cloudsFile);
      files.add(cloudsFile);
      secureFile.ifPresent(files::add);
      String region = opts.regionName().orElse(env(env, "OS_REGION_NAME"));
      v.fromYaml(
          CloudsYaml.region(
              CloudsYaml.cloud(cloudsFile, secureFile, v.cloud), region, cloudsFile, v.cloud),
          cloudsFile,
          "clouds." + v.cloud);
    }
    v.fromEnv(env);
    v.fromOptions(opts);
    v.authType = v.authType();
    v.check();
    return new CloudConfig(v, files, cwd);
  }

  /** The name of the cloud in {@code clouds.yaml}, if one was named. */
  public Optional<String> cloudName() {
    return Optional.ofNullable(cloudName);
  }

  /** The files that were read: {@code clouds.yaml} and {@code secure.yaml}. */
  public List<Path> files() {
    return files;
  }

  /** {@code password}, {@code v3applicationcredential}, {@code token} or {@code none}. */
  public String authType() {
    return authType.apiName;
  }

  public Optional<String> authUrl() {
    return Optional.ofNullable(authUrl);
  }

  public Optional<String> regionName() {
    return Optional.ofNullable(regionName);
  }

  /** The catalog interface to use: {@code public} unless set. */
  public String interfaceName() {
    return interfaceName;
  }

  /** The Networking API endpoint that overrides the service catalog, if any. */
  public Optional<String> endpoint() {
    return Optional.ofNullable(endpoint);
  }

  public Optional<Path> caCert() {
    return Optional.ofNullable(caCert);
  }

  /**
   * Whether TLS certificates and host names are NOT verified ({@code --insecure}, {@code
   * OS_INSECURE}, {@code verify: false}). The CLI warns when it is.
   */
  public boolean insecure() {
    return insecure;
  }

  AuthType type() {
    return authType;
  }

  String username() {
    return username;
  }

  Secret password() {
    return password;
  }

  String projectName() {
    return projectName;
  }

  String projectId() {
    return projectId;
  }

  String userDomainName() {
    return userDomainName;
  }

  String userDomainId() {
    return userDomainId;
  }

  String projectDomainName() {
    return projectDomainName;
  }

  String projectDomainId() {
    return projectDomainId;
  }

  Secret token() {
    return token;
  }

  String applicationCredentialId() {
    return applicationCredentialId;
  }

  Secret applicationCredentialSecret() {
    return applicationCredentialSecret;
  }

  /**
   * The clear values of every secret, for redacting text: the credentials a URL held among them, in
   * case a server echoes them.
   */
  List<String> secretValues() {
    List<String> out = new ArrayList<>();
    for (Secret s : new Secret[] {password, token, applicationCredentialSecret}) {
      if (s != null) {
        out.add(s.reveal());
      }
    }
    out.addAll(urlCredentials);
    return out;
  }

  /**
   * {@code url} without its user information ({@code http://user:pw@host/} becomes {@code
   * http://host/}), adding what it held, raw and decoded, to {@code credentials}. Keystone and
   * Neutron take no credentials in the URL, and the JDK's HTTP client would not send them; without
   * them the URL can appear in any message and the wire log.
   */
  static String withoutCredentials(String url, List<String> credentials) {
    if (url == null) {
      return null;
    }
    URI u;
    try {
      u = new URI(url);
    } catch (URISyntaxException e) {
      return url; // refused by checkUrl, whose message does not quote it
    }
    String raw = u.getRawUserInfo();
    if (raw == null) {
      return url;
    }
    credentials.add(raw);
    String decoded = u.getUserInfo();
    credentials.add(decoded);
    int colon = decoded.indexOf(':');
    if (colon >= 0 && colon + 1 < decoded.length()) {
      credentials.add(decoded.substring(colon + 1));
    }
    int at = url.indexOf(raw + "@");
    return url.substring(0, at) + url.substring(at + raw.length() + 1);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("CloudConfig[");
    if (cloudName != null) {
      sb.append("cloud=").append(cloudName).append(", ");
    }
    sb.append("authType=").append(authType.apiName);
    append(sb, "authUrl", authUrl);
    append(sb, "username", username);
    append(sb, "password", password);
    append(sb, "projectName", projectName);
    append(sb, "projectId", projectId);
    append(sb, "userDomainName", userDomainName);
    append(sb, "userDomainId", userDomainId);
    append(sb, "projectDomainName", projectDomainName);
    append(sb, "projectDomainId", projectDomainId);
    append(sb, "regionName", regionName);
    append(sb, "interface", interfaceName);
    append(sb, "token", token);
    append(sb, "applicationCredentialId", applicationCredentialId);
    append(sb, "applicationCredentialSecret", applicationCredentialSecret);
    append(sb, "endpoint", endpoint);
    append(sb, "caCert", caCert);
    if (insecure) {
      sb.append(", insecure=true");
    }
    return sb.append(']').toString();
  }

  private static void append(StringBuilder sb, String key, Object value) {
    if (value != null) {
      // A Secret renders as its mask.
      sb.append(", ").append(key).append('=').append(value);
    }
  }

  private static String first(Optional<String> a, String b) {
    return a.orElse(b);
  }

  private static String env(Map<String, String> env, String... names) {
    for (String n : names) {
      String v = env.get(n);
      if (v != null && !v.isEmpty()) {
        return v;
      }
    }
    return null;
  }

  /** The settings as they are being layered; later layers overwrite. */
  private static final class Values {
    String cloud;
    AuthType authType;
    String authTypeName;
    String authTypeSource;
    String authUrl;
    String username;
    Secret password;
    String projectName;
    String projectId;
    String userDomainName;
    String userDomainId;
    String projectDomainName;
    String projectDomainId;
    String regionName;
    String interfaceName;
    Secret token;
    String applicationCredentialId;
    Secret applicationCredentialSecret;
    String endpoint;
    String caCert;
    boolean insecure;

    void fromYaml(Map<String, Object> c, Path file, String path) throws CloudConfigException {
      Yaml y = new Yaml(file, path);
      Map<String, Object> auth =
          c.get("auth") == null ? Map.of() : CloudsYaml.map(c.get("auth"), file, path + ".auth");
      Yaml a = new Yaml(file, path + ".auth");
      authTypeName = set(authTypeName, y.str(c, "auth_type"));
      if (authTypeName != null) {
        authTypeSource = file + " (" + path + ".auth_type)";
      }
      authUrl = set(authUrl, a.str(auth, "auth_url"));
      username = set(username, a.str(auth, "username"));
      password = set(password, a.secret(auth, "password"));
      projectName = set(projectName, a.str(auth, "project_name"), a.str(auth, "tenant_name"));
      projectId = set(projectId, a.str(auth, "project_id"), a.str(auth, "tenant_id"));
      userDomainName = set(userDomainName, a.str(auth, "user_domain_name"));
      userDomainId = set(userDomainId, a.str(auth, "user_domain_id"));
      projectDomainName = set(projectDomainName, a.str(auth, "project_domain_name"));
      projectDomainId = set(projectDomainId, a.str(auth, "project_domain_id"));
      token = set(token, a.secret(auth, "token"));
      applicationCredentialId =
          set(applicationCredentialId, a.str(auth, "application_credential_id"));
      applicationCredentialSecret =
          set(applicationCredentialSecret, a.secret(auth, "application_credential_secret"));
      // openstacksdk: the service's own override, then (vpnform talks to one service) the
      // unprefixed one, then auth.endpoint, which auth_type none uses for every service.
      endpoint =
          set(
              endpoint,
              y.str(c, "network_endpoint_override"),
              y.str(c, "endpoint_override"),
              a.str(auth, "endpoint"));
      regionName = set(regionName, y.str(c, "region_name"));
      interfaceName = set(interfaceName, y.str(c, "interface"), y.str(c, "endpoint_type"));
      caCert = set(caCert, y.str(c, "cacert"));
      Boolean verify = y.bool(c, "verify");
      Boolean ins = y.bool(c, "insecure");
      insecure = (verify != null && !verify) || (ins != null && ins);
    }

    void fromEnv(Map<String, String> e) {
      String t = env(e, "OS_AUTH_TYPE");
      if (t != null) {
        authTypeName = t;
        authTypeSource = "OS_AUTH_TYPE";
      }
      authUrl = set(authUrl, env(e, "OS_AUTH_URL"));
      username = set(username, env(e, "OS_USERNAME"));
      password = set(password, secret(env(e, "OS_PASSWORD")));
      projectName = set(projectName, env(e, "OS_PROJECT_NAME", "OS_TENANT_NAME"));
      projectId = set(projectId, env(e, "OS_PROJECT_ID", "OS_TENANT_ID"));
      userDomainName = set(userDomainName, env(e, "OS_USER_DOMAIN_NAME"));
      userDomainId = set(userDomainId, env(e, "OS_USER_DOMAIN_ID"));
      projectDomainName = set(projectDomainName, env(e, "OS_PROJECT_DOMAIN_NAME"));
      projectDomainId = set(projectDomainId, env(e, "OS_PROJECT_DOMAIN_ID"));
      regionName = set(regionName, env(e, "OS_REGION_NAME"));
      interfaceName = set(interfaceName, env(e, "OS_INTERFACE", "OS_ENDPOINT_TYPE"));
      token = set(token, secret(env(e, "OS_TOKEN")));
      applicationCredentialId =
          set(applicationCredentialId, env(e, "OS_APPLICATION_CREDENTIAL_ID"));
      applicationCredentialSecret =
          set(applicationCredentialSecret, secret(env(e, "OS_APPLICATION_CREDENTIAL_SECRET")));
      endpoint = set(endpoint, env(e, "OS_ENDPOINT"));
      caCert = set(caCert, env(e, "OS_CACERT"));
      String ins = env(e, "OS_INSECURE");
      if (ins != null) {
        insecure =
            switch (ins.toLowerCase(Locale.ROOT)) {
              case "1", "true", "yes", "on" -> true;
              default -> false;
            };
      }
    }

    void fromOptions(CloudOptions o) {
      if (o.authType().isPresent()) {
        authTypeName = o.authType().get();
        authTypeSource = CloudSetting.AUTH_TYPE.option();
      }
      authUrl = o.authUrl().orElse(authUrl);
      username = o.username().orElse(username);
      password = o.password().orElse(password);
      projectName = o.projectName().orElse(projectName);
      projectId = o.projectId().orElse(projectId);
      userDomainName = o.userDomainName().orElse(userDomainName);
      projectDomainName = o.projectDomainName().orElse(projectDomainName);
      regionName = o.regionName().orElse(regionName);
      interfaceName = o.interfaceName().orElse(interfaceName);
      token = o.token().orElse(token);
      applicationCredentialId = o.applicationCredentialId().orElse(applicationCredentialId);
      applicationCredentialSecret =
          o.applicationCredentialSecret().orElse(applicationCredentialSecret);
      endpoint = o.endpoint().orElse(endpoint);
      caCert = o.caCert().orElse(caCert);
      insecure = insecure || o.insecure();
    }

    /**
     * The named type, else inferred like keystoneauth's loader: app credential, token, password.
     */
    AuthType authType() throws CloudConfigException {
      if (authTypeName != null) {
        return AuthType.parse(authTypeName)
            .orElseThrow(
                () ->
                    new CloudConfigException(
                        "auth type '"
                            + authTypeName
                            + "' (from "
                            + authTypeSource
                            + ") is not supported; use password, v3applicationcredential, token"
                            + " or none"));
      }
      if (applicationCredentialId != null || applicationCredentialSecret != null) {
        return AuthType.APPLICATION_CREDENTIAL;
      }
      if (token != null && password == null) {
        return AuthType.TOKEN;
      }
      if (authUrl == null && username == null && endpoint != null) {
        return AuthType.NONE;
      }
      return AuthType.PASSWORD;
    }

    void check() throws CloudConfigException {
      interfaceName = normaliseInterface(interfaceName);
      List<String> missing = new ArrayList<>();
      switch (authType) {
        case NONE -> {
          if (endpoint == null) {
            missing.add("an endpoint (" + CloudSetting.ENDPOINT.sources() + ")");
          }
        }
        case PASSWORD -> {
          needAuthUrl(missing);
          if (username == null) {
            missing.add("a user name (" + CloudSetting.USERNAME.sources() + ")");
          }
          if (password == null) {
            missing.add("a password (" + CloudSetting.PASSWORD.sources() + ")");
          }
        }
        case APPLICATION_CREDENTIAL -> {
          needAuthUrl(missing);
          if (applicationCredentialId == null) {
            missing.add(
                "an application credential id (OS_APPLICATION_CREDENTIAL_ID or"
                    + " auth.application_credential_id)");
          }
          if (applicationCredentialSecret == null) {
            missing.add(
                "an application credential secret (OS_APPLICATION_CREDENTIAL_SECRET or"
                    + " auth.application_credential_secret)");
          }
        }
        case TOKEN -> {
          if (endpoint == null) {
            needAuthUrl(missing);
          }
          if (token == null) {
            missing.add("a token (" + CloudSetting.TOKEN.sources() + ")");
          }
        }
      }
      if (!missing.isEmpty()) {
        throw new CloudConfigException(
            (cloud != null ? "cloud '" + cloud + "'" : "the OS_* settings")
                + " (auth type "
                + authType.apiName
                + ") lack "
                + String.join(", ", missing));
      }
      checkUrl(authUrl, "auth URL");
      checkUrl(endpoint, "endpoint");
    }

    private static void checkUrl(String url, String what) throws CloudConfigException {
      if (url == null) {
        return;
      }
      URI u;
      try {
        u = new URI(url);
      } catch (URISyntaxException e) {
        u = null;
      }
      if (u == null
          || u.getHost() == null
          || !("http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme()))) {
        throw new CloudConfigException("the " + what + " is not an absolute http or https URL");
      }
    }

    private void needAuthUrl(List<String> missing) {
      if (authUrl == null) {
        missing.add("an auth URL (" + CloudSetting.AUTH_URL.sources() + ")");
      }
    }

    private static String normaliseInterface(String s) throws CloudConfigException {
      if (s == null) {
        return "public";
      }
      String i = s.toLowerCase(Locale.ROOT);
      if (i.endsWith("url")) {
        i = i.substring(0, i.length() - 3);
      }
      if (!List.of("public", "internal", "admin").contains(i)) {
        throw new CloudConfigException(
            "interface '" + s + "' is not one of public, internal, admin");
      }
      return i;
    }

    private static Secret secret(String s) {
      return s == null ? null : Secret.of(s);
    }

    @SafeVarargs
    private static <T> T set(T current, T... candidates) {
      for (T c : candidates) {
        if (c != null) {
          return c;
        }
      }
      return current;
    }
  }

  /** Typed reads of a clouds.yaml mapping; messages name the key path, never the value. */
  private record Yaml(Path file, String path) {
    String str(Map<String, Object> m, String key) throws CloudConfigException {
      Object v = m.get(key);
      if (v == null) {
        return null;
      }
      if (v instanceof String || v instanceof Number || v instanceof Boolean) {
        String s = v.toString();
        return s.isEmpty() ? null : s;
      }
      throw new CloudConfigException(file + ": " + path + "." + key + ": expected a string");
    }

    Secret secret(Map<String, Object> m, String key) throws CloudConfigException {
      String s = str(m, key);
      return s == null ? null : Secret.of(s);
    }

    Boolean bool(Map<String, Object> m, String key) throws CloudConfigException {
      Object v = m.get(key);
      if (v == null) {
        return null;
      }
      if (v instanceof Boolean b) {
        return b;
      }
      if (v instanceof String s) {
        switch (s.toLowerCase(Locale.ROOT)) {
          case "true", "yes", "1", "on":
            return true;
          case "false", "no", "0", "off":
            return false;
          default:
            break;
        }
      }
      throw new CloudConfigException(file + ": " + path + "." + key + ": expected true or false");
    }
  }
}
