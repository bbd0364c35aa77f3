package dev.vpnform.cloud;

import dev.vpnform.model.ActualConnection;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What planning and applying need from a cloud's Networking API. The HTTP client implements it;
 * tests of the apply logic implement it in memory.
 */
public interface Cloud extends AutoCloseable {
  /** Where the actual state comes from, for messages and saved plans: the Networking endpoint. */
  String endpoint();

  /** Every IPsec site connection the credentials can see. */
  List<ActualConnection> listConnections() throws CloudException;

  /** The connections with any of {@code ids} or {@code names}, in as few requests as possible. */
  List<ActualConnection> findConnections(Collection<String> ids, Collection<String> names)
      throws CloudException;

  /** One connection; a 404 is a {@link CloudException} with that status. */
  ActualConnection getConnection(String id) throws CloudException;

  /**
   * Changes {@code fields} of a connection and returns it as the server answered.
   *
   * @param label how the connection is named in messages, or null
   * @param fields attribute name to JDK value; a {@link dev.vpnform.model.Secret} is sent in clear
   */
  ActualConnection updateConnection(String id, String label, Map<String, Object> fields)
      throws CloudException;

  /** The type of endpoint group {@code id} ({@code subnet}, {@code cidr}, ...), empty if none. */
  Optional<String> endpointGroupType(String id) throws CloudException;

  /** Forgets credentials; the cloud cannot be used afterwards. */
  @Override
  void close();
}
