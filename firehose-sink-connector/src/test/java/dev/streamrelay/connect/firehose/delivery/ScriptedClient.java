package dev.streamrelay.connect.firehose.delivery;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A DeliveryClient whose answers a test scripts, remembering every call's records. */
public class ScriptedClient implements DeliveryClient {

  /** Answers one call. */
  @FunctionalInterface
  public interface Script {
    List<String> answer(int call, String stream, List<String> records);
  }

  private final Script script;
  public final List<List<String>> calls = Collections.synchronizedList(new ArrayList<>());
  public volatile boolean closed;

  public ScriptedClient(Script script) {
    this.script = script;
  }

  /** A client that accepts everything. */
  public static ScriptedClient acceptingAll() {
    return new ScriptedClient((call, stream, records) -> nulls(records.size()));
  }

  public static List<String> nulls(int n) {
    return new ArrayList<>(Collections.nCopies(n, (String) null));
  }

  @Override
  public List<String> putRecordBatch(String stream, List<byte[]> records) {
    List<String> text = new ArrayList<>();
    records.forEach(r -> text.add(new String(r, StandardCharsets.UTF_8)));
    int index;
    synchronized (calls) {
      index = calls.size();
      calls.add(text);
    }
    return script.answer(index, stream, text);
  }

  @Override
  public void close() {
    closed = true;
  }
}
