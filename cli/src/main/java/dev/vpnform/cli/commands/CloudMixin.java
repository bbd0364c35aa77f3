package dev.vpnform.cli.commands;

import dev.vpnform.Reconciler;
import dev.vpnform.cli.Context;
import dev.vpnform.cli.render.CloudView;
import dev.vpnform.model.Secret;
import dev.vpnform.model.VpnformException;
import dev.vpnform.openstack.ClientOptions;
import dev.vpnform.openstack.CloudOptions;
import dev.vpnform.openstack.NetworkingClient;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The openstackclient-style connection options. Each overrides its {@code OS_*} variable, which
 * overrides {@code clouds.yaml}.
 */
final class CloudMixin {
  @Option(
      names = "--os-cloud",
      paramLabel = "NAME",
      description = "Cloud in clouds.yaml (OS_CLOUD).")
  String cloud;

  @Option(names = "--os-auth-url", paramLabel = "URL", description = "Keystone URL (OS_AUTH_URL).")
  String authUrl;

  @Option(
      names = "--os-auth-type",
      paramLabel = "TYPE",
      description = "password, v3applicationcredential, token or none (OS_AUTH_TYPE).")
  String authType;

  @Option(names = "--os-username", paramLabel = "NAME", description = "(OS_USERNAME)")
  String username;

  @Option(
      names = "--os-password",
      paramLabel = "PASSWORD",
      description = "(OS_PASSWORD; prefer the variable or secure.yaml)")
  String password;

  @Option(names = "--os-project-name", paramLabel = "NAME", description = "(OS_PROJECT_NAME)")
  String projectName;

  @Option(names = "--os-project-id", paramLabel = "ID", description = "(OS_PROJECT_ID)")
  String projectId;

  @Option(
      names = "--os-user-domain-name",
      paramLabel = "NAME",
      description = "(OS_USER_DOMAIN_NAME)")
  String userDomainName;

  @Option(
      names = "--os-project-domain-name",
      paramLabel = "NAME",
      description = "(OS_PROJECT_DOMAIN_NAME)")
  String projectDomainName;

  @Option(names = "--os-region-name", paramLabel = "NAME", description = "(OS_REGION_NAME)")
  String regionName;

  @Option(
      names = "--os-interface",
      paramLabel = "NAME",
      description = "public, internal or admin (OS_INTERFACE).")
  String interfaceName;

  @Option(names = "--os-token", paramLabel = "TOKEN", description = "(OS_TOKEN)")
  String token;

  @Option(
      names = "--os-application-credential-id",
      paramLabel = "ID",
      description = "(OS_APPLICATION_CREDENTIAL_ID)")
  String appCredId;

  @Option(
      names = "--os-application-credential-secret",
      paramLabel = "SECRET",
      description = "(OS_APPLICATION_CREDENTIAL_SECRET)")
  String appCredSecret;

  @Option(
      names = "--os-endpoint",
      paramLabel = "URL",
      description = "Networking API endpoint, bypassing the catalog (OS_ENDPOINT).")
  String endpoint;

  @Option(
      names = "--os-cacert",
      paramLabel = "FILE",
      description = "CA bundle to verify TLS (OS_CACERT).")
  String caCert;

  @Option(
      names = {"--insecure", "--os-insecure"},
      description = "Do not verify TLS certificates (OS_INSECURE). Unsafe.")
  boolean insecure;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      description = "Timeout of each request (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds = 30;

  CloudOptions options() {
    return CloudOptions.builder()
        .cloud(cloud)
        .authUrl(authUrl)
        .authType(authType)
        .username(username)
        .password(password == null ? null : Secret.of(password))
        .projectName(projectName)
        .projectId(projectId)
        .userDomainName(userDomainName)
        .projectDomainName(projectDomainName)
        .regionName(regionName)
        .interfaceName(interfaceName)
        .token(token == null ? null : Secret.of(token))
        .applicationCredentialId(appCredId)
        .applicationCredentialSecret(appCredSecret == null ? null : Secret.of(appCredSecret))
        .endpoint(endpoint)
        .caCert(caCert)
        .insecure(insecure)
        .build();
  }

  /** The cloud and region named (options over OS_CLOUD, OS_REGION_NAME), for a report's key. */
  java.util.List<String> named(Context ctx) {
    String c = cloud != null ? cloud : ctx.env("OS_CLOUD");
    String r = regionName != null ? regionName : ctx.env("OS_REGION_NAME");
    return java.util.List.of(c == null ? "" : c, r == null ? "" : r);
  }

  /** Connects, warning on stderr when TLS verification is off. */
  NetworkingClient connect(Context ctx, boolean debug) throws VpnformException {
    return connect(ctx, debug, options(), ctx.env());
  }

  /**
   * Connects to a project's cloud and region. A project that names a cloud takes nothing from the
   * {@code OS_*} variables but where clouds.yaml and secure.yaml are: its credentials are its own.
   */
  NetworkingClient connect(
      Context ctx,
      boolean debug,
      java.util.Optional<String> cloud,
      java.util.Optional<String> region)
      throws VpnformException {
    java.util.Map<String, String> env = new java.util.HashMap<>(ctx.env());
    if (cloud.isPresent()) {
      env.keySet()
          .removeIf(
              k ->
                  k.startsWith("OS_")
                      && !k.equals("OS_CLIENT_CONFIG_FILE")
                      && !k.equals("OS_CLIENT_SECURE_FILE"));
    }
    CloudOptions.Builder b = CloudOptions.builder().insecure(insecure).caCert(caCert);
    cloud.ifPresent(b::cloud);
    region.ifPresent(b::regionName);
    return connect(ctx, debug, b.build(), env);
  }

  /** Whether any option that says where or as whom to connect was given. */
  boolean anyGiven() {
    return cloud != null
        || authUrl != null
        || authType != null
        || username != null
        || password != null
        || projectName != null
        || projectId != null
        || userDomainName != null
        || projectDomainName != null
        || regionName != null
        || interfaceName != null
        || token != null
        || appCredId != null
        || appCredSecret != null
        || endpoint != null;
  }

  private NetworkingClient connect(
      Context ctx, boolean debug, CloudOptions options, java.util.Map<String, String> env)
      throws VpnformException {
    ClientOptions client =
        ClientOptions.defaults().withRequestTimeout(java.time.Duration.ofSeconds(timeoutSeconds));
    if (debug) {
      client =
          client.withWireLog(
              line -> {
                synchronized (ctx.err()) {
                  ctx.err().println(CloudView.wire(line));
                  ctx.err().flush();
                }
              });
    }
    String home = ctx.env("HOME") != null ? ctx.env("HOME") : System.getProperty("user.home");
    NetworkingClient c =
        Reconciler.connect(options, env, Path.of("").toAbsolutePath(), Path.of(home), client);
    if (c.insecure()) {
      ctx.err().println(CloudView.insecure());
      ctx.err().flush();
    }
    return c;
  }
}
