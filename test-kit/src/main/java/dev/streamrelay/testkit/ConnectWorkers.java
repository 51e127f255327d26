package dev.streamrelay.testkit;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

/**
 * Kafka's {@link EmbeddedConnectCluster} (Kafka 3.7.2, the MSK Connect line: brokers and Connect
 * workers in this JVM) in the two ways the tests find connectors: on the test classpath through
 * their ServiceLoader manifests, or only inside a plugin directory the way MSK Connect loads the
 * custom plugin. One broker and one worker unless told otherwise.
 */
public final class ConnectWorkers {

  private final String name;
  private final Map<String, String> worker = new HashMap<>();
  private final Properties broker = new Properties();

  private ConnectWorkers(String name) {
    this.name = name;
  }

  /** Connectors found on the test classpath through their ServiceLoader manifests. */
  public static ConnectWorkers onClasspath(String name) {
    return new ConnectWorkers(name).worker("plugin.discovery", "service_load");
  }

  /**
   * Connectors found only in {@code pluginPath}, each plugin in its own class loader. Discovery is
   * {@code hybrid_fail}: the worker scans the jars reflectively (as a default-configured worker
   * does) and refuses to start unless the ServiceLoader manifests name the same plugins.
   */
  public static ConnectWorkers onPluginPath(String name, Path pluginPath) {
    return new ConnectWorkers(name)
        .worker("plugin.path", pluginPath.toString())
        .worker("plugin.discovery", "hybrid_fail");
  }

  /** Connectors found by the worker's default discovery ({@code hybrid_warn}) of the classpath. */
  public static ConnectWorkers withDefaultDiscovery(String name) {
    return new ConnectWorkers(name);
  }

  /** A worker property. */
  public ConnectWorkers worker(String key, String value) {
    worker.put(key, value);
    return this;
  }

  /** Worker properties; the preset's plugin keys stay unless {@code props} names them too. */
  public ConnectWorkers worker(Map<String, String> props) {
    worker.putAll(props);
    return this;
  }

  /** A broker property. */
  public ConnectWorkers broker(String key, String value) {
    broker.put(key, value);
    return this;
  }

  /** The broker creates no topic on first use: every test creates its topics. */
  public ConnectWorkers noTopicAutoCreation() {
    return broker("auto.create.topics.enable", "false");
  }

  /** Builds and starts the cluster; the caller stops it. */
  public EmbeddedConnectCluster start() {
    EmbeddedConnectCluster connect =
        new EmbeddedConnectCluster.Builder()
            .name(name)
            .numWorkers(1)
            .numBrokers(1)
            .workerProps(new HashMap<>(worker))
            .brokerProps(broker)
            .build();
    connect.start();
    return connect;
  }
}
