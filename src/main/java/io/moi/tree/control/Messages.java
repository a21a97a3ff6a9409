package io.moi.tree.control;

import jakarta.json.spi.JsonProvider;

/** Pub/sub messages: an object whose keys are actions and whose values are arrays of IDs. */
final class Messages {

  private static final JsonProvider JSON = JsonProvider.provider();

  private Messages() {}

  static String of(String action, String... ids) {
    var array = JSON.createArrayBuilder();
    for (String id : ids) {
      array.add(id);
    }
    return JSON.createObjectBuilder().add(action, array).build().toString();
  }
}
