package dev.streamrelay.faults.harness;

import dev.streamrelay.testkit.ConnectRestClient;

/**
 * The Connect REST calls the campaign makes beyond what the local pipeline's own client offers
 * (reading and replacing a connector's config, restarting a connector with its tasks, deleting it,
 * and {@code /validate}): the test kit's {@link ConnectRestClient}.
 */
public final class ConnectAdmin extends ConnectRestClient {

  public ConnectAdmin(String baseUrl) {
    super(baseUrl);
  }
}
