package dev.streamrelay.local.sqs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.apache.pekko.pattern.Patterns;
import org.elasticmq.NodeAddress;
import org.elasticmq.StrictSQSLimits$;
import org.elasticmq.actor.QueueManagerActor;
import org.elasticmq.actor.queue.QueueEvent;
import org.elasticmq.persistence.sql.SqlQueuePersistenceActor;
import org.elasticmq.persistence.sql.SqlQueuePersistenceConfig;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.elasticmq.util.NowProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;
import scala.collection.immutable.List$;
import scala.util.Either;

/**
 * ElasticMQ 1.7.1 in this JVM as the SQS endpoint, with SQS's strict limits, and with queues and
 * messages persisted in an H2 database under {@code <dataDir>/sqs}, so queued messages survive a
 * restart. This wires the same actors as ElasticMQ's standalone server with {@code
 * messages-storage} enabled. ElasticMQ listens on a private port behind {@link SqsFront}, which
 * holds the public one and refuses what SQS refuses and ElasticMQ lets through (a message over the
 * queue's MaximumMessageSize, reserved attribute names), with SQS's error codes.
 */
public final class LocalSqs implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LocalSqs.class);
  private static final Duration RESTORE_TIMEOUT = Duration.ofSeconds(60);

  private final ActorSystem system;
  private final SQSRestServer server;
  private final SqsFront front;
  private final String endpoint;
  private final String jdbcUrl;

  private LocalSqs(
      ActorSystem system, SQSRestServer server, SqsFront front, String endpoint, String jdbcUrl) {
    this.system = system;
    this.server = server;
    this.front = front;
    this.endpoint = endpoint;
    this.jdbcUrl = jdbcUrl;
  }

  /**
   * Starts the SQS endpoint on 127.0.0.1:{@code port}, restoring what {@code dataDir} holds, with
   * the queue limits of {@code cfn/templates/ingestion.yaml}.
   */
  public static LocalSqs start(Path dataDir, int port) throws Exception {
    return start(dataDir, port, QueueLimits.load(dataDir));
  }

  /** Starts the SQS endpoint on 127.0.0.1:{@code port} with {@code limits}. */
  public static LocalSqs start(Path dataDir, int port, QueueLimits limits) throws Exception {
    Path dir = dataDir.resolve("sqs");
    Files.createDirectories(dir);
    int backendPort;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      backendPort = s.getLocalPort();
    }
    ActorSystem system = ActorSystem.create("elasticmq");
    // Closed by close(), not by H2's shutdown hook, which would race the last deletes.
    String jdbcUrl =
        "jdbc:h2:" + dir.resolve("elasticmq").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
    try {
      // ElasticMQ opens its database pool only once per JVM (DB.initializeSingleton); point the
      // shared pool at this directory, so a second ElasticMQ in the JVM (the fault campaign starts
      // one per layout) uses its own database, and close() can close it.
      scalikejdbc.ConnectionPoolSettings pool =
          scalikejdbc.ConnectionPool$.MODULE$.singleton$default$4();
      scalikejdbc.ConnectionPool$.MODULE$.singleton(
          jdbcUrl,
          "",
          "",
          pool,
          scalikejdbc.ConnectionPool$.MODULE$.singleton$default$5(jdbcUrl, "", "", pool));
      SqlQueuePersistenceConfig storage =
          new SqlQueuePersistenceConfig(true, "org.h2.Driver", jdbcUrl, "", "", false);
      ActorRef store =
          system.actorOf(
              Props.create(SqlQueuePersistenceActor.class, storage, List$.MODULE$.empty()),
              "queue-storage");
      ActorRef queues =
          system.actorOf(
              Props.create(
                  QueueManagerActor.class,
                  new NowProvider(),
                  StrictSQSLimits$.MODULE$,
                  Option.apply(store)),
              "queue-manager");
      SQSRestServer server =
          SQSRestServerBuilder.withActorSystem(system)
              .withQueueManagerActor(queues)
              .withInterface("127.0.0.1")
              .withPort(backendPort)
              .withServerAddress(new NodeAddress("http", "127.0.0.1", port, ""))
              .withSQSLimits(StrictSQSLimits$.MODULE$)
              .start();
      server.waitUntilStarted();
      Object restored =
          Patterns.ask(store, new QueueEvent.Restore(queues), RESTORE_TIMEOUT)
              .toCompletableFuture()
              .get(RESTORE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      if (restored instanceof Either<?, ?> either && either.isLeft()) {
        throw new IllegalStateException("ElasticMQ could not restore its queues: " + either);
      }
      SqsFront front;
      try {
        front = SqsFront.start(port, "http://127.0.0.1:" + backendPort, limits);
      } catch (java.io.IOException | RuntimeException e) {
        server.stopAndWait();
        throw e;
      }
      String endpoint = "http://127.0.0.1:" + port;
      log.info(
          "ElasticMQ (SQS) ready at {} (SQS limits enforced in front), state in {}", endpoint, dir);
      return new LocalSqs(system, server, front, endpoint, jdbcUrl);
    } catch (Exception | Error e) {
      system.terminate();
      throw e;
    }
  }

  public String endpoint() {
    return endpoint;
  }

  @Override
  public void close() throws ExecutionException, TimeoutException {
    front.close();
    server.stopAndWait();
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
      // The last connection closed closes the H2 database, writing what it holds.
      scalikejdbc.ConnectionPool$.MODULE$.closeAll();
      log.info("ElasticMQ stopped");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      log.warn("Interrupted while ElasticMQ was stopping");
    }
  }
}
