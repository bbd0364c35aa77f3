package dev.vpnform.openstack;

import dev.vpnform.model.Secret;
import java.util.Objects;
import java.util.Optional;

/**
 * Connection options given explicitly (e.g. {@code --os-cloud}, {@code --os-auth-url}). They
 * override the {@code OS_*} environment variables, which override {@code clouds.yaml}; see {@link
 * CloudConfig#resolve}.
 *
 * <p>Secrets are {@link Secret}s, so {@link #toString()} masks them. {@code insecure = false} means
 * "not given", so it cannot switch off an {@code OS_INSECURE} or {@code verify: false} set
 * elsewhere.
 */
public record CloudOptions(
    Optional<String> cloud,
    Optional<String> authUrl,
    Optional<String> username,
    Optional<Secret> password,
    Optional<String> projectName,
    Optional<String> projectId,
    Optional<String> userDomainName,
    Optional<String> projectDomainName,
    Optional<String> regionName,
    Optional<String> interfaceName,
    Optional<Secret> token,
    Optional<String> applicationCredentialId,
    Optional<Secret> applicationCredentialSecret,
    Optional<String> authType,
    Optional<String> endpoint,
    Optional<String> caCert,
    boolean insecure) {

  public CloudOptions {
    Objects.requireNonNull(cloud, "cloud");
    Objects.requireNonNull(authUrl, "authUrl");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(projectName, "projectName");
    Objects.requireNonNull(projectId, "projectId");
    Objects.requireNonNull(userDomainName, "userDomainName");
    Objects.requireNonNull(projectDomainName, "projectDomainName");
    Objects.requireNonNull(regionName, "regionName");
    Objects.requireNonNull(interfaceName, "interfaceName");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(applicationCredentialId, "applicationCredentialId");
    Objects.requireNonNull(applicationCredentialSecret, "applicationCredentialSecret");
    Objects.requireNonNull(authType, "authType");
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(caCert, "caCert");
  }

  /** No explicit options: everything comes from the environment and {@code clouds.yaml}. */
  public static CloudOptions empty() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.cloud = cloud.orElse(null);
    b.authUrl = authUrl.orElse(null);
    b.username = username.orElse(null);
    b.password = password.orElse(null);
    b.projectName = projectName.orElse(null);
    b.projectId = projectId.orElse(null);
    b.userDomainName = userDomainName.orElse(null);
    b.projectDomainName = projectDomainName.orElse(null);
    b.regionName = regionName.orElse(null);
    b.interfaceName = interfaceName.orElse(null);
    b.token = token.orElse(null);
    b.applicationCredentialId = applicationCredentialId.orElse(null);
    b.applicationCredentialSecret = applicationCredentialSecret.orElse(null);
    b.authType = authType.orElse(null);
    b.endpoint = endpoint.orElse(null);
    b.caCert = caCert.orElse(null);
    b.insecure = insecure;
    return b;
  }

  /** Each setter takes null (or an empty string) as "not given", as a CLI parser passes it. */
  public static final class Builder {
    private String cloud;
    private String authUrl;
    private String username;
    private Secret password;
    private String projectName;
    private String projectId;
    private String userDomainName;
    private String projectDomainName;
    private String regionName;
    private String interfaceName;
    private Secret token;
    private String applicationCredentialId;
    private Secret applicationCredentialSecret;
    private String authType;
    private String endpoint;
    private String caCert;
    private boolean insecure;

    private Builder() {}

    /** {@code --os-cloud}: the name of the cloud in {@code clouds.yaml}. */
    public Builder cloud(String v) {
      cloud = v;
      return this;
    }

    public Builder authUrl(String v) {
      authUrl = v;
      return this;
    }

    public Builder username(String v) {
      username = v;
      return this;
    }

    public Builder password(Secret v) {
      password = v;
      return this;
    }

    public Builder projectName(String v) {
      projectName = v;
      return this;
    }

    public Builder projectId(String v) {
      projectId = v;
      return this;
    }

    public Builder userDomainName(String v) {
      userDomainName = v;
      return this;
    }

    public Builder projectDomainName(String v) {
      projectDomainName = v;
      return this;
    }

    public Builder regionName(String v) {
      regionName = v;
      return this;
    }

    /** {@code public} (the default), {@code internal} or {@code admin}. */
    public Builder interfaceName(String v) {
      interfaceName = v;
      return this;
    }

    public Builder token(Secret v) {
      token = v;
      return this;
    }

    public Builder applicationCredentialId(String v) {
      applicationCredentialId = v;
      return this;
    }

    public Builder applicationCredentialSecret(Secret v) {
      applicationCredentialSecret = v;
      return this;
    }

    /** {@code password}, {@code v3applicationcredential}, {@code token} or {@code none}. */
    public Builder authType(String v) {
      authType = v;
      return this;
    }

    /** The Networking API endpoint, used instead of the service catalog's. */
    public Builder endpoint(String v) {
      endpoint = v;
      return this;
    }

    /** A PEM file of CA certificates to trust instead of the JDK's. */
    public Builder caCert(String v) {
      caCert = v;
      return this;
    }

    /** Trust any server certificate and host name. */
    public Builder insecure(boolean v) {
      insecure = v;
      return this;
    }

    public CloudOptions build() {
      return new CloudOptions(
          opt(cloud),
          opt(authUrl),
          opt(username),
          Optional.ofNullable(password),
          opt(projectName),
          opt(projectId),
          opt(userDomainName),
          opt(projectDomainName),
          opt(regionName),
          opt(interfaceName),
          Optional.ofNullable(token),
          opt(applicationCredentialId),
          Optional.ofNullable(applicationCredentialSecret),
          opt(authType),
          opt(endpoint),
          opt(caCert),
          insecure);
    }

    private static Optional<String> opt(String v) {
      return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
    }
  }
}
