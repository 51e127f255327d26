package dev.streamrelay.connect.firehose;

import dev.streamrelay.testkit.ShippedConfigContract;
import org.apache.kafka.connect.connector.Connector;

/** The connector config the CloudFormation stack deploys passes the connector's own validate(). */
class ShippedConfigsTest extends ShippedConfigContract {

  @Override
  protected Connector connector() {
    return new FirehoseSinkConnector();
  }
}
