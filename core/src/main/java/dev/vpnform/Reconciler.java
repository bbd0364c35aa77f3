package dev.vpnform;

import dev.vpnform.apply.Applier;
import dev.vpnform.apply.ApplyOptions;
import dev.vpnform.apply.ApplyResult;
import dev.vpnform.apply.ConnectionResult;
import dev.vpnform.config.ConfigException;
import dev.vpnform.config.ConfigLoader;
import dev.vpnform.model.ActualConnection;
import dev.vpnform.model.Addresses;
import dev.vpnform.model.DesiredConnection;
import dev.vpnform.model.DesiredState;
import dev.vpnform.model.Diagnostic;
import dev.vpnform.model.Profile;
import dev.vpnform.openstack.ClientOptions;
import dev.vpnform.openstack.CloudConfig;
import dev.vpnform.openstack.CloudOptions;
import dev.vpnform.openstack.NetworkingClient;
import dev.vpnform.openstack.NeutronJson;
import dev.vpnform.plan.AddressResolver;
import dev.vpnform.plan.ConnectionChange;
import dev.vpnform.plan.FieldChange;
import dev.vpnform.plan.Plan;
import dev.vpnform.plan.Planner;
import dev.vpnform.validate.Validator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The front door for embedders: load the desired state, validate it, and plan it against the actual
 * connections.
 *
 * <pre>{@code
 * Reconciler r = Reconciler.builder().build();
 * DesiredState desired = r.load(List.of(Path.of("vpn/")));
 * Plan plan = r.plan(desired, Reconciler.readActualFile(Path.of("actual.json")), "actual.json");
 * }</pre>
 */
public final class Reconciler {
  private final Optional<Profile> profileOverride;
  private final Function<String, String> environment;
  private final AddressResolver resolver;
  private final boolean rotatePsk;

  private Reconciler(Builder b) {
    this.profileOverride = Optional.ofNullable(b.profile);
    this.environment = b.environment;
    this.resolver = b.resolver;
    this.rotatePsk = b.rotatePsk;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Reads configuration files and directories (recursively {@code *.yaml}, {@code *.yml}). */
  public DesiredState load(List<Path> paths) throws ConfigException {
    return ConfigLoader.builder().environment(environment).build().load(paths);
  }

  /**
   * The profile in force: the one given to the builder, else the files' {@code profile:}, else
   * openstack.
   */
  public Profile profile(DesiredState desired) {
    return profileOverride.orElseGet(
        () -> desired.profile().flatMap(Profile::byId).orElse(Profile.OPENSTACK));
  }

  /** The loader's warnings and every rule that needs only the configuration. */
  public List<Diagnostic> validate(DesiredState desired) {
    List<Diagnostic> out = new ArrayList<>(desired.warnings());
    out.addAll(Validator.validate(desired, profile(desired)));
    return Diagnostic.ordered(out);
  }

  /**
   * Plans the desired state against actual connections.
   *
   * @param actualSource where the actual state came from, for messages
   */
  public Plan plan(DesiredState desired, List<ActualConnection> actual, String actualSource) {
    return new Planner(profile(desired), resolver, rotatePsk).plan(desired, actual, actualSource);
  }

  /**
   * Plans the desired state against the live connections: the targets are found by id and name with
   * as few list requests as the server's pagination allows, never one GET per connection.
   */
  public Plan plan(DesiredState desired, NetworkingClient cloud) throws VpnformException {
    List<String> ids = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (DesiredConnection c : desired.connections()) {
      if (c.id() != null) {
        ids.add(c.id());
      } else {
        names.add(c.name());
      }
    }
    List<ActualConnection> actual;
    if (ids.isEmpty() && names.isEmpty()) {
      actual = List.of();
    } else if (ids.size() + names.size() > LIST_ALL_ABOVE) {
      // Many targets: one paginated list is fewer, cheaper requests than filtered batches
      // (the server answers an unfiltered page faster than a long OR of filters).
      actual = cloud.listConnections();
    } else {
      actual = cloud.findConnections(ids, names);
    }
    Plan plan = plan(desired, actual, cloud.networkEndpoint());
    return withEndpointGroupChecks(plan, cloud);
  }

  /**
   * O13 against the cloud: an endpoint group a plan switches to must exist and be of the right type
   * (subnet for local, cidr for peer). Only the groups the plan changes are fetched.
   */
  private static Plan withEndpointGroupChecks(Plan plan, NetworkingClient cloud)
      throws VpnformException {
    List<Diagnostic> added = new ArrayList<>();
    Map<String, Optional<Map<String, Object>>> seen = new java.util.HashMap<>();
    for (ConnectionChange c : plan.changes()) {
      for (FieldChange f : c.fields()) {
        boolean local = f.path().equals("local_ep_group_id");
        if (!local && !f.path().equals("peer_ep_group_id")) {
          continue;
        }
        String id = (String) f.after();
        if (!Addresses.isUuid(id)) {
          continue; // O13 already reported offline
        }
        Optional<Map<String, Object>> group = seen.get(id);
        if (group == null) {
          group = cloud.getEndpointGroup(id);
          seen.put(id, group);
        }
        String want = local ? "subnet" : "cidr";
        String message = null;
        if (group.isEmpty()) {
          message = "Endpoint group " + id + " could not be found";
        } else if (!want.equals(group.get().get("type"))) {
          message =
              "Endpoint group "
                  + id
                  + " type is '"
                  + group.get().get("type")
                  + "' and should be '"
                  + want
                  + "'";
        }
        if (message != null) {
          added.add(
              Diagnostic.error(
                  "O13", c.label(), f.path(), message, c.desired().locationOf(f.path())));
        }
      }
    }
    if (added.isEmpty()) {
      return plan;
    }
    List<Diagnostic> all = new ArrayList<>(plan.diagnostics());
    all.addAll(added);
    return new Plan(plan.profile(), plan.changes(), Diagnostic.ordered(all));
  }

  /** Above this many targets, plan lists every connection instead of filtering by id and name. */
  static final int LIST_ALL_ABOVE = 100;

  /**
   * Applies a plan's updates.
   *
   * @param progress called as each connection finishes, one at a time
   * @throws VpnformException when the plan has errors
   */
  public ApplyResult apply(
      Plan plan, NetworkingClient cloud, ApplyOptions options, Consumer<ConnectionResult> progress)
      throws VpnformException {
    return new Applier(cloud, options, resolver).apply(plan, progress);
  }

  /**
   * Connects to a cloud the way openstackclient does: explicit options over {@code OS_*} variables
   * over {@code clouds.yaml} (searched in {@code cwd}, {@code ~/.config/openstack}, {@code
   * /etc/openstack}, or at {@code OS_CLIENT_CONFIG_FILE}).
   */
  public static NetworkingClient connect(
      CloudOptions options, Map<String, String> env, Path cwd, Path home, ClientOptions client)
      throws VpnformException {
    return NetworkingClient.connect(CloudConfig.resolve(options, env, cwd, home), client);
  }

  /**
   * Reads the actual state from a file holding a Networking API body: a GET body {@code
   * {"ipsec_site_connection": {...}}} or a list body {@code {"ipsec_site_connections": [...]}}.
   */
  public static List<ActualConnection> readActualFile(Path file) throws VpnformException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new VpnformException(
          "Cannot read the actual state from " + file + ": " + describe(e), e);
    }
    return NeutronJson.parseConnections(text, file.toString());
  }

  private static String describe(IOException e) {
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof java.nio.charset.CharacterCodingException) {
      return "not valid UTF-8";
    }
    return e.getClass().getSimpleName();
  }

  /** Settings for a {@link Reconciler}. */
  public static final class Builder {
    private Profile profile;
    private Function<String, String> environment = System::getenv;
    private AddressResolver resolver = AddressResolver.system();
    private boolean rotatePsk;

    private Builder() {}

    /** Overrides the files' {@code profile:}. */
    public Builder profile(Profile profile) {
      this.profile = Objects.requireNonNull(profile, "profile");
      return this;
    }

    /** Where {@code psk: {env: NAME}} looks names up; the process environment by default. */
    public Builder environment(Function<String, String> environment) {
      this.environment = Objects.requireNonNull(environment, "environment");
      return this;
    }

    /** How peer_address hostnames are resolved; the system resolver by default. */
    public Builder resolver(AddressResolver resolver) {
      this.resolver = Objects.requireNonNull(resolver, "resolver");
      return this;
    }

    /** Send every managed psk even when the stored one cannot be compared (H12). */
    public Builder rotatePsk(boolean rotatePsk) {
      this.rotatePsk = rotatePsk;
      return this;
    }

    public Reconciler build() {
      return new Reconciler(this);
    }
  }
}
