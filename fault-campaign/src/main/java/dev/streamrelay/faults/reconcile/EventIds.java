package dev.streamrelay.faults.reconcile;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Event ids of the campaign: {@code fc.<run>.<scenario>.<seq>}. Plain ASCII, so an id can be found
 * in a delivered line whatever else it holds: a JSON event, invalid JSON, non-ASCII text, or a
 * message attribute next to a base64 body.
 */
public final class EventIds {

  private static final Pattern ID = Pattern.compile("fc\\.([0-9a-z]+)\\.([0-9a-z-]+)\\.([0-9]+)");
  private static final Pattern NAME = Pattern.compile("[0-9a-z-]+");

  private EventIds() {}

  public static String of(String run, String scenario, int seq) {
    if (!NAME.matcher(run).matches() || !NAME.matcher(scenario).matches()) {
      throw new IllegalArgumentException(
          "run and scenario must be lower-case letters, digits, '-'");
    }
    return "fc." + run + "." + scenario + "." + seq;
  }

  /** The prefix shared by every id of one scenario in one run. */
  public static String prefix(String run, String scenario) {
    return "fc." + run + "." + scenario + ".";
  }

  /** Every distinct id in {@code text}, in order of appearance. */
  public static Set<String> find(String text) {
    Set<String> ids = new LinkedHashSet<>();
    Matcher m = ID.matcher(text);
    while (m.find()) {
      ids.add(m.group());
    }
    return ids;
  }
}
