package dev.vpnform;

import dev.vpnform.config.ConfigException;
import dev.vpnform.config.ConfigLoader;
import dev.vpnform.model.ActualConnection;
import dev.vpnform.model.DesiredState;
import dev.vpnform.openstack.NeutronJson;
import dev.vpnform.plan.AddressResolver;
import dev.vpnform.plan.Plan;
import dev.vpnform.plan.Planner;
import dev.vpnform.validate.Diagnostic;
import dev.vpnform.validate.Profile;
import dev.vpnform.validate.Validator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The front door for embedders: load the desired state, validate it, and plan it against the
 * actual connections.
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
    return out;
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
