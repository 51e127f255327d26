package dev.streamrelay.connect.firehose.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.streamrelay.connect.common.AttributeTypesHeader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.connect.header.Header;

/**
 * Reads the SQS source's {@link AttributeTypesHeader} (attribute name to SQS data type). One
 * producer's messages carry the same few attribute sets, so each distinct header value is parsed
 * once and kept, at most {@value #MAX_ENTRIES} of them of up to {@value #MAX_CACHED_BYTES} bytes
 * each (the least recently used goes first; a longer value is parsed each time): a lookup hashes
 * the header's bytes instead of decoding and parsing them. Not thread-safe: one per formatter,
 * which only its task's thread uses.
 */
final class AttributeTypes {

  static final int MAX_ENTRIES = 256;

  /** Header values longer than this are parsed each time, never kept (the cache stays small). */
  static final int MAX_CACHED_BYTES = 1024;

  /** Cached for a header value that is not a JSON object of strings (compared by identity). */
  private static final Map<String, String> UNREADABLE =
      Collections.unmodifiableMap(new LinkedHashMap<>());

  private final JsonFactory json;
  private final Map<Object, Map<String, String>> parsed =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Object, Map<String, String>> eldest) {
          return size() > MAX_ENTRIES;
        }
      };

  AttributeTypes(JsonFactory json) {
    this.json = json;
  }

  /** The types {@code header} holds, or null when it holds none readable (or is null). */
  Map<String, String> of(Header header) {
    if (header == null || header.value() == null) {
      return null;
    }
    Object v = header.value();
    Object key =
        v instanceof byte[] b
            ? new Bytes(b)
            : v instanceof ByteBuffer buffer ? new Bytes(bytesOf(buffer)) : v.toString();
    if (length(key) > MAX_CACHED_BYTES) {
      Map<String, String> types = parse(key);
      return types == UNREADABLE ? null : types;
    }
    Map<String, String> types = parsed.get(key);
    if (types == null) {
      types = parse(key);
      // The key keeps its own copy: the record's array is not ours to hold.
      parsed.put(key instanceof Bytes b ? new Bytes(b.bytes.clone()) : key, types);
    }
    return types == UNREADABLE ? null : types;
  }

  int size() {
    return parsed.size();
  }

  private static int length(Object key) {
    return key instanceof Bytes b ? b.bytes.length : ((String) key).length();
  }

  private Map<String, String> parse(Object key) {
    String text = key instanceof Bytes b ? Utf8.decode(b.bytes) : (String) key;
    if (text == null) {
      return UNREADABLE;
    }
    Map<String, String> types = new LinkedHashMap<>();
    try (JsonParser p = json.createParser(text)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return UNREADABLE;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        if (p.nextToken() != JsonToken.VALUE_STRING) {
          return UNREADABLE;
        }
        types.put(name, p.getText());
      }
      return p.currentToken() == JsonToken.END_OBJECT
          ? Collections.unmodifiableMap(types)
          : UNREADABLE;
    } catch (IOException notTypes) {
      return UNREADABLE;
    }
  }

  static byte[] bytesOf(ByteBuffer buffer) {
    ByteBuffer copy = buffer.duplicate();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return bytes;
  }

  /** A header value's bytes as a map key, compared by content. */
  private record Bytes(byte[] bytes) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Bytes other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return bytes.length + " bytes";
    }
  }
}
