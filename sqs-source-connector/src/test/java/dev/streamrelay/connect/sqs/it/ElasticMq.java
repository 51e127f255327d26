package dev.streamrelay.connect.sqs.it;

/**
 * The test kit's {@link dev.streamrelay.testkit.ElasticMq} under its old name, for
 * SqsSourceStopTest only, which a change in progress is editing: once that lands, it imports the
 * kit's class and this one goes.
 */
public final class ElasticMq extends dev.streamrelay.testkit.ElasticMq {}
